# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What outsiders send and what they read by other ways than the portal pages
(issue 24, points 5, 6, 8 and 9), each as the person named, over HTTP:

- a contact without an account answering a contact request by its signed link
  completes a contact of the asked company, never the company itself or a
  contact the answer was not about;
- a portal user of supplier A reading a shared task by JSON-RPC or XML-RPC gets
  its description as the portal page shows it, never the raw mention links;
- a portal user of a company cut off from the messenger cannot write into the
  old chat by any kind of message, edit, reaction or RPC create (leaving stays
  possible);
- a salesperson limited to their own documents sees on a thread's Documents
  list only the documents Odoo lets them open.
"""

import xmlrpc.client

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import (
    B2B_USER_GROUPS,
    B2bHttpCase,
    create_b2b_user,
    create_company,
    create_contact,
    create_portal_user,
    create_shared_thread,
    create_task,
    post_comment,
    send_contact_request,
)


class SecurityInputsCommon(B2bHttpCase):
    """``_call_kw`` raises the JSON-RPC error (``_rpc`` returns it)."""

    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _assert_refused(self, call, *args, **kwargs):
        with self.assertRaises(JsonRpcException) as caught:
            call(*args, **kwargs)
        self.assertIn("AccessError", str(caught.exception))


@tagged("post_install", "-at_install")
class TestContactRequestAnswerTarget(SecurityInputsCommon):
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
        url = (
            f"/my/b2b/contact-requests/{request.id}?access_token={request.access_token}"
        )
        payload = {
            "csrf_token": self._csrf(url),
            "access_token": request.access_token,
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


def mention(record, label):
    return (
        f'<a href="/odoo/{record._name}/{record.id}" data-oe-model="{record._name}" '
        f'data-oe-id="{record.id}">{label}</a>'
    )


@tagged("post_install", "-at_install")
class TestRawDescriptionRead(SecurityInputsCommon):
    """Point 6: a portal user of supplier A reads the shared task by RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier_a = create_company(cls.env, "Raw A")
        cls.supplier_b = create_company(cls.env, "Raw B")
        cls.portal_a = create_portal_user(
            cls.env, "raw_portal_a", parent=cls.supplier_a
        )
        cls.internal = create_b2b_user(
            cls.env,
            "raw_internal",
            groups=f"{B2B_USER_GROUPS},sales_team.group_sale_salesman_all_leads",
        )
        cls.order_b = cls.env["sale.order"].create(
            {"partner_id": cls.supplier_b.id, "client_order_ref": "RAW-B-SECRET"}
        )
        cls.thread = create_shared_thread(cls.env, cls.supplier_a, "Raw prices")
        markup = (
            "<p>Compare with "
            + mention(cls.order_b, f"#{cls.order_b.name} RAW-B-SECRET")
            + "</p>"
        )
        cls.task = create_task(cls.env, cls.thread, "Confirm raw price", cls.supplier_a)
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
class TestCutOffMessenger(SecurityInputsCommon):
    """Point 8: a portal user of supplier A after A was cut off from the
    messenger, in its old chat with our buyer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = create_company(cls.env, "Cut Steel", b2b_messenger="always")
        cls.portal_a = create_portal_user(
            cls.env, "cut_portal_a", parent=cls.supplier, name="Cut Portal"
        )
        cls.buyer = create_b2b_user(cls.env, "cut_buyer", name="Cut Buyer")
        Channel = cls.env["discuss.channel"].with_user(cls.buyer)
        cls.chat = Channel.channel_get([cls.portal_a.partner_id.id])
        cls.group = Channel.create_group(
            [cls.buyer.partner_id.id, cls.portal_a.partner_id.id]
        )
        cls.old_message = post_comment(
            cls.chat, "Old message", user=cls.portal_a, sudo=True
        )
        cls.supplier.b2b_messenger = "never"

    def _chat_bodies(self, channel=None):
        channel = channel or self.chat
        return "".join(
            str(body)
            for body in self.env["mail.message"]
            .search([("model", "=", "discuss.channel"), ("res_id", "=", channel.id)])
            .mapped("body")
        )

    def _email_reply(self, sender, message_id, text, references=True):
        """The email ``sender`` sends in answer to the old chat message."""
        answered = self.old_message.message_id
        headers = [
            f"From: {sender}",
            "To: catchall@example.com",
            "Subject: Re: our chat",
            f"Message-Id: <{message_id}>",
            f"In-Reply-To: {answered}",
            *([f"References: {answered}"] if references else []),
            "Content-Type: text/plain",
        ]
        return "\r\n".join(headers) + f"\r\n\r\n{text}\r\n"

    def test_cut_off_partner_posts_no_kind_of_message(self):
        self.authenticate("cut_portal_a", "cut_portal_a_pw")
        for message_type in ("comment", "notification", "email", "auto_comment"):
            self._assert_refused(
                self.make_jsonrpc_request,
                "/mail/message/post",
                {
                    "thread_model": "discuss.channel",
                    "thread_id": self.chat.id,
                    "post_data": {
                        "body": f"Posted as {message_type}",
                        "message_type": message_type,
                        "subtype_xmlid": "mail.mt_comment",
                    },
                },
            )
        self.assertNotIn("Posted as", self._chat_bodies())

    def test_cut_off_partner_posts_nothing_by_rpc(self):
        self.authenticate("cut_portal_a", "cut_portal_a_pw")
        for message_type in ("notification", "email"):
            self._assert_refused(
                self._call_kw,
                "discuss.channel",
                "message_post",
                [self.chat.ids],
                {"body": f"RPC as {message_type}", "message_type": message_type},
            )
        self.assertNotIn("RPC as", self._chat_bodies())
        # nor by creating the message itself (Odoo refuses it to portal users)
        self._assert_refused(
            self._call_kw,
            "mail.message",
            "create",
            [
                {
                    "model": "discuss.channel",
                    "res_id": self.chat.id,
                    "body": "Created by RPC",
                    "message_type": "comment",
                }
            ],
        )
        self.assertNotIn("Created by RPC", self._chat_bodies())

    def test_cut_off_partner_edits_and_reacts_no_more(self):
        self.authenticate("cut_portal_a", "cut_portal_a_pw")
        self._assert_refused(
            self.make_jsonrpc_request,
            "/mail/message/update_content",
            {
                "message_id": self.old_message.id,
                "body": "Edited after the cut",
                "attachment_ids": [],
            },
        )
        self.assertNotIn("Edited after the cut", self._chat_bodies())
        self._assert_refused(
            self.make_jsonrpc_request,
            "/mail/message/reaction",
            {"message_id": self.old_message.id, "content": "👍", "action": "add"},
        )
        self.assertFalse(self.old_message.reaction_ids)

    def test_cut_off_partner_reply_by_email_not_posted(self):
        self.portal_a.partner_id.email = "cut.portal@example.com"
        raw = self._email_reply(
            "Cut Portal <cut.portal@example.com>",
            "cut-reply-1@example.com",
            "Replied by email after the cut",
        )
        with self.assertRaises(AccessError):
            self.env["mail.thread"].message_process(None, raw)
        self.assertNotIn("Replied by email", self._chat_bodies())

    def test_unknown_sender_reply_by_email_not_posted(self):
        raw = self._email_reply(
            "Somebody <somebody@unknown.example.com>",
            "unknown-reply-1@example.com",
            "Unknown sender writes",
        )
        with self.assertRaises(AccessError):
            self.env["mail.thread"].message_process(None, raw)
        self.assertNotIn("Unknown sender writes", self._chat_bodies())

    def test_cut_off_partner_may_still_delete_and_leave(self):
        self.authenticate("cut_portal_a", "cut_portal_a_pw")
        # deleting one's own message (emptying it) stays possible
        self.make_jsonrpc_request(
            "/mail/message/update_content",
            {"message_id": self.old_message.id, "body": "", "attachment_ids": []},
        )
        self.assertNotIn("Old message", str(self.old_message.body))
        # and so does leaving the group conversation
        self._call_kw("discuss.channel", "action_unfollow", [self.group.ids])
        self.assertNotIn(
            self.portal_a.partner_id, self.group.channel_member_ids.partner_id
        )

    def test_connected_partner_still_writes(self):
        self.supplier.b2b_messenger = "always"
        self.authenticate("cut_portal_a", "cut_portal_a_pw")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "discuss.channel",
                "thread_id": self.chat.id,
                "post_data": {
                    "body": "Still connected",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        self.make_jsonrpc_request(
            "/mail/message/reaction",
            {"message_id": self.old_message.id, "content": "👍", "action": "add"},
        )
        self.portal_a.partner_id.email = "cut.portal@example.com"
        self.env["mail.thread"].message_process(
            None,
            self._email_reply(
                "Cut Portal <cut.portal@example.com>",
                "connected-reply-1@example.com",
                "Connected reply by email",
                references=False,
            ),
        )
        self.assertIn("Connected reply by email", self._chat_bodies())
        self.assertIn("Still connected", self._chat_bodies())
        self.assertTrue(self.old_message.reaction_ids)


@tagged("post_install", "-at_install")
class TestDocumentsOwnRecordRules(SecurityInputsCommon):
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
            self.env.invalidate_all()
            thread = self.thread.with_user(self.salesman)
            start = self.env.cr.sql_log_count
            rows = [
                (d.name, d.state_label, d.partner_id.name) for d in thread.document_ids
            ]
            self.assertEqual(len(rows), thread.sale_order_count + thread.invoice_count)
            return len(rows), self.env.cr.sql_log_count - start

        read_documents()  # warm up the caches of the rules and fields
        rows, queries = read_documents()
        self.assertEqual(rows, 2)
        self.env["sale.order"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "user_id": user.id,
                    "b2b_thread_id": self.thread.id,
                }
                for user in (self.salesman, self.colleague) * 19
            ]
        )
        self.env.flush_all()
        self.assertEqual(read_documents(), (21, queries))
