# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    b2b_document_type_ids = fields.Many2many(
        comodel_name="b2b.document.type",
        relation="b2b_document_type_product_category_rel",
        column1="category_id",
        column2="document_type_id",
        string="Required Documents",
        help="Documents every supplier must send for the products of this "
        "category and its subcategories (per-product types for each product, "
        "per-supplier types once per supplier).",
    )

    def _b2b_required_document_types(self):
        """``{category: document types}``: the category's own types and those of
        its parent categories, for the whole batch in one read."""
        ancestors = self.browse(
            {
                int(ancestor_id)
                for category in self
                for ancestor_id in (category.parent_path or "").split("/")
                if ancestor_id
            }
        )
        ancestors.fetch(["b2b_document_type_ids"])
        Type = self.env["b2b.document.type"]
        result = {}
        for category in self:
            types = Type
            for ancestor_id in (category.parent_path or "").split("/"):
                if ancestor_id:
                    types |= self.browse(int(ancestor_id)).b2b_document_type_ids
            result[category] = types
        return result
