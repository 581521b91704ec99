# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unconfirmed orders in the supplier's reminder digest: after the company's
number of days, with links that work for the recipient (signed for a person
without an account, the login for a portal user); a supplier with nothing
else open is reminded too."""

import ast
import re
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import create_digests
from .order_confirmation_common import OrderConfirmationCommon


@tagged("post_install", "-at_install")
class TestOrderConfirmationDigest(OrderConfirmationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.b2b_confirmation_reminder_days = 2
        (cls.supplier_a | cls.supplier_b).write(
            {"b2b_reminder_frequency": "daily", "tz": "UTC"}
        )
        cls.supplier_b.email = "office@b.example.com"

    def _age(self, order, days):
        """The order was confirmed ``days`` ago."""
        order.date_approve = fields.Datetime.now() - timedelta(days=days)
        self.env.flush_all()

    def _run(self):
        Mail = self.env["mail.mail"]
        before = Mail.search([("headers", "like", "X-B2B-Reminder-Partner")])
        self.env["b2b.reminder.log"]._cron_send_reminders()
        mails = Mail.search([("headers", "like", "X-B2B-Reminder-Partner")]) - before
        return {
            int(ast.literal_eval(mail.headers)["X-B2B-Reminder-Partner"]): mail
            for mail in mails
        }

    def test_unconfirmed_order_after_the_delay_with_a_signed_link(self):
        self.assertEqual(self._run(), {}, "confirmed today: not yet")
        self._age(self.order_a, 3)
        mails = self._run()
        self.assertEqual(set(mails), {self.supplier_a.id})
        mail = mails[self.supplier_a.id]
        self.assertEqual(mail.email_to, self.contact_a.email_formatted)
        body = str(mail.body_html)
        self.assertIn("Orders to confirm", body)
        self.assertIn(self.order_a.name, body)
        self.assertIn("3 line(s) to confirm", body)
        self.assertIn("1 open request(s)", mail.subject)
        url = re.search(r'href="([^"]*/my/b2b/order-lines/\d+\?[^"]*)"', body).group(1)
        url = url.replace("&amp;", "&")
        self.assertIn("hash=", url)
        # the link opens the supplier's lines to that person, without an account
        self._login("contact_a")
        self._assert_page(url, shown=[self.order_a.name], status=200)

    def test_confirmed_lines_are_not_reminded(self):
        self._age(self.order_a, 3)
        Confirmation = self.env["b2b.order.line.confirmation"].sudo()
        Confirmation._b2b_answer(
            [
                (line, [(line.product_qty, self._requested(line))], "")
                for line in self.order_a.order_line
            ],
            self.contact_a,
            "portal",
        )
        self.assertEqual(self._run(), {})

    def test_portal_user_recipient_gets_the_login_link(self):
        self._age(self.order_b, 5)
        mails = self._run()
        self.assertEqual(set(mails), {self.supplier_b.id})
        body = str(mails[self.supplier_b.id].body_html)
        self.assertIn(self.order_b.name, body)
        self.assertIn("/web/login?redirect=", body)
        self.assertNotIn("hash=", body)

    def test_preview_shows_plain_links_and_readers_without_purchase_rights(self):
        self._age(self.order_a, 3)
        digest = create_digests(self.env, self.supplier_a).with_user(self.buyer)
        self.assertEqual(digest.order_to_confirm_ids, self.order_a)
        urls = digest._digest_urls()
        self.assertIn("/web/login?redirect=", urls[self.order_a])
        self.assertNotIn("hash=", urls[self.order_a])
        # a B2B user without purchase rights previews the digest without them
        self.assertFalse(digest.with_user(self.internal).order_to_confirm_ids)
