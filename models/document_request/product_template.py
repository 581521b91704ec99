# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ProductTemplate(models.Model):
    """The documents a product's suppliers must send (its own and its
    category's) and where they stand (smart button)."""

    _inherit = "product.template"

    b2b_document_type_ids = fields.Many2many(
        comodel_name="b2b.document.type",
        relation="b2b_document_type_product_template_rel",
        column1="product_tmpl_id",
        column2="document_type_id",
        string="Required Documents",
        help="Documents every supplier of this product must send, besides those "
        "its category requires: per-product types for this product, per-supplier "
        "types once per supplier.",
    )
    b2b_required_document_type_ids = fields.Many2many(
        comodel_name="b2b.document.type",
        string="All Required Documents",
        compute="_compute_b2b_required_document_type_ids",
        help="The product's own required documents and those of its category "
        "and parent categories.",
    )
    b2b_compliance_required_count = fields.Integer(
        string="Required Supplier Documents",
        compute="_compute_b2b_compliance_counts",
        groups="b2b_communication.group_b2b_user",
    )
    b2b_compliance_valid_count = fields.Integer(
        string="Valid Supplier Documents",
        compute="_compute_b2b_compliance_counts",
        groups="b2b_communication.group_b2b_user",
    )

    @api.depends(
        "b2b_document_type_ids",
        "categ_id.b2b_document_type_ids",
        "categ_id.parent_path",
    )
    def _compute_b2b_required_document_type_ids(self):
        by_category = self.categ_id._b2b_required_document_types()
        for template in self:
            types = template.b2b_document_type_ids | by_category.get(
                template.categ_id, self.env["b2b.document.type"]
            )
            template.b2b_required_document_type_ids = types.filtered("active")

    def _compute_b2b_compliance_counts(self):
        counts = self.env["b2b.compliance.status"]._b2b_counts(
            "product_tmpl_id", self.ids
        )
        for template in self:
            entry = counts[template.id]
            template.b2b_compliance_required_count = entry["required"]
            template.b2b_compliance_valid_count = entry["valid"]

    def action_view_b2b_compliance(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_compliance_status_action"
        )
        action["domain"] = [("product_tmpl_id", "=", self.id)]
        action["context"] = {"search_default_group_supplier_id": 1}
        return action

    def action_b2b_ask_documents(self):
        """The "Ask for documents" wizard for these products."""
        return self.env["b2b.document.request.wizard"]._b2b_action(
            product_tmpl_ids=self.ids
        )
