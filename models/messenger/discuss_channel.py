# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug import urls

from odoo import SUPERUSER_ID, models
from odoo.exceptions import AccessError, UserError

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

    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        """In chats and groups only the members who stay are notified: not a
        member about to be removed (see ``_b2b_outsiders``), nor anyone named
        in ``partner_ids`` who is not a member (Odoo would email them)."""
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        if self.channel_type not in PRIVATE_CHANNEL_TYPES or not recipients:
            return recipients
        # sudo: reads who the members are to apply the connection rule
        members = self.sudo().channel_member_ids
        staying = (members - members._b2b_outsiders()).partner_id.ids
        return [r for r in recipients if r["id"] in staying]

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

    def _find_or_create_persona_for_channel(
        self, guest_name, timezone, country_code, post_joined_message=True
    ):
        """An invitation link (``/chat/<id>/<uuid>``, known to every member's
        browser, also to one who left) lets nobody from outside into a chat or
        group: a visitor without a session becomes no guest there (refused
        before a guest is created) and a partner user opens only a
        conversation she is still in (a partner user who left, or moved to
        another company, does not get back into one where only our users
        remain). Odoo's route answers 404. Our users keep Odoo's links."""
        user = self.env.user
        if self.channel_type in PRIVATE_CHANNEL_TYPES and (
            user._is_public() or (user.share and not self._b2b_my_membership())
        ):
            raise UserError(self.env._("Only its members open this conversation."))
        return super()._find_or_create_persona_for_channel(
            guest_name,
            timezone,
            country_code,
            post_joined_message=post_joined_message,
        )

    def _b2b_my_membership(self):
        """The current user's membership of this conversation, unless the
        connection rule no longer allows it (about to be removed)."""
        self.ensure_one()
        # sudo: the current user's own membership only
        member = (
            self.env["discuss.channel.member"]
            .sudo()
            .search(
                [
                    ("channel_id", "=", self.id),
                    ("partner_id", "=", self.env.user.partner_id.id),
                ]
            )
        )
        return member - member._b2b_outsiders()

    def _b2b_check_author_may_post(self, author_id=None, message_type="comment"):
        """Raise unless the author of a message in these chats and groups may
        still talk to all the members who stay in them (the connection rule of
        the address book; the members who are to leave, see
        ``discuss.channel.member._b2b_outsiders``, do not silence the others).
        Partner users are checked for every kind of message and always as
        themselves too (an ``author_id`` of someone else changes nothing), and
        may not write once they are to leave; our users for what they write,
        not for the notices Discuss posts in their name (a pin, a call); an
        email the mail gateway posts (as superuser) for its sender, refused
        when the sender is unknown; a guest (the public user) never."""
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
        elif user._is_public():
            # a guest writes as the public user: guests never join chats and
            # groups (one left from an earlier version does not write either)
            raise AccessError(self.env._("Guests cannot write into this conversation."))
        else:
            if message_type != "comment" and not user.share:
                return
            author = (
                self.env["res.partner"].browse(author_id)
                if author_id
                else user.partner_id
            )
            if user.share:
                author |= user.partner_id
        # sudo: reading who the members are to apply the connection rule
        members = chats.sudo().channel_member_ids
        outsiders = members._b2b_outsiders()
        for channel in chats:
            leaving = outsiders.filtered(lambda m, c=channel: m.channel_id == c)
            if author & leaving.partner_id:
                raise AccessError(
                    self.env._(
                        "%(name)s is no longer in this conversation.",
                        name=(author & leaving.partner_id)[:1].name,
                    )
                )
            staying = (members - outsiders).filtered(
                lambda m, c=channel: m.channel_id == c
            )
            self.env["res.partner"]._b2b_check_can_talk(
                author, staying.partner_id | author
            )

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
