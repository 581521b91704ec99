# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .order_confirmation_common import OrderConfirmationCommon


@tagged("post_install", "-at_install")
class TestOrderConfirmationUi(OrderConfirmationCommon):
    def test_confirm_propose_a_split_and_accept_it(self):
        """In Chromium: A's portal user confirms the nuts and proposes to
        split the bolts (100 soon, 50 five weeks later); the buyer accepts
        the split: the order has two lines of bolts, 150 in all."""
        self.start_tour(
            "/my/b2b/order-lines",
            "b2b_order_confirmation_supplier_tour",
            login=self.portal_users["a1"].login,
        )
        self.assertEqual(self.nuts_a.b2b_confirmation_state, "confirmed")
        proposal = self.bolts_a.b2b_confirmation_id
        self.assertEqual(proposal.state, "proposed")
        self.assertEqual(sorted(proposal.schedule_ids.mapped("quantity")), [50, 100])
        self.assertIn("second plant", proposal.comment)
        self.start_tour(
            "/odoo/action-b2b_communication.b2b_order_line_confirmation_action",
            "b2b_order_confirmation_buyer_tour",
            login=self.buyer.login,
        )
        self.assertEqual(proposal.state, "accepted")
        bolts = self.order_a.order_line.filtered(lambda l: l.product_id == self.bolt)
        self.assertEqual(sorted(bolts.mapped("product_qty")), [50, 100])
        self.assertEqual(set(bolts.mapped("b2b_confirmation_state")), {"confirmed"})
