# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 32, point 3: a partner reads no thread through a link field.

A task or contact request addressed to supplier A may sit in an internal
thread, a task addressed to the competitor B in a thread shared with A, and
A's orders and invoices may be linked to an internal thread. The link fields
(``thread_id``, ``b2b_thread_id``) showed the thread's reference and subject to
the partner's portal users by every RPC route: Odoo computes the name of a
many2one as superuser. They are our users' fields now; the portal pages keep
showing what they showed (the thread of a task when the partner may see it)."""

import json

from odoo import Command
from odoo.tests import tagged

from .common import (
    B2bPortalCommon,
    create_shared_thread,
    create_task,
)

SECRET = "Replace A by B next year"
A_SUBJECT = "Steel grades for A"


@tagged("post_install", "-at_install")
class TestThreadLinkFields(B2bPortalCommon):
    portal_user_keys = ("a1", "b1")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.internal_thread = cls.env["b2b.thread"].create(
            {"subject": SECRET, "partner_id": cls.supplier_a.id}
        )
        cls.thread_a = create_shared_thread(cls.env, cls.supplier_a, A_SUBJECT)
        a1, b1 = cls.portal_users["a1"], cls.portal_users["b1"]
        cls.task_a = create_task(
            cls.env, cls.internal_thread, "Send the drawings", cls.supplier_a
        )
        cls.task_b = create_task(
            cls.env, cls.thread_a, "Quote the same part", cls.supplier_b
        )
        cls.request_a = cls.env["b2b.contact.request"].create(
            {
                "partner_id": cls.supplier_a.id,
                "role": "Quality manager",
                "thread_id": cls.internal_thread.id,
                "state": "sent",
            }
        )
        on_internal = {
            "partner_id": cls.supplier_a.id,
            "b2b_thread_id": cls.internal_thread.id,
        }
        cls.order_a = cls.env["sale.order"].create(on_internal)
        cls.purchase_a = cls.env["purchase.order"].create(on_internal)
        cls.invoice_a = cls.env["account.move"].create(
            {
                **on_internal,
                "move_type": "out_invoice",
                "invoice_line_ids": [
                    Command.create({"name": "Bolts", "quantity": 1, "price_unit": 9})
                ],
            }
        )
        cls.invoice_a.action_post()
        cls.order_b = cls.env["sale.order"].create(
            {"partner_id": cls.supplier_b.id, "b2b_thread_id": cls.thread_a.id}
        )
        for record in (cls.order_a, cls.purchase_a, cls.invoice_a):
            record.message_subscribe(partner_ids=a1.partner_id.ids)
        cls.order_b.message_subscribe(partner_ids=b1.partner_id.ids)

    def _routes(self, record, field):
        """Every RPC route that reads ``field`` of ``record``: (name, method,
        args, kwargs)."""
        domain = [("id", "=", record.id)]
        return [
            ("read", "read", [record.ids, [field]], {}),
            ("read all", "read", [record.ids], {}),
            ("search_read", "search_read", [domain, [field]], {}),
            ("search_read all", "search_read", [domain], {}),
            (
                "web_read",
                "web_read",
                [record.ids],
                {"specification": {field: {"fields": {"display_name": {}}}}},
            ),
            (
                "web_search_read",
                "web_search_read",
                [domain],
                {"specification": {field: {"fields": {"display_name": {}}}}},
            ),
            (
                "read_group",
                "read_group",
                [domain, ["__count"], [field]],
                {"lazy": False},
            ),
            (
                "web_read_group",
                "web_read_group",
                [domain, ["__count"], [field]],
                {"lazy": False},
            ),
            # the link as an oracle: which of my records sit in a thread "Replace..."
            (
                "search on the thread",
                "search_count",
                [[("id", "=", record.id), (f"{field}.subject", "ilike", "Replace")]],
                {},
            ),
        ]

    def _assert_link_hidden(self, login, record, field, thread):
        self._login(login)
        for route, method, args, kwargs in self._routes(record, field):
            answer = self._rpc(record._name, method, args, kwargs)
            text = json.dumps(answer)
            label = f"{login} {record._name}.{field} by {route}"
            self.assertNotIn(thread.subject, text, label)
            self.assertNotIn(thread.name, text, label)
            error = answer.get("error", {}).get("data", {}).get("name", "")
            self.assertFalse(error and "AccessError" not in error, f"{label}: {error}")
            if method in ("read", "search_read", "web_read", "web_search_read"):
                rows = answer.get("result") or []
                rows = rows["records"] if isinstance(rows, dict) else rows
                if rows:  # Odoo leaves out the fields a user may not read
                    self.assertNotIn(field, rows[0], label)

    def test_link_fields_show_no_thread_to_partners(self):
        for login, record, field, thread in (
            # A's request in an internal thread
            ("a1", self.task_a, "thread_id", self.internal_thread),
            ("a1", self.request_a, "thread_id", self.internal_thread),
            # A's documents linked to an internal thread
            ("a1", self.order_a, "b2b_thread_id", self.internal_thread),
            ("a1", self.purchase_a, "b2b_thread_id", self.internal_thread),
            ("a1", self.invoice_a, "b2b_thread_id", self.internal_thread),
            # B's own task and order, in the thread shared with A
            ("b1", self.task_b, "thread_id", self.thread_a),
            ("b1", self.order_b, "b2b_thread_id", self.thread_a),
        ):
            with self.subTest(login=login, model=record._name):
                # the partner reads the record itself
                self._login(login)
                read = self._rpc(record._name, "read", [record.ids, ["display_name"]])
                self.assertEqual(read["result"][0]["id"], record.id)
                self._assert_link_hidden(login, record, field, thread)

    def test_our_users_still_read_the_links(self):
        self._login("b2b_internal")
        answer = self._call_kw(
            "b2b.task",
            "read",
            [(self.task_a | self.task_b).ids, ["thread_id"]],
        )
        self.assertEqual(
            [row["thread_id"][0] for row in answer],
            [self.internal_thread.id, self.thread_a.id],
        )

    def test_portal_pages_keep_working(self):
        """The task page names the thread only when the partner may see it;
        the thread page lists the partner's own tasks and documents."""
        task_in_shared = create_task(
            self.env, self.thread_a, "Send the certificate", self.supplier_a
        )
        self.order_a.b2b_thread_id = self.thread_a
        self.order_a.state = "sent"
        self._login("a1")
        self._assert_page(
            f"/my/b2b/tasks/{self.task_a.id}",
            shown=["Send the drawings"],
            hidden=[SECRET, self.internal_thread.name],
            status=200,
        )
        self._assert_page(
            f"/my/b2b/tasks/{task_in_shared.id}", shown=[A_SUBJECT], status=200
        )
        self._assert_page(
            f"/my/b2b/threads/{self.thread_a.id}",
            shown=["Send the certificate", self.order_a.name],
            hidden=["Quote the same part", self.order_b.name],
            status=200,
        )
        self._assert_page("/my/b2b/tasks", shown=["Send the drawings"], status=200)
        self._login("b1")
        self._assert_page(
            f"/my/b2b/tasks/{self.task_b.id}",
            shown=["Quote the same part"],
            hidden=[A_SUBJECT],
            status=200,
        )
