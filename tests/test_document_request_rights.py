# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who sees a document request, its files and the compliance file, by every
route: the portal pages and downloads, /web/content, RPC reads of the models
and of ir.attachment, Odoo's /mail routes. The actors: our buyer, supplier A's
portal user and its person of contact without an account (signed link), B's
portal user, a person who left A, an anonymous visitor, a B2B user of another
company of ours."""

import json
from datetime import date, timedelta

from odoo.tests import tagged

from .common import create_b2b_user
from .document_request_common import PDF, PURCHASE_GROUPS, DocumentRequestCommon

SECRET_FILE = b"%PDF-1.4\n% A's mill certificate, heat 4711\n%%EOF\n"


@tagged("post_install", "-at_install")
class TestDocumentRequestRights(DocumentRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        wizard = (
            cls.env["b2b.document.request.wizard"]
            .with_user(cls.buyer)
            .create({"partner_id": cls.supplier_a.id})
        )
        cls.request = wizard._b2b_create_requests()
        cls.request.action_send()
        cls.reach_bar = cls.request.line_ids.filtered(
            lambda line: line.sudo().product_tmpl_id == cls.bar
        )
        # A's answer, accepted: a file on the line and one on the document
        attachment = cls.env["ir.attachment"].create(
            {
                "name": "heat-4711.pdf",
                "raw": SECRET_FILE,
                "mimetype": "application/pdf",
                "res_model": "b2b.document.request.line",
                "res_id": cls.reach_bar.id,
            }
        )
        cls.reach_bar.write(
            {
                "state": "answered",
                "date_issue": date.today(),
                "attachment_ids": [(6, 0, attachment.ids)],
            }
        )
        cls.reach_bar.with_user(cls.buyer).action_accept()
        cls.document = cls.reach_bar.document_id
        cls.line_file = cls.reach_bar.attachment_ids
        cls.document_file = cls.document.attachment_ids
        cls.doc_b = cls.env["b2b.product.document"].create(
            {
                "supplier_id": cls.supplier_b.id,
                "document_type_id": cls.iso.id,
                "date_issue": date.today(),
                "date_valid_until": date.today() + timedelta(days=400),
            }
        )
        cls.draft = cls.env["b2b.document.request"].create(
            {
                "partner_id": cls.supplier_a.id,
                "note": "Draft, not sent yet",
                "line_ids": [(0, 0, {"document_type_id": cls.iso.id})],
            }
        )

    def _leave_a(self):
        """``a2`` moves from A to the competitor B."""
        self.portal_users["a2"].partner_id.parent_id = self.supplier_b

    def _file_urls(self, signed=""):
        line_url = (
            f"/my/b2b/document-requests/{self.request.id}/files/{self.line_file.id}"
        )
        doc_url = f"/my/b2b/documents/{self.document.id}/files/{self.document_file.id}"
        return [line_url + signed, doc_url + signed]

    # ------------------------------------------------------------------
    # portal pages
    # ------------------------------------------------------------------

    def test_request_page_by_actor(self):
        url = self._page_url(self.request)
        self._login("a1")
        self._assert_page(url, shown=["o_b2b_document_request_form"], status=200)
        self._assert_page(
            self._page_url(self.draft), hidden=["Draft, not sent"], status=404
        )
        for key in ("b1", "public"):
            self._login(key)
            self._assert_page(url, hidden=["REACH declaration"], status=404)
        self._login("contact_a")
        self._assert_page(
            self._page_url(self.request, self.contact_a), shown=["REACH"], status=200
        )
        self._assert_page(self._page_url(self.draft, self.contact_a), status=404)
        # our buyer sees the supplier's page, read only
        self._login(self.buyer.login)
        self._assert_page(
            url,
            shown=["REACH declaration"],
            hidden=["o_b2b_document_request_form"],
            status=200,
        )
        # the person who left A
        self._leave_a()
        self._login("a2")
        self._assert_page(url, hidden=["REACH declaration"], status=404)
        self._assert_page("/my/b2b/document-requests", hidden=[self.request.name])

    def test_answer_by_actor(self):
        states = self.request.line_ids.mapped("state")
        line = self._line(self.request, self.iso)
        data = {f"na_{line.id}": "1", f"reason_{line.id}": "Not ours to say"}
        self._leave_a()
        for key, status in (("b1", 404), ("a2", 404), ("public", 404)):
            self._login(key)
            response = self.url_open(
                f"/my/b2b/document-requests/{self.request.id}/answer",
                data={"csrf_token": self._csrf("/web/login"), **data},
            )
            self.assertEqual(response.status_code, status, key)
        self._login(self.buyer.login)
        response = self.url_open(
            f"/my/b2b/document-requests/{self.request.id}/answer",
            data={"csrf_token": self._csrf("/my"), **data},
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.request.line_ids.mapped("state"), states)

    def test_documents_page_lists_own_company_only(self):
        self._login("a1")
        page = self._assert_page(
            "/my/b2b/documents", shown=["REACH declaration"], status=200
        )
        self.assertNotIn("ISO 9001", page, "B's certificate")
        self._login("b1")
        page = self._assert_page(
            "/my/b2b/documents", shown=["ISO 9001"], hidden=["Round bar"], status=200
        )
        self._login("public")
        response = self.url_open("/my/b2b/documents")
        self.assertIn("/web/login", response.url)
        # a signed link opens A's documents to A's contact only
        self._login("contact_a")
        signed = self._signed_params(self.request, self.contact_a)
        url = (
            f"/my/b2b/document-requests/{self.request.id}/documents"
            f"?pid={signed['pid']}&hash={signed['hash']}"
        )
        self._assert_page(url, shown=["Round bar"], hidden=["ISO 9001 certificate -"])
        self.contact_a.parent_id = self.supplier_b
        self._assert_page(url, hidden=["Round bar"], status=404)

    # ------------------------------------------------------------------
    # files
    # ------------------------------------------------------------------

    def test_files_are_downloads_for_the_supplier_only(self):
        self._login("a1")
        for url in self._file_urls():
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(response.content, SECRET_FILE)
            self.assertTrue(
                response.headers["Content-Disposition"].startswith("attachment"),
                "never shown inline",
            )
            self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")
        self._login("contact_a")
        signed = self._signed_params(self.request, self.contact_a)
        query = (
            f"?pid={signed['pid']}&hash={signed['hash']}&request_id={self.request.id}"
        )
        for url in self._file_urls(query):
            self.assertEqual(self.url_open(url).content, SECRET_FILE, url)
        self._leave_a()
        for key in ("b1", "a2", "public"):
            self._login(key)
            for url in self._file_urls():
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404, (key, url))
                self.assertNotIn(b"heat 4711", response.content)
        # the contact's link dies when the contact leaves A
        self.contact_a.parent_id = self.supplier_b
        self._login("contact_a")
        for url in self._file_urls(query):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn(b"heat 4711", response.content)
        # another file id under A's request: not one of its files
        self._login("a1")
        other = self.env["ir.attachment"].create({"name": "x.pdf", "raw": PDF})
        response = self.url_open(
            f"/my/b2b/document-requests/{self.request.id}/files/{other.id}"
        )
        self.assertEqual(response.status_code, 404)

    def test_web_content_refused_to_other_suppliers_and_people_who_left(self):
        """Odoo's /web/content serves a supplier's file to our users only
        (supplier users download through their pages)."""
        self._leave_a()
        for key in ("b1", "a2", "public", "a1"):
            self._login(key)
            for attachment in self.line_file | self.document_file:
                for suffix in ("", "?download=true"):
                    response = self.url_open(f"/web/content/{attachment.id}{suffix}")
                    self.assertNotEqual(response.status_code, 200, (key, attachment))
                    self.assertNotIn(b"heat 4711", response.content, key)
        self._login(self.buyer.login)
        response = self.url_open(f"/web/content/{self.document_file.id}?download=true")
        self.assertEqual(response.content, SECRET_FILE)
        # our user of another company does not read it either
        self._login(self.outsider.login)
        response = self.url_open(f"/web/content/{self.document_file.id}")
        self.assertNotIn(b"heat 4711", response.content)

    # ------------------------------------------------------------------
    # RPC
    # ------------------------------------------------------------------

    def test_rpc_reads(self):
        self._login("a1")
        values = self._call_kw("b2b.document.request", "read", [self.request.ids])[0]
        self.assertEqual(values["name"], self.request.name)
        # our records the supplier may not read: not even their names
        for field in ("thread_id", "user_id", "purchase_order_id", "access_token"):
            self.assertNotIn(field, values)
        line = self._call_kw("b2b.document.request.line", "read", [self.reach_bar.ids])[
            0
        ]
        self.assertEqual(line["product_label"], "[RB40] Round bar 40 mm")
        self.assertNotIn("product_tmpl_id", line)
        self.assertNotIn("reviewed_by_id", line)
        document = self._call_kw("b2b.product.document", "read", [self.document.ids])[0]
        self.assertEqual(document["supplier_id"][0], self.supplier_a.id)
        self.assertEqual(document["state"], "valid")
        self.assertNotIn("note", document)
        found = self._call_kw("b2b.product.document", "search_read", [[], ["id"]])
        self.assertEqual([row["id"] for row in found], self.document.ids)
        for model, ids in (
            ("b2b.product.document", self.doc_b.ids),
            ("b2b.document.request", self.draft.ids),
            ("ir.attachment", (self.line_file | self.document_file).ids),
        ):
            self._assert_refused(self._call_kw, model, "read", [ids, ["display_name"]])
        self._assert_refused(
            self._call_kw, "b2b.compliance.status", "search_read", [[], ["status"]]
        )
        self._assert_refused(
            self._call_kw,
            "b2b.product.document",
            "write",
            [self.document.ids, {"date_valid_until": False}],
        )
        self._assert_refused(
            self._call_kw,
            "b2b.document.request.line",
            "write",
            [self.reach_bar.ids, {"state": "accepted"}],
        )
        self._assert_refused(
            self._call_kw,
            "b2b.document.request.line",
            "read",
            [self.reach_bar.ids, ["product_tmpl_id"]],
        )
        self._login("b1")
        for model, ids in (
            ("b2b.document.request", self.request.ids),
            ("b2b.document.request.line", self.reach_bar.ids),
            ("b2b.product.document", self.document.ids),
            ("ir.attachment", self.document_file.ids),
        ):
            self._assert_refused(self._call_kw, model, "read", [ids, ["display_name"]])
        found = self._call_kw("b2b.document.request", "search_read", [[], ["id"]])
        self.assertEqual(found, [])
        # our user of another company
        self._login(self.outsider.login)
        for model, ids in (
            ("b2b.document.request", self.request.ids),
            ("b2b.product.document", self.document.ids),
        ):
            self._assert_refused(self._call_kw, model, "read", [ids, ["display_name"]])

    # ------------------------------------------------------------------
    # /mail routes
    # ------------------------------------------------------------------

    def test_mail_routes(self):
        self.request.message_post(
            body="Our costing: 12.40", subtype_xmlid="mail.mt_note"
        )
        base = {"thread_model": "b2b.document.request", "thread_id": self.request.id}
        signed = self._signed_params(self.request, self.contact_a)
        domain = [
            ("model", "=", "b2b.document.request"),
            ("res_id", "=", self.request.id),
        ]
        count = self.env["mail.message"].search_count(domain)
        post = {"post_data": {"body": "Which heat?", "message_type": "comment"}}
        # A's user and contact: the thread, no internal note, file or follower
        for key, params in (("a1", {}), ("contact_a", signed)):
            self._login(key)
            data = self._json(
                "/mail/thread/data",
                {**base, **params, "request_list": ["attachments", "followers"]},
            )
            self.assertNotIn("error", data, key)
            self.assertNotIn("heat-4711", json.dumps(data), key)
            fetched = self._json("/mail/chatter_fetch", {**base, **params})
            self.assertNotIn("error", fetched, key)
            self.assertNotIn("Our costing", json.dumps(fetched), key)
            result = self._json("/mail/message/post", {**base, **params, **post})
            self.assertNotIn("error", result, key)
        count += 2
        self.assertEqual(self.env["mail.message"].search_count(domain), count)
        # B's user, the person who left, anybody
        self._leave_a()
        for key in ("b1", "a2", "public"):
            self._login(key)
            for route in ("/mail/thread/data", "/mail/chatter_fetch"):
                result = self._json_checked(
                    route, {**base, "request_list": ["attachments"]}
                )
                dumped = json.dumps(result)
                for hidden in ("Which heat", "heat-4711", self.request.name):
                    self.assertNotIn(hidden, dumped, (key, route))
            result = self._json_checked("/mail/message/post", {**base, **post})
            self.assertIn("error", result, key)
        # the contact's link after the contact left A
        self.contact_a.parent_id = self.supplier_b
        self._login("contact_a")
        for route in ("/mail/thread/data", "/mail/chatter_fetch"):
            result = self._json_checked(route, {**base, **signed, "request_list": []})
            self.assertNotIn("Which heat", json.dumps(result), route)
        result = self._json_checked("/mail/message/post", {**base, **signed, **post})
        self.assertIn("error", result)
        self.assertEqual(self.env["mail.message"].search_count(domain), count)

    def test_the_workflow_records_who_and_when_not_our_users(self):
        """Who answered, reviewed and accepted a document, and when, is what
        the compliance file rests on: our buyer writes none of it by RPC
        (``readonly`` was a hint of the form only), a document she enters
        by hand is accepted by her, now; the review still records her."""
        colleague = create_b2b_user(self.env, "doc_colleague", groups=PURCHASE_GROUPS)
        self._login(self.buyer.login)
        for model, record, values in (
            ("b2b.product.document", self.document, {"accepted_by_id": colleague.id}),
            ("b2b.product.document", self.document, {"is_current": False}),
            ("b2b.product.document", self.document, {"date_accepted": "2020-01-01"}),
            (
                "b2b.document.request.line",
                self.reach_bar,
                {"reviewed_by_id": colleague.id},
            ),
            (
                "b2b.document.request.line",
                self.reach_bar,
                {"document_id": self.doc_b.id},
            ),
            (
                "b2b.document.request.line",
                self.reach_bar,
                {"answered_by_id": self.contact_a.id},
            ),
        ):
            result = self._rpc(model, "write", [record.ids, values])
            self.assertIn("error", result, (model, values))
        self.assertEqual(self.document.accepted_by_id, self.buyer)
        self.assertTrue(self.document.is_current)
        self.assertEqual(self.reach_bar.reviewed_by_id, self.buyer)
        # a document entered by hand: hers, now, whatever the call says
        result = self._rpc(
            "b2b.product.document",
            "create",
            [
                {
                    "supplier_id": self.supplier_b.id,
                    "document_type_id": self.iso.id,
                    "date_issue": str(date.today()),
                    "accepted_by_id": colleague.id,
                    "date_accepted": "2020-01-01 00:00:00",
                }
            ],
        )
        document = self.env["b2b.product.document"].browse(result["result"])
        self.assertEqual(document.accepted_by_id, self.buyer)
        self.assertEqual(document.date_accepted.date(), date.today())
        # not from a request it was not the answer to
        result = self._rpc(
            "b2b.product.document",
            "create",
            [
                {
                    "supplier_id": self.supplier_b.id,
                    "document_type_id": self.iso.id,
                    "source_line_id": self.reach_bar.id,
                }
            ],
        )
        self.assertIn("error", result)
        # the same fields through her normal write: the rest of the form
        result = self._rpc(
            "b2b.product.document",
            "write",
            [self.document.ids, {"note": "Checked against the mill report"}],
        )
        self.assertNotIn("error", result)

    def test_compliance_and_backend_for_our_users_by_company(self):
        status = self.env["b2b.compliance.status"]
        rows = status.with_user(self.buyer).search(
            [("supplier_id", "=", self.supplier_a.id)]
        )
        self.assertTrue(rows)
        self.assertFalse(
            status.with_user(self.outsider).search(
                [("supplier_id", "=", self.supplier_a.id)]
            )
        )
        self.assertFalse(
            self.env["b2b.document.request"]
            .with_user(self.outsider)
            .search([("id", "=", self.request.id)])
        )

    def test_signed_documents_page_keeps_to_the_requests_company(self):
        """A's contact, by the link of a request of our company, sees A's
        documents of that company only (as A's portal users by the rules)."""
        elsewhere = self.outsider.company_id
        self.env["b2b.product.document"].create(
            {
                "supplier_id": self.supplier_a.id,
                "document_type_id": self.coc.id,
                "product_tmpl_id": self.plate.id,
                "company_id": elsewhere.id,
                "note": "elsewhere",
            }
        )
        signed = self._signed_params(self.request, self.contact_a)
        query = f"?pid={signed['pid']}&hash={signed['hash']}"
        self._login("contact_a")
        page = self._assert_page(
            f"/my/b2b/document-requests/{self.request.id}/documents{query}",
            shown=["Round bar"],
            status=200,
        )
        self.assertNotIn("Certificate of conformity", page)
        self._login("a1")
        self.assertNotIn(
            "Certificate of conformity", self.url_open("/my/b2b/documents").text
        )
