# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The reminder digest lists a supplier's open document requests beside its
other requests, with links that work for the recipient: signed for a person of
contact without an account, behind the login for a portal user."""

import ast

from odoo.tests import tagged

from .common import create_digests, template_preview
from .document_request_common import DocumentRequestCommon

DIGEST = "b2b_communication.mail_template_b2b_reminder_digest"


@tagged("post_install", "-at_install")
class TestDocumentRequestDigest(DocumentRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # nothing else is open for A and B: document requests alone make them due
        (cls.supplier_a | cls.supplier_b).write(
            {"b2b_reminder_frequency": "daily", "tz": "UTC"}
        )

    def _digests(self):
        mails = self.env["mail.mail"].search(
            [("headers", "like", "X-B2B-Reminder-Partner")]
        )
        return {
            int(ast.literal_eval(mail.headers)["X-B2B-Reminder-Partner"]): mail
            for mail in mails
        }

    def test_digest_lists_open_document_requests_with_links_for_the_recipient(self):
        request_a = self._ask()
        request_b = self._ask(supplier=self.supplier_b)
        done = self.env["b2b.document.request"].create(
            {
                "partner_id": self.supplier_a.id,
                "state": "done",
                "line_ids": [(0, 0, {"document_type_id": self.iso.id})],
            }
        )
        self.env["b2b.reminder.log"]._cron_send_reminders()
        digests = self._digests()
        # A: to its person of contact without an account, a link signed for her
        mail_a = digests[self.supplier_a.id]
        body = str(mail_a.body_html)
        self.assertEqual(mail_a.email_to, self.contact_a.email_formatted)
        self.assertIn("Documents we asked for", body)
        self.assertIn(request_a.name, body)
        self.assertIn(f"{len(request_a.line_ids)} to send", body)
        self.assertNotIn(done.name, body)
        self.assertIn(f"open request(s) for {self.supplier_a.name}", mail_a.subject)
        link = self._page_url(request_a, self.contact_a)
        self.assertIn(link.replace("&", "&amp;"), body)
        self._login("contact_a")
        self._assert_page(link, shown=["REACH declaration"], status=200)
        # B: to its portal user, the page behind the login
        body_b = str(digests[self.supplier_b.id].body_html)
        self.assertIn(request_b.name, body_b)
        self.assertIn(
            f"/web/login?redirect=%2Fmy%2Fb2b%2Fdocument-requests%2F{request_b.id}",
            body_b,
        )
        self.assertNotIn("hash=", body_b)
        self.assertNotIn(request_a.name, body_b)

    def test_preview_shows_plain_login_links(self):
        request = self._ask()
        digest = create_digests(self.env, self.supplier_a)
        preview = template_preview(self.env(user=self.buyer), DIGEST, digest)
        body = str(preview.body_html)
        self.assertIn(request.name, body)
        self.assertNotIn("hash=", body)
        self.assertIn("/web/login?redirect=", body)
