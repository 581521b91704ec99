# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What outsiders send and what they read by other ways than the portal pages
(issue 24, points 5, 6 and 9; point 8 is in test_messenger_cut_off), each as the
person named, over HTTP:

- a contact without an account answering a contact request by its signed link
  completes a contact of the asked company, never the company itself or a
  contact the answer was not about;
- a portal user of supplier A reading a shared task by JSON-RPC or XML-RPC gets
  its description as the portal page shows it, never the raw mention links;
- a salesperson limited to their own documents sees on a thread's Documents
  list only the documents Odoo lets them open.
"""

import xmlrpc.client

from werkzeug.urls import url_encode

from odoo.tests import new_test_user, tagged

from .common import (
    B2B_USER_GROUPS,
    B2bHttpCase,
    assert_query_count_flat,
    count_queries,
    create_b2b_user,
    create_company,
    create_contact,
    create_mention_setting,
    create_portal_user,
    mention_link,
    send_contact_request,
)


@tagged("post_install", "-at_install")
class TestContactRequestAnswerTarget(B2bHttpCase):
    """Point 5: the answer of a contact request, sent by a partner contact
    without an account through the signed link of the request email."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = create_company(
            cls.env,
            "Overwrite Steel",
            email="office@overwrite.example.com",
            phone="+49 211 5550100",
        )
        cls.colleague = create_contact(
            cls.env,
            cls.supplier,
            "Carl Colleague",
            email="carl@overwrite.example.com",
            function="Buyer",
        )
        cls.portal_partner = create_contact(
            cls.env, cls.supplier, "Paula Portal", email="paula@overwrite.example.com"
        )
        create_portal_user(cls.env, "overwrite_portal", partner=cls.portal_partner)
        cls.rival = create_company(
            cls.env, "Rival Steel", email="office@rival.example.com"
        )
        cls.requester = create_b2b_user(
            cls.env, "overwrite_buyer", email="buyer@ourcompany.example.com"
        )

    def _new_request(self):
        return send_contact_request(
            self.env, self.supplier, "Quality Manager", self.requester
        )

    def _answer(self, request, email):
        """Answer through the link of the email, signed for the company's address."""
        url = f"/my/b2b/contact-requests/{request.id}"
        signed = {
            "pid": self.supplier.id,
            "hash": request.sudo()._sign_token(self.supplier.id),
        }
        payload = {
            "csrf_token": self._csrf(f"{url}?{url_encode(signed)}"),
            **signed,
            "first_name": "Quentin",
            "last_name": "Quality",
            "email": email,
            "phone": "+49 211 5550199",
        }
        return self.url_open(url, data=payload)

    def _snapshot(self, *partners):
        return {
            partner: (partner.name, partner.email, partner.phone, partner.function)
            for partner in partners
        }

    def test_answer_never_overwrites_company_user_or_pattern_match(self):
        everyone = self.supplier | self.colleague | self.portal_partner | self.rival
        before = self._snapshot(*everyone)
        # the company's own address, a colleague's address in another case, the
        # address of a contact with an account, and LIKE patterns that match
        # existing addresses: each answer creates a new contact of the company
        for email in (
            "OFFICE@overwrite.example.com",
            "paula@overwrite.example.com",
            "%@overwrite.example.com",
            "_arl@overwrite.example.com",
        ):
            request = self._new_request()
            response = self._answer(request, email)
            self.assertEqual(response.status_code, 200, email)
            contact = request.contact_id
            self.assertNotIn(contact, everyone, email)
            self.assertEqual(contact.parent_id, self.supplier, email)
            self.assertFalse(contact.is_company, email)
            self.assertEqual(contact.name, "Quentin Quality", email)
            self.assertEqual(contact.email, email.lower(), email)
        everyone.invalidate_recordset()
        self.assertEqual(self._snapshot(*everyone), before)

    def test_answer_updates_the_exact_contact(self):
        request = self._new_request()
        response = self._answer(request, "Carl@Overwrite.Example.com")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(request.contact_id, self.colleague)
        self.assertEqual(self.colleague.name, "Quentin Quality")
        self.assertEqual(self.colleague.function, "Quality Manager")
        self.assertEqual(self.supplier.name, "Overwrite Steel")

    def test_wildcard_without_domain_refused(self):
        request = self._new_request()
        count = self.env["res.partner"].search_count([])
        before = self._snapshot(self.supplier, self.colleague)
        for email in ("%@%", "_@_", "a@b", "x@%.example.com"):
            response = self._answer(request, email)
            self.assertEqual(response.status_code, 400, email)
            self.assertIn("valid email", response.text, email)
        self.assertEqual(request.state, "sent")
        self.assertEqual(self.env["res.partner"].search_count([]), count)
        self.assertEqual(self._snapshot(self.supplier, self.colleague), before)


