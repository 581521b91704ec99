# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .discuss_channel_member import DEFAULT_UNREAD_DELAY


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    b2b_unread_chat_delay = fields.Integer(
        string="Unread Chat Email Delay",
        config_parameter="b2b_communication.unread_chat_delay",
        default=DEFAULT_UNREAD_DELAY,
        help="Minutes after which a chat message still unread is sent by email.",
    )
