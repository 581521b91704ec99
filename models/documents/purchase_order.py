# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "b2b.document.mixin"]

    def _b2b_derived_documents(self):
        return super()._b2b_derived_documents() + [self.picking_ids, self.invoice_ids]

    def button_confirm(self):
        res = super().button_confirm()
        self._b2b_sync_derived()
        return res

    def action_create_invoice(self):
        res = super().action_create_invoice()
        self._b2b_sync_derived()
        return res
