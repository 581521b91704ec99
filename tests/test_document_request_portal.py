# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The supplier answers a document request: its portal user logged in, its
person of contact without an account through the link of the email; one file
per document or one for several, not applicable with a reason, partial
answers; its documents on file and a renewal sent before being asked."""

from datetime import date, timedelta

from odoo.tests import tagged

from .common import activate_translations
from .document_request_common import PDF, PNG, DocumentRequestCommon

# the request page as the supplier's portal user, whatever its number of lines
PORTAL_PAGE_QUERIES = 19


@tagged("post_install", "-at_install")
class TestDocumentRequestPortal(DocumentRequestCommon):
    def test_email_gives_the_contact_a_signed_link(self):
        """The request email goes to A's person of contact without an account,
        with a link signed for that person: it opens the page anonymously."""
        request = self._ask()
        mail = self.env["mail.mail"].search(
            [("model", "=", "b2b.document.request"), ("res_id", "=", request.id)]
        )
        self.assertEqual(mail.email_to, self.contact_a.email_formatted)
        link = self._page_url(request, self.contact_a)
        self.assertIn(link.replace("&", "&amp;"), mail.body_html)
        self.assertIn("No account is needed", mail.body_html)
        self.assertIn("ISO 9001 certificate", mail.body_html)
        self.assertNotIn(request.sudo().access_token, mail.body_html)
        self._login("contact_a")
        page = self._assert_page(
            link,
            shown=["REACH declaration", "Round bar 40 mm", 'name="hash"'],
            status=200,
        )
        self.assertIn("Steel plate 10 mm", page)

    def test_portal_user_answers_one_file_per_line_and_partially(self):
        request = self._ask()
        reach_bar = self._line(request, self.reach, self.bar)
        self._login("a1")
        data, files = self._file_answer(reach_bar, filename="reach bar.pdf")
        response = self._answer(request, data, files)
        self.assertEqual(response.status_code, 200)
        self.assertIn("your documents were sent", response.text)
        self.assertEqual(reach_bar.state, "answered")
        self.assertEqual(reach_bar.answered_by_id, self.portal_users["a1"].partner_id)
        self.assertEqual(reach_bar.date_issue, date.today())
        self.assertEqual(
            reach_bar.date_valid_until,
            date.today() + timedelta(days=0) + self._months(12),
            "valid-until proposed by the type",
        )
        self.assertEqual(reach_bar.attachment_ids.name, "reach bar.pdf")
        self.assertEqual(reach_bar.attachment_ids.mimetype, "application/pdf")
        self.assertEqual(request.state, "partial", "the other lines stay open")
        # the buyer is told: a message from the supplier and a to-do to review
        message = request.message_ids.filtered(
            lambda m: "Documents sent" in (m.body or "")
        )
        self.assertEqual(message.author_id, self.portal_users["a1"].partner_id)
        self.assertEqual(request.activity_ids.user_id, self.buyer)

    def _months(self, months):
        from dateutil.relativedelta import relativedelta

        return relativedelta(months=months)

    def test_contact_answers_by_signed_link_with_one_shared_file(self):
        """One declaration covers both REACH lines: one file, two lines."""
        request = self._ask()
        lines = self._line(request, self.reach, self.plate) | self._line(
            request, self.reach, self.bar
        )
        self._login("contact_a")
        data = {}
        for line in lines:
            data.update(
                {
                    f"shared_{line.id}": "1",
                    f"date_issue_{line.id}": str(date.today() - timedelta(days=10)),
                    f"date_valid_until_{line.id}": str(
                        date.today() + timedelta(days=700)
                    ),
                }
            )
        response = self._answer(
            request,
            data,
            {"shared_file": ("reach-declaration.pdf", PDF)},
            signed_for=self.contact_a,
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("your documents were sent", response.text)
        # back on the page of the signed link (the signature kept)
        self.assertIn(f"pid={self.contact_a.id}", response.url)
        self.assertEqual(lines.mapped("state"), ["answered", "answered"])
        self.assertEqual(len(lines.attachment_ids), 1, "one file for both lines")
        self.assertEqual(lines.mapped("answered_by_id"), self.contact_a)
        self.assertEqual(
            lines.mapped("date_valid_until"), [date.today() + timedelta(days=700)] * 2
        )

    def test_not_applicable_with_reason_and_automatic_acceptance(self):
        """ISO 9001 does not apply (reason given); the certificate of
        conformity needs no review: on file at once; the REACH lines stay."""
        request = self._ask(products=self.plate)
        iso, coc = (
            self._line(request, self.iso),
            self._line(request, self.coc, self.plate),
        )
        self._login("a1")
        data, files = self._file_answer(coc, filename="coc.png", content=PNG)
        data.update({f"na_{iso.id}": "1", f"reason_{iso.id}": "We are a trader."})
        response = self._answer(request, data, files)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(iso.state, "not_applicable")
        self.assertEqual(iso.reason, "We are a trader.")
        self.assertEqual(coc.state, "accepted", "no review for this type")
        self.assertEqual(coc.document_id.supplier_id, self.supplier_a)
        self.assertEqual(coc.document_id.attachment_ids.mimetype, "image/png")
        self.assertEqual(request.state, "partial")

    def test_request_answered_when_every_line_is(self):
        request = self._ask(products=self.bar)
        line = request.line_ids
        self.assertEqual(line.document_type_id, self.reach)
        self._login("a1")
        self._answer(request, *self._file_answer(line))
        self.assertEqual(request.state, "answered")
        response = self.url_open(self._page_url(request))
        self.assertIn("we are reviewing them", response.text)
        self.assertNotIn("o_b2b_document_request_form", response.text)

    def test_page_lists_what_to_send_review_and_done(self):
        request = self._ask(products=self.plate)
        iso, coc = (
            self._line(request, self.iso),
            self._line(request, self.coc, self.plate),
        )
        iso.sudo().write({"state": "answered", "date_issue": date.today()})
        coc.sudo().write({"state": "not_applicable", "reason": "Bought from stock"})
        self._login("a1")
        page = self._assert_page(
            self._page_url(request),
            shown=["To send", "Under review", "Done", "Bought from stock"],
            status=200,
        )
        self.assertIn(
            f'name="file_{self._line(request, self.reach, self.plate).id}"', page
        )
        self.assertNotIn(f'name="file_{iso.id}"', page)
        self.assertEqual(page.count('class="card mb-3 o_b2b_document_line"'), 1)
        self.assertIn("2 of 3 documents received.", page)

    def test_portal_home_counts_and_list(self):
        self._ask()
        self._ask(supplier=self.supplier_b)
        self._on_file(
            self.supplier_a, self.iso, valid_until=date.today() + timedelta(days=400)
        )
        self._login("a1")
        counters = self._json(
            "/my/counters",
            {"counters": ["b2b_document_request_count", "b2b_document_count"]},
        )["result"]
        self.assertEqual(counters["b2b_document_request_count"], 1)
        self.assertEqual(counters["b2b_document_count"], 1)
        self._assert_page(
            "/my/b2b/document-requests",
            shown=["o_b2b_document_request_row"],
            status=200,
        )

    def test_documents_on_file_and_a_renewal_before_being_asked(self):
        """A's documents on file, by validity; A sends a new ISO certificate
        before being asked: a request of its own, waiting for our review."""
        today = date.today()
        iso = self._on_file(
            self.supplier_a, self.iso, valid_until=today + timedelta(days=20)
        )
        self._on_file(
            self.supplier_a,
            self.reach,
            self.plate,
            valid_until=today - timedelta(days=1),
        )
        self._on_file(
            self.supplier_a,
            self.reach,
            self.bar,
            valid_until=today + timedelta(days=300),
        )
        self._login("a1")
        page = self._assert_page(
            "/my/b2b/documents",
            shown=["Expiring Soon", "Expired", "Valid", "Send a new document"],
            status=200,
        )
        self.assertIn("o_b2b_document_expired", page)
        response = self.url_open(
            f"/my/b2b/documents/{iso.id}/renew",
            data={
                "csrf_token": self._csrf("/my/b2b/documents"),
                "date_issue": str(today - timedelta(days=2)),
                "date_valid_until": "",
            },
            files={"file": ("iso-2027.pdf", PDF, "application/pdf")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("sent for review", response.text)
        self.assertIn("Renewal under review", response.text)
        line = self.env["b2b.document.request.line"].search(
            [("previous_document_id", "=", iso.id)]
        )
        self.assertEqual(line.state, "answered")
        self.assertEqual(line.request_id.origin, "supplier")
        self.assertEqual(line.request_id.state, "answered")
        self.assertEqual(
            line.date_valid_until, today - timedelta(days=2) + self._months(36)
        )
        # accepted: the new one is current, the old one history
        line.with_user(self.buyer).action_accept()
        self.assertFalse(iso.is_current)
        self.assertTrue(line.document_id.is_current)
        self.assertEqual(line.document_id.state, "valid")

    def test_renewal_answers_the_open_request_asking_for_it(self):
        iso = self._on_file(
            self.supplier_a, self.iso, valid_until=date.today() + timedelta(days=20)
        )
        request = self._ask(
            products=self.plate, document_type_ids=[(6, 0, self.iso.ids)]
        )
        self.assertEqual(request.line_ids.previous_document_id, iso)
        self._login("contact_a")
        signed = self._signed_params(request, self.contact_a)
        documents_url = (
            f"/my/b2b/document-requests/{request.id}/documents"
            f"?pid={signed['pid']}&hash={signed['hash']}"
        )
        self._assert_page(documents_url, shown=["ISO 9001 certificate"], status=200)
        response = self.url_open(
            f"/my/b2b/documents/{iso.id}/renew",
            data={
                "csrf_token": self._csrf(documents_url),
                "request_id": request.id,
                **signed,
                "date_issue": str(date.today()),
            },
            files={"file": ("iso.pdf", PDF, "application/pdf")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(request.line_ids.state, "answered")
        self.assertEqual(request.state, "answered")
        self.assertEqual(
            self.env["b2b.document.request"].search_count(
                [("partner_id", "=", self.supplier_a.id)]
            ),
            1,
            "no second request",
        )


@tagged("post_install", "-at_install")
class TestDocumentRequestPortalQueries(DocumentRequestCommon):
    """The request page reads the same number of rows whatever its size: 5 or
    60 lines, some answered with a file, some under review."""

    portal_user_keys = ("a1",)

    def _request_of(self, size):
        products = self.env["product.template"].create(
            [
                {
                    "name": f"Part {size}-{index}",
                    "b2b_document_type_ids": [(6, 0, self.reach.ids)],
                    "seller_ids": [(0, 0, {"partner_id": self.supplier_a.id})],
                }
                for index in range(size)
            ]
        )
        request = self._ask(products=products)
        answered = request.line_ids[: size // 2]
        for line in answered:
            line.write(
                {
                    "state": "answered",
                    "date_issue": date.today(),
                    "attachment_ids": [(0, 0, {"name": f"{line.id}.pdf", "raw": PDF})],
                }
            )
        self.env.flush_all()
        return request

    def test_page_queries_do_not_grow_with_the_lines(self):
        small, large = self._request_of(5), self._request_of(60)
        self._login("a1")
        self.url_open(self._page_url(small))  # warm-up (caches, assets)
        for request in (small, large):
            with self.assertQueryCount(PORTAL_PAGE_QUERIES):
                response = self.url_open(self._page_url(request))
            self.assertEqual(response.status_code, 200)
            self.assertEqual(
                response.text.count("o_b2b_document_line"),
                len(request.line_ids) - len(request.line_ids) // 2,
            )


@tagged("post_install", "-at_install")
class TestDocumentRequestLanguages(DocumentRequestCommon):
    """The supplier reads the email and the page in its person's language."""

    portal_user_keys = ("a1",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("bg_BG", "de_DE"):
            activate_translations(cls.env, code)

    def test_email_and_page_in_the_contacts_language(self):
        for lang, email_text, page_text in (
            ("de_DE", "Dokumente senden", "Zu senden"),
            ("bg_BG", "Изпращане на документите", "За изпращане"),
        ):
            self.contact_a.lang = lang
            request = self.env["b2b.document.request"].create(
                {
                    "partner_id": self.supplier_a.id,
                    "line_ids": [(0, 0, {"document_type_id": self.iso.id})],
                }
            )
            request.action_send()
            mail = self.env["mail.mail"].search(
                [("model", "=", "b2b.document.request"), ("res_id", "=", request.id)]
            )
            self.assertIn(email_text, str(mail.body_html), lang)
            self._login("contact_a")
            page = self._assert_page(
                self._page_url(request, self.contact_a), status=200
            )
            self.assertIn(page_text, page, lang)
            self.assertIn(f'lang="{lang.replace("_", "-")}"', page, lang)
