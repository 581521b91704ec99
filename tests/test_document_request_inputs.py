# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input to the supplier's pages gets a clear 4xx page and writes nothing:
wrong or stale signatures, lines of another request or supplier, files too
large, of a type not allowed or empty, impossible dates, answers to a closed or
cancelled request, the same form sent twice."""

from datetime import date, timedelta

from odoo import Command
from odoo.tests import tagged

from .document_request_common import HTML, PDF, SVG, DocumentRequestCommon


@tagged("post_install", "-at_install")
class TestDocumentRequestInputs(DocumentRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request = cls._ask_as_setup(cls.supplier_a)
        cls.request_b = cls._ask_as_setup(cls.supplier_b)
        cls.reach_bar = cls.request.line_ids.filtered(
            lambda line: line.sudo().product_tmpl_id == cls.bar
        )

    @classmethod
    def _ask_as_setup(cls, supplier):
        wizard = (
            cls.env["b2b.document.request.wizard"]
            .with_user(cls.buyer)
            .create({"partner_id": supplier.id})
        )
        requests = wizard._b2b_create_requests()
        requests.action_send()
        return requests

    def setUp(self):
        super().setUp()
        self.states = self.request.line_ids.mapped("state")
        self.attachments = self.env["ir.attachment"].search_count(
            [("res_model", "=", "b2b.document.request.line")]
        )

    def _assert_refused(self, response, status, text=None):
        """A clear page with ``status`` (and ``text``), and nothing written."""
        self.assertEqual(response.status_code, status, response.text[:500])
        self.assertNotIn("Traceback", response.text)
        if text:
            self.assertIn(text, response.text)
        self._assert_nothing_written(self.request, self.states, self.attachments)

    def _answer_bar(self, filename="reach.pdf", content=PDF, signed_for=None, **dates):
        return self._answer(
            self.request,
            *self._file_answer(self.reach_bar, filename, content, **dates),
            signed_for=signed_for,
        )

    # ------------------------------------------------------------------
    # who
    # ------------------------------------------------------------------

    def test_wrong_signature(self):
        self._login("contact_a")
        for params in (
            f"?pid={self.contact_a.id}&hash=0123abcd",
            f"?pid={self.contact_a.id}",
            "?pid=abc&hash=abc",
            f"?pid={self.contact_a.id}&hash=",
        ):
            response = self.url_open(
                f"/my/b2b/document-requests/{self.request.id}{params}"
            )
            self.assertEqual(response.status_code, 404, params)
        # a signature of B's request does not open A's
        signed_b = self._signed_params(self.request_b, self.supplier_b)
        response = self.url_open(
            f"/my/b2b/document-requests/{self.request.id}"
            f"?pid={signed_b['pid']}&hash={signed_b['hash']}"
        )
        self.assertEqual(response.status_code, 404)
        csrf = self._csrf(self._page_url(self.request, self.contact_a))
        response = self.url_open(
            f"/my/b2b/document-requests/{self.request.id}/answer",
            data={
                "csrf_token": csrf,
                "pid": self.contact_a.id,
                "hash": "0" * 64,
                **self._file_answer(self.reach_bar)[0],
            },
            files={f"file_{self.reach_bar.id}": ("a.pdf", PDF, "application/pdf")},
        )
        self._assert_refused(response, 404)

    def test_stale_signature_of_a_contact_who_left(self):
        """The link signed for A's contact stops working once that person
        moves to B (or is archived)."""
        self._login("contact_a")
        url = self._page_url(self.request, self.contact_a)
        csrf = self._csrf(url)
        signed = self._signed_params(self.request, self.contact_a)
        self.contact_a.parent_id = self.supplier_b
        self._assert_page(url, hidden=["REACH declaration"], status=404)
        data, files = self._file_answer(self.reach_bar)
        response = self.url_open(
            f"/my/b2b/document-requests/{self.request.id}/answer",
            data={"csrf_token": csrf, **signed, **data},
            files={k: (n, c, "application/pdf") for k, (n, c) in files.items()},
        )
        self._assert_refused(response, 404)
        self.contact_a.parent_id = self.supplier_a
        self.contact_a.action_archive()
        self._assert_page(url, status=404)

    def test_without_csrf_token(self):
        self._login("a1")
        data, files = self._file_answer(self.reach_bar)
        response = self.url_open(
            f"/my/b2b/document-requests/{self.request.id}/answer",
            data=data,
            files={k: (n, c, "application/pdf") for k, (n, c) in files.items()},
        )
        self._assert_refused(response, 400)

    def test_get_changes_nothing(self):
        """A mail scanner opening every link (answer URL included)."""
        self._login("a1")
        response = self.url_open(
            f"/my/b2b/document-requests/{self.request.id}/answer"
            f"?na_{self.reach_bar.id}=1&reason_{self.reach_bar.id}=x"
        )
        self.assertEqual(response.status_code, 405)
        self._assert_nothing_written(self.request, self.states, self.attachments)

    # ------------------------------------------------------------------
    # which lines
    # ------------------------------------------------------------------

    def test_line_of_another_request_or_supplier(self):
        self._login("a1")
        # a line of another request of A, and one of B's request
        other = self.env["b2b.document.request"].create(
            {
                "partner_id": self.supplier_a.id,
                "line_ids": [Command.create({"document_type_id": self.iso.id})],
            }
        )
        other.action_send()
        foreign_lines = other.line_ids | self.request_b.line_ids[:1]
        for line in foreign_lines:
            response = self._answer(
                self.request,
                {f"na_{line.id}": "1", f"reason_{line.id}": "not ours"},
            )
            self._assert_refused(response, 400, "does not ask")
            self.assertEqual(line.state, "requested")
        # mixed with a good line: nothing of the good one is written either
        data, files = self._file_answer(self.reach_bar)
        data[f"na_{self.request_b.line_ids[0].id}"] = "1"
        self._assert_refused(self._answer(self.request, data, files), 400)

    def test_double_submit(self):
        self._login("a1")
        self.assertEqual(self._answer_bar().status_code, 200)
        self.states = self.request.line_ids.mapped("state")
        self.attachments += 1
        response = self._answer_bar()
        self._assert_refused(response, 409, "sent already")

    def test_reply_to_a_cancelled_or_done_request(self):
        self._login("a1")
        self.request.with_user(self.buyer).action_cancel()
        self.states = self.request.line_ids.mapped("state")
        self._assert_refused(self._answer_bar(), 410, "withdrawn")
        page = self.url_open(self._page_url(self.request))
        self.assertIn("withdrawn", page.text)
        self.assertNotIn("o_b2b_document_request_form", page.text)
        self.request.sudo().write({"state": "done"})
        self._assert_refused(self._answer_bar(), 410, "on file")

    def test_nothing_to_send(self):
        self._login("a1")
        response = self._answer(
            self.request, {f"date_issue_{self.reach_bar.id}": str(date.today())}
        )
        self._assert_refused(response, 400, "Nothing to send")

    def test_not_applicable_needs_a_reason_and_no_file(self):
        self._login("a1")
        line = self.reach_bar
        response = self._answer(self.request, {f"na_{line.id}": "1"})
        self._assert_refused(response, 400, "does not apply")
        data, files = self._file_answer(line)
        data.update({f"na_{line.id}": "1", f"reason_{line.id}": "n/a"})
        self._assert_refused(self._answer(self.request, data, files), 400, "not both")
        response = self._answer(
            self.request, {f"na_{line.id}": "1", f"reason_{line.id}": "x" * 2001}
        )
        self._assert_refused(response, 400, "too long")

    def test_shared_file_checks(self):
        self._login("a1")
        line = self.reach_bar
        # ticked without the shared file
        response = self._answer(
            self.request,
            {f"shared_{line.id}": "1", f"date_issue_{line.id}": str(date.today())},
        )
        self._assert_refused(response, 400, "covers several")
        # a shared file no document uses
        response = self._answer(
            self.request,
            *self._file_answer(line),
        )
        self.assertEqual(response.status_code, 200)
        self.states = self.request.line_ids.mapped("state")
        self.attachments += 1
        other = self.request.line_ids.filtered(lambda x: x.state == "requested")[:1]
        response = self._answer(
            self.request,
            {f"na_{other.id}": "1", f"reason_{other.id}": "trader"},
            {"shared_file": ("all.pdf", PDF)},
        )
        self._assert_refused(response, 400, "Tick the documents")

    # ------------------------------------------------------------------
    # files
    # ------------------------------------------------------------------

    def test_file_too_large(self):
        self.env["ir.config_parameter"].set_param(
            "b2b_communication.document_max_size_mb", "0.01"
        )
        self._login("a1")
        big = PDF + b"0" * 11 * 1024
        self._assert_refused(self._answer_bar(content=big), 413, "larger than")
        self._assert_refused(
            self._answer_bar(content=big, signed_for=self.contact_a), 413
        )

    def test_file_of_a_type_not_allowed(self):
        """Web pages, SVG and scripts are refused whatever their name; the type
        is read from the content."""
        self._login("a1")
        for filename, content in (
            ("certificate.pdf", HTML),
            ("certificate.svg", SVG),
            ("certificate.pdf", SVG),
            ("notes.txt", b"plain text is no certificate"),
            ("script.js", b"alert(1)"),
        ):
            response = self._answer_bar(filename=filename, content=content)
            self._assert_refused(response, 415, "not accepted")
        # even when an administrator lists them as accepted
        self.env["ir.config_parameter"].set_param(
            "b2b_communication.document_mimetypes",
            "application/pdf,text/html,image/svg+xml,application/xml",
        )
        self._assert_refused(self._answer_bar(content=HTML), 415)
        self._assert_refused(self._answer_bar(content=SVG), 415)

    def test_empty_upload(self):
        self._login("a1")
        self._assert_refused(self._answer_bar(content=b""), 400, "is empty")

    # ------------------------------------------------------------------
    # dates
    # ------------------------------------------------------------------

    def test_impossible_dates(self):
        self._login("a1")
        today = date.today()
        for dates, text in (
            ({"issue": today, "until": today - timedelta(days=1)}, "before its issue"),
            (
                {
                    "issue": today - timedelta(days=400),
                    "until": today - timedelta(days=2),
                },
                "expired",
            ),
            ({"issue": today + timedelta(days=3)}, "future"),
            ({"issue": "31/12/2026"}, "YYYY-MM-DD"),
            ({"issue": ""}, "issue date"),
        ):
            self._assert_refused(self._answer_bar(**dates), 400, text)

    # ------------------------------------------------------------------
    # renewals sent before being asked
    # ------------------------------------------------------------------

    def test_bad_renewals(self):
        today = date.today()
        iso_a = self._on_file(
            self.supplier_a, self.iso, valid_until=today + timedelta(days=90)
        )
        iso_b = self._on_file(
            self.supplier_b, self.iso, valid_until=today + timedelta(days=90)
        )
        requests = self.env["b2b.document.request"].search_count([])

        def renew(document, content=PDF, **data):
            return self.url_open(
                f"/my/b2b/documents/{document.id}/renew",
                data={
                    "csrf_token": self._csrf("/my"),
                    "date_issue": str(today),
                    **data,
                },
                files={"file": ("iso.pdf", content, "application/pdf")}
                if content
                else None,
            )

        self._login("a1")
        self.assertEqual(renew(iso_b).status_code, 404, "B's document")
        self.assertEqual(renew(iso_a, content=HTML).status_code, 415)
        self.assertEqual(renew(iso_a, content=None).status_code, 400)
        self.assertEqual(renew(iso_a, date_issue="").status_code, 400)
        self.assertEqual(
            renew(iso_a, date_valid_until=str(today - timedelta(days=1))).status_code,
            400,
        )
        self.assertEqual(self.env["b2b.document.request"].search_count([]), requests)
        self.assertEqual(renew(iso_a).status_code, 200)
        # it answered the ISO line of A's open request (no second request)
        self.assertEqual(self._line(self.request, self.iso).state, "answered")
        self.assertEqual(renew(iso_a).status_code, 409, "under review already")
        self.assertEqual(self.env["b2b.document.request"].search_count([]), requests)
        # a signature of A's request opens no document of B
        self._login("contact_a")
        signed = self._signed_params(self.request, self.contact_a)
        response = self.url_open(
            f"/my/b2b/documents/{iso_b.id}/renew",
            data={
                "csrf_token": self._csrf(self._page_url(self.request, self.contact_a)),
                "request_id": self.request.id,
                **signed,
                "date_issue": str(today),
            },
            files={"file": ("iso.pdf", PDF, "application/pdf")},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.env["b2b.document.request"].search_count([]), requests)

    def test_unknown_filter(self):
        self._login("a1")
        self._assert_page("/my/b2b/documents?filterby=nope", status=400)
        self._assert_page("/my/b2b/document-requests?filterby=nope", status=400)
