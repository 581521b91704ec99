# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The second review of the rights model (issue 32), points 1, 5, 6 and 7, as
the actors named, over HTTP/JSON-RPC where the attack is HTTP:

1. a portal user cannot write or read the unread-chat bookkeeping of her own
   membership (and so learns no record's name through it);
5. no stored copy of an email with a link signed for one person is readable by
   the partner's portal users (contact request, digest, notifications);
6. *Preview as partner* shows only what both the portal user and the previewing
   user may read;
7. a person of contact whose portal access was revoked receives no digest and
   no contact request, and her email replies are screened as an unknown sender's.

Points 2 and 4 (chats and groups) are in test_messenger_membership.py.
"""

import ast
import json
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.mail.tests.common import MailCase

from .common import (
    B2bHttpCase,
    B2bPortalCommon,
    create_b2b_user,
    create_company,
    create_contact,
    create_partner_user,
    create_portal_user,
    create_shared_thread,
    create_task,
    mention_link,
    post_comment,
    send_contact_request,
)

INTERNAL_SUBJECT = "Replace A by B next year"
MARKER = "review before sharing"


@tagged("post_install", "-at_install")
class TestUnreadBookkeepingHidden(B2bHttpCase):
    """1. The unread-chat email's bookkeeping on a member (the last message
    emailed, when) is the scheduled action's alone: a portal user neither
    writes it (pointing it at any message) nor reads it back (the message's
    name, computed as superuser)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        supplier = create_company(cls.env, "Unread Steel", b2b_messenger="always")
        cls.portal = create_partner_user(cls.env, supplier, "Una Portal", "unread_una")
        cls.buyer = create_b2b_user(cls.env, "unread_buyer")
        chat = (
            cls.env["discuss.channel"]
            .with_user(cls.buyer)
            .channel_get([cls.portal.partner_id.id])
        )
        cls.member = chat.sudo().channel_member_ids.filtered(
            lambda m: m.partner_id == cls.portal.partner_id
        )
        internal_thread = cls.env["b2b.thread"].create(
            {"subject": INTERNAL_SUBJECT, "partner_id": supplier.id}
        )
        cls.secret = internal_thread.message_post(
            body="Internal", subtype_xmlid="mail.mt_note"
        )

    def test_portal_user_cannot_write_the_bookkeeping(self):
        self._login("unread_una")
        for values in (
            {"b2b_unread_notified_message_id": self.secret.id},
            {"b2b_unread_notified_date": "2026-01-01 00:00:00"},
        ):
            result = self._rpc(
                "discuss.channel.member", "write", [self.member.ids, values]
            )
            self.assertIn("AccessError", json.dumps(result.get("error")), values)
        self.member.invalidate_recordset()
        self.assertFalse(self.member.b2b_unread_notified_message_id)
        self.assertFalse(self.member.b2b_unread_notified_date)

    def test_portal_user_cannot_read_the_bookkeeping(self):
        # as if the scheduled action had emailed that message (it only ever
        # records a message of the chat; any id shows what a read would give)
        self.member.sudo().b2b_unread_notified_message_id = self.secret
        self._login("unread_una")
        field = "b2b_unread_notified_message_id"
        answers = [
            self._rpc("discuss.channel.member", "read", [self.member.ids, [field]]),
            self._rpc("discuss.channel.member", "read", [self.member.ids]),
            self._rpc(
                "discuss.channel.member",
                "web_read",
                [self.member.ids],
                {"specification": {field: {"fields": {"display_name": {}}}}},
            ),
            self._rpc(
                "discuss.channel.member", "search_read", [[("is_self", "=", True)]]
            ),
            self._rpc(
                "discuss.channel.member",
                "search_read",
                [[(field, "=", self.secret.id)], ["id"]],
            ),
            self._rpc(
                "discuss.channel.member",
                "read_group",
                [[("is_self", "=", True)], [field], [field]],
            ),
            self._rpc(
                "discuss.channel.member",
                "web_search_read",
                [[("is_self", "=", True)]],
                {"specification": {field: {"fields": {"display_name": {}}}}},
            ),
        ]
        for answer in answers:
            self.assertNotIn(INTERNAL_SUBJECT, json.dumps(answer))
            self.assertNotIn(f'"{field}"', json.dumps(answer.get("result")))
        # searching on it is refused too (no oracle on message ids)
        self.assertIn("error", answers[4])


