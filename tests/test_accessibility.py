# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Accessibility of the pages a partner reaches: axe-core's WCAG 2.1 A/AA rules in
Odoo's headless Chromium at a desktop (1366 px) and a phone (390 px) width, as a
supplier's portal user and as a contact without an account (signed links); the
page language; a keyboard-only tour of a request."""

import importlib.util
import os
import re
from urllib.parse import urlparse

from odoo.tests import tagged
from odoo.tests.common import HOST
from odoo.tools import html2plaintext
from odoo.tools.misc import file_path

from .common import (
    B2bCommon,
    B2bHttpCase,
    B2bPortalCommon,
    create_company,
    create_contact,
    create_partner_user,
    create_portal_user,
    create_shared_thread,
    create_task,
    create_tour_task,
    post_comment,
    send_contact_request,
)

MODULE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# tools/ensure_axe.sh installs the pinned axe-core there (tools/run_tests.sh calls it)
AXE_JS = os.environ.get("B2B_AXE_JS") or os.path.join(
    os.environ.get("B2B_CACHE_DIR") or os.path.join(MODULE_DIR, ".cache"),
    "axe/node_modules/axe-core/axe.min.js",
)
WIDTHS = ("1366x768", "390x844")

# Run in the page after axe's source: serious and critical violations of the WCAG
# 2.1 A and AA rules, and (on a phone) a page wider than the screen, are errors.
AXE_RUN = """
;(async () => {
    if (document.readyState !== "complete") {
        await new Promise((resolve) => window.addEventListener("load", resolve));
    }
    // Odoo's portal chatter loads lazily into a shadow root: check it with its messages
    if (document.querySelector(".o_portal_chatter")) {
        await odoo.portalChatterReady;
        for (let i = 0; i < 100; i++) {
            const root = document.querySelector("#chatterRoot")?.shadowRoot;
            if (root?.querySelector(".o-mail-Message")) {
                break;
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    }
    const result = await axe.run(document, {
        runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        resultTypes: ["violations"],
        iframes: false,
    });
    const bad = result.violations.filter(
        (v) => ["serious", "critical"].includes(v.impact)
    );
    const problems = bad.map((v) =>
        `${v.id} (${v.impact}, ${v.nodes.length}x: ` +
        v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | ") + ") " +
        `[${(v.nodes[0].any[0] || v.nodes[0].all[0] || {}).message || ""}` +
        ` in ${v.nodes[0].html.slice(0, 120)}]`
    );
    const root = document.documentElement;
    if (CHECK_SCROLL && root.scrollWidth > root.clientWidth) {
        problems.push(`sideways scroll (${root.scrollWidth} > ${root.clientWidth} px)`);
    }
    // the chatter clips what is wider than itself: no page scroll, but a name
    // cut off on a phone
    const chatter = document.querySelector("#chatterRoot")?.shadowRoot;
    const cut = CHECK_SCROLL && chatter && [
        ...chatter.querySelectorAll(".o-mail-Message-author, .o-mail-Message-body"),
    ].find((el) => el.getBoundingClientRect().right > root.clientWidth);
    if (cut) {
        const text = cut.innerText.slice(0, 40);
        problems.push(`cut off at the screen's edge: ${cut.className} "${text}"`);
    }
    console.log("b2b-axe " + JSON.stringify({rules: bad.map((v) => v.id),
        nodes: bad.reduce((n, v) => n + v.nodes.length, 0)}));
    if (problems.length) {
        console.error("B2B-AXE-FAIL " + problems.join("; "));
    } else {
        console.log("test successful");
    }
})();
"""


@tagged("post_install", "-at_install")
class TestAccessibility(B2bPortalCommon):
    """As supplier A's portal user (``a1``) and its contact without an account."""

    portal_user_keys = ("a1",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier, cls.contact = cls.supplier_a, cls.contact_a
        cls.supplier.write(
            {"email": "office@axe-steel.example.com", "b2b_messenger": "always"}
        )
        cls.portal_user = cls.portal_users["a1"]
        cls.buyer = cls.internal
        # the name of a person, as in real life: new_test_user's default, the
        # login with the groups, is one long word
        cls.buyer.name = "Bora Buyer"
        cls.thread = create_shared_thread(
            cls.env,
            cls.supplier,
            "Steel price for 2027",
            contact_id=cls.contact.id,
            user_id=cls.buyer.id,
        )
        cls.task = create_task(
            cls.env,
            cls.thread,
            "Send the mill certificate",
            cls.supplier,
            user_id=cls.buyer.id,
            description="<p>The 3.1 certificate of <b>batch 42</b>, please.</p>",
        )
        cls.env["b2b.communication"].create(
            {
                "name": "Call about the price",
                "thread_id": cls.thread.id,
                "is_shared": True,
                "description": "<p>We agreed on a new quote.</p>",
            }
        )
        post_comment(cls.thread, "Please confirm the delivery date.", user=cls.buyer)
        # a name without a break opportunity (a login, a made-up name) wraps
        long_name = create_partner_user(
            cls.env, cls.supplier, "a_b_c_" * 9, "axe_long_name"
        )
        long_name.name = "a_b_c_" * 9  # new_test_user names it after the login
        post_comment(cls.thread, "Received, thank you.", user=long_name)
        post_comment(cls.task, "Which batch do you mean?", user=cls.buyer)
        cls.channel = (
            cls.env["discuss.channel"]
            .with_user(cls.buyer)
            .channel_get([cls.portal_user.partner_id.id])
        )
        cls.contact_request = send_contact_request(
            cls.env, cls.supplier, "Quality manager", cls.buyer
        )
        # a request answered already: the page says so
        cls.answered_request = send_contact_request(
            cls.env, cls.supplier, "Sales director", cls.buyer
        )
        cls.answered_request.sudo().state = "done"
        # order confirmation: an order of the supplier awaiting its confirmation
        flange = cls.env["product.product"].create({"name": "Flange DN50"})
        cls.purchase_order = cls.env["purchase.order"].create(
            {
                "partner_id": cls.supplier.id,
                "order_line": [(0, 0, {"product_id": flange.id, "product_qty": 12})],
            }
        )
        cls.purchase_order.button_confirm()
        post_comment(
            cls.purchase_order,
            "Please confirm the delivery date.",
            user=cls.buyer,
            sudo=True,
        )

    def _relative(self, url):
        parsed = urlparse(url)
        return parsed.path + (f"?{parsed.query}" if parsed.query else "")

    def _partner_pages(self):
        """(who, url) of every page a partner reaches."""
        user_pages = [
            "/my",
            "/my/b2b/threads",
            f"/my/b2b/threads/{self.thread.id}",
            "/my/b2b/tasks",
            f"/my/b2b/tasks/{self.task.id}",
            f"/my/b2b/messages?channel_id={self.channel.id}",
            "/my/b2b/address-book",
            "/my/b2b/reminders",
            "/my/b2b/order-lines",
            f"/my/b2b/order-lines/line/{self.purchase_order.order_line.id}",
            f"/my/purchase/{self.purchase_order.id}",
        ]
        contact_pages = [
            self._relative(self.thread._b2b_recipient_url(self.contact)),
            self._relative(self.task._b2b_recipient_url(self.contact)),
            # the answer links of the emails, signed for the contact
            self._relative(
                self.contact_request.sudo()._b2b_recipient_url(self.contact)
            ),
            self._relative(
                self.answered_request.sudo()._b2b_recipient_url(self.contact)
            ),
            self._relative(self.supplier._b2b_reminder_pause_url()),
            # the open order lines and a line's answer form, signed for the contact
            *self._order_line_pages(),
        ]
        return [(self.portal_user.login, url) for url in user_pages] + [
            (None, url) for url in contact_pages
        ]

    def _order_line_pages(self):
        line = self.purchase_order.order_line
        url = self._relative(
            line.b2b_confirmation_id.sudo()._b2b_recipient_url(self.contact)
        )
        path, query = url.split("?")
        return [url, f"{path}/line/{line.id}?{query}"]

    def _axe(self, url, login, size):
        """The problems axe finds on ``url`` at ``size``: '' when none."""
        with open(AXE_JS, encoding="utf-8") as axe_file:
            code = axe_file.read() + AXE_RUN.replace(
                "CHECK_SCROLL", "true" if size.startswith("390") else "false"
            )
        self.browser_size = size
        try:
            self.browser_js(url, code, login=login, timeout=120)
        except self.failureException as error:
            # browser_js quotes the whole code (axe's source): keep the verdict only
            found = re.findall(r"B2B-AXE-FAIL ([^\n]*)", str(error))
            return found[-1] if found else str(error)[-2000:]
        return ""

    def test_partner_pages_pass_axe_at_desktop_and_phone_width(self):
        if not os.path.isfile(AXE_JS):
            self.skipTest(f"axe-core missing ({AXE_JS}): run tools/ensure_axe.sh")
        problems = []
        only = os.environ.get("B2B_AXE_ONLY")  # a part of the URLs to check, to debug
        for login, url in self._partner_pages():
            if only and only not in url:
                continue
            for size in WIDTHS:
                found = self._axe(url, login, size)
                if found:
                    problems.append(f"{url} [{login or 'contact'}, {size}]: {found}")
        if problems:
            self.fail(
                "serious or critical WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
            )


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
        mail = self.supplier._b2b_send_reminder_mails()
        self._assert_readable(
            mail, "en-US", ["Here is what", "You receive this digest every day."]
        )
        # the header names the partner company, not "Your Contact" (Odoo's layout)
        self.assertNotIn("Your Contact", str(mail.body_html))
        self.assertIn(self.supplier.name, str(mail.body_html))
        self.supplier.b2b_reminder_frequency = "weekly"
        mail = self.supplier._b2b_send_reminder_mails()
        self.assertIn("You receive this digest once a week.", str(mail.body_html))

    def test_unread_chat(self):
        self.supplier_contact.lang = "en_US"
        template = self.env.ref("b2b_communication.mail_template_b2b_unread_chat")
        mail = template._b2b_send_mail_batch(
            self.supplier_contact.ids, keep_in_chatter=False
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
        current = {}
        for xmlid, everywhere, per_language in migration.TEMPLATES:
            template = self.env.ref(xmlid)
            current[template] = template.body_html
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
        self.assertIn('t-att-lang="(object.b2b_reminder_recipient_id.lang', bg)
        # the reworded German digest says its language, keeps its wording
        de = digest.with_context(lang="de_DE").body_html
        self.assertIn("Diese kommt", de)
        self.assertIn("hier ist, was", de)
        self.assertIn('t-att-lang="(object.b2b_reminder_recipient_id.lang', de)
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
