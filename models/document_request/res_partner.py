# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResPartner(models.Model):
    """A supplier's compliance: its documents on file against those required
    (smart button), its document requests."""

    _inherit = "res.partner"

    b2b_compliance_required_count = fields.Integer(
        string="Required Documents",
        compute="_compute_b2b_compliance_counts",
        groups="b2b_communication.group_b2b_user",
    )
    b2b_compliance_valid_count = fields.Integer(
        string="Valid Documents",
        compute="_compute_b2b_compliance_counts",
        groups="b2b_communication.group_b2b_user",
    )
    b2b_document_request_count = fields.Integer(
        string="Document Requests",
        compute="_compute_b2b_document_request_count",
        groups="b2b_communication.group_b2b_user",
    )

    def _compute_b2b_compliance_counts(self):
        companies = self.commercial_partner_id
        counts = self.env["b2b.compliance.status"]._b2b_counts(
            "supplier_id", companies.ids
        )
        for partner in self:
            entry = counts[partner.commercial_partner_id.id]
            partner.b2b_compliance_required_count = entry["required"]
            partner.b2b_compliance_valid_count = entry["valid"]

    def _compute_b2b_document_request_count(self):
        counts = dict(
            self.env["b2b.document.request"]._read_group(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("state", "not in", ("done", "cancelled")),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.b2b_document_request_count = counts.get(
                partner.commercial_partner_id, 0
            )

    def action_view_b2b_compliance(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_compliance_status_action"
        )
        action["domain"] = [("supplier_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_group_document_type_id": 1}
        return action

    def action_view_b2b_document_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_document_request_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_b2b_ask_documents(self):
        """The "Ask for documents" wizard, for this supplier's products."""
        self.ensure_one()
        return self.env["b2b.document.request.wizard"]._b2b_action(
            partner_id=self.commercial_partner_id.id
        )
