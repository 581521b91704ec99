# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Partners in the portal: two competing suppliers A and B, each with two portal
users, an internal user of another company and a public visitor try every route.
A's users see exactly A's shared records and public messages; B sees nothing of A;
nobody outside sees internal notes or their attachments."""

import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.mail.tests.common import MailCase

from .common import page_csrf_token

SECRET = "Their price is 20% too high, switch supplier in Q3"


@tagged("post_install", "-at_install")
class TestPortalAccess(HttpCase, MailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        Partner = cls.env["res.partner"]
        cls.supplier_a = Partner.create({"name": "Supplier A", "is_company": True})
        cls.supplier_b = Partner.create({"name": "Supplier B", "is_company": True})
        cls.portal_users = {}
        for key, company in (
            ("a1", cls.supplier_a),
            ("a2", cls.supplier_a),
            ("b1", cls.supplier_b),
            ("b2", cls.supplier_b),
        ):
            partner = Partner.create(
                {
                    "name": f"Portal {key}",
                    "parent_id": company.id,
                    "email": f"{key}@suppliers.example.com",
                }
            )
            cls.portal_users[key] = new_test_user(
                cls.env,
                login=f"portal_{key}",
                password=f"portal_{key}_pw",
                groups="base.group_portal",
                partner_id=partner.id,
            )
        cls.internal = new_test_user(
            cls.env,
            login="b2b_internal",
            password="b2b_internal_pw",
            groups="base.group_user,b2b_communication.group_b2b_user",
            email="internal@ourcompany.example.com",
        )
        other_company = cls.env["res.company"].create({"name": "Elsewhere Inc"})
        cls.outsider = new_test_user(
            cls.env,
            login="b2b_outsider",
            password="b2b_outsider_pw",
            groups="base.group_user,b2b_communication.group_b2b_user",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        Thread = cls.env["b2b.thread"]
        cls.thread_a = Thread.create(
            {
                "subject": "Shared with A",
                "partner_id": cls.supplier_a.id,
                "is_shared": True,
            }
        )
        cls.thread_a_internal = Thread.create(
            {"subject": "Internal about A", "partner_id": cls.supplier_a.id}
        )
        cls.thread_b = Thread.create(
            {
                "subject": "Shared with B",
                "partner_id": cls.supplier_b.id,
                "is_shared": True,
            }
        )
        Task = cls.env["b2b.task"]
        cls.task_a = Task.create(
            {
                "name": "Send certificate A",
                "thread_id": cls.thread_a.id,
                "partner_id": cls.supplier_a.id,
                "user_id": cls.internal.id,
            }
        )
        cls.task_a_internal = Task.create(
            {"name": "Check A's margin", "thread_id": cls.thread_a.id}
        )
        cls.task_in_internal_thread = Task.create(
            {
                "name": "Send drawings",
                "thread_id": cls.thread_a_internal.id,
                "partner_id": cls.supplier_a.id,
            }
        )
        cls.task_b = Task.create(
            {
                "name": "Send certificate B",
                "thread_id": cls.thread_b.id,
                "partner_id": cls.supplier_b.id,
            }
        )
        Comm = cls.env["b2b.communication"]
        cls.comm_a_shared = Comm.create(
            {"name": "Shared call A", "thread_id": cls.thread_a.id, "is_shared": True}
        )
        cls.comm_a_internal = Comm.create(
            {"name": "Internal call A", "thread_id": cls.thread_a.id}
        )
        # messages: one public, one internal note with an attachment
        cls.public_message = cls.thread_a.with_user(cls.internal).message_post(
            body="Please confirm the delivery date",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.secret_attachment = cls.env["ir.attachment"].create(
            {
                "name": "margin.txt",
                "raw": SECRET.encode(),
                "res_model": "b2b.thread",
                "res_id": cls.thread_a.id,
            }
        )
        cls.internal_note = cls.thread_a.with_user(cls.internal).message_post(
            body=SECRET,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachment_ids=cls.secret_attachment.ids,
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _login(self, key):
        if key == "public":
            self.authenticate(None, None)
        elif key in self.portal_users:
            self.authenticate(f"portal_{key}", f"portal_{key}_pw")
        else:
            self.authenticate(key, f"{key}_pw")

    def _csrf(self):
        return page_csrf_token(self)

    def _json(self, url, params):
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def _rpc(self, model, method, args, kwargs=None):
        return self._json(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    # ------------------------------------------------------------------
    # ORM: record rules
    # ------------------------------------------------------------------

    def test_record_rules(self):
        for key, expected_threads, expected_tasks, expected_comms in (
            (
                "a1",
                self.thread_a,
                self.task_a | self.task_in_internal_thread,
                self.comm_a_shared,
            ),
            (
                "a2",
                self.thread_a,
                self.task_a | self.task_in_internal_thread,
                self.comm_a_shared,
            ),
            ("b1", self.thread_b, self.task_b, self.env["b2b.communication"]),
        ):
            env = self.env(user=self.portal_users[key])
            self.assertEqual(env["b2b.thread"].search([]), expected_threads, key)
            self.assertEqual(env["b2b.task"].search([]), expected_tasks, key)
            self.assertEqual(env["b2b.communication"].search([]), expected_comms, key)
        env_b = self.env(user=self.portal_users["b1"])
        for record in (
            self.thread_a,
            self.task_a,
            self.comm_a_shared,
            self.thread_a_internal,
        ):
            with self.assertRaises(AccessError):
                record.with_env(env_b).read(["display_name"])
        env_a = self.env(user=self.portal_users["a1"])
        with self.assertRaises(AccessError):
            self.thread_a.with_env(env_a).write({"subject": "hacked"})
        with self.assertRaises(AccessError):
            env_a["b2b.task"].create({"name": "x", "thread_id": self.thread_a.id})

    def test_messages_and_tracking_by_orm(self):
        env_a = self.env(user=self.portal_users["a1"])
        messages = env_a["mail.message"].search(
            [("model", "=", "b2b.thread"), ("res_id", "=", self.thread_a.id)]
        )
        self.assertIn(self.public_message, messages)
        self.assertNotIn(self.internal_note, messages)
        with self.assertRaises(AccessError):
            self.internal_note.with_env(env_a).read(["body"])
        with self.assertRaises(AccessError):
            env_a["mail.tracking.value"].search([])
        with self.assertRaises(AccessError):
            self.secret_attachment.with_env(env_a).read(["raw"])

    # ------------------------------------------------------------------
    # portal pages
    # ------------------------------------------------------------------

    def test_portal_lists(self):
        self._login("a1")
        page = self.url_open("/my/b2b/threads").text
        self.assertIn("Shared with A", page)
        self.assertNotIn("Shared with B", page)
        self.assertNotIn("Internal about A", page)
        page = self.url_open("/my/b2b/tasks?filterby=all").text
        self.assertIn("Send certificate A", page)
        self.assertIn("Send drawings", page)
        self.assertNotIn("Internal about A", page, "subject of an unshared thread")
        self.assertNotIn("Check A&#39;s margin", page)
        self.assertNotIn("Check A's margin", page)
        self.assertNotIn("Send certificate B", page)
        home = self._json(
            "/my/counters", {"counters": ["b2b_thread_count", "b2b_task_count"]}
        )
        self.assertEqual(home["result"], {"b2b_thread_count": 1, "b2b_task_count": 2})

    def test_portal_detail_pages(self):
        self._login("a1")
        response = self.url_open(f"/my/b2b/threads/{self.thread_a.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Shared call A", response.text)
        self.assertIn("Send certificate A", response.text)
        for hidden in ("Internal call A", "Check A", SECRET, "margin.txt"):
            self.assertNotIn(hidden, response.text)
        response = self.url_open(f"/my/b2b/tasks/{self.task_a.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Send certificate A", response.text)
        # other partner's ids, unshared ids, unknown ids, non-integer ids
        for url in (
            f"/my/b2b/threads/{self.thread_b.id}",
            f"/my/b2b/threads/{self.thread_a_internal.id}",
            f"/my/b2b/tasks/{self.task_b.id}",
            f"/my/b2b/tasks/{self.task_a_internal.id}",
            "/my/b2b/threads/99999999",
            "/my/b2b/threads/abc",
            "/my/b2b/tasks/1.5",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn("Traceback", response.text)

    def test_access_token_of_another_record(self):
        self._login("b1")
        token_b = self.thread_b.sudo()._portal_ensure_token()
        response = self.url_open(
            f"/my/b2b/threads/{self.thread_a.id}?access_token={token_b}"
        )
        self.assertEqual(response.status_code, 404)
        self._login("public")
        response = self.url_open(
            f"/my/b2b/threads/{self.thread_a.id}?access_token={token_b}"
        )
        self.assertEqual(response.status_code, 404)
        response = self.url_open(f"/my/b2b/threads/{self.thread_a.id}")
        self.assertEqual(response.status_code, 404)

    def test_public_visitor(self):
        self._login("public")
        response = self.url_open("/my/b2b/threads", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_bad_input(self):
        self._login("a1")
        self.assertEqual(self.url_open("/my/b2b/threads?sortby=evil").status_code, 400)
        self.assertEqual(self.url_open("/my/b2b/tasks?filterby=nope").status_code, 400)
        response = self.url_open("/my/b2b/threads/page/999999")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Shared with A", response.text, "a huge page shows the last page")
        # POST without CSRF token: refused by Odoo, nothing written
        response = self.url_open(
            f"/my/b2b/tasks/{self.task_a.id}/done", data={"x": "1"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.task_a.state, "todo")
        # another partner's task: 404, nothing written
        self._login("b1")
        response = self.url_open(
            f"/my/b2b/tasks/{self.task_a.id}/done",
            data={"csrf_token": self._csrf()},
        )
        self.assertEqual(response.status_code, 404)
        self.task_a.invalidate_recordset()
        self.assertEqual(self.task_a.state, "todo")
        # empty question: clear form error, nothing posted
        self._login("a1")
        count = len(self.task_a.message_ids)
        response = self.url_open(
            f"/my/b2b/tasks/{self.task_a.id}/question",
            data={"csrf_token": self._csrf(), "question": "  "},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Please write your question", response.text)
        self.task_a.invalidate_recordset()
        self.assertEqual(len(self.task_a.message_ids), count)

    def test_partner_answers_task(self):
        self._login("a2")
        response = self.url_open(
            f"/my/b2b/tasks/{self.task_a.id}/question",
            data={"csrf_token": self._csrf(), "question": "Which format?"},
        )
        self.assertEqual(response.status_code, 200)
        question = self.task_a.message_ids.filtered(lambda m: "Which format?" in m.body)
        self.assertEqual(question.author_id, self.portal_users["a2"].partner_id)
        self.assertFalse(question.is_internal)
        self.assertEqual(question.subtype_id, self.env.ref("mail.mt_comment"))
        response = self.url_open(
            f"/my/b2b/tasks/{self.task_a.id}/done",
            data={"csrf_token": self._csrf()},
        )
        self.assertEqual(response.status_code, 200)
        self.task_a.invalidate_recordset()
        self.assertEqual(self.task_a.state, "done")
        # closed: no more answers
        response = self.url_open(
            f"/my/b2b/tasks/{self.task_a.id}/done",
            data={"csrf_token": self._csrf()},
        )
        self.assertEqual(response.status_code, 400)

    # ------------------------------------------------------------------
    # JSON routes: chatter, mail, discuss, RPC
    # ------------------------------------------------------------------

    def test_chatter_routes(self):
        self._login("a1")
        fetched = self._json(
            "/mail/chatter_fetch",
            {"thread_model": "b2b.thread", "thread_id": self.thread_a.id},
        )["result"]
        ids = fetched["messages"]
        self.assertIn(self.public_message.id, ids)
        self.assertNotIn(self.internal_note.id, ids)
        self.assertNotIn(SECRET, json.dumps(fetched))
        # the back-office route hides internal notes from share users as well
        result = self._json(
            "/mail/thread/messages",
            {"thread_model": "b2b.thread", "thread_id": self.thread_a.id},
        )
        self.assertNotIn(SECRET, json.dumps(result))
        # thread data: attachments of internal notes are not listed
        result = self._json(
            "/mail/thread/data",
            {
                "thread_model": "b2b.thread",
                "thread_id": self.thread_a.id,
                "request_list": ["attachments", "followers"],
            },
        )
        self.assertNotIn("margin.txt", json.dumps(result))
        # another partner's thread: nothing
        self._login("b1")
        for url, params in (
            (
                "/mail/chatter_fetch",
                {"thread_model": "b2b.thread", "thread_id": self.thread_a.id},
            ),
            (
                "/mail/thread/messages",
                {"thread_model": "b2b.thread", "thread_id": self.thread_a.id},
            ),
            (
                "/portal/chatter_init",
                {"thread_model": "b2b.thread", "thread_id": self.thread_a.id},
            ),
            (
                "/mail/thread/data",
                {
                    "thread_model": "b2b.thread",
                    "thread_id": self.thread_a.id,
                    "request_list": ["attachments"],
                },
            ),
        ):
            result = self._json(url, params)
            dumped = json.dumps(result)
            for hidden in (SECRET, "Please confirm the delivery date", "margin.txt"):
                self.assertNotIn(hidden, dumped, url)

    def test_message_post_and_fetch_by_json(self):
        # B cannot post on A's thread
        self._login("b1")
        count = self.env["mail.message"].search_count(
            [("model", "=", "b2b.thread"), ("res_id", "=", self.thread_a.id)]
        )
        result = self._json(
            "/mail/message/post",
            {
                "thread_model": "b2b.thread",
                "thread_id": self.thread_a.id,
                "post_data": {"body": "B was here", "message_type": "comment"},
            },
        )
        self.assertIn("error", result)
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("model", "=", "b2b.thread"), ("res_id", "=", self.thread_a.id)]
            ),
            count,
        )
        # A replies: a public message of A's user
        self._login("a1")
        result = self._json(
            "/mail/message/post",
            {
                "thread_model": "b2b.thread",
                "thread_id": self.thread_a.id,
                "post_data": {
                    "body": "Delivery on Monday",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        self.assertNotIn("error", result)
        reply = self.env["mail.message"].search(
            [
                ("model", "=", "b2b.thread"),
                ("res_id", "=", self.thread_a.id),
                ("body", "ilike", "Delivery on Monday"),
            ]
        )
        self.assertEqual(reply.author_id, self.portal_users["a1"].partner_id)
        # A cannot make the internal note public
        result = self._json(
            "/mail/update_is_internal",
            {"message_id": self.internal_note.id, "is_internal": False},
        )
        self.assertIn("error", result)
        self.assertTrue(self.internal_note.subtype_id.internal)
        # RPC on mail.message, tracking values and attachments
        result = self._rpc(
            "mail.message",
            "search_read",
            [[["model", "=", "b2b.thread"], ["res_id", "=", self.thread_a.id]]],
            {"fields": ["body"]},
        )
        self.assertNotIn(SECRET, json.dumps(result))
        self.assertIn("Please confirm the delivery date", json.dumps(result))
        result = self._rpc("mail.message", "read", [[self.internal_note.id], ["body"]])
        self.assertIn("error", result)
        result = self._rpc(
            "mail.tracking.value", "search_read", [[]], {"fields": ["id"]}
        )
        self.assertIn("error", result)
        for method, args in (
            ("read", [[self.secret_attachment.id], ["raw"]]),
            ("search_read", [[["res_model", "=", "b2b.thread"]]]),
        ):
            result = self._rpc("ir.attachment", method, args)
            self.assertNotIn(SECRET, json.dumps(result))
            self.assertNotIn("margin.txt", json.dumps(result))
        response = self.url_open(f"/web/content/{self.secret_attachment.id}")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(SECRET, response.text)

    def test_outsider_internal_user(self):
        """An internal user of another company reads nothing of the thread."""
        self._login("b2b_outsider")
        result = self._rpc("b2b.thread", "read", [[self.thread_a.id], ["subject"]])
        self.assertIn("error", result)
        result = self._json(
            "/mail/thread/messages",
            {"thread_model": "b2b.thread", "thread_id": self.thread_a.id},
        )
        self.assertNotIn(SECRET, json.dumps(result))

    # ------------------------------------------------------------------
    # emails
    # ------------------------------------------------------------------

    def test_internal_note_never_emailed_to_partner(self):
        thread = self.thread_a.with_context(mail_notrack=False, tracking_disable=False)
        partner_a1 = self.portal_users["a1"].partner_id
        thread.message_subscribe(partner_ids=partner_a1.ids)
        with self.mock_mail_gateway():
            # even when the partner is named explicitly on the note
            thread.with_user(self.internal).message_post(
                body=SECRET,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                partner_ids=partner_a1.ids,
            )
        self.assertFalse(
            self._new_mails.filtered(lambda m: partner_a1 in m.recipient_ids),
            "internal note emailed to the partner",
        )
        with self.mock_mail_gateway():
            thread.with_user(self.internal).message_post(
                body="Public update",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertTrue(
            self._new_mails.filtered(lambda m: partner_a1 in m.recipient_ids),
            "a message sent to the partner reaches its followers",
        )

    def test_email_reply_to_internal_note_stays_internal(self):
        partner_a1 = self.portal_users["a1"].partner_id
        note = self.internal_note
        self.env["mail.message"].browse(
            note.id
        ).sudo().message_id = "<note-123@ourcompany>"
        raw = (
            "From: Portal a1 <a1@suppliers.example.com>\r\n"
            "To: catchall@ourcompany.example.com\r\n"
            "Subject: Re: note\r\n"
            "Message-ID: <reply-1@suppliers.example.com>\r\n"
            "In-Reply-To: <note-123@ourcompany>\r\n"
            "References: <note-123@ourcompany>\r\n"
            "Content-Type: text/plain\r\n\r\n"
            "Answer to the note\r\n"
        )
        self.env["mail.thread"].message_process("b2b.thread", raw)
        reply = self.env["mail.message"].search(
            [("message_id", "=", "<reply-1@suppliers.example.com>")]
        )
        self.assertEqual(reply.res_id, self.thread_a.id)
        self.assertTrue(
            reply.is_internal or reply.subtype_id.internal, "reply stays internal"
        )
        self.assertNotIn(
            reply,
            self.env(user=self.portal_users["a1"])["mail.message"].search(
                [("model", "=", "b2b.thread"), ("res_id", "=", self.thread_a.id)]
            ),
        )
        # an unknown sender gains no access
        self.assertNotIn(partner_a1, self.thread_a.message_partner_ids)

    def test_email_reply_from_partner_lands_public(self):
        """A partner user answering a message by email posts a public reply."""
        partner_a1 = self.portal_users["a1"].partner_id
        public = self.env["mail.message"].browse(self.public_message.id).sudo()
        public.message_id = "<public-1@ourcompany>"
        raw = (
            f"From: Portal a1 <{partner_a1.email}>\r\n"
            "To: catchall@ourcompany.example.com\r\n"
            "Subject: Re: delivery date\r\n"
            "Message-ID: <reply-2@suppliers.example.com>\r\n"
            "In-Reply-To: <public-1@ourcompany>\r\n"
            "References: <public-1@ourcompany>\r\n"
            "Content-Type: text/plain\r\n\r\n"
            "Delivery confirmed for Friday\r\n"
        )
        self.env["mail.thread"].message_process("b2b.thread", raw)
        reply = self.env["mail.message"].search(
            [("message_id", "=", "<reply-2@suppliers.example.com>")]
        )
        self.assertEqual(reply.res_id, self.thread_a.id)
        self.assertEqual(reply.author_id, partner_a1)
        self.assertFalse(reply.is_internal or reply.subtype_id.internal)
        visible = self.env(user=self.portal_users["a2"])["mail.message"].search(
            [("model", "=", "b2b.thread"), ("res_id", "=", self.thread_a.id)]
        )
        self.assertIn(reply, visible, "the partner's colleagues see the reply")

    # ------------------------------------------------------------------
    # preview as partner, share banner
    # ------------------------------------------------------------------

    def test_preview_as_partner(self):
        self._login("b2b_internal")
        response = self.url_open(f"/my/b2b/threads/{self.thread_a.id}/preview")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Please confirm the delivery date", response.text)
        self.assertIn("Shared call A", response.text)
        for hidden in (SECRET, "Internal call A", "Check A"):
            self.assertNotIn(hidden, response.text)
        response = self.url_open(f"/my/b2b/threads/{self.thread_a_internal.id}/preview")
        self.assertIn("not shared", response.text)
        self._login("a1")
        response = self.url_open(f"/my/b2b/threads/{self.thread_a.id}/preview")
        self.assertIn(response.status_code, (403, 404))

    def test_share_info(self):
        self.assertIn("Supplier A", self.thread_a.b2b_share_info)
        self.assertIn("2", self.thread_a.b2b_share_info)
        self.assertIn("Internal", self.thread_a_internal.b2b_share_info)


@tagged("post_install", "-at_install")
class TestPortalTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        supplier = cls.env["res.partner"].create(
            {"name": "Tour Steel", "is_company": True}
        )
        partner = cls.env["res.partner"].create(
            {
                "name": "Tour Supplier User",
                "parent_id": supplier.id,
                "email": "t@steel.example.com",
            }
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="tour_portal",
            password="tour_portal_pw",
            groups="base.group_portal",
            partner_id=partner.id,
        )
        cls.internal = new_test_user(
            cls.env,
            login="tour_internal",
            groups="base.group_user,b2b_communication.group_b2b_user",
        )
        thread = cls.env["b2b.thread"].create(
            {
                "subject": "Certificates 2027",
                "partner_id": supplier.id,
                "is_shared": True,
            }
        )
        cls.task = cls.env["b2b.task"].create(
            {
                "name": "Send the 3.1 certificate",
                "thread_id": thread.id,
                "partner_id": supplier.id,
                "user_id": cls.internal.id,
            }
        )

    def test_portal_user_replies_on_task(self):
        self.start_tour(
            "/my/b2b/tasks", "b2b_portal_task_reply_tour", login="tour_portal"
        )
        # the internal user sees the reply in the back office
        messages = (
            self.env["mail.message"]
            .with_user(self.internal)
            .search(
                [
                    ("model", "=", "b2b.task"),
                    ("res_id", "=", self.task.id),
                    ("body", "ilike", "certificate is attached"),
                ]
            )
        )
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages.author_id, self.portal_user.partner_id)
        self.assertFalse(messages.is_internal)


@tagged("post_install", "-at_install")
class TestPortalQueries(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Bulk Supplier", "is_company": True}
        )
        partner = cls.env["res.partner"].create(
            {"name": "Bulk User", "parent_id": cls.supplier.id}
        )
        new_test_user(
            cls.env,
            login="bulk_portal",
            password="bulk_portal_pw",
            groups="base.group_portal",
            partner_id=partner.id,
        )

    def _seed(self, count):
        threads = self.env["b2b.thread"].create(
            [
                {
                    "subject": f"Bulk {i}",
                    "partner_id": self.supplier.id,
                    "is_shared": True,
                }
                for i in range(count)
            ]
        )
        self.env["b2b.task"].create(
            [
                {
                    "name": f"Bulk task {i}",
                    "thread_id": thread.id,
                    "partner_id": self.supplier.id,
                }
                for i, thread in enumerate(threads)
            ]
        )
        self.env.flush_all()

    def _count_queries(self, url):
        self.url_open(url)  # warm-up: caches, assets
        start = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - start

    def test_list_pages_bounded_queries(self):
        """Portal lists cost the same number of queries for 10 or 1,000 records."""
        self.authenticate("bulk_portal", "bulk_portal_pw")
        self._seed(10)
        small = {
            url: self._count_queries(url)
            for url in ("/my/b2b/threads", "/my/b2b/tasks")
        }
        self._seed(990)
        large = {
            url: self._count_queries(url)
            for url in ("/my/b2b/threads", "/my/b2b/tasks")
        }
        for url, queries in small.items():
            self.assertGreater(queries, 5, url)  # the request runs on the test cursor
            self.assertLessEqual(queries, 40, url)
            self.assertEqual(
                large[url], queries, f"{url}: {queries} -> {large[url]} queries"
            )
