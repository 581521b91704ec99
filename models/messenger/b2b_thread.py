# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class B2bThread(models.Model):
    """A partner company connected automatically by a thread shared with it
    (Messenger: Automatic) loses the connection when the last one is
    un-shared, goes to another partner or is deleted: its people leave our
    chats."""

    _inherit = "b2b.thread"

    def write(self, vals):
        losing = "partner_id" in vals or ("is_shared" in vals and not vals["is_shared"])
        companies = self.commercial_partner_id if losing else None
        res = super().write(vals)
        if companies:
            companies._b2b_messenger_check_members()
        return res

    def unlink(self):
        companies = self.commercial_partner_id
        res = super().unlink()
        companies._b2b_messenger_check_members()
        return res
