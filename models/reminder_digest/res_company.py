# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

REMINDER_FREQUENCIES = [("daily", "Daily"), ("weekly", "Weekly"), ("never", "Never")]


class ResCompany(models.Model):
    _inherit = "res.company"

    b2b_reminder_frequency_default = fields.Selection(
        selection=REMINDER_FREQUENCIES,
        string="Default Reminder Frequency",
        default="weekly",
        required=True,
        help="How often partners receive the digest of their open requests, "
        "unless they chose otherwise.",
    )
