# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.model_create_multi
    def create(self, vals_list):
        """Emails of this module's crons that belong to no record (digests, unread
        chats) keep their body on the email only: ``send_mail_batch`` copies the
        whole layout into the message too, where nobody reads it and sanitizing
        it costs more than rendering it."""
        if self.env.context.get("b2b_mail_without_message_body"):
            for vals in vals_list:
                if not vals.get("model"):
                    vals.pop("body", None)
        return super().create(vals_list)
