# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import (
    B2bHttpCase,
    activate_translations,
    create_b2b_user,
    create_company,
    create_partner_user,
)


@tagged("post_install", "-at_install")
class TestContactRequest(B2bHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = create_company(
            cls.env, "Audit Steel", email="office@audit.example.com"
        )
        cls.other_supplier = create_company(cls.env, "Rival Steel")
        cls.portal_user = create_partner_user(
            cls.env,
            cls.supplier,
            "Paula Portal",
            "cr_portal",
            email="paula@audit.example.com",
        )
        create_partner_user(cls.env, cls.other_supplier, "Rita Rival", "cr_rival")
        cls.requester = create_b2b_user(
            cls.env, "cr_buyer", email="buyer@ourcompany.example.com"
        )

    def _new_request(self, **vals):
        request = (
            self.env["b2b.contact.request"]
            .with_user(self.requester)
            .create(
                {
                    "partner_id": self.supplier.id,
                    "role": "Director Supply Chain",
                    **vals,
                }
            )
        )
        request.action_send()
        return request

    def _signed(self, request, partner):
        """The ``pid``/``hash`` of the link the email gives ``partner``."""
        return {"pid": partner.id, "hash": request.sudo()._sign_token(partner.id)}

    def _answer(self, request, data, signed_for=None):
        """Post the form as the current session, or anonymously through the link
        signed for ``signed_for``."""
        url = f"/my/b2b/contact-requests/{request.id}"
        signed = self._signed(request, signed_for) if signed_for else {}
        if signed:
            url += f"?pid={signed['pid']}&hash={signed['hash']}"
        payload = {"csrf_token": self._csrf(url), **signed, **data}
        return self.url_open(f"/my/b2b/contact-requests/{request.id}", data=payload)

    def _login_link(self, request):
        return f"/web/login?redirect=%2Fmy%2Fb2b%2Fcontact-requests%2F{request.id}"

    GOOD = {
        "first_name": "Dora",
        "last_name": "Director",
        "email": "Dora@Audit.example.com",
        "phone": "+49 (211) 555-0199",
    }

    def test_send_emails_the_person_of_contact(self):
        request = self._new_request()
        self.assertEqual(request.state, "sent")
        mail = self.env["mail.mail"].search(
            [("subject", "ilike", "Director Supply Chain")]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(
            self.portal_user.partner_id.email,
            mail.email_to,
            "first portal user by default",
        )
        # she has an account: the form behind the login, no link that works
        # for whoever gets the email forwarded
        self.assertIn(self._login_link(request), mail.body_html)
        self.assertNotIn(request.access_token, mail.body_html)
        self.assertNotIn("No account is needed", mail.body_html)

    def test_email_is_an_editable_template_in_the_company_layout(self):
        template = self.env.ref("b2b_communication.mail_template_b2b_contact_request")
        request = self._new_request()
        mail = self.env["mail.mail"].search([("res_id", "=", request.id)])
        self.assertEqual(mail.model, "b2b.contact.request")
        self.assertIn("Answer the request", mail.body_html)
        # the light notification layout: company name in the footer, Odoo footer
        self.assertIn(self.env.company.name, mail.body_html)
        self.assertIn("Powered by", mail.body_html)
        # an administrator rewords it in Settings > Technical > Email Templates
        template.write(
            {
                "subject": "Contact wanted: {{ object.role }}",
                "body_html": '<p>Dear partner, we need your <t t-out="object.role"/>: '
                '<a t-att-href="object._b2b_recipient_url(object.recipient_id)">'
                "fill in the form</a></p>",
            }
        )
        request = self._new_request(role="Quality Manager")
        mail = self.env["mail.mail"].search([("res_id", "=", request.id)])
        self.assertEqual(mail.subject, "Contact wanted: Quality Manager")
        self.assertIn("Dear partner, we need your Quality Manager", mail.body_html)
        self.assertIn(self._login_link(request), mail.body_html)
        self.assertNotIn("Answer the request", mail.body_html)

    def test_phone_national_number_stored_international(self):
        self.supplier.country_id = self.env.ref("base.bg")
        request = self._new_request()
        response = self._answer(
            request, {**self.GOOD, "phone": "0888 123 456"}, signed_for=self.supplier
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(request.contact_id.phone, "+359 88 812 3456")

    def test_phone_refused_by_phone_validation(self):
        self.supplier.country_id = self.env.ref("base.bg")
        request = self._new_request()
        count = self.env["res.partner"].search_count([])
        # too short, too long, unknown country prefix: judged by phonenumbers
        for phone in ("123", "0888 123 456 789 012", "+999 123 456 789"):
            response = self._answer(
                request, {**self.GOOD, "phone": phone}, signed_for=self.supplier
            )
            self.assertEqual(response.status_code, 400, phone)
            self.assertIn("valid phone number", response.text, phone)
        self.assertEqual(request.state, "sent")
        self.assertEqual(self.env["res.partner"].search_count([]), count)

    def test_answer_by_signed_link_without_account(self):
        request = self._new_request()
        response = self._answer(request, self.GOOD, signed_for=self.supplier)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you", response.text)
        self.assertEqual(request.state, "done")
        contact = request.contact_id
        self.assertEqual(contact.parent_id, self.supplier)
        self.assertEqual(contact.function, "Director Supply Chain")
        self.assertEqual(contact.name, "Dora Director")
        self.assertEqual(contact.email, "dora@audit.example.com")
        self.assertEqual(contact.phone, "+49 211 5550199", "international format")
        self.assertFalse(contact.user_ids, "no account for that person")
        note = request.message_ids.filtered(
            lambda m: "is now a contact" in (m.body or "")
        )
        self.assertIn(self.requester.partner_id, note.notified_partner_ids)

    def test_signed_link_of_the_person_of_contact_only_while_a_contact(self):
        """Carl, the person of contact without an account, answers through the
        link of his email; it stops opening the form when he leaves the
        company or is archived, and the request's token alone opens nothing."""
        carl = self.env["res.partner"].create(
            {
                "name": "Carl Contact",
                "parent_id": self.supplier.id,
                "email": "carl@audit.example.com",
            }
        )
        self.supplier.b2b_reminder_contact_id = carl
        request = self._new_request()
        mail = self.env["mail.mail"].search([("res_id", "=", request.id)])
        self.assertEqual(mail.email_to, carl.email_formatted)
        signed = self._signed(request, carl)
        link = (
            f"/my/b2b/contact-requests/{request.id}?pid={carl.id}&hash={signed['hash']}"
        )
        self.assertIn(link.replace("&", "&amp;"), mail.body_html)
        self.assertNotIn(request.access_token, mail.body_html)
        self.assertIn("No account is needed", mail.body_html)
        self._login(None)
        self._assert_page(
            link, shown=["Director Supply Chain", 'name="hash"'], status=200
        )
        self._assert_page(
            f"/my/b2b/contact-requests/{request.id}?access_token={request.access_token}",
            status=404,
        )
        # Carl moves to the rival: his old link opens nothing any more
        carl.parent_id = self.other_supplier
        self._assert_page(link, hidden=["Director Supply Chain"], status=404)
        response = self._answer(request, self.GOOD, signed_for=carl)
        self.assertEqual(response.status_code, 404)
        carl.parent_id = self.supplier
        carl.action_archive()
        self._assert_page(link, hidden=["Director Supply Chain"], status=404)
        self.assertEqual(request.state, "sent", "nothing answered")
        self.assertFalse(request.contact_id)

    def test_portal_user_cannot_read_the_token(self):
        """The partner's portal user reads the request (record rule) but not its
        token: holding it would keep nothing open after leaving anyway."""
        request = self._new_request()
        self._login("cr_portal")
        result = self._rpc(
            "b2b.contact.request", "read", [request.ids, ["access_token"]]
        )
        self.assertIn("AccessError", result["error"]["data"]["name"])
        result = self._rpc(
            "b2b.contact.request", "search_read", [[("id", "=", request.id)]]
        )
        self.assertNotIn("access_token", result["result"][0])
        self.assertEqual(
            self.url_open(f"/my/b2b/contact-requests/{request.id}").status_code, 200
        )

    def test_answer_by_portal_user(self):
        request = self._new_request()
        self.authenticate("cr_portal", "cr_portal_pw")
        response = self._answer(request, self.GOOD)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(request.state, "done")

    def test_other_partner_and_other_token_refused(self):
        request = self._new_request()
        other = self._new_request(role="Quality Manager")
        self.authenticate("cr_rival", "cr_rival_pw")
        self.assertEqual(
            self.url_open(f"/my/b2b/contact-requests/{request.id}").status_code, 404
        )
        self.authenticate(None, None)
        signed = self._signed(other, self.supplier)
        response = self.url_open(
            f"/my/b2b/contact-requests/{request.id}"
            f"?pid={signed['pid']}&hash={signed['hash']}"
        )
        self.assertEqual(
            response.status_code, 404, "a signed link opens its own request only"
        )
        self.assertEqual(self.url_open("/my/b2b/contact-requests/abc").status_code, 404)

    def test_duplicate_submission_and_existing_contact(self):
        existing = self.env["res.partner"].create(
            {
                "name": "D. Director",
                "parent_id": self.supplier.id,
                "email": "dora@audit.example.com",
            }
        )
        request = self._new_request()
        self._answer(request, self.GOOD, signed_for=self.supplier)
        self.assertEqual(
            request.contact_id, existing, "same email: updated, not duplicated"
        )
        self.assertEqual(existing.name, "Dora Director")
        response = self._answer(request, self.GOOD, signed_for=self.supplier)
        self.assertEqual(response.status_code, 410)
        self.assertIn("already answered", response.text)
        self.assertEqual(
            self.env["res.partner"].search_count(
                [("email", "=ilike", "dora@audit.example.com")]
            ),
            1,
        )

    def test_malformed_input_rejected(self):
        request = self._new_request()
        count = self.env["res.partner"].search_count([])
        for data, message in (
            ({**self.GOOD, "email": "not-an-email"}, "valid email"),
            ({**self.GOOD, "phone": "call me maybe"}, "valid phone"),
            ({**self.GOOD, "first_name": "  "}, "first name is required"),
        ):
            response = self._answer(request, data, signed_for=self.supplier)
            self.assertEqual(response.status_code, 400)
            self.assertIn(message, response.text)
        self.assertEqual(request.state, "sent")
        self.assertEqual(self.env["res.partner"].search_count([]), count)

    def test_cancelled_and_expired_refused(self):
        cancelled = self._new_request()
        cancelled.action_cancel()
        response = self._answer(cancelled, self.GOOD, signed_for=self.supplier)
        self.assertEqual(response.status_code, 410)
        self.assertIn("withdrawn", response.text)
        with freeze_time("2026-03-10"):
            expired = self._new_request(date_deadline="2026-03-01")
            response = self._answer(expired, self.GOOD, signed_for=self.supplier)
        self.assertEqual(response.status_code, 410)
        self.assertIn("expired", response.text)
        self.assertFalse(expired.contact_id)

    def test_languages(self):
        for code in ("bg_BG", "de_DE"):
            self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"].search(
            [("name", "=", "b2b_communication")]
        )._update_translations(["bg_BG", "de_DE"])
        for lang, words in (
            ("de_DE", "Anfrage beantworten"),
            ("bg_BG", "Отговорете на заявката"),
            ("en_US", "Answer the request"),
        ):
            self.portal_user.partner_id.lang = lang
            self._new_request(role=f"Role {lang}")
            mail = self.env["mail.mail"].search([("subject", "ilike", f"Role {lang}")])
            self.assertIn(words, mail.body_html, lang)

    def test_answer_page_in_portal_users_language(self):
        activate_translations(self.env, "bg_BG")
        self.portal_user.lang = "bg_BG"
        request = self._new_request()
        self.authenticate("cr_portal", "cr_portal_pw")
        page = self.url_open(f"/my/b2b/contact-requests/{request.id}").text
        self.assertIn("Собствено име", page)
        self.assertIn("Заявка за контакт:", page)

    def test_open_request_in_reminders(self):
        request = self._new_request()
        Digest = self.env["b2b.reminder.log"]
        open_requests = Digest._digest_rows([self.supplier.id])
        self.assertEqual(
            open_requests["contact_request_ids"][self.supplier.id], request
        )
        self.supplier.b2b_reminder_frequency = "daily"
        due = Digest._due_partners(fields.Datetime.now(), 10000)
        self.assertIn(self.supplier.id, dict(due))
