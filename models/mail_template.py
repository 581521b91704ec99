# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

EMAIL_LAYOUT = "mail.mail_notification_light"


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _b2b_send_mail_batch(
        self, res_ids, headers_by_res_id=None, keep_in_chatter=True
    ):
        """Queue the emails of this template for ``res_ids`` in the company's
        light notification layout (logo, name, footer), rendered in batch.

        ``headers_by_res_id`` gives each email its own extra headers:
        ``send_mail_batch``'s ``email_values`` are shared by every email.
        Without ``keep_in_chatter`` the email is not linked to the record, so it
        does not show in the record's chatter (a digest or a summary of private
        chats is no message of the partner).
        """
        self.ensure_one()
        return self.with_context(
            b2b_mail_headers=headers_by_res_id or {},
            b2b_render_batch=True,
            b2b_mail_without_message_body=not keep_in_chatter,
        ).send_mail_batch(
            res_ids,
            email_values=None if keep_in_chatter else {"model": False, "res_id": False},
            email_layout_xmlid=EMAIL_LAYOUT,
        )

    def _generate_template_static_values(
        self, res_ids, render_fields, render_results=None
    ):
        render_results = super()._generate_template_static_values(
            res_ids, render_fields, render_results=render_results
        )
        headers = self.env.context.get("b2b_mail_headers")
        if headers:
            for res_id in res_ids:
                if headers.get(res_id):
                    render_results[res_id]["headers"] = repr(headers[res_id])
        return render_results
