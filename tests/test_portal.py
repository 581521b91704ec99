# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Partners in the portal: two competing suppliers A and B, each with two portal
users, an internal user of another company and a public visitor try every route.
A's users see exactly A's shared records and public messages; B sees nothing of A;
nobody outside sees internal notes or their attachments. The same people on the
chatter, JSON and email routes: test_portal_chatter.py."""

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import PORTAL_SECRET as SECRET
from .common import (
    B2bHttpCase,
    B2bPortalAccessCommon,
    assert_query_count_flat,
    count_queries,
    create_b2b_user,
    create_company,
    create_partner_user,
    create_tour_task,
)


@tagged("post_install", "-at_install")
class TestPortalAccess(B2bPortalAccessCommon):
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
        self._assert_page(
            "/my/b2b/threads",
            shown=["Shared with A"],
            hidden=["Shared with B", "Internal about A"],
        )
        self._assert_page(
            "/my/b2b/tasks?filterby=all",
            shown=["Send certificate A", "Send drawings"],
            # the subject of an unshared thread, internal and other partners' tasks
            hidden=[
                "Internal about A",
                "Check A&#39;s margin",
                "Check A's margin",
                "Send certificate B",
            ],
        )
        home = self._json(
            "/my/counters", {"counters": ["b2b_thread_count", "b2b_task_count"]}
        )
        self.assertEqual(home["result"], {"b2b_thread_count": 1, "b2b_task_count": 2})

    def test_portal_detail_pages(self):
        self._login("a1")
        self._assert_page(
            f"/my/b2b/threads/{self.thread_a.id}",
            status=200,
            shown=["Shared call A", "Send certificate A"],
            hidden=["Internal call A", "Check A", SECRET, "margin.txt"],
        )
        self._assert_page(
            f"/my/b2b/tasks/{self.task_a.id}", status=200, shown=["Send certificate A"]
        )
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
        response = self._post_task(self.task_a, "done")
        self.assertEqual(response.status_code, 404)
        self.task_a.invalidate_recordset()
        self.assertEqual(self.task_a.state, "todo")
        # empty question: clear form error, nothing posted
        self._login("a1")
        count = len(self.task_a.message_ids)
        response = self._post_task(self.task_a, "question", question="  ")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Please write your question", response.text)
        self.task_a.invalidate_recordset()
        self.assertEqual(len(self.task_a.message_ids), count)

    def test_partner_answers_task(self):
        self._login("a2")
        response = self._post_task(self.task_a, "question", question="Which format?")
        self.assertEqual(response.status_code, 200)
        question = self.task_a.message_ids.filtered(lambda m: "Which format?" in m.body)
        self.assertEqual(question.author_id, self.portal_users["a2"].partner_id)
        self.assertFalse(question.is_internal)
        self.assertEqual(question.subtype_id, self.env.ref("mail.mt_comment"))
        response = self._post_task(self.task_a, "done")
        self.assertEqual(response.status_code, 200)
        self.task_a.invalidate_recordset()
        self.assertEqual(self.task_a.state, "done")
        # closed: no more answers
        response = self._post_task(self.task_a, "done")
        self.assertEqual(response.status_code, 400)

    # ------------------------------------------------------------------
    # preview as partner, share banner
    # ------------------------------------------------------------------

    def test_preview_as_partner(self):
        self._login("b2b_internal")
        self._assert_page(
            f"/my/b2b/threads/{self.thread_a.id}/preview",
            status=200,
            shown=["Please confirm the delivery date", "Shared call A"],
            hidden=[SECRET, "Internal call A", "Check A"],
        )
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
        cls.internal = create_b2b_user(cls.env, "tour_internal")
        cls.portal_user, cls.task = create_tour_task(
            cls.env,
            "Tour Steel",
            "tour_portal",
            "Tour Supplier User",
            user_id=cls.internal.id,
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
class TestPortalQueries(B2bHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = create_company(cls.env, "Bulk Supplier")
        create_partner_user(cls.env, cls.supplier, "Bulk User", "bulk_portal")

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
        queries, response = count_queries(self.cr, lambda: self.url_open(url))
        self.assertEqual(response.status_code, 200)
        return queries

    def test_list_pages_bounded_queries(self):
        """Portal lists cost the same number of queries for 10 or 1,000 records."""
        self.authenticate("bulk_portal", "bulk_portal_pw")
        urls = ("/my/b2b/threads", "/my/b2b/tasks")

        def measure(size):
            shared = [("partner_id", "=", self.supplier.id)]
            self._seed(size - self.env["b2b.thread"].search_count(shared))
            return tuple(self._count_queries(url) for url in urls)

        counts = assert_query_count_flat(self, measure, (10, 1000))
        for url, queries in zip(urls, counts[10], strict=True):
            self.assertGreater(queries, 5, url)  # the request runs on the test cursor
            self.assertLessEqual(queries, 40, url)
