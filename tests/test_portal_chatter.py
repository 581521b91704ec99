# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The people of test_portal.py (competing suppliers A and B, an internal user of
another company) on the chatter, mail, Discuss and RPC routes and by email: nobody
outside our company gets an internal note, its attachment or the other partner's
messages, whatever route they call."""

import json

from odoo.tests import tagged

from .common import PORTAL_SECRET as SECRET
from .common import B2bPortalAccessCommon


@tagged("post_install", "-at_install")
class TestPortalChatter(B2bPortalAccessCommon):
    # ------------------------------------------------------------------
    # JSON routes: chatter, mail, discuss, RPC
    # ------------------------------------------------------------------

    def test_chatter_routes(self):
        self._login("a1")
        fetched = self._json(
            "/mail/chatter_fetch",
            {"thread_model": "b2b.thread", "thread_id": self.thread_a.id},
        )["result"]
        ids = fetched["messages"]
        self.assertIn(self.public_message.id, ids)
        self.assertNotIn(self.internal_note.id, ids)
        self.assertNotIn(SECRET, json.dumps(fetched))
        # the back-office route hides internal notes from share users as well
        result = self._json(
            "/mail/thread/messages",
            {"thread_model": "b2b.thread", "thread_id": self.thread_a.id},
        )
        self.assertNotIn(SECRET, json.dumps(result))
        # thread data: attachments of internal notes are not listed
        result = self._json(
            "/mail/thread/data",
            {
                "thread_model": "b2b.thread",
                "thread_id": self.thread_a.id,
                "request_list": ["attachments", "followers"],
            },
        )
        self.assertNotIn("margin.txt", json.dumps(result))
        # another partner's thread: nothing
        self._login("b1")
        for url, params in (
            (
                "/mail/chatter_fetch",
                {"thread_model": "b2b.thread", "thread_id": self.thread_a.id},
            ),
            (
                "/mail/thread/messages",
                {"thread_model": "b2b.thread", "thread_id": self.thread_a.id},
            ),
            (
                "/portal/chatter_init",
                {"thread_model": "b2b.thread", "thread_id": self.thread_a.id},
            ),
            (
                "/mail/thread/data",
                {
                    "thread_model": "b2b.thread",
                    "thread_id": self.thread_a.id,
                    "request_list": ["attachments"],
                },
            ),
        ):
            result = self._json(url, params)
            dumped = json.dumps(result)
            for hidden in (SECRET, "Please confirm the delivery date", "margin.txt"):
                self.assertNotIn(hidden, dumped, url)

    def test_message_post_and_fetch_by_json(self):
        # B cannot post on A's thread
        self._login("b1")
        count = self.env["mail.message"].search_count(
            [("model", "=", "b2b.thread"), ("res_id", "=", self.thread_a.id)]
        )
        result = self._json(
            "/mail/message/post",
            {
                "thread_model": "b2b.thread",
                "thread_id": self.thread_a.id,
                "post_data": {"body": "B was here", "message_type": "comment"},
            },
        )
        self.assertIn("error", result)
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("model", "=", "b2b.thread"), ("res_id", "=", self.thread_a.id)]
            ),
            count,
        )
        # A replies: a public message of A's user
        self._login("a1")
        result = self._json(
            "/mail/message/post",
            {
                "thread_model": "b2b.thread",
                "thread_id": self.thread_a.id,
                "post_data": {
                    "body": "Delivery on Monday",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        self.assertNotIn("error", result)
        reply = self.env["mail.message"].search(
            [
                ("model", "=", "b2b.thread"),
                ("res_id", "=", self.thread_a.id),
                ("body", "ilike", "Delivery on Monday"),
            ]
        )
        self.assertEqual(reply.author_id, self.portal_users["a1"].partner_id)
        # A cannot make the internal note public
        result = self._json(
            "/mail/update_is_internal",
            {"message_id": self.internal_note.id, "is_internal": False},
        )
        self.assertIn("error", result)
        self.assertTrue(self.internal_note.subtype_id.internal)
        # RPC on mail.message, tracking values and attachments
        result = self._rpc(
            "mail.message",
            "search_read",
            [[["model", "=", "b2b.thread"], ["res_id", "=", self.thread_a.id]]],
            {"fields": ["body"]},
        )
        self.assertNotIn(SECRET, json.dumps(result))
        self.assertIn("Please confirm the delivery date", json.dumps(result))
        result = self._rpc("mail.message", "read", [[self.internal_note.id], ["body"]])
        self.assertIn("error", result)
        result = self._rpc(
            "mail.tracking.value", "search_read", [[]], {"fields": ["id"]}
        )
        self.assertIn("error", result)
        for method, args in (
            ("read", [[self.secret_attachment.id], ["raw"]]),
            ("search_read", [[["res_model", "=", "b2b.thread"]]]),
        ):
            result = self._rpc("ir.attachment", method, args)
            self.assertNotIn(SECRET, json.dumps(result))
            self.assertNotIn("margin.txt", json.dumps(result))
        response = self.url_open(f"/web/content/{self.secret_attachment.id}")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(SECRET, response.text)

    def test_outsider_internal_user(self):
        """An internal user of another company reads nothing of the thread."""
        self._login("b2b_outsider")
        result = self._rpc("b2b.thread", "read", [[self.thread_a.id], ["subject"]])
        self.assertIn("error", result)
        result = self._json(
            "/mail/thread/messages",
            {"thread_model": "b2b.thread", "thread_id": self.thread_a.id},
        )
        self.assertNotIn(SECRET, json.dumps(result))

    # ------------------------------------------------------------------
    # emails
    # ------------------------------------------------------------------

    def _email_reply(self, sender, message_id, parent_id, subject, text):
        """Our catchall receives ``text`` from ``sender`` in answer to the
        message ``parent_id``; the message it made."""
        raw = (
            f"From: {sender}\r\n"
            "To: catchall@ourcompany.example.com\r\n"
            f"Subject: {subject}\r\n"
            f"Message-ID: {message_id}\r\n"
            f"In-Reply-To: {parent_id}\r\n"
            f"References: {parent_id}\r\n"
            "Content-Type: text/plain\r\n\r\n"
            f"{text}\r\n"
        )
        self.env["mail.thread"].message_process("b2b.thread", raw)
        return self.env["mail.message"].search([("message_id", "=", message_id)])

    def test_internal_note_never_emailed_to_partner(self):
        thread = self.thread_a.with_context(mail_notrack=False, tracking_disable=False)
        partner_a1 = self.portal_users["a1"].partner_id
        thread.message_subscribe(partner_ids=partner_a1.ids)
        with self.mock_mail_gateway():
            # even when the partner is named explicitly on the note
            thread.with_user(self.internal).message_post(
                body=SECRET,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                partner_ids=partner_a1.ids,
            )
        self.assertFalse(
            self._new_mails.filtered(lambda m: partner_a1 in m.recipient_ids),
            "internal note emailed to the partner",
        )
        with self.mock_mail_gateway():
            thread.with_user(self.internal).message_post(
                body="Public update",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertTrue(
            self._new_mails.filtered(lambda m: partner_a1 in m.recipient_ids),
            "a message sent to the partner reaches its followers",
        )

    def test_email_reply_to_internal_note_stays_internal(self):
        partner_a1 = self.portal_users["a1"].partner_id
        note = self.internal_note
        self.env["mail.message"].browse(
            note.id
        ).sudo().message_id = "<note-123@ourcompany>"
        reply = self._email_reply(
            "Portal a1 <a1@suppliers.example.com>",
            "<reply-1@suppliers.example.com>",
            "<note-123@ourcompany>",
            "Re: note",
            "Answer to the note",
        )
        self.assertEqual(reply.res_id, self.thread_a.id)
        self.assertTrue(
            reply.is_internal or reply.subtype_id.internal, "reply stays internal"
        )
        self.assertNotIn(
            reply,
            self.env(user=self.portal_users["a1"])["mail.message"].search(
                [("model", "=", "b2b.thread"), ("res_id", "=", self.thread_a.id)]
            ),
        )
        # an unknown sender gains no access
        self.assertNotIn(partner_a1, self.thread_a.message_partner_ids)

    def test_email_reply_from_partner_lands_public(self):
        """A partner user answering a message by email posts a public reply."""
        partner_a1 = self.portal_users["a1"].partner_id
        public = self.env["mail.message"].browse(self.public_message.id).sudo()
        public.message_id = "<public-1@ourcompany>"
        reply = self._email_reply(
            f"Portal a1 <{partner_a1.email}>",
            "<reply-2@suppliers.example.com>",
            "<public-1@ourcompany>",
            "Re: delivery date",
            "Delivery confirmed for Friday",
        )
        self.assertEqual(reply.res_id, self.thread_a.id)
        self.assertEqual(reply.author_id, partner_a1)
        self.assertFalse(reply.is_internal or reply.subtype_id.internal)
        visible = self.env(user=self.portal_users["a2"])["mail.message"].search(
            [("model", "=", "b2b.thread"), ("res_id", "=", self.thread_a.id)]
        )
        self.assertIn(reply, visible, "the partner's colleagues see the reply")
