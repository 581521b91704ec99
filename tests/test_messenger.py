# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who may talk to whom: our users, the portal users of a connected supplier A
and of a connected customer C, and of an unconnected company X; through the RPC
methods Discuss uses (channel_get, create_group, add_members, message_post)."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import (
    MessengerCommon,
    activate_translations,
    assert_query_count_flat,
    count_queries,
    create_portal_user,
    post_comment,
    template_preview,
)


@tagged("post_install", "-at_install")
class TestMessenger(MessengerCommon):
    def test_allowed_pairs(self):
        self.assertTrue(self._chat(self.buyer, self.colleague))
        self.assertTrue(self._chat(self.buyer, self.a1))
        self.assertTrue(self._chat(self.buyer, self.c1))
        group = (
            self.env["discuss.channel"]
            .with_user(self.buyer)
            .create_group([self.buyer.partner_id.id, self.a1.partner_id.id])
        )
        group.with_user(self.buyer).add_members(partner_ids=self.a2.partner_id.ids)
        chat = self._chat(self.buyer, self.a1)
        message = post_comment(chat, "Hello from A", user=self.a1, sudo=True)
        self.assertTrue(message)

    def test_refused_pairs(self):
        with self.assertRaises(AccessError):
            self._chat(self.buyer, self.x1)  # not connected
        with self.assertRaises(AccessError):
            (
                self.env["discuss.channel"]
                .with_user(self.buyer)
                .create_group([self.a1.partner_id.id, self.c1.partner_id.id])
            )  # two competing partner companies in one group
        group = (
            self.env["discuss.channel"]
            .with_user(self.buyer)
            .create_group([self.a1.partner_id.id])
        )
        with self.assertRaises(AccessError):
            group.with_user(self.buyer).add_members(partner_ids=self.c1.partner_id.ids)
        with self.assertRaises(AccessError):
            group.with_user(self.buyer).add_members(partner_ids=self.x1.partner_id.ids)
        # portal users cannot open chats by RPC at all (no create right), and
        # even as superuser a chat between two partner companies is refused
        with self.assertRaises(AccessError):
            self._chat(self.a1, self.buyer)
        with self.assertRaises(AccessError):
            self.env["discuss.channel"].with_user(self.a1).sudo().channel_get(
                [self.c1.partner_id.id]
            )

    def test_disconnected_member_cannot_post(self):
        chat = self._chat(self.buyer, self.a1)
        self.supplier.b2b_messenger = "never"
        # A's user left the chat (issue 32): she cannot write into it, and our
        # buyer can neither reach her there nor open a new chat with her
        self.assertNotIn(self.a1.partner_id, chat.sudo().channel_member_ids.partner_id)
        with self.assertRaises(AccessError):
            chat.with_user(self.a1).sudo().message_post(
                body="Still there?", message_type="comment"
            )
        with self.assertRaises(AccessError):
            self._chat(self.buyer, self.a1)
        chat.with_user(self.buyer).message_post(body="Hi", message_type="comment")
        self.assertEqual(
            chat.sudo().channel_member_ids.partner_id, self.buyer.partner_id
        )

    def test_automatic_connection(self):
        partner = self.env["res.partner"].create(
            {"name": "Msg Auto Y", "is_company": True}
        )
        y1 = create_portal_user(self.env, "msg_y1", parent=partner)
        book = self.env["b2b.address.book"]
        self.assertFalse(book.search([("user_id", "=", y1.id)]))
        order = self.env["purchase.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.env["product.product"]
                            .create({"name": "Msg bolt"})
                            .id,
                            "product_qty": 1,
                            "price_unit": 1,
                        },
                    )
                ],
            }
        )
        self.assertFalse(book.search([("user_id", "=", y1.id)]), "an RFQ is not enough")
        order.button_confirm()
        self.env.flush_all()
        self.assertTrue(book.search([("user_id", "=", y1.id)]))
        partner.b2b_messenger = "never"
        self.env.flush_all()
        self.assertFalse(book.search([("user_id", "=", y1.id)]))

    def test_address_book_content(self):
        rows = self.env["b2b.address.book"].with_user(self.buyer).search([])
        users = rows.user_id
        self.assertIn(self.colleague, users)
        self.assertIn(self.a1, users)
        self.assertIn(self.c1, users)
        self.assertNotIn(self.x1, users)
        row = rows.filtered(lambda r: r.user_id == self.a1)
        self.assertEqual(
            (row.company_name, row.email, row.is_internal),
            ("Msg Supplier A", "msg_a1@example.com", False),
        )
        # portal users have no access to the model (their page is a controller)
        with self.assertRaises(AccessError):
            self.env["b2b.address.book"].with_user(self.a1).search([])
        # a new user appears without any step
        a3 = create_portal_user(self.env, "msg_a3", parent=self.supplier)
        self.env.flush_all()
        self.assertTrue(self.env["b2b.address.book"].search([("user_id", "=", a3.id)]))
        a3.active = False
        self.env.flush_all()
        self.assertFalse(self.env["b2b.address.book"].search([("user_id", "=", a3.id)]))

    def test_portal_address_book(self):
        """What each portal user sees: own colleagues, our users; never the
        other partner company."""
        Book = self.env["b2b.address.book"]
        seen_by_a = Book._b2b_portal_entries(self.a1).user_id
        self.assertIn(self.a2, seen_by_a)
        self.assertIn(self.buyer, seen_by_a)
        self.assertNotIn(self.c1, seen_by_a)
        self.assertNotIn(self.a1, seen_by_a, "not oneself")
        seen_by_c = Book._b2b_portal_entries(self.c1).user_id
        self.assertIn(self.buyer, seen_by_c)
        self.assertNotIn(self.a2, seen_by_c)
        seen_by_x = Book._b2b_portal_entries(self.x1).user_id
        self.assertFalse(seen_by_x & (self.buyer | self.a1), "unconnected: nobody")

    def test_people_search(self):
        result = (
            self.env["res.partner"].with_user(self.buyer).im_search("msg_", limit=20)
        )
        ids = {p["id"] for p in result.get("res.partner", [])}
        self.assertIn(self.a1.partner_id.id, ids)
        self.assertIn(self.colleague.partner_id.id, ids)
        self.assertNotIn(self.x1.partner_id.id, ids)

    def test_contact_responsible(self):
        thread = self.env["b2b.thread"].create(
            {"subject": "Msg thread", "partner_id": self.supplier.id}
        )
        task = self.env["b2b.task"].create(
            {"name": "Msg task", "thread_id": thread.id, "partner_id": self.supplier.id}
        )
        self.supplier.b2b_reminder_contact_id = self.a2.partner_id
        action = task.with_user(self.buyer).action_b2b_contact_responsible()
        channel = self.env["discuss.channel"].browse(
            int(action["params"]["active_id"].split("_")[-1])
        )
        self.assertEqual(
            channel.channel_member_ids.partner_id,
            self.buyer.partner_id | self.a2.partner_id,
        )


