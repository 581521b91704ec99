# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""No capability in what a logged-in partner user gets (pages, links, files,
redirects carry no token), and bad or forged tokens and ids get a refusal, never
a server error. Over HTTP, as users of the competing suppliers A and B, an
anonymous visitor and A's contact without an account (test_share_revocation.py:
un-sharing)."""

import json
import re
import uuid

from odoo.tests import tagged

from .common import SHARE_SUBJECT as SUBJECT
from .common import B2bShareCommon, page_csrf_token

RECORD_LINK = r'href="(/my/b2b/(?:threads|tasks)/\d+[^"]*)"'


@tagged("post_install", "-at_install")
class TestShareLinks(B2bShareCommon):
    # ------------------------------------------------------------------
    # 2. no capability in pages of logged-in partner users
    # ------------------------------------------------------------------

    def test_pages_of_partner_users_carry_no_token(self):
        tokens = {record: record.access_token for record in (self.thread, self.task)}
        self._login("a1")
        links = set()
        for url in (
            "/my/b2b/threads",
            "/my/b2b/tasks?filterby=all",
            f"/my/b2b/threads/{self.thread.id}",
            f"/my/b2b/tasks/{self.task.id}",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertNotIn("access_token", response.text, url)
            self.assertNotRegex(response.text, r'data-token="[^"]', url)
            links |= set(re.findall(RECORD_LINK, response.text))
        self.assertIn(f"/my/b2b/threads/{self.thread.id}", links)
        self.assertIn(f"/my/b2b/tasks/{self.task.id}", links)
        for record in (self.thread, self.task):
            self.assertEqual(
                record.access_token, tokens[record], "viewing changes no token"
            )
        for key in ("b1", "public"):
            self._login(key)
            for link in links:
                self._assert_hidden(self.url_open(link), SUBJECT, "mill certificate")

    def test_partner_user_link_drops_token(self):
        """A partner user opening an emailed link (token, or Odoo's /mail/view)
        lands on the plain page: the address bar holds no capability."""
        token = self.thread._portal_ensure_token()
        self._login("a1")
        for url in (
            f"/my/b2b/threads/{self.thread.id}?access_token={token}",
            f"/mail/view?model=b2b.thread&res_id={self.thread.id}",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (302, 303), url)
            location = response.headers["Location"]
            self.assertTrue(
                location.endswith(f"/my/b2b/threads/{self.thread.id}"), location
            )
        response = self.url_open(
            f"/my/b2b/tasks/{self.task.id}?access_token={self.task._portal_ensure_token()}"
            "&b2b_message=done"
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("access_token", response.url)
        self.assertNotIn("access_token", response.text)
        self.assertIn("b2b_message=done", response.url)

    def test_file_links_of_partner_users_carry_no_token(self):
        """Partner users get the chatter's files without a token and download them
        by their rights; the link opens for nobody else, internal files for none."""
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": name,
                    "raw": content,
                    "res_model": "b2b.thread",
                    "res_id": self.thread.id,
                }
                for name, content in (
                    ("spec.txt", b"public spec"),
                    ("margin.txt", b"internal margin"),
                )
            ]
        )
        public_file, internal_file = attachments
        for attachment, subtype in zip(
            attachments, ("mail.mt_comment", "mail.mt_note"), strict=True
        ):
            self.thread.with_user(self.internal).message_post(
                body="File",
                message_type="comment",
                subtype_xmlid=subtype,
                attachment_ids=attachment.ids,
            )
        self._login("a1")
        fetched = self._json(
            "/mail/chatter_fetch",
            {"thread_model": "b2b.thread", "thread_id": self.thread.id},
        )["result"]
        files = [
            file
            for message in fetched["data"]["mail.message"]
            for file in message["attachment_ids"]
        ]
        self.assertEqual([file["id"] for file in files], public_file.ids)
        self.assertFalse(files[0]["access_token"])
        url = f"/web/content/{public_file.id}?download=true"
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"public spec")
        self._assert_hidden(
            self.url_open(f"/web/content/{internal_file.id}"), "internal margin"
        )
        for key in ("b1", "public"):
            self._login(key)
            self._assert_hidden(self.url_open(url), "public spec")

    def test_redirect_after_answer_carries_no_token(self):
        self._login("a1")
        response = self.url_open(
            f"/my/b2b/tasks/{self.task.id}/question",
            data={"csrf_token": page_csrf_token(self), "question": "Which norm?"},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertNotIn("access_token", response.headers["Location"])

    def test_token_visitor_task_page_gives_no_thread_token(self):
        """The task page opened with the task's link does not hand out the thread's."""
        token = self.task._portal_ensure_token()
        self.thread._portal_ensure_token()
        self._login("contact_a")
        response = self.url_open(f"/my/b2b/tasks/{self.task.id}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(self.thread.access_token, response.text)

    # ------------------------------------------------------------------
    # 7. bad input
    # ------------------------------------------------------------------

    def test_bad_input(self):
        token = self.task._portal_ensure_token()
        stale = self.thread._portal_ensure_token()
        self.thread.write({"partner_id": self.supplier_b.id})
        self.thread.write({"partner_id": self.supplier_a.id})
        # stale, unknown, empty, huge, doubled, another record's tokens
        thread_url = f"/my/b2b/threads/{self.thread.id}?access_token="
        task_url = f"/my/b2b/tasks/{self.task.id}?access_token="
        thread_tokens = (stale, uuid.uuid4(), "", "x" * 5000, "a&access_token=b", token)
        self._assert_refused_as(
            "public",
            [f"{thread_url}{junk}" for junk in thread_tokens]
            + [
                f"{task_url}{stale}",
                f"/my/b2b/tasks/99999999?access_token={token}",
                f"{task_url}{token}%00",
            ],
            "Traceback",
            statuses=(400, 403, 404),
        )
        # GET on the POST-only routes: refused, nothing written
        count = self._message_count(self.task)
        for suffix in ("done", "question?question=hi"):
            response = self.url_open(
                f"/my/b2b/tasks/{self.task.id}/{suffix}&access_token={token}"
                if "?" in suffix
                else f"/my/b2b/tasks/{self.task.id}/{suffix}?access_token={token}"
            )
            self.assertIn(response.status_code, (404, 405), suffix)
            self.assertNotIn("Traceback", response.text)
        # junk on the chatter routes: 4xx or an empty answer, never a 500
        for params in (
            {"thread_model": "b2b.thread", "thread_id": 99999999, "token": token},
            {"thread_model": "b2b.task", "thread_id": self.task.id, "token": ""},
            {
                "thread_model": "b2b.task",
                "thread_id": self.task.id,
                "hash": "junk",
                "pid": self.contact_a.id,
            },
        ):
            for url in ("/mail/chatter_fetch", "/portal/chatter_init"):
                self._json(url, params)
        self._login("b1")
        # (Odoo's own /mail/chatter_fetch and /mail/thread/data answer a server
        # error to a non-integer thread_id outside any hook: not checked here)
        for thread_id in ("abc", 2**40, -1):
            result = self._json(
                "/mail/message/post",
                {
                    "thread_model": "b2b.task",
                    "thread_id": thread_id,
                    "post_data": {"body": "junk"},
                },
            )
            self.assertIn("error", result)
        for junk in (
            {"token": 123},
            {"token": ["x"]},
            {"hash": 5, "pid": self.contact_a.id},
            {"hash": "x", "pid": "abc"},
        ):
            params = {"thread_model": "b2b.task", "thread_id": self.task.id, **junk}
            for url, extra in (
                ("/mail/chatter_fetch", {}),
                ("/mail/thread/data", {"request_list": ["followers"]}),
                ("/mail/message/post", {"post_data": {"body": "junk"}}),
            ):
                result = self._json(url, {**params, **extra})
                self.assertNotIn("Send the mill certificate", json.dumps(result))
        self.task.invalidate_recordset()
        self.assertEqual(self.task.state, "todo")
        self.assertEqual(self._message_count(self.task), count)
