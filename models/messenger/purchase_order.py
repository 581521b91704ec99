# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PurchaseOrder(models.Model):
    """A partner company connected automatically by its confirmed purchase
    orders (Messenger: Automatic) loses the connection when the last one is
    cancelled or goes to another partner: its people leave our chats."""

    _inherit = "purchase.order"

    def write(self, vals):
        losing = "partner_id" in vals or vals.get("state", "purchase") not in (
            "purchase",
            "done",
        )
        companies = self.partner_id.commercial_partner_id if losing else None
        res = super().write(vals)
        if companies:
            companies._b2b_messenger_check_members()
        return res
