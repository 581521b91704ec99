# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class MrpProduction(models.Model):
    _name = "mrp.production"
    _inherit = ["mrp.production", "b2b.document.mixin"]

    def _b2b_derived_documents(self):
        # components bought to order for this production (MTO + Buy)
        # (before the RFQ is confirmed only its lines point at our component moves)
        purchases = (
            self.env["purchase.order.line"]
            .search([("move_dest_ids", "in", self.move_raw_ids.ids)])
            .order_id
        ) | self.move_raw_ids.move_orig_ids.purchase_line_id.order_id
        return super()._b2b_derived_documents() + [self.picking_ids, purchases]

    def action_confirm(self):
        res = super().action_confirm()
        self._b2b_sync_derived()
        return res
