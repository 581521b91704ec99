# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sharing is the single source of truth: a thread, task or communication that is
not shared (never, or no more) is reachable by nobody outside our company, by any
route, with or without a token. Acts over HTTP as users of the competing suppliers
A and B, an anonymous visitor and A's contact without an account. What pages and
links carry, and bad input: test_share_links.py."""

import base64
import json
import re
import uuid

from odoo.tests import tagged

from .common import SHARE_SUBJECT as SUBJECT
from .common import B2bShareCommon, page_csrf_token

LATE = "Posted after un-sharing: we go with another supplier"


@tagged("post_install", "-at_install")
class TestShareRevocation(B2bShareCommon):
    # ------------------------------------------------------------------
    # 1. revocation
    # ------------------------------------------------------------------

    def test_unshared_thread_old_link_dead(self):
        """The reported bug: B opens A's thread with an old link after un-sharing
        and sees its subject and a message posted after un-sharing."""
        token = self.thread._portal_ensure_token()
        url = f"/my/b2b/threads/{self.thread.id}?access_token={token}"
        self._login("public")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, "the link works while shared")
        self.assertIn(SUBJECT, response.text)
        # a link grants nothing to a logged-in user: B's rights decide
        self._login("b1")
        self._assert_hidden(self.url_open(url), SUBJECT)
        self._unshare(self.thread)
        self._post(self.thread, LATE)
        for key in ("b1", "a1", "public", "contact_a"):
            self._login(key)
            self._assert_hidden(self.url_open(url), SUBJECT, LATE)
            # the page's chatter, as the browser would load it with the token
            result = self._json(
                "/mail/chatter_fetch",
                {
                    "thread_model": "b2b.thread",
                    "thread_id": self.thread.id,
                    "token": token,
                },
            )
            self.assertNotIn(LATE, json.dumps(result))

    def test_link_opens_shared_thread_for_visitor(self):
        """A contact without an account opens the shared thread with its link
        (without seeing the thread's tasks or communications: they have their own
        links)."""
        token = self.thread._portal_ensure_token()
        self._login("contact_a")
        response = self.url_open(
            f"/my/b2b/threads/{self.thread.id}?access_token={token}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(SUBJECT, response.text)
        self.assertNotIn("Send the mill certificate", response.text)
        self.assertNotIn("Call about nickel", response.text)

    def test_unshared_thread_mail_routes_dead(self):
        """Odoo's chatter routes with the old token give nothing and write nothing."""
        attachment_token = self._shared_attachment_token()
        token = self.thread._portal_ensure_token()
        self._unshare(self.thread)
        late = self._post(self.thread, LATE)
        for key in ("b1", "public"):
            self._login(key)
            self._assert_mail_routes_dead(self.thread, token, late)
            response = self.url_open(
                f"/web/content/{self.attachment.id}?access_token={attachment_token}"
            )
            self._assert_hidden(response, "drawing content")
            response = self.url_open(
                f"/mail/view?model=b2b.thread&res_id={self.thread.id}"
                f"&access_token={token}"
            )
            self.assertNotIn(SUBJECT, response.text)
            self.assertNotIn(LATE, response.text)

    def _shared_attachment_token(self):
        """A file posted on the shared thread, its link as the portal chatter gives
        it to a visitor with the thread's link (Odoo's per-file access token)."""
        self.attachment = self.env["ir.attachment"].create(
            {
                "name": "drawing.txt",
                "datas": base64.b64encode(b"drawing content"),
                "res_model": "b2b.thread",
                "res_id": self.thread.id,
            }
        )
        self.thread.with_user(self.internal).message_post(
            body="See the drawing",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=self.attachment.ids,
        )
        self._login("contact_a")
        fetched = self._json(
            "/mail/chatter_fetch",
            {
                "thread_model": "b2b.thread",
                "thread_id": self.thread.id,
                "token": self.thread._portal_ensure_token(),
            },
        )["result"]
        token = re.search(r'"access_token": "([^"]+)"', json.dumps(fetched))
        self.assertTrue(token, "the portal chatter gives a link to the file")
        response = self.url_open(
            f"/web/content/{self.attachment.id}?access_token={token.group(1)}"
        )
        self.assertEqual(response.status_code, 200)
        return token.group(1)

    def _assert_mail_routes_dead(self, record, token, late_message):
        base = {"thread_model": record._name, "thread_id": record.id, "token": token}
        count = self._message_count(record)
        result = self._json("/mail/chatter_fetch", base)
        self.assertNotIn(LATE, json.dumps(result))
        result = self._json("/portal/chatter_init", base)
        self.assertNotIn(LATE, json.dumps(result))
        result = self._json(
            "/mail/thread/data", {**base, "request_list": ["followers"]}
        )
        self.assertNotIn(SUBJECT, json.dumps(result))
        self.assertNotIn('"hasReadAccess": true', json.dumps(result))
        result = self._json(
            "/mail/message/post",
            {
                **base,
                "post_data": {"body": "Still here?", "message_type": "comment"},
            },
        )
        self.assertIn("error", result)
        self.assertEqual(self._message_count(record), count, "nothing posted")
        attachments = self.env["ir.attachment"].search_count([])
        response = self.url_open(
            "/mail/attachment/upload",
            data={
                "thread_model": record._name,
                "thread_id": record.id,
                "token": token,
                "csrf_token": page_csrf_token(self),
            },
            files={"ufile": ("evil.txt", b"evil", "text/plain")},
        )
        self.assertIn(response.status_code, (403, 404))
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)
        response = self.url_open(
            f"/mail/avatar/mail.message/{late_message.id}/author_avatar/50x50"
            f"?access_token={token}"
        )
        self.assertLess(response.status_code, 500)

    def test_unshared_task_old_link_dead(self):
        """A task's token stops opening the page, marking done and asking."""
        token = self.task._portal_ensure_token()
        self._unshare(self.task)
        for key in ("b1", "a1", "contact_a"):
            self._login(key)
            response = self.url_open(
                f"/my/b2b/tasks/{self.task.id}?access_token={token}"
            )
            self._assert_hidden(response, "Send the mill certificate")
            count = self._message_count(self.task)
            for suffix, data in (("done", {}), ("question", {"question": "Hello?"})):
                response = self.url_open(
                    f"/my/b2b/tasks/{self.task.id}/{suffix}",
                    data={
                        "csrf_token": page_csrf_token(self),
                        "access_token": token,
                        **data,
                    },
                )
                self.assertIn(response.status_code, (403, 404), suffix)
            self.task.invalidate_recordset()
            self.assertEqual(self.task.state, "todo")
            self.assertEqual(self._message_count(self.task), count)
            self._assert_mail_routes_dead(self.task, token, self._post(self.task, LATE))

    def test_token_of_unshared_record_never_validates(self):
        """A token minted while the record was internal opens nothing."""
        thread = self.env["b2b.thread"].create(
            {"subject": "Internal only", "partner_id": self.supplier_a.id}
        )
        token = thread._portal_ensure_token()
        self._post(thread, LATE)
        for key in ("a1", "b1", "public"):
            self._login(key)
            response = self.url_open(
                f"/my/b2b/threads/{thread.id}?access_token={token}"
            )
            self._assert_hidden(response, "Internal only", LATE)
            self._assert_mail_routes_dead(thread, token, self._post(thread, LATE))

    def test_token_exists_from_sharing_on(self):
        """Emails sign their links with the token: a record gets it when it is
        shared (a digest writes nothing to sign), never before."""
        thread = self.env["b2b.thread"].create(
            {"subject": "Later", "partner_id": self.supplier_a.id}
        )
        self.assertFalse(thread.access_token, "not shared, no token")
        thread.is_shared = True
        self.assertTrue(thread.access_token)
        task = self.env["b2b.task"].create(
            {"name": "Send it", "thread_id": thread.id, "is_shared": True}
        )
        self.assertTrue(task.access_token)

    def test_reshare_issues_new_token(self):
        old = self.thread._portal_ensure_token()
        self._unshare(self.thread)
        self.assertFalse(self.thread.access_token, "un-sharing clears the token")
        self.thread.write({"is_shared": True})
        new = self.thread._portal_ensure_token()
        self.assertNotEqual(old, new)
        self._login("public")
        response = self.url_open(f"/my/b2b/threads/{self.thread.id}?access_token={old}")
        self._assert_hidden(response, SUBJECT)
        response = self.url_open(f"/my/b2b/threads/{self.thread.id}?access_token={new}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(SUBJECT, response.text)

    def test_partner_change_revokes_links(self):
        """Links given to the old partner die when the record changes partner,
        also the links of the thread's tasks that follow its partner."""
        task = self.env["b2b.task"].create(
            {
                "name": "Follow the thread",
                "thread_id": self.thread.id,
                "is_shared": True,
            }
        )
        thread_token = self.thread._portal_ensure_token()
        task_token = task._portal_ensure_token()
        addressed_token = self.task._portal_ensure_token()
        self.thread.write({"partner_id": self.supplier_b.id})
        self.task.write({"partner_id": self.supplier_b.id})
        self._assert_refused_as(
            "public",
            [
                f"/my/b2b/threads/{self.thread.id}?access_token={thread_token}",
                f"/my/b2b/tasks/{task.id}?access_token={task_token}",
                f"/my/b2b/tasks/{self.task.id}?access_token={addressed_token}",
            ],
            SUBJECT,
        )
        # the new partner's users see it through their record rules
        self._login("b1")
        self.assertEqual(
            self.url_open(f"/my/b2b/threads/{self.thread.id}").status_code, 200
        )
        self._login("a1")
        self._assert_hidden(self.url_open(f"/my/b2b/threads/{self.thread.id}"), SUBJECT)

    def test_contact_moving_company_revokes_links(self):
        """A thread addressed to a person: when the person moves to another company,
        the links given out before die (the audience changed)."""
        thread = self.env["b2b.thread"].create(
            {"subject": SUBJECT, "partner_id": self.contact_a.id, "is_shared": True}
        )
        token = thread._portal_ensure_token()
        self.contact_a.write({"parent_id": self.supplier_b.id})
        self.assertNotEqual(thread.access_token, token, "a new audience, a new token")
        self._assert_refused_as(
            "public", [f"/my/b2b/threads/{thread.id}?access_token={token}"], SUBJECT
        )

    def test_unshared_gone_from_lists_counters_digests(self):
        self._login("a1")
        counters = ["b2b_thread_count", "b2b_task_count"]
        self.assertEqual(
            self._json("/my/counters", {"counters": counters})["result"],
            {"b2b_thread_count": 1, "b2b_task_count": 1},
        )
        self._unshare(self.thread)
        self._unshare(self.task)
        self.assertEqual(
            self._json("/my/counters", {"counters": counters})["result"],
            {"b2b_thread_count": 0, "b2b_task_count": 0},
        )
        for url in ("/my/b2b/threads", "/my/b2b/tasks?filterby=all"):
            page = self.url_open(url).text
            self.assertNotIn(SUBJECT, page)
            self.assertNotIn("Send the mill certificate", page)
        self.thread.write({"state": "waiting"})
        digest = self.env["b2b.reminder.log"]._digest_rows(self.supplier_a.ids)
        self.assertFalse(digest["task_ids"].get(self.supplier_a.id))
        self.assertFalse(digest["thread_ids"].get(self.supplier_a.id))

    def test_communication_not_reachable_by_token(self):
        """Communications have no token of their own: no /mail route opens one for
        an outsider, shared or not, and junk tokens give no server error."""
        for key in ("b1", "public"):
            self._login(key)
            for token in ("x", str(uuid.uuid4())):
                base = {
                    "thread_model": "b2b.communication",
                    "thread_id": self.communication.id,
                    "token": token,
                    "hash": "0" * 64,
                    "pid": self.contact_a.id,
                }
                for url, extra in (
                    ("/mail/chatter_fetch", {}),
                    ("/portal/chatter_init", {}),
                    ("/mail/thread/data", {"request_list": ["followers"]}),
                ):
                    result = self._json(url, {**base, **extra})
                    self.assertNotIn("Call about nickel", json.dumps(result), url)
