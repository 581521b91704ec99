# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Our buyer reviews what the supplier sent: accepted documents go into the
compliance file (the newer one replaces the older, kept as history), rejected
ones go back to the supplier with the reason, who is told by email with a link
that works for that recipient. The compliance status of each supplier, product
and type follows."""

from datetime import date, timedelta

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .document_request_common import DocumentRequestCommon


@tagged("post_install", "-at_install")
class TestDocumentRequestReview(DocumentRequestCommon):
    def _answered(self, products=None, **vals):
        """A request of A answered by A's portal user ``a1``: a file for each
        line (issued today)."""
        request = self._ask(products=products, **vals)
        self._login("a1")
        data, files = {}, {}
        for line in request.line_ids:
            line_data, line_files = self._file_answer(line, f"{line.id}.pdf")
            data.update(line_data)
            files.update(line_files)
        response = self._answer(request, data, files)
        self.assertEqual(response.status_code, 200)
        return request

    def _reject(self, lines, reason):
        action = lines.with_user(self.buyer).action_reject()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.buyer)
            .with_context(**action["context"])
        )
        wizard.reason = reason
        wizard.save().action_reject()

    def _status(self, supplier, document_type, product=None):
        row = self.env["b2b.compliance.status"].search(
            [
                ("supplier_id", "=", supplier.id),
                ("document_type_id", "=", document_type.id),
                ("product_tmpl_id", "=", product.id if product else False),
            ]
        )
        self.assertLessEqual(len(row), 1)
        return row.status or None

    def test_accept_puts_documents_on_file(self):
        thread = self.env["b2b.thread"].create(
            {"subject": "Certificates 2027", "partner_id": self.supplier_a.id}
        )
        request = self._answered(products=self.bar, thread_id=thread.id)
        line = request.line_ids
        self.assertEqual(request.state, "answered")
        self.assertEqual(request.activity_ids.user_id, self.buyer)
        request.with_user(self.buyer).action_accept_answered()
        self.assertEqual(line.state, "accepted")
        self.assertEqual(line.reviewed_by_id, self.buyer)
        document = line.document_id
        self.assertEqual(document.supplier_id, self.supplier_a)
        self.assertEqual(document.product_tmpl_id, self.bar)
        self.assertEqual(document.state, "valid")
        self.assertTrue(document.is_current)
        self.assertEqual(document.attachment_ids.raw, line.attachment_ids.raw)
        self.assertNotEqual(document.attachment_ids, line.attachment_ids)
        self.assertEqual(request.state, "done")
        self.assertFalse(request.activity_ids, "nothing left to review")
        self.assertEqual(self._status(self.supplier_a, self.reach, self.bar), "valid")
        # the thread's chatter followed the request
        events = thread.message_ids.mapped("body")
        for text in ("Documents asked", "answered", "is on file"):
            self.assertTrue(any(text in (body or "") for body in events), text)

    def test_a_newer_document_replaces_the_older_kept_as_history(self):
        old = self._on_file(
            self.supplier_a,
            self.reach,
            self.bar,
            valid_until=date.today() + timedelta(days=10),
        )
        self.assertEqual(old.state, "expiring")
        self.assertEqual(
            self._status(self.supplier_a, self.reach, self.bar), "expiring"
        )
        request = self._answered(products=self.bar)
        self.assertEqual(request.line_ids.previous_document_id, old)
        request.line_ids.with_user(self.buyer).action_accept()
        self.assertFalse(old.is_current)
        self.assertTrue(old.exists(), "history kept")
        new = request.line_ids.document_id
        current = self.env["b2b.product.document"].search(
            [("supplier_id", "=", self.supplier_a.id), ("is_current", "=", True)]
        )
        self.assertEqual(current, new)
        self.assertEqual(self._status(self.supplier_a, self.reach, self.bar), "valid")

    def test_only_answered_documents_are_accepted(self):
        request = self._ask(products=self.bar)
        with self.assertRaises(UserError):
            request.line_ids.with_user(self.buyer).action_accept()
        with self.assertRaises(UserError):
            request.with_user(self.buyer).action_accept_answered()

    def test_reject_goes_back_to_the_supplier_who_is_notified(self):
        request = self._answered(products=self.plate)
        reach = self._line(request, self.reach, self.plate)
        self._reject(reach, "The certificate names heat 4711, we received 4712.")
        self.assertEqual(reach.state, "rejected")
        self.assertEqual(request.state, "partial")
        # A's person of contact (no account): a link signed for that person;
        # A's portal user who answered (and follows): the login
        mails = (
            self.env["mail.mail"]
            .search(
                [("model", "=", "b2b.document.request"), ("res_id", "=", request.id)]
            )
            .filtered(lambda mail: "heat 4711" in str(mail.body_html))
        )
        by_recipient = {
            partner: mail for mail in mails for partner in mail.recipient_ids
        }
        contact_mail = by_recipient[self.contact_a]
        signed = self._signed_params(request, self.contact_a)
        self.assertIn(f"pid={self.contact_a.id}", str(contact_mail.body_html))
        self.assertIn(signed["hash"], str(contact_mail.body_html))
        user_mail = by_recipient[self.portal_users["a1"].partner_id]
        self.assertNotIn("hash=", str(user_mail.body_html))
        self.assertIn("/web/login?redirect=", str(user_mail.body_html))
        self.assertNotIn(self.portal_users["b1"].partner_id, mails.recipient_ids)
        # the link works for the contact: the page shows the reason and the form
        self._login("contact_a")
        page = self._assert_page(
            self._page_url(request, self.contact_a),
            shown=["Sent back:", "we received 4712", f'name="file_{reach.id}"'],
            status=200,
        )
        self.assertEqual(page.count('class="card mb-3 o_b2b_document_line"'), 1)
        # the contact sends it again
        response = self._answer(
            request,
            *self._file_answer(reach, "heat-4712.pdf"),
            signed_for=self.contact_a,
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(reach.state, "answered")
        self.assertFalse(reach.rejection_reason)
        self.assertEqual(reach.attachment_ids.name, "heat-4712.pdf")
        self.assertEqual(request.state, "answered")

    def test_rejection_needs_a_reason_and_an_answer(self):
        request = self._answered(products=self.bar)
        action = request.line_ids.with_user(self.buyer).action_reject()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.buyer)
            .with_context(**action["context"])
        )
        with self.assertRaises(AssertionError):
            wizard.save()
        self._reject(request.line_ids, "Unreadable scan")
        with self.assertRaises(UserError):
            request.line_ids.with_user(self.buyer).action_reject()

    def test_compliance_statuses_and_smart_buttons(self):
        """A: ISO expired, REACH of the plate expiring, REACH of the bar valid,
        the plate's certificate of conformity asked; B: nothing on file."""
        today = date.today()
        self._on_file(self.supplier_a, self.iso, valid_until=today - timedelta(days=1))
        self._on_file(
            self.supplier_a,
            self.reach,
            self.plate,
            valid_until=today + timedelta(days=5),
        )
        self._on_file(
            self.supplier_a,
            self.reach,
            self.bar,
            valid_until=today + timedelta(days=200),
        )
        self.env["b2b.document.request"].with_user(self.buyer).create(
            {
                "partner_id": self.supplier_a.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_tmpl_id": self.plate.id,
                            "document_type_id": self.coc.id,
                        },
                    )
                ],
            }
        ).action_send()
        self.assertEqual(self._status(self.supplier_a, self.iso), "expired")
        self.assertEqual(
            self._status(self.supplier_a, self.reach, self.plate), "expiring"
        )
        self.assertEqual(self._status(self.supplier_a, self.reach, self.bar), "valid")
        self.assertEqual(
            self._status(self.supplier_a, self.coc, self.plate), "requested"
        )
        self.assertEqual(
            self._status(self.supplier_b, self.reach, self.plate), "missing"
        )
        self.assertEqual(self._status(self.supplier_b, self.iso), "missing")
        self.assertIsNone(
            self._status(self.supplier_b, self.reach, self.bar), "B has no bar"
        )
        # the matrix supplier x type (pivot)
        Status = self.env["b2b.compliance.status"].with_user(self.buyer)
        matrix = {
            (supplier.id, document_type.id, status): count
            for supplier, document_type, status, count in Status._read_group(
                [("supplier_id", "in", (self.supplier_a | self.supplier_b).ids)],
                ["supplier_id", "document_type_id", "status"],
                ["__count"],
            )
        }
        self.assertEqual(matrix[(self.supplier_a.id, self.reach.id, "valid")], 1)
        self.assertEqual(matrix[(self.supplier_a.id, self.reach.id, "expiring")], 1)
        self.assertEqual(matrix[(self.supplier_b.id, self.coc.id, "missing")], 1)
        # expired documents show as expired in the compliance file too
        expired = self.env["b2b.product.document"].search([("state", "=", "expired")])
        self.assertEqual(expired.document_type_id, self.iso)
        # smart buttons: valid (expiring included) of required
        supplier_a = self.supplier_a.with_user(self.buyer)
        self.assertEqual(supplier_a.b2b_compliance_required_count, 4)
        self.assertEqual(supplier_a.b2b_compliance_valid_count, 2)
        plate = self.plate.with_user(self.buyer)
        self.assertEqual(
            plate.b2b_compliance_required_count, 4, "REACH and CoC of A and B"
        )
        self.assertEqual(plate.b2b_compliance_valid_count, 1)
        action = supplier_a.action_view_b2b_compliance()
        self.assertEqual(Status.search_count(action["domain"]), 4)

    def test_not_applicable_can_be_sent_back(self):
        request = self._ask(products=self.bar)
        line = request.line_ids
        self._login("a1")
        self._answer(request, {f"na_{line.id}": "1", f"reason_{line.id}": "Not in EU"})
        self.assertEqual(request.state, "done")
        self._reject(line, "REACH applies to every article we import.")
        self.assertEqual(line.state, "rejected")
        self.assertEqual(request.state, "partial")
