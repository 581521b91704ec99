# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup, escape

from odoo import models


class B2bMailScreeningMixin(models.AbstractModel):
    """Screening of the emails the mail gateway routes to a shared record: one
    from a sender who is neither one of our users nor a contact of the partner
    company becomes an internal note flagged for review."""

    _name = "b2b.mail.screening.mixin"
    _description = "B2B: screening of emails from unknown senders"
    _inherit = ["b2b.partner.share.mixin"]

    def message_post(self, **kwargs):
        """Screen the emails routed here by the mail gateway (``from_alias``).

        Odoo routes any email answering a known Message-Id to its record and
        posts it as a public comment. One from an address that is neither one of
        our users nor a contact of the partner company (forwarded email, former
        employee, spoofed sender) becomes an internal note flagged for review,
        and its author is not subscribed: the partner company never sees it.
        """
        if (
            self.env.context.get("from_alias")
            and len(self) == 1
            and not self._b2b_is_trusted_email(kwargs)
        ):
            screened = self.with_context(mail_create_nosubscribe=True)
            message = super(B2bMailScreeningMixin, screened).message_post(
                **self._b2b_unknown_sender_post_values(kwargs)
            )
            self._b2b_schedule_sender_review(kwargs)
            return message
        return super().message_post(**kwargs)

    def _b2b_is_trusted_email(self, post_values):
        """Incoming emails that keep their public/internal kind: replies to a note
        (posted internal by Odoo) and emails of our users or of a contact of the
        record's partner company."""
        subtype_id = post_values.get("subtype_id")
        if post_values.get("is_internal") or not subtype_id:
            return True
        # sudo: reads the subtype's flag and the author's company, nothing else
        if self.env["mail.message.subtype"].sudo().browse(subtype_id).internal:
            return True
        author = self.env["res.partner"].sudo().browse(post_values.get("author_id"))
        if author.exists().user_ids.filtered(lambda user: not user.share):
            return True
        return self._b2b_is_partner_contact(author.exists())

    def _b2b_unknown_sender_post_values(self, post_values):
        sender = post_values.get("email_from") or self.env._("unknown address")
        marker = Markup(
            '<p class="o_b2b_unknown_sender"><strong>%s</strong></p>'
        ) % self.env._(
            "Email from an unknown sender (%(sender)s): review before sharing.",
            sender=sender,
        )
        return dict(
            post_values,
            body=marker + escape(post_values.get("body") or ""),
            is_internal=True,
            subtype_id=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
            subtype_xmlid=None,
        )

    def _b2b_schedule_sender_review(self, post_values):
        """A to-do for the record's responsible, so flagged emails are found."""
        responsible = self["user_id"] if "user_id" in self._fields else False
        # sudo: the email gateway posts as the sender, who may not schedule
        # activities; the to-do goes to our own responsible
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Review email from an unknown sender"),
            note=self.env._(
                "%(sender)s answered by email but is neither one of our users nor "
                "a contact of the partner company. The email was kept as an "
                "internal note: share its content only if appropriate.",
                sender=post_values.get("email_from") or "?",
            ),
            user_id=(responsible or self.create_uid).id,
        )