@tagged("post_install", "-at_install")
class TestRawDescriptionRead(B2bHttpCase):
    """Point 6: a portal user of supplier A reads the shared task by RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        create_mention_setting(cls, "raw", "RAW-B-SECRET")
        markup = (
            "<p>Compare with "
            + mention_link(cls.order_b, f"#{cls.order_b.name} RAW-B-SECRET")
            + "</p>"
        )
        cls.communication = cls.env["b2b.communication"].create(
            {"name": "Raw call", "thread_id": cls.thread.id, "is_shared": True}
        )
        for record in (cls.task, cls.communication, cls.thread):
            record.with_user(cls.internal).description = markup

    def test_portal_rpc_reads_filtered_description_only(self):
        self.authenticate("raw_portal_a", "raw_portal_a_pw")
        for record in (self.task, self.communication, self.thread):
            model, ids = record._name, record.ids
            # the record itself is readable: the rule lets A's users in
            name = "name" if model != "b2b.thread" else "subject"
            self.assertTrue(self._call_kw(model, "read", [ids, [name]]))
            # the raw markup is not, by any read, search or group
            self._assert_refused(self._call_kw, model, "read", [ids, ["description"]])
            self._assert_refused(
                self._call_kw,
                model,
                "web_read",
                [ids],
                {"specification": {"description": {}}},
            )
            self._assert_refused(
                self._call_kw,
                model,
                "search_count",
                [[("description", "ilike", "RAW-B-SECRET")]],
            )
            # what the portal page shows, by RPC too
            [row] = self._call_kw(model, "read", [ids, ["description_portal"]])
            self.assertIn("[internal reference]", row["description_portal"])
            self.assertNotIn("RAW-B-SECRET", row["description_portal"])
            self.assertNotIn(self.order_b.name, row["description_portal"])
        # XML-RPC, with the portal user's password
        uid = self.portal_a.id
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                uid,
                "raw_portal_a_pw",
                "b2b.task",
                "read",
                [self.task.ids, ["description"]],
            )
        self.assertNotIn("RAW-B-SECRET", caught.exception.faultString)
        # the portal pages still show the filtered text (the thread page lists
        # its communications as read by the visitor)
        for url in (
            f"/my/b2b/tasks/{self.task.id}",
            f"/my/b2b/threads/{self.thread.id}",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertIn("Compare with", response.text, url)
            self.assertIn("[internal reference]", response.text, url)
            self.assertNotIn("RAW-B-SECRET", response.text, url)

    def test_internal_user_reads_raw_description(self):
        task = self.task.with_user(self.internal)
        self.assertIn("RAW-B-SECRET", task.description)
        self.assertIn("RAW-B-SECRET", task.description_portal)


@tagged("post_install", "-at_install")
class TestDocumentsOwnRecordRules(B2bHttpCase):
    """Point 9: a salesperson with "Own Documents Only" opens a thread whose
    documents belong to a colleague too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = create_b2b_user(
            cls.env,
            "own_docs_salesman",
            groups=f"{B2B_USER_GROUPS},sales_team.group_sale_salesman",
        )
        cls.colleague = create_b2b_user(
            cls.env,
            "own_docs_colleague",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        cls.customer = create_company(cls.env, "Own Docs Customer")
        cls.thread = cls.env["b2b.thread"].create(
            {"subject": "Own documents", "partner_id": cls.customer.id}
        )
        SaleOrder = cls.env["sale.order"]
        cls.own_order = SaleOrder.create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
                "b2b_thread_id": cls.thread.id,
            }
        )
        cls.other_order = SaleOrder.create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.colleague.id,
                "b2b_thread_id": cls.thread.id,
            }
        )
        Move = cls.env["account.move"]
        cls.own_invoice = Move.create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer.id,
                "invoice_user_id": cls.salesman.id,
                "b2b_thread_id": cls.thread.id,
            }
        )
        cls.other_invoice = Move.create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer.id,
                "invoice_user_id": cls.colleague.id,
                "b2b_thread_id": cls.thread.id,
            }
        )
        cls.bill = Move.create(
            {
                "move_type": "in_invoice",
                "partner_id": cls.customer.id,
                "b2b_thread_id": cls.thread.id,
            }
        )

    def test_documents_list_follows_the_documents_rules(self):
        self.authenticate("own_docs_salesman", "own_docs_salesman_pw")
        expected = {
            ("sale.order", self.own_order.id),
            ("account.move", self.own_invoice.id),
        }
        # what Odoo itself lets the salesperson open
        salesman_env = self.env(user=self.salesman)
        self.assertEqual(
            salesman_env["sale.order"].search([("b2b_thread_id", "=", self.thread.id)]),
            self.own_order,
        )
        # the thread form: the Documents list and the smart buttons
        [thread] = self._call_kw(
            "b2b.thread",
            "web_read",
            [self.thread.ids],
            {
                "specification": {
                    "document_ids": {"fields": {"res_model": {}, "res_id": {}}},
                    "sale_order_count": {},
                    "invoice_count": {},
                }
            },
        )
        listed = {(d["res_model"], d["res_id"]) for d in thread["document_ids"]}
        self.assertEqual(listed, expected)
        self.assertEqual(thread["sale_order_count"], 1)
        self.assertEqual(thread["invoice_count"], 1)
        # the Documents report by RPC: search, count, group
        rows = self._call_kw(
            "b2b.thread.document",
            "search_read",
            [[("thread_id", "=", self.thread.id)], ["res_model", "res_id", "name"]],
        )
        self.assertEqual({(r["res_model"], r["res_id"]) for r in rows}, expected)
        self.assertEqual(
            self._call_kw(
                "b2b.thread.document",
                "search_count",
                [[("thread_id", "=", self.thread.id)]],
            ),
            2,
        )
        # grouped, as the list grouped by a column asks for it
        groups = self._call_kw(
            "b2b.thread.document",
            "web_read_group",
            [[("thread_id", "=", self.thread.id)], ["res_model"], ["res_model"]],
        )["groups"]
        self.assertEqual(
            {g["res_model"]: g["res_model_count"] for g in groups},
            {"sale.order": 1, "account.move": 1},
        )

    def test_manager_still_lists_every_document(self):
        manager = new_test_user(
            self.env,
            login="own_docs_manager",
            groups="base.group_user,b2b_communication.group_b2b_user,"
            "sales_team.group_sale_manager,account.group_account_invoice",
        )
        docs = self.thread.with_user(manager).document_ids
        self.assertEqual(
            {(d.res_model, d.res_id) for d in docs},
            {
                ("sale.order", self.own_order.id),
                ("sale.order", self.other_order.id),
                ("account.move", self.own_invoice.id),
                ("account.move", self.other_invoice.id),
                ("account.move", self.bill.id),
            },
        )

    def test_documents_query_count_does_not_grow(self):
        """The rules cost the same number of queries at 2 and at 40 orders."""

        def read_documents():
            thread = self.thread.with_user(self.salesman)
            rows = [
                (d.name, d.state_label, d.partner_id.name) for d in thread.document_ids
            ]
            self.assertEqual(len(rows), thread.sale_order_count + thread.invoice_count)
            return len(rows)

        def measure(rows):
            # orders of the salesman and of a colleague: half of them readable
            self.env["sale.order"].create(
                [
                    {
                        "partner_id": self.customer.id,
                        "user_id": user.id,
                        "b2b_thread_id": self.thread.id,
                    }
                    for user in (self.salesman, self.colleague) * (rows - 2)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            queries, read = count_queries(self.env.cr, read_documents)
            self.assertEqual(read, rows)
            return queries

        # the first reading warms up the caches of the rules and fields
        assert_query_count_flat(self, measure, (2, 21), warm_up=(2,))


@tagged("post_install", "-at_install")
class TestClientContext(B2bHttpCase):
    """A context key our code sets for itself, made up by a client: the claimed
    rows of the unread-chat email (``b2b_unread_chat``, a tuple only the cron
    passes) in any shape JSON can carry give the user's own unread chat or a clear
    refusal, never a server error."""

    def test_unread_chat_rows_from_a_client(self):
        user = create_b2b_user(self.env, "ctx_user")
        self._login("ctx_user")
        partner_id = user.partner_id.id
        for rows in (
            [[partner_id, 1, 1]],
            [[1, 2, 3], [4, 5, 6]],
            {"rows": [1]},
            [partner_id, 1, 1],
            "junk",
        ):
            result = self._json_checked(
                "/web/dataset/call_kw/res.partner/read",
                {
                    "model": "res.partner",
                    "method": "read",
                    "args": [[partner_id], ["b2b_unread_chat_count"]],
                    "kwargs": {"context": {"b2b_unread_chat": rows}},
                },
            )
            if "result" in result:  # the user's own unread chat: none
                self.assertEqual(result["result"][0]["b2b_unread_chat_count"], 0)
