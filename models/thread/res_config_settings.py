# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    def action_open_b2b_topics(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_topic_action"
        )
