# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _get_forbidden_access(self, operation):
        """What anyone but our users may not do with the messages of a shared
        record (thread, task, communication, contact request), besides Odoo's
        own checks:

        - read (or anything else) a message Odoo's own search hides from them
          (``_get_search_domain_share``: a public subtype, not internal), also
          when asking by id. Odoo's check by id hides internal *comments* only:
          an email kept on the record without a subtype, such as the contact
          request's email with the link signed for its recipient, would be
          readable by every portal user of the partner company;
        - write a message of someone else: Odoo lets whoever received a message
          write it, so a portal follower could rewrite the body of our message
          by RPC (editing one's own message, reactions and stars stay as Odoo
          does them)."""
        forbidden = super()._get_forbidden_access(operation)
        if self.env.su or self.env.user._is_internal():
            return forbidden
        share_mixin = self.env.registry["b2b.partner.share.mixin"]
        author = self.env.user.partner_id

        def is_forbidden(message):
            if not (
                message.model
                and message.model in self.env
                and isinstance(self.env[message.model], share_mixin)
            ):
                return False
            hidden = (
                message.is_internal
                or not message.subtype_id
                or message.subtype_id.internal
            )
            return hidden or (operation == "write" and message.author_id != author)

        # sudo: reads where the messages are, their subtype and author, nothing else
        return forbidden | self.browse(
            (self - forbidden).sudo().filtered(is_forbidden).ids
        )

    def _message_reaction(self, content, action, partner, guest, store=None):
        # a reaction is shown to the other members like a short answer
        if action == "add" and self.model == "discuss.channel":
            self.env["discuss.channel"].browse(self.res_id)._b2b_check_author_may_post(
                partner.id
            )
        return super()._message_reaction(content, action, partner, guest, store)

    def _portal_message_format_attachments(self, attachment_values):
        """Users who read a thread or task by their own rights get its files
        without Odoo's per-file token: a file link copied from the portal opens
        for nobody else (they download by their rights, see ir.attachment)."""
        values = super()._portal_message_format_attachments(attachment_values)
        if self._b2b_readable_by_rights(values.get("res_model"), values.get("res_id")):
            values["access_token"] = False
        return values

    def _b2b_readable_by_rights(self, model, res_id):
        """Whether the user (no public visitor) reads the shared record
        ``model``/``res_id`` by their own rights (record rules)."""
        if (
            self.env.user._is_public()
            or not res_id
            or model not in self.env
            or not isinstance(
                self.env[model], self.env.registry["b2b.partner.share.mixin"]
            )
        ):
            return False
        # the user's own rights, not the sudo of formatting
        return self.env[model].sudo(False).browse(res_id).has_access("read")
