# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A portal user of supplier A after A was cut off from the messenger cannot write
into the old chat with our buyer by any kind of message, edit, reaction, RPC
create or email reply (leaving stays possible); nor can an unknown sender (issue
24, point 8). Over HTTP, as that portal user."""

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import (
    B2bHttpCase,
    create_b2b_user,
    create_company,
    create_portal_user,
    post_comment,
)


@tagged("post_install", "-at_install")
class TestCutOffMessenger(B2bHttpCase):
    """Point 8: a portal user of supplier A after A was cut off from the
    messenger, in its old chat with our buyer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = create_company(cls.env, "Cut Steel", b2b_messenger="always")
        cls.portal_a = create_portal_user(
            cls.env, "cut_portal_a", parent=cls.supplier, name="Cut Portal"
        )
        cls.buyer = create_b2b_user(cls.env, "cut_buyer", name="Cut Buyer")
        Channel = cls.env["discuss.channel"].with_user(cls.buyer)
        cls.chat = Channel.channel_get([cls.portal_a.partner_id.id])
        cls.group = Channel.create_group(
            [cls.buyer.partner_id.id, cls.portal_a.partner_id.id]
        )
        cls.old_message = post_comment(
            cls.chat, "Old message", user=cls.portal_a, sudo=True
        )
        # cut off behind the hooks' back (a plain SQL write): setting the company
        # to "Not connected" in the form removes her from both (see
        # test_messenger_membership); here she is still a member, and the
        # connection rule alone keeps her from writing
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                "UPDATE res_partner SET b2b_messenger = 'never' WHERE id = %s",
                cls.supplier.id,
            )
        )
        cls.env.invalidate_all()

    def _chat_bodies(self, channel=None):
        channel = channel or self.chat
        return "".join(
            str(body)
            for body in self.env["mail.message"]
            .search([("model", "=", "discuss.channel"), ("res_id", "=", channel.id)])
            .mapped("body")
        )

    def _email_reply(self, sender, message_id, text, references=True):
        """The email ``sender`` sends in answer to the old chat message."""
        answered = self.old_message.message_id
        headers = [
            f"From: {sender}",
            "To: catchall@example.com",
            "Subject: Re: our chat",
            f"Message-Id: <{message_id}>",
            f"In-Reply-To: {answered}",
            *([f"References: {answered}"] if references else []),
            "Content-Type: text/plain",
        ]
        return "\r\n".join(headers) + f"\r\n\r\n{text}\r\n"

    def test_cut_off_partner_posts_no_kind_of_message(self):
        self.authenticate("cut_portal_a", "cut_portal_a_pw")
        for message_type in ("comment", "notification", "email", "auto_comment"):
            self._assert_refused(
                self.make_jsonrpc_request,
                "/mail/message/post",
                {
                    "thread_model": "discuss.channel",
                    "thread_id": self.chat.id,
                    "post_data": {
                        "body": f"Posted as {message_type}",
                        "message_type": message_type,
                        "subtype_xmlid": "mail.mt_comment",
                    },
                },
            )
        self.assertNotIn("Posted as", self._chat_bodies())

    def test_cut_off_partner_posts_nothing_by_rpc(self):
        self.authenticate("cut_portal_a", "cut_portal_a_pw")
        for message_type in ("notification", "email"):
            self._assert_refused(
                self._call_kw,
                "discuss.channel",
                "message_post",
                [self.chat.ids],
                {"body": f"RPC as {message_type}", "message_type": message_type},
            )
        self.assertNotIn("RPC as", self._chat_bodies())
        # nor by creating the message itself (Odoo refuses it to portal users)
        self._assert_refused(
            self._call_kw,
            "mail.message",
            "create",
            [
                {
                    "model": "discuss.channel",
                    "res_id": self.chat.id,
                    "body": "Created by RPC",
                    "message_type": "comment",
                }
            ],
        )
        self.assertNotIn("Created by RPC", self._chat_bodies())

    def test_cut_off_partner_edits_and_reacts_no_more(self):
        self.authenticate("cut_portal_a", "cut_portal_a_pw")
        self._assert_refused(
            self.make_jsonrpc_request,
            "/mail/message/update_content",
            {
                "message_id": self.old_message.id,
                "body": "Edited after the cut",
                "attachment_ids": [],
            },
        )
        self.assertNotIn("Edited after the cut", self._chat_bodies())
        self._assert_refused(
            self.make_jsonrpc_request,
            "/mail/message/reaction",
            {"message_id": self.old_message.id, "content": "👍", "action": "add"},
        )
        self.assertFalse(self.old_message.reaction_ids)

    def _assert_email_reply_refused(self, sender, message_id, text):
        """The email reply of ``sender`` to the old chat message is refused and
        nothing of it reaches the chat."""
        raw = self._email_reply(sender, message_id, text)
        with self.assertRaises(AccessError):
            self.env["mail.thread"].message_process(None, raw)
        self.assertNotIn(text, self._chat_bodies())

    def test_cut_off_partner_reply_by_email_not_posted(self):
        self.portal_a.partner_id.email = "cut.portal@example.com"
        self._assert_email_reply_refused(
            "Cut Portal <cut.portal@example.com>",
            "cut-reply-1@example.com",
            "Replied by email after the cut",
        )

    def test_unknown_sender_reply_by_email_not_posted(self):
        self._assert_email_reply_refused(
            "Somebody <somebody@unknown.example.com>",
            "unknown-reply-1@example.com",
            "Unknown sender writes",
        )

    def test_cut_off_partner_may_still_delete_and_leave(self):
        self.authenticate("cut_portal_a", "cut_portal_a_pw")
        # deleting one's own message (emptying it) stays possible
        self.make_jsonrpc_request(
            "/mail/message/update_content",
            {"message_id": self.old_message.id, "body": "", "attachment_ids": []},
        )
        self.assertNotIn("Old message", str(self.old_message.body))
        # and so does leaving the group conversation
        self._call_kw("discuss.channel", "action_unfollow", [self.group.ids])
        self.assertNotIn(
            self.portal_a.partner_id, self.group.channel_member_ids.partner_id
        )

    def test_connected_partner_still_writes(self):
        self.supplier.b2b_messenger = "always"
        self.authenticate("cut_portal_a", "cut_portal_a_pw")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "discuss.channel",
                "thread_id": self.chat.id,
                "post_data": {
                    "body": "Still connected",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        self.make_jsonrpc_request(
            "/mail/message/reaction",
            {"message_id": self.old_message.id, "content": "👍", "action": "add"},
        )
        self.portal_a.partner_id.email = "cut.portal@example.com"
        self.env["mail.thread"].message_process(
            None,
            self._email_reply(
                "Cut Portal <cut.portal@example.com>",
                "connected-reply-1@example.com",
                "Connected reply by email",
                references=False,
            ),
        )
        self.assertIn("Connected reply by email", self._chat_bodies())
        self.assertIn("Still connected", self._chat_bodies())
        self.assertTrue(self.old_message.reaction_ids)
