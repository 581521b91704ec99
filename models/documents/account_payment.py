# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AccountPayment(models.Model):
    _name = "account.payment"
    _inherit = ["account.payment", "b2b.document.mixin"]

    def _b2b_sync_from_invoices(self):
        """A payment joins the thread of the invoices it pays (when they share one)."""
        for payment in self.filtered(
            lambda p: not p.b2b_thread_id or p.b2b_thread_derived
        ):
            invoices = (
                payment.invoice_ids
                | payment.reconciled_invoice_ids
                | payment.reconciled_bill_ids
            )
            threads = invoices.b2b_thread_id
            if len(threads) == 1:
                payment.with_context(b2b_propagating=True).write(
                    {"b2b_thread_id": threads.id, "b2b_thread_derived": True}
                )
