# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Accessibility beyond axe's rules: the page language (a portal user's, the
contact's on a signed link), a keyboard-only tour of a request, readable emails.
The axe-core audit of every page in every state: test_accessibility_states.py."""

import importlib.util
import re

from odoo.tests import tagged
from odoo.tests.common import HOST
from odoo.tools import html2plaintext
from odoo.tools.misc import file_path

from .common import (
    B2bCommon,
    B2bHttpCase,
    create_company,
    create_contact,
    create_digests,
    create_portal_user,
    create_shared_thread,
    create_task,
    create_tour_task,
)
from .mail_batch_common import digest_back_on_partner


@tagged("post_install", "-at_install")
class TestPortalLanguage(B2bHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("bg_BG")
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.supplier = create_company(cls.env, "Lang Steel", lang="de_DE")
        cls.portal_user = create_portal_user(
            cls.env, "lang_portal", parent=cls.supplier, lang="bg_BG"
        )
        cls.contact = create_contact(
            cls.env,
            cls.supplier,
            "Dora Kontakt",
            email="dora@lang-steel.example.com",
            lang="de_DE",
        )
        cls.thread = create_shared_thread(cls.env, cls.supplier, "Sprache")

    def _html_lang(self, response):
        match = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", response.text)
        return match and match.group(1)

    def test_portal_user_sees_own_language_whatever_the_cookie(self):
        """The login page (in English) left ``frontend_lang=en_US``: the
        Bulgarian user still gets Bulgarian pages, and the cookie follows."""
        self.authenticate("lang_portal", "lang_portal_pw")
        self.opener.cookies.set("frontend_lang", "en_US", domain=HOST, path="/")
        for url in ("/my", "/my/b2b/threads"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(self._html_lang(response), "bg-BG", url)
        self.assertEqual(
            self.opener.cookies.get("frontend_lang", domain=HOST, path="/"), "bg_BG"
        )

    def test_error_page_in_the_users_language(self):
        """Odoo's "page not found" (an old link) speaks the user's language too."""
        self.authenticate("lang_portal", "lang_portal_pw")
        response = self.url_open("/my/b2b/tasks/999999999")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self._html_lang(response), "bg-BG")

    def test_signed_link_in_the_contacts_language(self):
        """A contact without an account opening a link signed for them reads the
        page in their language, whatever the cookie of the browser."""
        url = self.thread._b2b_recipient_url(self.contact)
        self.opener.cookies.set("frontend_lang", "bg_BG", domain=HOST, path="/")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._html_lang(response), "de-DE")

    def test_anonymous_page_has_the_request_language(self):
        request = self.env["b2b.contact.request"].create(
            {"partner_id": self.supplier.id, "role": "Einkauf"}
        )
        request.action_send()
        response = self.url_open(request.sudo()._b2b_recipient_url(self.contact))
        self.assertEqual(self._html_lang(response), "de-DE")


@tagged("post_install", "-at_install")
class TestPortalKeyboard(B2bHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user, cls.task = create_tour_task(
            cls.env, "Keyboard Steel", "kb_portal", "Kim Keyboard"
        )

    def test_mark_done_and_ask_with_the_keyboard_only(self):
        self.start_tour("/my/b2b/tasks", "b2b_portal_keyboard_tour", login="kb_portal")
        self.assertEqual(self.task.state, "done")
        question = self.task.message_ids.filtered(
            lambda message: "which batch?" in (message.body or "")
        )
        self.assertEqual(question.author_id, self.portal_user.partner_id)


def _load_migration_1_6():
    path = file_path("b2b_communication/migrations/18.0.1.6.0/post-migrate.py")
    spec = importlib.util.spec_from_file_location("b2b_post_migrate_1_6", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestEmailsReadable(B2bCommon):
    """Our emails say their language, their small print has enough contrast,
    their sentences start as sentences do; upgrades bring shipped bodies there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("bg_BG", "de_DE"):
            cls.env["res.lang"]._activate_lang(code)
        cls.supplier.write({"b2b_reminder_frequency": "daily", "lang": "en_US"})
        thread = cls._create_thread(is_shared=True)
        create_task(cls.env, thread, "Send the certificate", cls.supplier)

    def _assert_readable(self, mail, lang, starts):
        body = str(mail.body_html)
        self.assertIn(f'lang="{lang}"', body)
        self.assertNotIn("#888888", body, "small print with a 3.5:1 contrast")
        self.assertTrue(
            all(re.search(r"\balt=", img) for img in re.findall(r"<img[^>]*>", body)),
            "every image has an alt text",
        )
        text = html2plaintext(body)
        for start in starts:
            self.assertIn(start, text)

    def test_digest(self):
        mail = create_digests(self.env, self.supplier)._send_digest_mails()
        self._assert_readable(
            mail, "en-US", ["Here is what", "You receive this digest every day."]
        )
        # the header names the partner company, not "Your Contact" (Odoo's layout)
        self.assertNotIn("Your Contact", str(mail.body_html))
        self.assertIn(self.supplier.name, str(mail.body_html))
        self.supplier.b2b_reminder_frequency = "weekly"
        mail = create_digests(self.env, self.supplier)._send_digest_mails()
        self.assertIn("You receive this digest once a week.", str(mail.body_html))

    def test_unread_chat(self):
        self.supplier_contact.lang = "en_US"
        template = self.env.ref("b2b_communication.mail_template_b2b_unread_chat")
        mail = self.env["b2b.mail.batch"]._send(
            template, self.supplier_contact.ids, keep_in_chatter=False
        )
        self._assert_readable(mail, "en-US", ["These messages are waiting"])

    def test_contact_request(self):
        request = (
            self.env["b2b.contact.request"]
            .with_user(self.b2b_user)
            .create({"partner_id": self.supplier.id, "role": "Quality manager"})
        )
        request.action_send()
        mail = self.env["mail.mail"].search(
            [("model", "=", "b2b.contact.request"), ("res_id", "=", request.id)]
        )
        self.assertEqual(len(mail), 1)
        self._assert_readable(mail, "en-US", ["No account is needed"])

    def test_migration_to_18_0_1_6_0(self):
        """The shipped bodies of 18.0.1.5.0 become the current ones, in English,
        Bulgarian and German; a body an administrator reworded stays."""
        migration = _load_migration_1_6()
        digest = self.env.ref("b2b_communication.mail_template_b2b_reminder_digest")
        current = {
            template: template.body_html
            for template in (self.env.ref(xmlid) for xmlid, *_r in migration.TEMPLATES)
        }
        digest_back_on_partner(self.env, migration)
        for xmlid, everywhere, per_language in migration.TEMPLATES:
            template = self.env.ref(xmlid)
            # back to the English body of 18.0.1.5.0
            for replacements in [everywhere, *per_language]:
                template._b2b_replace_in_body([(n, o) for o, n in replacements])
            self.assertNotEqual(template.body_html, current[template])
            # its Bulgarian and German translations as shipped with 18.0.1.5.0
            for lang, replacements in zip(
                ("bg_BG", "de_DE"), per_language[1:], strict=False
            ):
                body = str(template.body_html)  # Markup.replace would escape
                for old, new in zip(per_language[0], replacements, strict=True):
                    body = body.replace(old[0], new[0])
                template.with_context(lang=lang).body_html = body
        # an administrator reworded the German digest
        digest.with_context(lang="de_DE").body_html = str(
            digest.with_context(lang="de_DE").body_html
        ).replace("Sie erhalten diese", "Diese kommt")
        migration.migrate(self.env.cr, "18.0.1.5.0")
        self.env.invalidate_all()
        for template, body in current.items():
            self.assertEqual(template.body_html, body)
        bg = digest.with_context(lang="bg_BG").body_html
        self.assertIn("Ето какво", bg)
        self.assertIn("Получавате това обобщение всеки ден.", bg)
        self.assertIn('t-att-lang="(object.recipient_id.lang', bg)
        # the reworded German digest says its language, keeps its wording
        de = digest.with_context(lang="de_DE").body_html
        self.assertIn("Diese kommt", de)
        self.assertIn("hier ist, was", de)
        self.assertIn('t-att-lang="(object.recipient_id.lang', de)
        unread = self.env.ref("b2b_communication.mail_template_b2b_unread_chat")
        self.assertIn(
            "<p>Diese Nachrichten", unread.with_context(lang="de_DE").body_html
        )

    def test_layout_without_your_model_line(self):
        """The layout meant for our emails: no "Your Контакт" header."""
        partner = self.supplier.with_context(lang="bg_BG")
        values = {
            "message": self.env["mail.message"].new(
                {"body": "<p>Body</p>", "record_name": partner.display_name}
            ),
            "subtype": self.env["mail.message.subtype"],
            "model_description": "Контакт",
            "record": partner,
            "record_name": False,
            "subtitles": False,
            "company": self.env.company,
            "email_add_signature": False,
            "signature": "",
            "website_url": "",
            "is_html_empty": lambda value: not value,
        }
        render = self.env["ir.qweb"]._render
        odoo = str(render("mail.mail_notification_light", values))
        self.assertIn("Your Контакт", odoo)
        ours = str(render("b2b_communication.mail_notification_light_b2b", values))
        self.assertNotIn("Контакт", ours)
        self.assertIn(partner.name, ours)
        self.assertIn("<p>Body</p>", ours)
