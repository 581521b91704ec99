# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class MrpProduction(models.Model):
    _name = "mrp.production"
    _inherit = ["mrp.production", "b2b.document.mixin"]

    def _b2b_derived_documents(self):
        return super()._b2b_derived_documents() + [self.picking_ids]

    def action_confirm(self):
        res = super().action_confirm()
        self._b2b_sync_derived()
        return res
