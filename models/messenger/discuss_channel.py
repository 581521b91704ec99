# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug import urls

from odoo import SUPERUSER_ID, models
from odoo.exceptions import AccessError

PRIVATE_CHANNEL_TYPES = ("chat", "group")
# marks Odoo's own "left the channel" notice (see _action_unfollow): a Python
# object, which no client can put into a context (JSON has no such value)
_B2B_LEAVING = object()


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    def message_post(self, *, message_type="notification", **kwargs):
        # every route ends here (RPC, /mail/message/post, portal page, pins,
        # calls): a member whose company is no longer connected cannot write
        # any more, whatever the kind of message
        self._b2b_check_author_may_post(kwargs.get("author_id"), message_type)
        return super().message_post(message_type=message_type, **kwargs)

    def _action_unfollow(self, partner=None, guest=None):
        # leaving stays possible for whom may no longer write: Odoo posts the
        # "left the channel" notice in the name of the one leaving
        return super(
            DiscussChannel, self.with_context(b2b_leaving=_B2B_LEAVING)
        )._action_unfollow(partner=partner, guest=guest)

    def _message_update_content(
        self, message, body, attachment_ids=None, partner_ids=None, **kwargs
    ):
        # editing an old message writes into the chat again; emptying it (what
        # deleting one's message does) stays possible
        if body or attachment_ids:
            self._b2b_check_author_may_post(message.author_id.id, message.message_type)
        return super()._message_update_content(
            message,
            body,
            attachment_ids=attachment_ids,
            partner_ids=partner_ids,
            **kwargs,
        )

    def _b2b_check_author_may_post(self, author_id=None, message_type="comment"):
        """Raise unless the author of a message in these chats and groups may
        still talk to all their members (the connection rule of the address
        book). Partner users are checked for every kind of message and always
        as themselves too (an ``author_id`` of someone else changes nothing);
        our users for what they write, not for the notices Discuss posts in
        their name (a pin, a call); an email the mail gateway posts (as
        superuser) for its sender, refused when the sender is unknown."""
        chats = self.filtered(lambda c: c.channel_type in PRIVATE_CHANNEL_TYPES)
        if not chats or self.env.context.get("b2b_leaving") is _B2B_LEAVING:
            return
        user = self.env.user
        if self.env.uid == SUPERUSER_ID:
            if message_type != "email":
                return
            if not author_id:
                raise AccessError(
                    self.env._("Only known people can write into a conversation.")
                )
            author = self.env["res.partner"].browse(author_id)
        else:
            if user._is_public() or (message_type != "comment" and not user.share):
                return
            author = (
                self.env["res.partner"].browse(author_id)
                if author_id
                else user.partner_id
            )
            if user.share:
                author |= user.partner_id
        for channel in chats:
            # sudo: reading who the members are to apply the connection rule
            members = channel.sudo().channel_member_ids.partner_id
            self.env["res.partner"]._b2b_check_can_talk(author, members | author)

    def _b2b_action_open(self):
        """Action opening this conversation in Discuss."""
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "mail.action_discuss",
            "params": {"active_id": f"discuss.channel_{self.id}"},
        }

    def _b2b_unread_chat_url(self, portal):
        """Absolute link answering this conversation from an email: portal users
        open their Messages page, our users Discuss."""
        self.ensure_one()
        path = (
            f"/my/b2b/messages?channel_id={self.id}"
            if portal
            else f"/odoo/discuss?active_id=discuss.channel_{self.id}"
        )
        base_url = self.env["b2b.mail.batch"]._base_url(self)
        return urls.url_join(base_url, path)