@tagged("post_install", "-at_install")
class TestSignedLinksStoredForNobody(B2bPortalCommon, MailCase):
    """5. Every email carrying a link signed for A's person of contact (the
    contact request, the digest, a notification with a per-recipient button):
    A's portal user reads no stored copy of it by any route; our users keep
    the contact request's email in its chatter."""

    portal_user_keys = ("a1",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier_a.write(
            {
                "b2b_reminder_contact_id": cls.contact_a.id,
                "b2b_reminder_frequency": "daily",
                "tz": "UTC",
            }
        )
        cls.thread = create_shared_thread(cls.env, cls.supplier_a, "Signed links")
        cls.task = create_task(cls.env, cls.thread, "Send the drawing", cls.supplier_a)
        cls.task.message_subscribe(partner_ids=cls.contact_a.ids)

    def _signed_markers(self):
        return ("hash=", f"pid={self.contact_a.id}")

    def test_no_stored_copy_readable_by_the_partner(self):
        first = self.env["mail.message"].sudo().search([], order="id desc", limit=1).id
        request = send_contact_request(
            self.env, self.supplier_a, "Quality Manager", user=self.internal
        )
        self.env["b2b.reminder.log"]._cron_send_reminders()
        with self.mock_mail_gateway():
            post_comment(self.task, "The deadline moves", user=self.internal)
        self.env.flush_all()
        messages = self.env["mail.message"].sudo().search([("id", ">", first)])
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("mail_message_id", "in", messages.ids)])
        )
        # the emails do carry links signed for the person of contact
        signed_bodies = [
            body.replace("&amp;", "&")
            for body in mails.mapped("body_html") + self._new_mails.mapped("body_html")
        ]
        self.assertGreaterEqual(
            sum(
                all(m in body for m in self._signed_markers()) for body in signed_bodies
            ),
            3,
            "contact request, digest and notification",
        )
        self._login("a1")
        answers = []
        for message in messages:
            for method, args, kwargs in (
                ("read", [message.ids, ["body", "record_name", "preview"]], {}),
                ("read", [message.ids], {}),
                ("web_read", [message.ids], {"specification": {"body": {}}}),
            ):
                answers.append(self._rpc("mail.message", method, args, kwargs))
        answers.append(
            self._rpc("mail.message", "search_read", [[("id", "in", messages.ids)]])
        )
        for model, record in (
            ("b2b.contact.request", request),
            ("b2b.task", self.task),
        ):
            params = {"thread_model": model, "thread_id": record.id}
            answers.append(self._json_checked("/mail/thread/messages", params))
            answers.append(self._json_checked("/mail/chatter_fetch", params))
        text = json.dumps(answers).replace("\\u0026", "&").replace("&amp;", "&")
        for marker in self._signed_markers():
            self.assertNotIn(marker, text)
        # the partner still reads what it should: the public message
        self.assertIn("The deadline moves", text)
        # our users keep the sent email in the request's chatter
        self._login("b2b_internal")
        email = messages.filtered(
            lambda m: (
                m.model == "b2b.contact.request"
                and m.res_id == request.id
                and m.message_type == "email_outgoing"
            )
        )
        self.assertEqual(len(email), 1)
        result = self._call_kw("mail.message", "read", [email.ids, ["body"]])
        self.assertIn("Answer the request", result[0]["body"])


