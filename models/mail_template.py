# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import itertools
import json

from odoo import models
from odoo.tools import SQL

EMAIL_LAYOUT = "mail.mail_notification_light"
_batch_ids = itertools.count(1)


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _b2b_send_mail_batch(self, res_ids, mail_headers=None, keep_in_chatter=True):
        """Queue the emails of this template for ``res_ids`` in the company's
        light notification layout (logo, name, footer), rendered in batch.

        ``mail_headers`` gives each email its own extra headers
        (``send_mail_batch``'s ``email_values`` are shared by every email): a
        function of the batch's records returning ``{res_id: {name: value}}``,
        called within the batch so that what the headers share with the body
        (a signed link, the base URL) is computed once.
        Without ``keep_in_chatter`` the email is not linked to the record, so it
        does not show in the record's chatter (a digest or a summary of private
        chats is no message of the partner).
        """
        self.ensure_one()
        # what every email of the batch shares is computed once, kept for the
        # batch only (see mail.render.mixin._b2b_render_batch_memo)
        batch = f"b2b-batch-{next(_batch_ids)}"
        memos = self.env.cr.cache.setdefault("b2b_render_batch", {})
        memos[batch] = {"layout": EMAIL_LAYOUT}
        try:
            headers = {}
            if mail_headers:
                records = self.env[self.model].with_context(b2b_render_batch=batch)
                headers = mail_headers(records.browse(res_ids))
            return self.with_context(
                b2b_mail_headers=headers,
                b2b_render_batch=batch,
                b2b_mail_without_message_body=not keep_in_chatter,
            ).send_mail_batch(
                res_ids,
                email_values=None
                if keep_in_chatter
                else {"model": False, "res_id": False},
                email_layout_xmlid=EMAIL_LAYOUT,
            )
        finally:
            memos.pop(batch, None)

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

    def _b2b_replace_in_body(self, replacements, field_name="body_html"):
        """Replace texts in the body (or another translated field) of this
        template, in every language, where it still holds all of them (once
        each) and none of the new ones: used by upgrades to change what this
        module shipped without touching a text an administrator rewrote, and
        without changing it twice. Returns the languages changed."""
        self.ensure_one()
        self.flush_recordset([field_name])
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM mail_template WHERE id = %s",
                SQL.identifier(field_name),
                self.id,
            )
        )
        bodies = self.env.cr.fetchone()[0] or {}
        changed = []
        for lang, body in bodies.items():
            if (
                not body
                or any(body.count(old) != 1 for old, _new in replacements)
                # already changed (an upgrade run again)
                or any(new in body and new not in old for old, new in replacements)
            ):
                continue
            for old, new in replacements:
                body = body.replace(old, new)
            bodies[lang] = body
            changed.append(lang)
        if changed:
            self.env.cr.execute(
                SQL(
                    "UPDATE mail_template SET %s = %s::jsonb WHERE id = %s",
                    SQL.identifier(field_name),
                    json.dumps(bodies),
                    self.id,
                )
            )
            self.invalidate_recordset([field_name])
        return changed
