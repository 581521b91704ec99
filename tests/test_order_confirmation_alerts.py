# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Late lines and delays reach the buyer without anyone looking: an activity
on the order (on My Work) and a live notification, each event once; the job
costs the same per chunk whatever the number of open lines."""

from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .order_confirmation_common import OrderConfirmationCommon, day

LATE = "b2b_communication.mail_activity_type_b2b_order_late"
DELAY = "b2b_communication.mail_activity_type_b2b_order_delay"


@tagged("post_install", "-at_install")
class TestOrderConfirmationAlerts(OrderConfirmationCommon):
    def _answer(self, line, rows, author=None):
        return (
            self.env["b2b.order.line.confirmation"]
            .sudo()
            ._b2b_answer(
                [(line, rows, "")],
                author or self.portal_users["a1"].partner_id,
                "portal",
            )
        )

    def _run_job(self, chunk_size=500):
        """One call of the job, as ir.cron makes it; the live notifications
        sent, as (partner, type, payload)."""
        sent = []
        Partner = type(self.env["res.partner"])

        def bus_send(partner, notification_type, message, **kwargs):
            sent.extend((p, notification_type, message) for p in partner)

        with patch.object(Partner, "_bus_send", bus_send):
            count = self.env["purchase.order.line"]._cron_b2b_detect_late_lines(
                chunk_size=chunk_size
            )
        return count, sent

    def _activities(self, order, xmlid):
        return order.activity_ids.filtered(
            lambda activity: activity.activity_type_id == self.env.ref(xmlid)
        )

    def test_late_line_reaches_the_buyer_once(self):
        self._answer(self.nuts_a, [(20, self._requested(self.nuts_a))])
        count, sent = self._run_job()
        self.assertEqual(count, 0, "not late yet")
        with freeze_time(day(30)):
            self.assertTrue(self.nuts_a.b2b_is_late)
            self.assertIn(
                self.nuts_a,
                self.env["purchase.order.line"].search([("b2b_is_late", "=", True)]),
            )
            count, sent = self._run_job()
            self.assertEqual(count, 1)
            activity = self._activities(self.order_a, LATE)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.buyer)
            self.assertIn("Hex nut M12", activity.note)
            self.assertEqual(
                [(p, t) for p, t, _m in sent],
                [(self.buyer.partner_id, "b2b_communication.order_alert")],
            )
            self.assertIn(self.order_a.name, sent[0][2]["message"])
            # on the buyer's My Work
            data = self.env["b2b.task"].with_user(self.buyer).get_my_work_data()
            self.assertEqual(
                [alert["order_id"] for alert in data["order_alerts"]],
                [self.order_a.id],
            )
            # never twice for the same event
            count, sent = self._run_job()
            self.assertEqual((count, sent), (0, []))
            self.assertEqual(len(self._activities(self.order_a, LATE)), 1)
            # another line late later: the same activity lists it
            self.env.company.b2b_confirmation_days_late = 60
            self._answer(self.washers_a, [(10, day(31))])
        with freeze_time(day(40)):
            count, _sent = self._run_job()
            self.assertEqual(count, 1)
            activity = self._activities(self.order_a, LATE)
            self.assertEqual(len(activity), 1)
            self.assertIn("Washer M12", activity.note)
            self.assertIn("Hex nut M12", activity.note)

    def test_received_or_unconfirmed_lines_are_not_late(self):
        with freeze_time(day(30)):
            count, _sent = self._run_job()
            self.assertEqual(count, 0, "unconfirmed lines are no late deliveries")
        self._answer(self.bolts_a, [(150, self._requested(self.bolts_a))])
        receipt = self.order_a.picking_ids
        move = receipt.move_ids.filtered(lambda m: m.product_id == self.bolt)
        move.quantity = 150
        move.picked = True
        receipt.with_context(cancel_backorder=True)._action_done()
        with freeze_time(day(30)):
            count, _sent = self._run_job()
            self.assertEqual(count, 0)
            self.assertFalse(self.bolts_a.b2b_is_late)

    def test_delay_reaches_the_buyer_once(self):
        requested = self._requested(self.nuts_a)
        self._answer(self.nuts_a, [(20, requested)])
        self._run_job()
        # the supplier moves its confirmed date two days later (tolerance 3)
        self._answer(self.nuts_a, [(20, requested + timedelta(days=2))])
        confirmation = self.nuts_a.b2b_confirmation_id
        self.assertTrue(confirmation.is_delay)
        count, sent = self._run_job()
        self.assertEqual(count, 1)
        activity = self._activities(self.order_a, DELAY)
        self.assertEqual(activity.user_id, self.buyer)
        self.assertIn("Hex nut M12: moved from", activity.note)
        self.assertEqual(len(sent), 1)
        self.assertEqual(self._run_job(), (0, []))
        # earlier again: no delay
        self._answer(self.nuts_a, [(20, requested)])
        self.assertFalse(self.nuts_a.b2b_confirmation_id.is_delay)
        self.assertEqual(self._run_job(), (0, []))

    def test_first_confirmation_and_accepted_changes_are_no_delay(self):
        """A first confirmation later than asked (within tolerance) and a
        later date the buyer accepted are no surprise to report."""
        requested = self._requested(self.nuts_a)
        self._answer(self.nuts_a, [(20, requested + timedelta(days=2))])
        self.assertFalse(self.nuts_a.b2b_confirmation_id.is_delay)
        self._answer(self.nuts_a, [(20, requested + timedelta(days=30))])
        self.nuts_a.b2b_confirmation_id.with_user(self.buyer).action_accept()
        self.assertFalse(self.nuts_a.b2b_confirmation_id.is_delay)
        self.assertEqual(self._run_job(), (0, []))

    def test_chunks_and_flat_query_count(self):
        """A chunk costs the same queries for 2 late lines of 2 orders as for
        40 of 40 orders; a chunk reports at most its size."""
        counts = {}
        for size in (2, 40):
            orders = [
                self._confirmed_order(self.supplier_a, [(self.nut, 1, 1.0)])
                for _index in range(size)
            ]
            lines = self.env["purchase.order.line"].concat(
                *(order.order_line for order in orders)
            )
            self.env["b2b.order.line.confirmation"].sudo()._b2b_answer(
                [(line, [(1, self._requested(line))], "") for line in lines],
                self.portal_users["a1"].partner_id,
                "portal",
            )
            self.env.flush_all()
            self.env.invalidate_all()
            with freeze_time(day(30)):
                self._run_job(chunk_size=1)  # warm up (one line)
                self.env.invalidate_all()
                if size == 2:
                    start = self.env.cr.sql_log_count
                    count, _sent = self._run_job(chunk_size=size)
                    self.env.flush_all()
                    counts[size] = self.env.cr.sql_log_count - start
                else:
                    # the same queries for 20 times the lines and orders
                    with self.assertQueryCount(counts[2]):
                        count, _sent = self._run_job(chunk_size=size)
                        self.env.flush_all()
                self.assertEqual(count, size - 1)
                self.assertEqual(self._run_job(chunk_size=size)[0], 0)
        self.assertLess(counts[2], 60, counts)
