# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Business documents on a thread, walked through Odoo's real flows."""

from odoo import Command
from odoo.tests import Form, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestThreadDocuments(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= (
            cls.env.ref("b2b_communication.group_b2b_manager")
            | cls.env.ref("sales_team.group_sale_manager")
            | cls.env.ref("purchase.group_purchase_manager")
            | cls.env.ref("mrp.group_mrp_manager")
            | cls.env.ref("stock.group_stock_manager")
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customer = cls.env["res.partner"].create(
            {"name": "Customer Docs", "is_company": True}
        )
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Vendor Docs", "is_company": True}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Bracket",
                "is_storable": True,
                "list_price": 100.0,
                "standard_price": 60.0,
                "invoice_policy": "delivery",
                "seller_ids": [
                    Command.create({"partner_id": cls.vendor.id, "price": 60.0})
                ],
                "property_account_income_id": cls.company_data[
                    "default_account_revenue"
                ].id,
                "property_account_expense_id": cls.company_data[
                    "default_account_expense"
                ].id,
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.stock_location, 100
        )
        cls.thread = cls.env["b2b.thread"].create(
            {"subject": "Brackets for 2027", "partner_id": cls.customer.id}
        )

    def _sale_order(self, **vals):
        """A sales order of the customer for one unit of the product."""
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 1}
                    )
                ],
                **vals,
            }
        )

    def _documents(self, thread=None):
        thread = thread or self.thread
        thread.invalidate_recordset()
        self.env["b2b.thread.document"].invalidate_model()
        return {(d.res_model, d.res_id): d for d in thread.document_ids}

    def _assert_documents(self, *expected, thread=None):
        expected_keys = {(rec._name, rec.id) for records in expected for rec in records}
        self.assertEqual(set(self._documents(thread)), expected_keys)

    def _register_payment(self, moves):
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=moves.ids)
            .create({})
        )
        wizard.action_create_payments()
        return moves._get_reconciled_payments()

    def test_sale_flow(self):
        """Quotation -> sale -> delivery -> invoice -> payment, all on the thread."""
        with Form(
            self.env["sale.order"].with_context(default_b2b_thread_id=self.thread.id)
        ) as so_form:
            so_form.partner_id = self.customer
            with so_form.order_line.new() as line:
                line.product_id = self.product
                line.product_uom_qty = 5
        order = so_form.record
        self.assertEqual(order.b2b_thread_id, self.thread)
        self.assertFalse(order.b2b_thread_derived)
        docs = self._documents()
        self.assertEqual(docs[("sale.order", order.id)].document_type, "quotation")
        self._assert_documents(order)

        order.action_confirm()
        delivery = order.picking_ids
        self.assertEqual(len(delivery), 1)
        self._assert_documents(order, delivery)
        self.assertTrue(delivery.b2b_thread_derived)
        docs = self._documents()
        self.assertEqual(docs[("sale.order", order.id)].document_type, "sale_order")
        self.assertEqual(docs[("stock.picking", delivery.id)].document_type, "delivery")
        self.assertTrue(docs[("stock.picking", delivery.id)].is_derived)

        delivery.move_ids.quantity = 5
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")
        self._assert_documents(order, delivery)

        invoice = order._create_invoices()
        invoice.action_post()
        self._assert_documents(order, delivery, invoice)
        self.assertEqual(
            self._documents()[("account.move", invoice.id)].document_type, "invoice"
        )
        self.assertEqual(
            self._documents()[("account.move", invoice.id)].amount, invoice.amount_total
        )

        payment = self._register_payment(invoice)
        self.assertTrue(payment)
        self._assert_documents(order, delivery, invoice, payment)
        self.assertEqual(self.thread.sale_order_count, 1)
        self.assertEqual(self.thread.picking_count, 1)
        self.assertEqual(self.thread.invoice_count, 1)
        self.assertEqual(self.thread.payment_count, 1)
        # the way back: every document leads to its thread
        for record in (order, delivery, invoice, payment):
            self.assertEqual(record.action_open_b2b_thread()["res_id"], self.thread.id)

    def test_purchase_flow(self):
        """RFQ -> purchase -> receipt -> bill -> payment."""
        thread = self.env["b2b.thread"].create(
            {"subject": "Steel", "partner_id": self.vendor.id}
        )
        action = thread.action_new_rfq()
        with Form(
            self.env["purchase.order"].with_context(**action["context"])
        ) as po_form:
            self.assertEqual(po_form.partner_id, self.vendor)
            with po_form.order_line.new() as line:
                line.product_id = self.product
                line.product_qty = 10
        rfq = po_form.record
        self._assert_documents(rfq, thread=thread)
        self.assertEqual(
            self._documents(thread)[("purchase.order", rfq.id)].document_type, "rfq"
        )
        rfq.button_confirm()
        receipt = rfq.picking_ids
        self._assert_documents(rfq, receipt, thread=thread)
        self.assertEqual(
            self._documents(thread)[("stock.picking", receipt.id)].document_type,
            "receipt",
        )
        receipt.move_ids.quantity = 10
        receipt.button_validate()
        rfq.action_create_invoice()
        bill = rfq.invoice_ids
        bill.invoice_date = bill.date
        bill.action_post()
        self._assert_documents(rfq, receipt, bill, thread=thread)
        self.assertEqual(
            self._documents(thread)[("account.move", bill.id)].document_type, "bill"
        )
        payment = self._register_payment(bill)
        self._assert_documents(rfq, receipt, bill, payment, thread=thread)

    def test_make_to_order_sale_creates_production_and_purchase(self):
        mto = self.env.ref("stock.route_warehouse0_mto")
        mto.active = True
        mto.rule_ids.procure_method = "make_to_order"
        manufacture = self.env.ref("mrp.route_warehouse0_manufacture")
        buy = self.env.ref("purchase_stock.route_warehouse0_buy")
        component = self.env["product.product"].create(
            {
                "name": "Steel plate",
                "is_storable": True,
                "route_ids": [Command.set((mto | buy).ids)],
                "seller_ids": [
                    Command.create({"partner_id": self.vendor.id, "price": 10})
                ],
            }
        )
        gearbox = self.env["product.product"].create(
            {
                "name": "Gearbox",
                "is_storable": True,
                "route_ids": [Command.set((mto | manufacture).ids)],
            }
        )
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": gearbox.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create({"product_id": component.id, "product_qty": 2})
                ],
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "b2b_thread_id": self.thread.id,
                "order_line": [
                    Command.create({"product_id": gearbox.id, "product_uom_qty": 1})
                ],
            }
        )
        order.action_confirm()
        production = order.mrp_production_ids
        self.assertEqual(len(production), 1)
        purchase = self.env["purchase.order"].search(
            [("partner_id", "=", self.vendor.id)]
        )
        self.assertEqual(len(purchase), 1, "the MTO component was bought")
        self.assertEqual(production.b2b_thread_id, self.thread)
        self.assertTrue(production.b2b_thread_derived)
        # the purchase triggered for the sale (through its manufacturing order)
        self.assertEqual(purchase.b2b_thread_id, self.thread)
        self.assertTrue(purchase.b2b_thread_derived)
        docs = self._documents()
        for records in (order, order.picking_ids, production, purchase):
            for record in records:
                self.assertIn((record._name, record.id), docs)
        self.assertEqual(
            docs[("mrp.production", production.id)].document_type, "production"
        )

    def test_explicit_link_kept_and_unlink_origin(self):
        other = self.env["b2b.thread"].create(
            {"subject": "Other", "partner_id": self.customer.id}
        )
        order = self._sale_order(b2b_thread_id=self.thread.id)
        order.action_confirm()
        delivery = order.picking_ids
        self.assertEqual(delivery.b2b_thread_id, self.thread)
        # a document linked explicitly to another thread keeps its own link
        delivery.b2b_thread_id = other
        self.assertFalse(delivery.b2b_thread_derived)
        order.b2b_thread_id = False
        self.assertEqual(delivery.b2b_thread_id, other)
        # moving the origin moves what is only derived from it
        order2 = self._sale_order(b2b_thread_id=self.thread.id)
        order2.action_confirm()
        order2.b2b_thread_id = other
        self.assertEqual(order2.picking_ids.b2b_thread_id, other)
        # unlinking the origin removes what was only derived from it
        order2.b2b_thread_id = False
        self.assertFalse(order2.picking_ids.b2b_thread_id)

    def test_link_existing_while_creating_thread(self):
        order = self._sale_order()
        order.action_confirm()
        with Form(self.env["b2b.thread"]) as thread_form:
            thread_form.subject = "Linked at creation"
            thread_form.partner_id = self.customer
            thread_form.sale_order_ids.add(order)
        thread = thread_form.record
        self.assertEqual(order.b2b_thread_id, thread)
        self.assertEqual(
            order.picking_ids.b2b_thread_id, thread, "derived documents follow"
        )

    def test_deleting_thread_keeps_documents(self):
        thread = self.env["b2b.thread"].create(
            {"subject": "Temp", "partner_id": self.customer.id}
        )
        order = self._sale_order(b2b_thread_id=thread.id)
        thread.action_cancel()
        self.assertTrue(order.exists())
        thread.unlink()
        self.assertTrue(order.exists())
        self.assertFalse(order.b2b_thread_id)

    def test_documents_query_count_is_bounded(self):
        """Reading a thread's documents costs the same at 5 and at 200 orders."""

        def make_orders(count):
            return self.env["sale.order"].create(
                [
                    {
                        "partner_id": self.customer.id,
                        "b2b_thread_id": self.thread.id,
                        "order_line": [Command.create({"product_id": self.product.id})],
                    }
                    for _i in range(count)
                ]
            )

        def read_documents():
            self.env.invalidate_all()
            thread = self.env["b2b.thread"].browse(self.thread.id)
            docs = thread.document_ids
            rows = [(d.name, d.state_label, d.partner_id.name, d.amount) for d in docs]
            self.assertEqual(thread.sale_order_count, len(rows))
            return len(rows)

        make_orders(5)
        self.env.flush_all()
        read_documents()
        with self.assertQueryCount(15) as _counter:
            self.assertEqual(read_documents(), 5)
        make_orders(195)
        self.env.flush_all()
        with self.assertQueryCount(15):
            self.assertEqual(read_documents(), 200)

    def test_salesperson_without_purchase_rights_confirms(self):
        """Propagation does not need rights on the derived documents' apps."""
        salesman = self.env["res.users"].create(
            {
                "name": "Sam Sales",
                "login": "sam_sales",
                "groups_id": [
                    Command.set([self.env.ref("sales_team.group_sale_salesman").id])
                ],
            }
        )
        order = self._sale_order(user_id=salesman.id)
        order.with_user(salesman).b2b_thread_id = self.thread
        order.with_user(salesman).action_confirm()
        self.assertEqual(order.picking_ids.b2b_thread_id, self.thread)
        # the documents list only shows what the salesperson may read
        docs = self.thread.with_user(salesman).document_ids
        self.assertIn("sale.order", docs.mapped("res_model"))
