# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    b2b_reminder_frequency_default = fields.Selection(
        related="company_id.b2b_reminder_frequency_default", readonly=False
    )
