# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    b2b_confirmation_days_late = fields.Integer(
        related="company_id.b2b_confirmation_days_late", readonly=False
    )
    b2b_confirmation_qty_tolerance = fields.Float(
        related="company_id.b2b_confirmation_qty_tolerance", readonly=False
    )
    b2b_confirmation_reminder_days = fields.Integer(
        related="company_id.b2b_confirmation_reminder_days", readonly=False
    )
