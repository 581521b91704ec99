# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The supplier's figures: confirmation rate, median time to confirm and
on-time delivery against the confirmed date, in the analysis (by month), in
the partner overview, and on the supplier's own portal home."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .order_confirmation_common import OrderConfirmationCommon


@tagged("post_install", "-at_install")
class TestOrderConfirmationReport(OrderConfirmationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Confirmation = cls.env["b2b.order.line.confirmation"].sudo()
        author = cls.portal_users["a1"].partner_id
        # bolts confirmed as requested, received on time; nuts confirmed,
        # received after their date; washers still awaiting
        Confirmation._b2b_answer(
            [
                (
                    line,
                    [(line.product_qty, line._b2b_local_date(line.date_planned))],
                    "",
                )
                for line in (cls.bolts_a, cls.nuts_a)
            ],
            author,
            "portal",
        )
        # answered 2 days after the order's confirmation
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE purchase_order SET date_approve = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(days=2), cls.order_a.id),
        )
        receipt = cls.order_a.picking_ids
        for move in receipt.move_ids.filtered(lambda m: m.product_id != cls.washer):
            move.quantity = move.product_uom_qty
            move.picked = True
        receipt.with_context(cancel_backorder=False)._action_done()
        done = receipt.move_ids.filtered(lambda m: m.state == "done")
        late_move = done.filtered(lambda m: m.purchase_line_id == cls.nuts_a)
        late_date = cls.nuts_a.date_planned + timedelta(days=3)
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE stock_move SET date = %s WHERE id = %s", (late_date, late_move.id)
        )
        cls.env.invalidate_all()

    def test_analysis_rows(self):
        Report = self.env["b2b.order.confirmation.report"].with_user(self.buyer)
        rows = Report.search([("order_id", "=", self.order_a.id)])
        by_line = {row.line_id: row for row in rows}
        self.assertEqual(set(by_line), set(self.order_a.order_line))
        bolts, nuts, washers = (by_line[line] for line in self.order_a.order_line)
        self.assertTrue(bolts.is_confirmed)
        self.assertFalse(washers.is_confirmed)
        self.assertEqual(bolts.confirmation_rate, 100)
        self.assertEqual(washers.confirmation_rate, 0)
        self.assertAlmostEqual(bolts.confirm_days, 2, delta=0.1)
        self.assertEqual(bolts.on_time_rate, 100)
        self.assertEqual(nuts.on_time_rate, 0)
        self.assertTrue(nuts.is_late)
        self.assertFalse(washers.on_time_rate)
        # by month, as the graph reads it
        groups = Report._read_group(
            [("partner_id", "=", self.supplier_a.id)],
            ["date_approve:month"],
            ["confirmation_rate:avg", "on_time_rate:avg", "__count"],
        )
        self.assertEqual(len(groups), 1)
        _month, rate, on_time, count = groups[0]
        self.assertAlmostEqual(rate, 200 / 3, places=1)
        self.assertEqual(on_time, 50)
        self.assertEqual(count, 3)

    def test_partner_overview_columns(self):
        Overview = self.env["b2b.partner.overview"].with_user(self.buyer)
        row = Overview.search(
            [
                ("partner_id", "=", self.supplier_a.id),
                ("company_id", "=", self.env.company.id),
            ]
        )
        self.assertEqual(len(row), 1)
        self.assertAlmostEqual(row.confirmation_rate, 200 / 3, places=1)
        self.assertAlmostEqual(row.median_confirm_days, 2, delta=0.1)
        self.assertEqual(row.on_time_rate, 50)
        # a supplier with confirmed orders only (no thread) gets its row
        row_b = Overview.search([("partner_id", "=", self.supplier_b.id)])
        self.assertEqual(len(row_b), 1)
        self.assertEqual(row_b.confirmation_rate, 0)
        # a B2B user without purchase rights does not read these columns
        fields_b2b = Overview.with_user(self.internal).fields_get()
        self.assertNotIn("confirmation_rate", fields_b2b)

    def test_supplier_sees_its_own_figures_on_its_portal_home(self):
        self._login("a1")
        page = self._assert_page("/my", shown=["Your order confirmations"])
        self.assertIn("67 %", page)
        self.assertIn("50 %", page)
        self._login("b1")
        page = self._assert_page("/my", shown=["Your order confirmations"])
        self.assertIn("0 %", page)
        self.assertNotIn("67 %", page)
