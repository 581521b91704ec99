# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The answer link of a contact request opens its form without an account: it
belongs to the recipient of the email. A preview of the template (Settings >
Technical > Email Templates, the composer, the digest) by one of our users
shows a plain login link instead; only the email sent shows the live link."""

from werkzeug.urls import url_encode

from odoo.tests import tagged

from .common import (
    B2bCommon,
    create_digests,
    send_contact_request,
    template_preview,
)

CONTACT_REQUEST = "b2b_communication.mail_template_b2b_contact_request"
DIGEST = "b2b_communication.mail_template_b2b_reminder_digest"
ROLE = "Head of Quality"


@tagged("post_install", "-at_install")
class TestContactRequestPreview(B2bCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier.b2b_reminder_contact_id = cls.supplier_contact
        cls.request = send_contact_request(
            cls.env, cls.supplier, ROLE, user=cls.b2b_user
        )
        cls.token = cls.request.sudo().access_token

    def _assert_no_answer_link(self, body, who):
        self.assertIn(ROLE, body, who)
        self.assertNotIn(self.token, body, who)
        self.assertNotIn("access_token=", body, who)
        self.assertNotIn("hash=", body, who)
        login = url_encode({"redirect": f"/my/b2b/contact-requests/{self.request.id}"})
        self.assertIn(f"/web/login?{login}", body, who)

    def test_sent_email_carries_the_answer_link(self):
        mail = self.env["mail.mail"].search(
            [("model", "=", "b2b.contact.request"), ("res_id", "=", self.request.id)]
        )
        self.assertEqual(len(mail), 1)
        # signed for the person of contact (no account), without the token
        contact = self.supplier_contact
        signature = self.request.sudo()._sign_token(contact.id)
        self.assertIn(f"pid={contact.id}&amp;hash={signature}", mail.body_html)
        self.assertNotIn(self.token, mail.body_html)

    def test_template_preview_shows_a_login_link(self):
        for user in (self.b2b_user, self.b2b_user2, self.b2b_manager):
            preview = template_preview(
                self.env(user=user), CONTACT_REQUEST, self.request
            )
            self.assertFalse(preview.error_msg, user.login)
            self._assert_no_answer_link(str(preview.body_html), user.login)

    def test_composer_shows_a_login_link(self):
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.b2b_user2)
            .with_context(
                default_model="b2b.contact.request",
                default_res_ids=self.request.ids,
                default_template_id=self.env.ref(CONTACT_REQUEST).id,
                default_composition_mode="comment",
            )
            .create({})
        )
        self._assert_no_answer_link(str(composer.body), "composer")

    def test_digest_preview_shows_a_login_link(self):
        digest = create_digests(self.env, self.supplier)
        preview = template_preview(self.env(user=self.b2b_user), DIGEST, digest)
        self.assertFalse(preview.error_msg)
        self._assert_no_answer_link(str(preview.body_html), "digest")