@tagged("post_install", "-at_install")
class TestUnreadEmail(MessengerCommon):
    """Chat messages unread for longer than the delay are emailed once."""

    def _mails_to(self, user):
        return self.env["mail.mail"].search(
            [("email_to", "ilike", user.email), ("headers", "ilike", "X-B2B-Unread")]
        )

    def _run_cron(self):
        return self.env["discuss.channel.member"]._cron_b2b_email_unread()

    def _unread_then_cron(self, user, body, minutes=61):
        """The buyer writes ``body`` to ``user``, who leaves it unread; the cron
        runs ``minutes`` later. The chat."""
        start = fields.Datetime.now()
        with freeze_time(start):
            chat = self._chat(self.buyer, user)
            post_comment(chat, body, user=self.buyer)
        with freeze_time(start + timedelta(minutes=minutes)):
            self._run_cron()
        return chat

    def test_unread_email_timing_and_once(self):
        start = fields.Datetime.now()
        with freeze_time(start):
            chat = self._chat(self.buyer, self.a1)
            post_comment(chat, "Can you ship on Friday?", user=self.buyer)
        with freeze_time(start + timedelta(minutes=59)):
            self._run_cron()
            self.assertFalse(self._mails_to(self.a1), "not yet at 59 minutes")
        with freeze_time(start + timedelta(minutes=61)):
            self._run_cron()
            mails = self._mails_to(self.a1)
            self.assertEqual(len(mails), 1)
            self.assertIn("Can you ship on Friday?", mails.body_html)
            self.assertIn(f"/my/b2b/messages?channel_id={chat.id}", mails.body_html)
            self.assertFalse(self._mails_to(self.buyer), "own message: no email")
            self._run_cron()
            self.assertEqual(len(self._mails_to(self.a1)), 1, "never twice")

    def test_no_email_when_read_in_time_and_internal_recipient(self):
        start = fields.Datetime.now()
        with freeze_time(start):
            chat = self._chat(self.buyer, self.a1)
            message = post_comment(chat, "Price list attached", user=self.a1, sudo=True)
            chat_c = self._chat(self.buyer, self.c1)
            post_comment(chat_c, "Invoice question", user=self.c1, sudo=True)
        with freeze_time(start + timedelta(minutes=30)):
            # the buyer reads the chat with A in time
            self.env["discuss.channel.member"].search(
                [
                    ("channel_id", "=", chat.id),
                    ("partner_id", "=", self.buyer.partner_id.id),
                ]
            )._mark_as_read(message.id)
        with freeze_time(start + timedelta(minutes=61)):
            self._run_cron()
        mails = self._mails_to(self.buyer)
        self.assertEqual(len(mails), 1, "one email per recipient and run")
        self.assertIn("Invoice question", mails.body_html)
        self.assertNotIn("Price list attached", mails.body_html)
        self.assertIn(
            f"/odoo/discuss?active_id=discuss.channel_{chat_c.id}", mails.body_html
        )

    def test_email_is_an_editable_template_in_the_company_layout(self):
        self.env.ref("b2b_communication.mail_template_b2b_unread_chat").body_html = (
            '<p>Psst <t t-out="object.name"/>:'
            '<t t-foreach="object._b2b_unread_chat_conversations()" t-as="c">'
            " <a t-att-href=\"c['url']\" t-out=\"len(c['messages'])\"/>"
            " new</t></p>"
        )
        chat = self._unread_then_cron(self.a1, "Hello")
        mail = self._mails_to(self.a1)
        self.assertIn(f"Psst {self.a1.name}:", mail.body_html)
        self.assertFalse(mail.model, "private chats never show in a partner's chatter")
        self.assertIn(f"/my/b2b/messages?channel_id={chat.id}", mail.body_html)
        self.assertIn(self.env.company.name, mail.body_html)
        self.assertIn("Powered by", mail.body_html)

    def test_template_preview_shows_what_is_unread_now(self):
        chat = self._chat(self.buyer, self.a1)
        post_comment(chat, "Preview me", user=self.buyer)
        preview = template_preview(
            self.env,
            "b2b_communication.mail_template_b2b_unread_chat",
            self.a1.partner_id,
        )
        self.assertIn("Preview me", preview.body_html)
        self.assertIn(f"/my/b2b/messages?channel_id={chat.id}", preview.body_html)

    def test_recipient_language(self):
        # the email is a mail template: its translations are data of the module
        activate_translations(self.env, "de_DE")
        self.a2.lang = "de_DE"
        self._unread_then_cron(self.a2, "Bitte")
        mail = self._mails_to(self.a2)
        self.assertIn("ungelesene", mail.subject)
        self.assertIn("Diese Nachrichten warten auf Ihre Antwort", mail.body_html)

    def test_delay_setting(self):
        self.env["ir.config_parameter"].set_param(
            "b2b_communication.unread_chat_delay", 5
        )
        self._unread_then_cron(self.c1, "Quick one", minutes=6)
        self.assertTrue(self._mails_to(self.c1))

    def _seed_unread(self, size, tag):
        """``size`` portal recipients, each with 3 unread messages of the buyer
        in a group conversation; returns when the messages were written."""
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"{tag} {i}",
                    "parent_id": self.supplier.id,
                    "email": f"{tag}_{i}@example.com",
                }
                for i in range(size)
            ]
        )
        self.env["res.users"].with_context(no_reset_password=True).create(
            [
                {
                    "login": f"{tag}_{i}",
                    "partner_id": partner.id,
                    "groups_id": [(6, 0, self.env.ref("base.group_portal").ids)],
                }
                for i, partner in enumerate(partners)
            ]
        )
        channels = self.env["discuss.channel"].create(
            [
                {
                    "name": f"Q {partner.name}",
                    "channel_type": "group",
                    "channel_member_ids": [
                        (0, 0, {"partner_id": self.buyer.partner_id.id}),
                        (0, 0, {"partner_id": partner.id}),
                    ],
                }
                for partner in partners
            ]
        )
        start = fields.Datetime.now()
        with freeze_time(start):
            self.env["mail.message"].create(
                [
                    {
                        "model": "discuss.channel",
                        "res_id": channel.id,
                        "message_type": "comment",
                        "author_id": self.buyer.partner_id.id,
                        "body": f"Unread {n}",
                    }
                    for channel in channels
                    for n in range(3)
                ]
            )
        return start

    def _queries_of_one_call(self, size, tag, **kwargs):
        """The queries of one call of the cron over ``size`` recipients due."""
        start = self._seed_unread(size, f"{tag}{size}")
        with freeze_time(start + timedelta(minutes=61)):
            self.env.flush_all()
            self.env.invalidate_all()

            def call():
                sent = self.env["discuss.channel.member"]._cron_b2b_email_unread(
                    **kwargs
                )
                self.env.flush_all()
                return sent

            queries, sent = count_queries(self.env.cr, call)
        self.assertEqual(sent, min(size, kwargs.get("chunk_size", size)))
        return queries

    def test_query_count_per_chunk_is_constant(self):
        """Emailing 5 or 40 recipients in one chunk costs the same queries."""
        assert_query_count_flat(
            self,
            lambda size: self._queries_of_one_call(size, "q"),
            (5, 40),
            at_most=True,
        )

    def test_query_count_per_chunk_independent_of_due_recipients(self):
        """A chunk of 5 costs the same queries whether 5 or 60 recipients are
        due: the database selects the chunk."""
        # the first round warms caches up (template compilation...)
        assert_query_count_flat(
            self,
            lambda size: self._queries_of_one_call(size, "d", chunk_size=5),
            (5, 60),
            warm_up=(2,),
        )
