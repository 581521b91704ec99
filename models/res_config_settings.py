# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    b2b_reminder_frequency_default = fields.Selection(
        related="company_id.b2b_reminder_frequency_default", readonly=False
    )

    b2b_unread_chat_delay = fields.Integer(
        string="Unread Chat Email Delay",
        config_parameter="b2b_communication.unread_chat_delay",
        default=60,
        help="Minutes after which a chat message still unread is sent by email.",
    )

    def action_open_b2b_topics(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_topic_action"
        )
