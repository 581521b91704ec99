# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The unread-chat email of ``b2b.mail.batch`` is the email Odoo's own
``send_mail_batch`` renders, in the recipient's language, and lists the newest
messages of each conversation."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import MessengerCommon
from .mail_batch_common import UNREAD_CHAT, MailBatchMixin, activate_languages


@tagged("post_install", "-at_install")
class TestMailBatchUnreadChat(MailBatchMixin, MessengerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_languages(cls.env)
        cls.a2.lang = "de_DE"
        cls.c1.lang = "bg_BG"
        cls.template = cls.env.ref(UNREAD_CHAT)

    def _post(self, author, channel, body):
        return (
            channel.with_user(author)
            .sudo()
            .message_post(
                body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        )

    # ------------------------------------------------------------------
    # a. the same emails as Odoo's
    # ------------------------------------------------------------------

    def test_unread_chat_same_as_odoo(self):
        """Portal users in three languages and one of our users (links to
        Discuss); one conversation longer than the email shows."""
        chats = {
            self.a1: self._chat(self.buyer, self.a1),
            self.a2: self._chat(self.buyer, self.a2),
            self.c1: self._chat(self.buyer, self.c1),
        }
        counts = {self.a1: 2, self.a2: 7, self.c1: 2}
        for user, chat in chats.items():
            for number in range(counts[user]):
                self._post(self.buyer, chat, f"To {user.login}: line {number}")
        colleague_chat = self._chat(self.buyer, self.colleague)
        self._post(self.colleague, colleague_chat, "From a colleague to the buyer")
        users = self.a1 | self.a2 | self.c1 | self.buyer
        # what the cron claimed: every message unread now
        self.env.flush_all()
        self.env.cr.execute(
            self.env["discuss.channel.member"]._b2b_unread_sql(
                fields.Datetime.now() + timedelta(minutes=1), users.partner_id.ids
            )
        )
        claimed = tuple(row[1:] for row in self.env.cr.fetchall())
        mails = self._assert_same_as_odoo(
            self.template.with_context(b2b_unread_chat=claimed), users.partner_id.ids
        )
        for user in users - self.buyer:
            body = mails[user.partner_id.id].body_html
            self.assertIn(f"To {user.login}: line {counts[user] - 1}<", body)
            self.assertIn(f"/my/b2b/messages?channel_id={chats[user].id}", body)
            for other in users - user - self.buyer:
                self.assertNotIn(f"To {other.login}", body)
        # in the recipient's language
        self.assertIn(
            "2 frühere ungelesene Nachricht(en) nicht angezeigt",
            mails[self.a2.partner_id.id].body_html,
        )
        self.assertIn("ungelesene", mails[self.a2.partner_id.id].subject)
        self.assertIn("непрочетени", mails[self.c1.partner_id.id].subject)
        body = mails[self.buyer.partner_id.id].body_html
        self.assertIn("From a colleague to the buyer", body)
        self.assertIn(
            f"/odoo/discuss?active_id=discuss.channel_{colleague_chat.id}", body
        )

    # ------------------------------------------------------------------
    # d. the email shows the newest messages of a conversation
    # ------------------------------------------------------------------

    def test_unread_chat_email_lists_the_five_newest(self):
        words = ["one", "two", "three", "four", "five", "six", "seven", "eight"]
        start = fields.Datetime.now()
        with freeze_time(start):
            chat = self._chat(self.buyer, self.a1)
            for word in words:
                self._post(self.buyer, chat, f"Unread number {word}")
        with freeze_time(start + timedelta(minutes=61)):
            self.env["discuss.channel.member"]._cron_b2b_email_unread()
        mail = self.env["mail.mail"].search(
            [("email_to", "ilike", self.a1.email), ("headers", "ilike", "X-B2B-Unread")]
        )
        self.assertEqual(len(mail), 1)
        body = str(mail.body_html)
        for word in words[:3]:
            self.assertNotIn(f"Unread number {word}<", body, "an older message")
        positions = [body.index(f"Unread number {word}<") for word in words[3:]]
        self.assertEqual(positions, sorted(positions), "oldest first")
        self.assertIn("3 earlier unread message(s) not shown", body)
        self.assertTrue(mail.subject.startswith("8 unread message(s)"), mail.subject)
