# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class B2bThread(models.Model):
    _inherit = "b2b.thread"

    document_request_ids = fields.One2many(
        comodel_name="b2b.document.request",
        inverse_name="thread_id",
        string="Document Requests",
        groups="b2b_communication.group_b2b_user",
    )
    document_request_count = fields.Integer(
        compute="_compute_document_request_count",
        groups="b2b_communication.group_b2b_user",
    )

    @api.depends("document_request_ids")
    def _compute_document_request_count(self):
        for thread in self:
            thread.document_request_count = len(thread.document_request_ids)

    def action_view_document_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_document_request_action"
        )
        action["domain"] = [("thread_id", "=", self.id)]
        action["context"] = {
            "default_thread_id": self.id,
            "default_partner_id": self.commercial_partner_id.id,
        }
        return action
