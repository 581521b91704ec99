# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..porting import or_domains


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "b2b.mentioned.mixin"]

    def _b2b_variants(self):
        return self.with_context(active_test=False).product_variant_ids

    def _b2b_mentioned_domain(self):
        # descriptions mention variants ('#' offers product.product)
        return or_domains(
            [
                super()._b2b_mentioned_domain(),
                [
                    ("mentioned_model", "=", "product.product"),
                    ("mentioned_id", "in", self._b2b_variants().ids),
                ],
            ]
        )

    def _b2b_mentioned_owners(self):
        return {
            ("product.product", variant.id): variant.product_tmpl_id.id
            for variant in self._b2b_variants()
        }
