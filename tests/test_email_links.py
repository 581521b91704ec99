# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the links and replies of our emails can do, over HTTP, as competing
suppliers A and B, an anonymous visitor (a mail scanner) and A's contact Carl, who
has no account: no GET changes anything, Carl acts on exactly A's shared records
through links signed for him, and emails from outside never reach A's users."""

import ast
import json
import re
from urllib.parse import parse_qs, urlsplit

from odoo.tests import tagged

from odoo.addons.mail.tests.common import MailCase

from .common import (
    B2bHttpCase,
    create_b2b_user,
    create_company,
    create_contact,
    create_digests,
    create_portal_user,
    create_shared_thread,
    create_task,
    page_csrf_token,
    post_comment,
)

SECRET = "Internal: their price is 20% too high"
MARKER = "review before sharing"


@tagged("post_install", "-at_install")
class TestEmailLinks(B2bHttpCase, MailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier_a = create_company(
            cls.env,
            "Supplier A",
            email="office@a.example.com",
            b2b_reminder_frequency="daily",
            tz="UTC",
        )
        cls.supplier_b = create_company(
            cls.env, "Supplier B", email="office@b.example.com"
        )
        cls.carl = create_contact(
            cls.env, cls.supplier_a, "Carl Contact", email="carl@a.example.com"
        )
        cls.dora = create_contact(
            cls.env, cls.supplier_a, "Dora Colleague", email="dora@a.example.com"
        )
        cls.supplier_a.b2b_reminder_contact_id = cls.carl
        cls.user_a, cls.user_b = (
            create_portal_user(
                cls.env, login, name=name, email=email, parent_id=company.id
            )
            for login, name, email, company in (
                ("links_a", "Alice Portal", "alice@a.example.com", cls.supplier_a),
                ("links_b", "Bob Rival", "bob@b.example.com", cls.supplier_b),
            )
        )
        cls.buyer = create_b2b_user(
            cls.env, "links_buyer", name="Bea Buyer", email="bea@ourcompany.example.com"
        )
        cls.thread = create_shared_thread(
            cls.env,
            cls.supplier_a,
            "Coating of the new part",
            state="waiting",
            user_id=cls.buyer.id,
        )
        cls.task = create_task(
            cls.env,
            cls.thread,
            "Send the material certificate",
            partner=cls.supplier_a,
            user_id=cls.buyer.id,
        )
        cls.public_message = post_comment(
            cls.task, "Please use the 3.1 certificate form"
        )
        cls.note = cls.task.message_post(body=SECRET, subtype_xmlid="mail.mt_note")
        cls.thread_message = post_comment(cls.thread, "Which coating do you recommend?")
        cls.contact_request = cls.env["b2b.contact.request"].create(
            {"partner_id": cls.supplier_a.id, "role": "Quality Manager"}
        )
        cls.contact_request.action_send()

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _path(self, url):
        parts = urlsplit(url)
        return f"{parts.path}?{parts.query}" if parts.query else parts.path

    def _ask_by_link(self, url, question):
        """Post ``question`` on the task page opened with the signed ``url``."""
        query = parse_qs(urlsplit(url).query)
        return self.url_open(
            f"/my/b2b/tasks/{self.task.id}/question",
            data={
                "csrf_token": page_csrf_token(self, url),
                "question": question,
                "pid": query["pid"][0],
                "hash": query["hash"][0],
            },
        )

    def _state(self):
        """Everything a link could change."""
        self.env.invalidate_all()
        return {
            "frequency": self.supplier_a.b2b_reminder_frequency,
            "task_states": self.env["b2b.task"].search([]).mapped("state"),
            "thread_states": self.env["b2b.thread"].search([]).mapped("state"),
            "requests": self.env["b2b.contact.request"].search([]).mapped("state"),
            "contacts": self.env["res.partner"].search_count([]),
            "messages": self.env["mail.message"].search_count([]),
        }

    def _digest(self):
        before = self.env["mail.mail"].search([])
        self.env["b2b.reminder.log"]._cron_send_reminders()
        mails = self.env["mail.mail"].search([]) - before
        return mails.filtered(
            lambda m: (
                "X-B2B-Reminder-Partner" in (m.headers or "")
                and ast.literal_eval(m.headers)["X-B2B-Reminder-Partner"]
                == str(self.supplier_a.id)
            )
        )

    def _signed_task_url(self, partner=None):
        return self._path(self.task._b2b_recipient_url(partner or self.carl))

    # ------------------------------------------------------------------
    # 3. scanner-safe digest
    # ------------------------------------------------------------------

    def test_digest_links_scanned_three_times_change_nothing(self):
        digest = self._digest()
        self.assertEqual(len(digest), 1)
        self.assertEqual(digest.email_to, self.carl.email_formatted)
        # what is really sent (Odoo strips the layout's unfollow placeholder from
        # emails of no record); links leaving our site are not ours to test
        body = digest._personalize_outgoing_body(str(digest.body_html))
        self.assertNotIn("/mail/unfollow", body)
        base_url = self.supplier_a.get_base_url()
        links = [
            link.replace("&amp;", "&")
            for link in re.findall(r'href="([^"]+)"', body)
            if link.startswith(base_url)
        ]
        self.assertGreaterEqual(len(links), 4, links)
        self.assertTrue(any("/b2b/reminders/pause/" in link for link in links))
        before = self._state()
        self.authenticate(None, None)  # a scanner has no session
        for link in links:
            self._scan(link)
        self.assertEqual(self._state(), before, "a GET on a digest link changed data")
        self.assertEqual(self.supplier_a.b2b_reminder_frequency, "daily")
        # the one-click unsubscribe of the headers: also safe to GET
        headers = ast.literal_eval(digest.headers)
        self.assertEqual(
            headers.get("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click"
        )
        self._scan(re.fullmatch(r"<(.+)>", headers["List-Unsubscribe"]).group(1))
        self.assertEqual(self._state(), before, "a GET on List-Unsubscribe paused")

    def _scan(self, link):
        for _attempt in range(3):
            response = self.url_open(self._path(link), allow_redirects=True)
            self.assertLess(response.status_code, 500, link)

    def test_digest_links_signed_for_the_recipient(self):
        body = str(self._digest().body_html).replace("&amp;", "&")
        task_link = next(
            link for link in re.findall(r'href="([^"]+)"', body) if "/tasks/" in link
        )
        query = parse_qs(urlsplit(task_link).query)
        self.assertEqual(query["pid"], [str(self.carl.id)])
        self.assertNotIn("access_token", query, "the link is for Carl only")
        self.assertNotIn(self.task.access_token, body)

    def test_one_click_unsubscribe_is_post_only(self):
        url = self._path(create_digests(self.env, self.supplier_a)._unsubscribe_url())
        self.authenticate(None, None)
        self.assertEqual(self.url_open(url).status_code, 405)
        forged = url[:-4] + "0000"
        self.assertEqual(
            self.url_open(forged, data={"List-Unsubscribe": "One-Click"}).status_code,
            403,
        )
        other = url.replace(f"/{self.supplier_a.id}/", f"/{self.supplier_b.id}/")
        self.assertEqual(
            self.url_open(other, data={"List-Unsubscribe": "One-Click"}).status_code,
            403,
        )
        self.supplier_a.invalidate_recordset()
        self.assertEqual(self.supplier_a.b2b_reminder_frequency, "daily")
        # the mail client POSTs without session nor CSRF token (RFC 8058)
        response = self.url_open(url, data={"List-Unsubscribe": "One-Click"})
        self.assertEqual(response.status_code, 200)
        self.supplier_a.invalidate_recordset()
        self.assertEqual(self.supplier_a.b2b_reminder_frequency, "never")

    # ------------------------------------------------------------------
    # 4. acting from the email without an account
    # ------------------------------------------------------------------

    def test_contact_without_account_reads_and_asks(self):
        self.authenticate(None, None)
        url = self._signed_task_url()
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Send the material certificate", page.text)
        self.assertNotIn(SECRET, page.text)
        self.assertIn(f'name="pid" value="{self.carl.id}"', page.text)
        # the portal chatter of the page reads the public messages only, with
        # the link signed for Carl (no bearer token in the page)
        self.assertNotIn("data-token=", page.text)
        fetched = self._json(
            "/mail/chatter_fetch",
            {
                "thread_model": "b2b.task",
                "thread_id": self.task.id,
                "pid": re.search(r'data-pid="(\d+)"', page.text).group(1),
                "hash": re.search(r'data-hash="([^"]+)"', page.text).group(1),
            },
        )["result"]
        self.assertIn(self.public_message.id, fetched["messages"])
        self.assertNotIn(self.note.id, fetched["messages"])
        self.assertNotIn(SECRET, json.dumps(fetched))
        # a question is posted as Carl, publicly, not as the public user
        before = self._state()
        response = self._ask_by_link(url, "   ")
        self.assertEqual(response.status_code, 400, "an empty question")
        self.assertIn(f'name="pid" value="{self.carl.id}"', response.text)
        self.assertEqual(self._state(), before)
        response = self._ask_by_link(url, "Is a 2.2 certificate enough?")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your question was sent", response.text)
        question = self.task.message_ids.filtered(
            lambda m: "2.2 certificate" in str(m.body)
        )
        self.assertEqual(question.author_id, self.carl)
        self.assertFalse(question.is_internal or question.subtype_id.internal)

    def test_contact_without_account_marks_done(self):
        self.authenticate(None, None)
        url = self._signed_task_url()
        query = parse_qs(urlsplit(url).query)
        data = {"pid": query["pid"][0], "hash": query["hash"][0]}
        # GET on the POST route: refused, nothing written
        self.assertEqual(
            self.url_open(f"/my/b2b/tasks/{self.task.id}/done").status_code, 405
        )
        self.assertEqual(self.task.state, "todo")
        response = self.url_open(
            f"/my/b2b/tasks/{self.task.id}/done",
            data={**data, "csrf_token": page_csrf_token(self, url)},
        )
        self.assertEqual(response.status_code, 200)
        self.task.invalidate_recordset()
        self.assertEqual(self.task.state, "done")
        done = self.task.message_ids.filtered(lambda m: "Marked as done" in str(m.body))
        self.assertEqual(done.author_id, self.carl)

    def test_signed_link_is_for_exactly_that_person(self):
        url = self._signed_task_url()
        query = parse_qs(urlsplit(url).query)
        path = urlsplit(url).path
        self.authenticate(None, None)
        for bad in (
            f"{path}?pid={self.dora.id}&hash={query['hash'][0]}",  # another person
            f"{path}?pid={self.carl.id}&hash={query['hash'][0][:-2]}00",  # forged
            f"{path}?pid={self.carl.id}",
            f"{path}?pid=abc&hash={query['hash'][0]}",
            f"{path}?pid=99999999999999&hash={query['hash'][0]}",
            f"/my/b2b/tasks/{self.task.id + 1000}?{urlsplit(url).query}",
            f"/my/b2b/threads/{self.thread.id}?{urlsplit(url).query}",  # other record
        ):
            self.assertEqual(self.url_open(bad).status_code, 404, bad)
        before = self._state()
        response = self.url_open(
            f"/my/b2b/tasks/{self.task.id}/done",
            data={
                "pid": self.dora.id,
                "hash": query["hash"][0],
                "csrf_token": page_csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self._state(), before)
        # competitor B, logged in, gains nothing from Carl's link
        self.authenticate("links_b", "links_b_pw")
        self.assertEqual(self.url_open(url).status_code, 404)

    def test_signed_link_dies_when_unshared_or_contact_leaves(self):
        url = self._signed_task_url()
        thread_url = self._path(self.thread._b2b_recipient_url(self.carl))
        self.authenticate(None, None)
        self.assertEqual(self.url_open(url).status_code, 200)
        thread_page = self.url_open(thread_url)
        self.assertEqual(thread_page.status_code, 200)
        self.assertIn("Coating of the new part", thread_page.text)
        self.assertIn("Send the material certificate", thread_page.text)
        self.assertIn(f"pid={self.carl.id}", thread_page.text, "task link signed too")
        self.task.is_shared = False
        self.assertEqual(self.url_open(url).status_code, 404)
        # sharing again issues a new token: the old link stays dead, a new
        # digest carries a new one
        self.task.is_shared = True
        self.assertEqual(self.url_open(url).status_code, 404)
        url = self._signed_task_url()
        self.assertEqual(self.url_open(url).status_code, 200)
        # Carl moves to supplier B: his links to A's records die
        self.carl.parent_id = self.supplier_b
        self.assertEqual(self.url_open(url).status_code, 404)
        self.assertEqual(self.url_open(thread_url).status_code, 404)
        query = parse_qs(urlsplit(url).query)
        response = self.url_open(
            f"/my/b2b/tasks/{self.task.id}/done",
            data={
                "pid": query["pid"][0],
                "hash": query["hash"][0],
                "csrf_token": page_csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 404)
        self.task.invalidate_recordset()
        self.assertEqual(self.task.state, "todo")

    def test_users_get_plain_links(self):
        url = self.task._b2b_recipient_url(self.user_a.partner_id)
        self.assertNotIn("hash=", url)
        self.assertNotIn("access_token", url)
        self.authenticate(None, None)
        response = self.url_open(self._path(url))
        self.assertIn("/web/login", response.url, "anonymous: the login page")
        self.authenticate("links_a", "links_a_pw")
        response = self.url_open(self._path(url))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Send the material certificate", response.text)

    def test_notification_buttons_per_recipient(self):
        with self.mock_mail_gateway():
            self.task.with_user(self.buyer).message_post(
                body="The deadline moves to Friday",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=(self.carl | self.user_a.partner_id).ids,
            )
        carl_mail = self._new_mails.filtered(lambda m: self.carl in m.recipient_ids)
        alice_mail = self._new_mails.filtered(
            lambda m: self.user_a.partner_id in m.recipient_ids
        )
        carl_body = str(carl_mail.body_html).replace("&amp;", "&")
        alice_body = str(alice_mail.body_html).replace("&amp;", "&")
        self.assertIn(f"pid={self.carl.id}", carl_body)
        self.assertIn(f"hash={self.task._sign_token(self.carl.id)}", carl_body)
        self.assertNotIn(self.task.access_token, carl_body)
        self.assertNotIn("hash=", alice_body)
        self.assertNotIn(self.task.access_token, alice_body)
        self.assertIn("/web/login?redirect=", alice_body)

    # ------------------------------------------------------------------
    # 6. email replies from outside
    # ------------------------------------------------------------------

    def _reply(self, message, sender, msg_id):
        message.sudo().message_id = f"<{message.id}-links@ourcompany>"
        raw = (
            f"From: {sender}\r\n"
            "To: catchall@ourcompany.example.com\r\n"
            "Subject: Re: certificate\r\n"
            f"Message-ID: <{msg_id}@outside.example.com>\r\n"
            f"In-Reply-To: <{message.id}-links@ourcompany>\r\n"
            f"References: <{message.id}-links@ourcompany>\r\n"
            "Content-Type: text/plain\r\n\r\n"
            f"Reply {msg_id}\r\n"
        )
        self.env["mail.thread"].message_process("b2b.task", raw)
        return self.env["mail.message"].search(
            [("message_id", "=", f"<{msg_id}@outside.example.com>")]
        )

    def _seen_by_a(self, message):
        return message in self.env(user=self.user_a)["mail.message"].search(
            [("model", "=", message.model), ("res_id", "=", message.res_id)]
        )

    def test_reply_from_unknown_sender_is_flagged_internal(self):
        for sender, msg_id in (
            ("Mallory <mallory@forwarded.example.com>", "unknown"),
            (self.user_b.partner_id.email_formatted, "rival"),
        ):
            reply = self._reply(self.public_message, sender, msg_id)
            self.assertEqual(reply.res_id, self.task.id, msg_id)
            self.assertTrue(reply.is_internal or reply.subtype_id.internal, msg_id)
            self.assertIn(MARKER, str(reply.body), msg_id)
            self.assertFalse(self._seen_by_a(reply), msg_id)
            self.assertNotIn(reply.author_id, self.task.message_partner_ids, msg_id)
        activities = self.task.activity_ids.filtered(
            lambda a: "unknown sender" in (a.summary or "")
        )
        self.assertEqual(len(activities), 2)
        self.assertEqual(activities.user_id, self.buyer)

    def test_reply_from_former_employee_is_flagged_internal(self):
        self.carl.parent_id = self.supplier_b
        reply = self._reply(self.public_message, self.carl.email_formatted, "former")
        self.assertEqual(reply.author_id, self.carl)
        self.assertTrue(reply.is_internal or reply.subtype_id.internal)
        self.assertIn(MARKER, str(reply.body))
        self.assertFalse(self._seen_by_a(reply))

    def test_reply_from_partner_contact_stays_public(self):
        reply = self._reply(self.public_message, self.carl.email_formatted, "carl")
        self.assertEqual(reply.author_id, self.carl)
        self.assertFalse(reply.is_internal or reply.subtype_id.internal)
        self.assertNotIn(MARKER, str(reply.body))
        self.assertTrue(self._seen_by_a(reply))
        self.assertFalse(
            self.task.activity_ids.filtered(lambda a: "unknown" in (a.summary or ""))
        )

    def test_reply_to_note_stays_internal(self):
        reply = self._reply(self.note, self.carl.email_formatted, "note")
        self.assertTrue(reply.is_internal or reply.subtype_id.internal)
        self.assertFalse(self._seen_by_a(reply))
