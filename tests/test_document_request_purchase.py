# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Confirming a purchase order whose products miss a required document of that
supplier (or whose document expired) asks the buyer to confirm anyway or to ask
the supplier first; a setting makes it refuse."""

from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .document_request_common import DocumentRequestCommon


@tagged("post_install", "-at_install")
class TestDocumentRequestPurchase(DocumentRequestCommon):
    def _order(self, product=None, supplier=None):
        return (
            self.env["purchase.order"]
            .with_user(self.buyer)
            .create(
                {
                    "partner_id": (supplier or self.supplier_a).id,
                    "order_line": [
                        Command.create(
                            {"product_id": (product or self.bar).product_variant_id.id}
                        )
                    ],
                }
            )
        )

    def _warning(self, action):
        self.assertEqual(action["res_model"], "b2b.purchase.document.warning")
        return (
            self.env[action["res_model"]].with_user(self.buyer).browse(action["res_id"])
        )

    def test_missing_document_warns_the_buyer(self):
        order = self._order()
        action = order.button_confirm()
        self.assertEqual(order.state, "draft", "not confirmed yet")
        warning = self._warning(action)
        self.assertIn("Round bar 40 mm: REACH declaration (missing)", warning.summary)
        warning.action_confirm_anyway()
        self.assertEqual(order.state, "purchase")
        note = order.message_ids.filtered(
            lambda m: "Confirmed without these supplier documents" in (m.body or "")
        )
        self.assertIn("REACH declaration (missing)", note.body)
        self.assertTrue(note.subtype_id.internal)

    def test_ask_the_supplier_and_confirm(self):
        order = self._order(product=self.plate)
        warning = self._warning(order.button_confirm())
        warning.action_ask_and_confirm()
        self.assertEqual(order.state, "purchase")
        request = order.b2b_document_request_ids
        self.assertEqual(request.state, "sent")
        self.assertEqual(len(request.line_ids), 3)
        # asked, not on file yet: the next order still warns
        self._warning(self._order(product=self.plate).button_confirm())

    def test_expired_warns_expiring_does_not(self):
        today = date.today()
        document = self._on_file(
            self.supplier_a, self.reach, self.bar, valid_until=today - timedelta(days=1)
        )
        warning = self._warning(self._order().button_confirm())
        self.assertIn("(expired)", warning.summary)
        document.date_valid_until = today + timedelta(days=5)
        self.assertEqual(document.state, "expiring")
        order = self._order()
        self.assertTrue(order.button_confirm())
        self.assertEqual(order.state, "purchase")

    def test_setting_blocks(self):
        self.env.company.b2b_document_purchase_block = True
        order = self._order()
        with self.assertRaisesRegex(UserError, "REACH declaration"):
            order.button_confirm()
        self.assertEqual(order.state, "draft")
        # the document arrives: the order confirms
        self._on_file(
            self.supplier_a,
            self.reach,
            self.bar,
            valid_until=date.today() + timedelta(days=300),
        )
        order.button_confirm()
        self.assertEqual(order.state, "purchase")

    def test_settings_page(self):
        settings = self.env["res.config.settings"].create(
            {
                "b2b_document_purchase_block": True,
                "b2b_document_max_size_mb": 5,
                "b2b_document_mimetypes": "application/pdf",
            }
        )
        settings.execute()
        self.assertTrue(self.env.company.b2b_document_purchase_block)
        params = self.env["ir.config_parameter"]
        self.assertEqual(
            params.get_param("b2b_communication.document_max_size_mb"), "5"
        )
        upload = self.env["b2b.document.upload"]
        self.assertEqual(upload._b2b_max_size(), 5 * 1024 * 1024)
        self.assertEqual(upload._b2b_allowed_mimetypes(), {"application/pdf"})

    def test_products_without_requirements_confirm_as_before(self):
        product = self.env["product.product"].create({"name": "Screws"})
        order = (
            self.env["purchase.order"]
            .with_user(self.buyer)
            .create(
                {
                    "partner_id": self.supplier_b.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
        )
        self.assertTrue(order.button_confirm())
        self.assertEqual(order.state, "purchase")
