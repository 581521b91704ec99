# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "b2b.document.mixin"]

    def _b2b_derived_documents(self):
        return super()._b2b_derived_documents() + [
            self.picking_ids,
            self.invoice_ids,
            self.mrp_production_ids,
            self._get_purchase_orders(),
        ]

    def action_confirm(self):
        res = super().action_confirm()
        self._b2b_sync_derived()
        return res

    def _create_invoices(self, grouped=False, final=False, date=None):
        moves = super()._create_invoices(grouped=grouped, final=final, date=date)
        self._b2b_sync_derived()
        return moves
