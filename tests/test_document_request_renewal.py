# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The scheduled action asks each supplier for new documents ahead of expiry:
one request per supplier, in chunks, never twice; expired documents show as
expired everywhere."""

from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import create_company
from .document_request_common import PDF, DocumentRequestCommon

# a chunk asking two suppliers for three documents each (two requests, two
# emails), whatever else the database holds
RENEWAL_CHUNK_QUERIES = 54


@tagged("post_install", "-at_install")
class TestDocumentRequestRenewal(DocumentRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = date.today()
        # A: ISO ends in 50 days (asked 60 days ahead), REACH of the plate in
        # 20 days (30 ahead): both due; REACH of the bar in a year: not due.
        # B: REACH of the plate expired yesterday (never asked): due.
        cls.iso_a = cls._document(
            cls.supplier_a, cls.iso, None, today + timedelta(days=50)
        )
        cls.reach_plate_a = cls._document(
            cls.supplier_a, cls.reach, cls.plate, today + timedelta(days=20)
        )
        cls.reach_bar_a = cls._document(
            cls.supplier_a, cls.reach, cls.bar, today + timedelta(days=365)
        )
        cls.reach_plate_b = cls._document(
            cls.supplier_b, cls.reach, cls.plate, today - timedelta(days=1)
        )
        cls.coc_a = cls._document(cls.supplier_a, cls.coc, cls.plate, None)

    @classmethod
    def _document(cls, supplier, document_type, product, valid_until):
        return cls.env["b2b.product.document"].create(
            {
                "supplier_id": supplier.id,
                "document_type_id": document_type.id,
                "product_tmpl_id": product.id if product else False,
                "date_issue": date.today() - timedelta(days=300),
                "date_valid_until": valid_until,
                "attachment_ids": [Command.create({"name": "doc.pdf", "raw": PDF})],
            }
        )

    def _run(self, chunk_size=500):
        """One call of the job as ir.cron makes it: (requests, progress)."""
        progress = {}

        def notify(_cron, *, done, remaining, deactivate=False):
            progress.update(done=done, remaining=remaining)

        with patch.object(type(self.env["ir.cron"]), "_notify_progress", notify):
            count = self.env["b2b.product.document"]._cron_b2b_request_renewals(
                chunk_size=chunk_size
            )
        return count, progress

    def _renewals(self):
        return self.env["b2b.document.request"].search(
            [("origin", "=", "renewal")], order="id"
        )

    def test_one_request_per_supplier_ahead_of_expiry(self):
        count, progress = self._run()
        self.assertEqual(count, 2)
        self.assertEqual(progress, {"done": 3, "remaining": 0})
        request_a, request_b = self._renewals()
        self.assertEqual(request_a.partner_id, self.supplier_a)
        self.assertEqual(
            request_a.line_ids.previous_document_id, self.iso_a | self.reach_plate_a
        )
        self.assertEqual(request_a.state, "sent")
        self.assertEqual(request_a.contact_id, self.contact_a)
        self.assertEqual(request_a.date_deadline, date.today() + timedelta(days=20))
        self.assertEqual(request_b.line_ids.previous_document_id, self.reach_plate_b)
        self.assertEqual(
            request_b.date_deadline, date.today() + timedelta(days=7), "at least a week"
        )
        mail = self.env["mail.mail"].search(
            [("model", "=", "b2b.document.request"), ("res_id", "=", request_a.id)]
        )
        self.assertIn("expire soon", str(mail.body_html))
        self.assertIn(f"pid={self.contact_a.id}", str(mail.body_html))
        for document in self.iso_a | self.reach_plate_a | self.reach_plate_b:
            self.assertEqual(document.renewal_requested_date, date.today())
        self.assertFalse(self.reach_bar_a.renewal_requested_date)
        self.assertFalse(self.coc_a.renewal_requested_date, "no expiry, never asked")

    def test_never_asks_twice(self):
        self._run()
        self.assertEqual(self._run(), (0, {"done": 0, "remaining": 0}))
        with freeze_time(date.today() + timedelta(days=3)):
            self.assertEqual(self._run()[0], 0)
        self.assertEqual(len(self._renewals()), 2)
        # the bar's REACH becomes due later: asked then, once
        with freeze_time(date.today() + timedelta(days=340)):
            self.assertEqual(self._run()[0], 1)
            self.assertEqual(self._run()[0], 0)
        self.assertEqual(
            self._renewals()[-1].line_ids.previous_document_id, self.reach_bar_a
        )

    def test_what_an_open_request_asks_is_not_asked_again(self):
        self._ask(products=self.plate, document_type_ids=[Command.set(self.reach.ids)])
        self._run()
        request_a = self._renewals().filtered(lambda r: r.partner_id == self.supplier_a)
        self.assertEqual(request_a.line_ids.previous_document_id, self.iso_a)
        # claimed all the same: a later run does not ask it either
        self.assertEqual(self.reach_plate_a.renewal_requested_date, date.today())

    def test_chunks_keep_a_supplier_whole(self):
        count, progress = self._run(chunk_size=1)
        self.assertEqual(count, 1)
        self.assertEqual(progress, {"done": 2, "remaining": 1}, "all of A's")
        count, progress = self._run(chunk_size=1)
        self.assertEqual((count, progress), (1, {"done": 1, "remaining": 0}))
        self.assertEqual(self._run(chunk_size=1)[0], 0)
        self.assertEqual(self._renewals().partner_id, self.supplier_a | self.supplier_b)

    def test_supplier_without_email_gets_a_draft(self):
        supplier = create_company(self.env, "Quiet Steel")
        self.plate.seller_ids = [Command.create({"partner_id": supplier.id})]
        document = self._document(supplier, self.reach, self.plate, date.today())
        self._run()
        request = self._renewals().filtered(lambda r: r.partner_id == supplier)
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.line_ids.previous_document_id, document)

    def test_expired_shows_as_expired_everywhere(self):
        with freeze_time(date.today() + timedelta(days=51)):
            self.assertEqual(self.iso_a.state, "expired")
            self.assertEqual(self.reach_plate_a.state, "expired")
            expired = self.env["b2b.product.document"].search(
                [("state", "=", "expired"), ("supplier_id", "=", self.supplier_a.id)]
            )
            self.assertEqual(expired, self.iso_a | self.reach_plate_a)
            rows = self.env["b2b.compliance.status"].search(
                [("supplier_id", "=", self.supplier_a.id), ("status", "=", "expired")]
            )
            self.assertEqual(rows.document_id, self.iso_a | self.reach_plate_a)
            self._login("a1")
            page = self.url_open("/my/b2b/documents?filterby=expired").text
            self.assertEqual(page.count("o_b2b_document_expired"), 2)
            self.assertIn(
                "Round bar", self.url_open("/my/b2b/documents?filterby=valid").text
            )


@tagged("post_install", "-at_install")
class TestDocumentRequestRenewalQueries(DocumentRequestCommon):
    """The queries of a chunk do not grow with the database: two suppliers with
    three due documents each, beside 10 or 200 documents not due."""

    def _seed(self, due_suppliers, others):
        Document = self.env["b2b.product.document"]
        products = self.env["product.template"].create(
            [{"name": f"Part {i}"} for i in range(max(others, 3))]
        )
        today = date.today()
        for supplier in due_suppliers:
            Document.create(
                [
                    {
                        "supplier_id": supplier.id,
                        "document_type_id": self.reach.id,
                        "product_tmpl_id": product.id,
                        "date_valid_until": today + timedelta(days=10),
                    }
                    for product in products[:3]
                ]
            )
        filler = create_company(self.env, f"Filler {others}")
        Document.create(
            [
                {
                    "supplier_id": filler.id,
                    "document_type_id": self.reach.id,
                    "product_tmpl_id": product.id,
                    "date_valid_until": today + timedelta(days=300),
                }
                for product in products[:others]
            ]
        )
        self.env.flush_all()

    def _suppliers(self, tag):
        return [
            create_company(
                self.env, f"Due {tag} {i}", email=f"due{i}@{tag}.example.com"
            )
            for i in range(2)
        ]

    def _job(self):
        with patch.object(
            type(self.env["ir.cron"]), "_notify_progress", lambda *a, **k: None
        ):
            return self.env["b2b.product.document"]._cron_b2b_request_renewals()

    def test_chunk_queries_do_not_grow_with_the_database(self):
        # warm-up (registry caches, sequences, templates)
        self._seed(self._suppliers("warm"), 3)
        self._job()
        for others in (10, 200):
            self._seed(self._suppliers(f"n{others}"), others)
            self.env.invalidate_all()
            with self.assertQueryCount(RENEWAL_CHUNK_QUERIES):
                self.assertEqual(self._job(), 2)