@tagged("post_install", "-at_install")
class TestPreviewAsPartnerRights(AccountTestInvoicingCommon, HttpCase):
    """6. *Preview as partner* renders what A's portal user sees, but only what
    the previewing user may read too: a B2B user without sales or invoicing
    rights sees no order or invoice, not even as a mention."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier_a = create_company(cls.env, "Preview Supplier A")
        create_portal_user(
            cls.env,
            "preview_portal_a",
            partner=create_contact(cls.env, cls.supplier_a, "Preview Portal A"),
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )
        cls.thread = create_shared_thread(cls.env, cls.supplier_a, "Preview A")
        product = cls.env["product.product"].create(
            {"name": "Preview plate", "taxes_id": [Command.clear()]}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.supplier_a.id,
                "b2b_thread_id": cls.thread.id,
                "order_line": [
                    Command.create({"product_id": product.id, "price_unit": 42592.56})
                ],
            }
        )
        cls.order.action_confirm()
        cls.invoice = cls.init_invoice(
            "out_invoice", partner=cls.supplier_a, amounts=[77777.0], taxes=[]
        )
        cls.invoice.b2b_thread_id = cls.thread
        cls.invoice.action_post()
        # mentions in what the portal page shows: a shared call and a task
        cls.env["b2b.communication"].create(
            {
                "name": "Call about the order",
                "thread_id": cls.thread.id,
                "is_shared": True,
                "description": f"<p>See {mention_link(cls.order, cls.order.name)}</p>",
            }
        )
        cls.task = create_task(
            cls.env,
            cls.thread,
            "Check the invoice",
            cls.supplier_a,
            description=f"<p>See {mention_link(cls.invoice, cls.invoice.name)}</p>",
        )
        cls.no_sales = create_b2b_user(cls.env, "preview_no_sales")
        cls.seller = create_b2b_user(
            cls.env,
            "preview_seller",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads,"
            "account.group_account_invoice",
        )

    def _preview(self, login, record=None):
        self.authenticate(login, f"{login}_pw")
        path = "tasks" if record else "threads"
        record = record or self.thread
        response = self.url_open(f"/my/b2b/{path}/{record.id}/preview")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_preview_shows_only_what_the_previewer_may_read(self):
        secrets = (self.order.name, "42,592.56", self.invoice.name, "77,777.00")
        # the partner's user sees its order and invoice
        page = self._preview("preview_seller")
        for text in secrets:
            self.assertIn(text, page)
        # our user without sales or invoicing rights sees neither
        self.assertFalse(self.order.with_user(self.no_sales).has_access("read"))
        page = self._preview("preview_no_sales")
        self.assertIn("Preview A", page)
        for text in secrets:
            self.assertNotIn(text, page)
        self.assertIn("Call about the order", page)
        self.assertIn("Check the invoice", page)
        self.assertIn("[internal reference]", page)
        # the task's own preview: its description names no invoice either
        page = self._preview("preview_seller", self.task)
        self.assertIn(self.invoice.name, page)
        page = self._preview("preview_no_sales", self.task)
        self.assertIn("Check the invoice", page)
        self.assertNotIn(self.invoice.name, page)
        self.assertIn("[internal reference]", page)


@tagged("post_install", "-at_install")
class TestRevokedContactReceivesNothing(B2bHttpCase, MailCase):
    """7. Pia, A's person of contact, had a portal account; Odoo's portal
    wizard revoked it (her user is archived). She receives no digest and no
    contact request (they go to A's next eligible contact, Alice), no
    notification and no unread-chat email, and her email reply is kept as an
    unknown sender's internal note."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = create_company(
            cls.env,
            "Revoked Steel",
            email="office@revoked.example.com",
            b2b_reminder_frequency="daily",
            tz="UTC",
            b2b_messenger="always",
        )
        cls.pia, cls.alice = (
            create_portal_user(
                cls.env,
                login,
                parent=cls.supplier,
                name=name,
                email=f"{login}@revoked.example.com",
            )
            for login, name in (
                ("revoked_pia", "Pia Person"),
                ("revoked_alice", "Alice Active"),
            )
        )
        cls.supplier.b2b_reminder_contact_id = cls.pia.partner_id
        cls.buyer = create_b2b_user(
            cls.env, "revoked_buyer", email="buyer@ourcompany.example.com"
        )
        cls.thread = create_shared_thread(
            cls.env, cls.supplier, "Coating", user_id=cls.buyer.id
        )
        cls.task = create_task(
            cls.env,
            cls.thread,
            "Send the certificate",
            cls.supplier,
            user_id=cls.buyer.id,
        )
        cls.task.message_subscribe(partner_ids=cls.pia.partner_id.ids)
        cls.public_message = post_comment(cls.task, "Which coating?", user=cls.buyer)
        cls.chat = (
            cls.env["discuss.channel"]
            .with_user(cls.buyer)
            .channel_get([cls.pia.partner_id.id])
        )
        wizard = (
            cls.env["portal.wizard"]
            .with_context(active_ids=cls.pia.partner_id.ids)
            .create({})
        )
        wizard.user_ids.action_revoke_access()

    def _emails_to(self, mails, partner):
        return mails.filtered(
            lambda m: partner.email in (m.email_to or "") or partner in m.recipient_ids
        )

    def test_digest_and_contact_request_go_to_the_next_contact(self):
        self.assertFalse(self.pia.active)
        before = self.env["mail.mail"].search([])
        self.env["b2b.reminder.log"]._cron_send_reminders()
        digests = (self.env["mail.mail"].search([]) - before).filtered(
            lambda m: (
                "X-B2B-Reminder-Partner" in (m.headers or "")
                and ast.literal_eval(m.headers)["X-B2B-Reminder-Partner"]
                == str(self.supplier.id)
            )
        )
        self.assertEqual(len(digests), 1)
        self.assertFalse(self._emails_to(digests, self.pia.partner_id))
        self.assertTrue(self._emails_to(digests, self.alice.partner_id))
        request = send_contact_request(
            self.env, self.supplier, "Quality Manager", user=self.buyer
        )
        self.assertEqual(request.recipient_id, self.alice.partner_id)
        mails = self.env["mail.mail"].search([("subject", "ilike", "Quality Manager")])
        self.assertEqual(len(mails), 1)
        self.assertNotIn("revoked_pia@", mails.email_to)
        self.assertIn("revoked_alice@", mails.email_to)

    def test_no_notification_and_no_unread_chat_email(self):
        with self.mock_mail_gateway():
            post_comment(self.task, "New deadline", user=self.buyer)
        self.assertFalse(self._emails_to(self._new_mails, self.pia.partner_id))
        start = fields.Datetime.now()
        with freeze_time(start):
            post_comment(self.chat, "Are you there?", user=self.buyer, sudo=True)
        with freeze_time(start + timedelta(minutes=61)):
            self.env["discuss.channel.member"]._cron_b2b_email_unread()
        mails = self.env["mail.mail"].search([("headers", "ilike", "X-B2B-Unread")])
        self.assertFalse(self._emails_to(mails, self.pia.partner_id))

    def test_email_reply_screened_as_unknown_sender(self):
        self.public_message.sudo().message_id = f"<{self.public_message.id}-rev@ours>"
        raw = (
            "From: Pia Person <revoked_pia@revoked.example.com>\r\n"
            "To: catchall@ourcompany.example.com\r\n"
            "Subject: Re: coating\r\n"
            "Message-ID: <pia-reply@revoked.example.com>\r\n"
            f"In-Reply-To: <{self.public_message.id}-rev@ours>\r\n"
            f"References: <{self.public_message.id}-rev@ours>\r\n"
            "Content-Type: text/plain\r\n\r\n"
            "Reply after revocation\r\n"
        )
        self.env["mail.thread"].message_process("b2b.task", raw)
        reply = self.env["mail.message"].search(
            [("message_id", "=", "<pia-reply@revoked.example.com>")]
        )
        self.assertEqual(reply.res_id, self.task.id)
        self.assertEqual(reply.author_id, self.pia.partner_id)
        self.assertTrue(reply.is_internal or reply.subtype_id.internal)
        self.assertIn(MARKER, str(reply.body))
        seen_by_alice = self.env(user=self.alice)["mail.message"].search(
            [("model", "=", "b2b.task"), ("res_id", "=", self.task.id)]
        )
        self.assertNotIn(reply, seen_by_alice)
        self.assertTrue(
            self.task.activity_ids.filtered(
                lambda a: "unknown sender" in (a.summary or "")
            )
        )
