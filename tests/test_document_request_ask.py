# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Our buyer asks for documents with "Ask for Documents": from a supplier, from
products (each supplier of them), from a product category or from a purchase
order; one request per supplier with many lines, only what is missing, expired
or expiring and not asked already; optionally on a thread."""

from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import create_company
from .document_request_common import DocumentRequestCommon


@tagged("post_install", "-at_install")
class TestDocumentRequestAsk(DocumentRequestCommon):
    def _wizard(self, action, **values):
        """The wizard as its action opens it (defaults from the context)."""
        Wizard = self.env["b2b.document.request.wizard"].with_user(self.buyer)
        form = Form(Wizard.with_context(**action.get("context", {})))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def _asked(self, request):
        return sorted(
            (line.document_type_id.name, line.sudo().product_tmpl_id.name or "")
            for line in request.line_ids
        )

    def test_from_the_supplier_everything_it_supplies(self):
        action = self.supplier_a.with_user(self.buyer).action_b2b_ask_documents()
        wizard = self._wizard(action)
        self.assertEqual(wizard.need_count, 4)
        self.assertIn("Round bar 40 mm", wizard.preview)
        action = wizard.action_send()
        request = self.env["b2b.document.request"].browse(action["res_id"])
        self.assertEqual(request.partner_id, self.supplier_a)
        self.assertEqual(request.contact_id, self.contact_a)
        self.assertEqual(request.state, "sent")
        self.assertEqual(request.user_id, self.buyer)
        self.assertEqual(
            self._asked(request),
            [
                ("Certificate of conformity", "Steel plate 10 mm"),
                ("ISO 9001 certificate", ""),
                ("REACH declaration", "Round bar 40 mm"),
                ("REACH declaration", "Steel plate 10 mm"),
            ],
        )
        self.assertTrue(request.name.startswith("DOC/"))
        # asked once: nothing left to ask
        wizard = self._wizard(action=self.supplier_a.action_b2b_ask_documents())
        self.assertEqual(wizard.need_count, 0)
        with self.assertRaises(UserError):
            wizard.action_send()

    def test_only_what_is_missing_expired_or_expiring(self):
        today = date.today()
        self._on_file(
            self.supplier_a, self.iso, valid_until=today + timedelta(days=600)
        )
        self._on_file(
            self.supplier_a, self.reach, self.bar, valid_until=today - timedelta(days=3)
        )
        self._on_file(
            self.supplier_a,
            self.reach,
            self.plate,
            valid_until=today + timedelta(days=10),
        )
        self._on_file(self.supplier_a, self.coc, self.plate)
        action = self.supplier_a.action_b2b_ask_documents()
        wizard = self._wizard(action, include_expiring=False)
        self.assertEqual(wizard.need_count, 1, "the expired REACH of the bar only")
        wizard = self._wizard(action)
        request = wizard._b2b_create_requests()
        self.assertEqual(
            self._asked(request),
            [
                ("REACH declaration", "Round bar 40 mm"),
                ("REACH declaration", "Steel plate 10 mm"),
            ],
        )
        self.assertTrue(all(request.line_ids.mapped("previous_document_id")))
        self.assertEqual(request.state, "draft")

    def test_from_products_one_request_per_supplier(self):
        action = self.plate.with_user(self.buyer).action_b2b_ask_documents()
        wizard = self._wizard(action, document_type_ids=self.reach)
        self.assertEqual(wizard.supplier_count, 2)
        action = wizard.action_send()
        requests = self.env["b2b.document.request"].search(action["domain"])
        self.assertEqual(requests.partner_id, self.supplier_a | self.supplier_b)
        for request in requests:
            self.assertEqual(
                self._asked(request), [("REACH declaration", "Steel plate 10 mm")]
            )
        # each supplier's person of contact, else its first portal user
        self.assertEqual(
            requests.contact_id, self.contact_a | self.portal_users["b1"].partner_id
        )

    def test_from_a_product_category_and_its_subcategories(self):
        steel = self.env["product.category"].create({"name": "Steel"})
        plates = self.env["product.category"].create(
            {"name": "Plates", "parent_id": steel.id}
        )
        steel.b2b_document_type_ids = self.iso
        self.plate.categ_id = plates
        self.bar.b2b_document_type_ids = False
        self.bar.categ_id = steel
        self.assertEqual(self.bar.b2b_required_document_type_ids, self.iso)
        wizard = self._wizard(
            {"context": {"active_model": "product.category", "active_ids": steel.ids}},
            partner_id=self.supplier_a,
        )
        request = wizard._b2b_create_requests()
        self.assertEqual(
            self._asked(request),
            [
                ("Certificate of conformity", "Steel plate 10 mm"),
                ("ISO 9001 certificate", ""),
                ("REACH declaration", "Steel plate 10 mm"),
            ],
        )

    def test_from_a_purchase_order_on_its_thread(self):
        thread = self.env["b2b.thread"].create(
            {"subject": "Plates for project X", "partner_id": self.supplier_a.id}
        )
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.portal_users["a1"].partner_id.id,
                "b2b_thread_id": thread.id,
                "order_line": [
                    Command.create({"product_id": self.plate.product_variant_id.id})
                ],
            }
        )
        action = order.with_user(self.buyer).action_b2b_ask_documents()
        wizard = self._wizard(action)
        self.assertEqual(wizard.partner_id, self.supplier_a)
        self.assertEqual(wizard.thread_id, thread)
        self.assertEqual(wizard.need_count, 3, "the plate's documents only")
        action = wizard.action_send()
        request = self.env["b2b.document.request"].browse(action["res_id"])
        self.assertEqual(request.purchase_order_id, order)
        self.assertEqual(order.b2b_document_request_count, 1)
        self.assertEqual(thread.document_request_count, 1)
        note = thread.message_ids.filtered(lambda m: request.name in (m.body or ""))
        self.assertTrue(note)
        self.assertTrue(note.subtype_id.internal, "a log note, not a message to A")

    def test_request_by_hand_and_its_rules(self):
        Request = self.env["b2b.document.request"].with_user(self.buyer)
        request = Request.create(
            {
                "partner_id": self.portal_users["a1"].partner_id.id,
                "line_ids": [
                    Command.create(
                        {
                            "product_tmpl_id": self.plate.id,
                            "document_type_id": self.reach.id,
                        }
                    )
                ],
            }
        )
        self.assertEqual(request.partner_id, self.supplier_a, "the company is asked")
        with self.assertRaises(ValidationError):
            request.write(
                {"line_ids": [Command.create({"document_type_id": self.reach.id})]}
            )
        with self.assertRaises(ValidationError):
            request.write(
                {
                    "line_ids": [
                        Command.create(
                            {
                                "product_tmpl_id": self.bar.id,
                                "document_type_id": self.iso.id,
                            }
                        )
                    ]
                }
            )
        with self.assertRaises(ValidationError):
            request.write(
                {
                    "line_ids": [
                        Command.create(
                            {
                                "product_tmpl_id": self.plate.id,
                                "document_type_id": self.reach.id,
                            }
                        )
                    ]
                }
            )
        # nobody at C with an email
        supplier_c = create_company(self.env, "Supplier C")
        request_b = Request.create(
            {
                "partner_id": supplier_c.id,
                "line_ids": [Command.create({"document_type_id": self.iso.id})],
            }
        )
        with self.assertRaises(UserError):
            request_b.action_send()
        with self.assertRaises(UserError):
            Request.create({"partner_id": self.supplier_a.id}).action_send()
        request.action_send()
        with self.assertRaises(UserError):
            request.line_ids.unlink()
        with self.assertRaises(UserError):
            request.sudo().unlink()
        request.action_cancel()
        self.assertEqual(request.state, "cancelled")
        request.action_draft()
        self.assertEqual(request.state, "draft")
