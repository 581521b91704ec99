# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Order confirmation, what the buyer relies on: the supplier is asked when
the order is confirmed; an answer inside tolerance is applied at once (date,
quantity, split, the receipt rescheduled as Odoo does), one outside waits for
the buyer who accepts or rejects it (the supplier is emailed); everything is
logged on the order and its thread; Odoo's own date update and acknowledge
never contradict it."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .order_confirmation_common import BASE, OrderConfirmationCommon, day


@tagged("post_install", "-at_install")
class TestOrderConfirmation(OrderConfirmationCommon):
    def _answer(self, answers, author=None, source="portal"):
        """The supplier's answers as the portal takes them (superuser, after
        its access check)."""
        Confirmation = self.env["b2b.order.line.confirmation"].sudo()
        return Confirmation._b2b_answer(
            answers, author or self.portal_users["a1"].partner_id, source
        )

    def _notes(self, record):
        return record.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_note")
        )

    def test_confirming_the_order_asks_the_supplier(self):
        lines = self.order_a.order_line
        self.assertEqual(set(lines.mapped("b2b_confirmation_state")), {"to_confirm"})
        confirmations = lines.b2b_confirmation_id
        self.assertEqual(len(confirmations), 3)
        self.assertEqual(set(confirmations.mapped("state")), {"awaiting"})
        self.assertEqual(confirmations.partner_id, self.supplier_a)
        self.assertEqual(self.bolts_a.b2b_date_requested, self.bolts_a.date_planned)
        self.assertEqual(self.order_a.b2b_unconfirmed_line_count, 3)
        # an RFQ asks nothing
        rfq = self.env["purchase.order"].create(
            {
                "partner_id": self.supplier_a.id,
                "order_line": [(0, 0, {"product_id": self.nut.id, "product_qty": 1})],
            }
        )
        self.assertFalse(rfq.order_line.b2b_confirmation_id)
        self.assertFalse(rfq.order_line.b2b_confirmation_state)

    def test_confirmation_as_requested_is_applied_and_logged(self):
        requested = self._requested(self.bolts_a)
        result = self._answer([(self.bolts_a, [(150, requested)], "")])
        self.assertEqual(result, {"applied": 1, "proposed": 0, "unchanged": 0})
        confirmation = self.bolts_a.b2b_confirmation_id
        self.assertEqual(confirmation.state, "confirmed")
        self.assertEqual(
            confirmation.answered_by_id, self.portal_users["a1"].partner_id
        )
        self.assertEqual(self.bolts_a.b2b_confirmation_state, "confirmed")
        self.assertEqual(self.bolts_a.b2b_date_confirmed, self.bolts_a.date_planned)
        for record in (self.order_a, self.thread_a):
            note = self._notes(record)[:1]
            self.assertIn(
                f"{self.portal_users['a1'].name} answered the order lines", note.body
            )
            self.assertIn("Hex bolt M12", note.body)
            self.assertEqual(note.author_id, self.portal_users["a1"].partner_id)
        # the same answer again (a double submit) writes nothing
        messages = len(self.order_a.message_ids)
        result = self._answer([(self.bolts_a, [(150, requested)], "")])
        self.assertEqual(result["unchanged"], 1)
        self.assertEqual(len(self.order_a.message_ids), messages)
        self.assertEqual(len(self.bolts_a.b2b_confirmation_ids), 1)

    def test_inside_tolerance_moves_the_line_and_the_receipt(self):
        """Two days late (tolerance 3), 5% less (tolerance 5%): applied at
        once; the line's date and quantity change, its price and taxes do
        not, the receipt is planned on the confirmed date."""
        later = self._requested(self.bolts_a) + timedelta(days=2)
        self._answer([(self.bolts_a, [(142.5, later)], "")])
        line = self.bolts_a
        self.assertEqual(line.b2b_confirmation_state, "confirmed")
        self.assertEqual(line.product_qty, 142.5)
        self.assertEqual(line.price_unit, 12.5)
        self.assertEqual(line.taxes_id, self.tax)
        self.assertEqual(line._b2b_local_date(line.date_planned), later)
        self.assertEqual(line.b2b_delay_days, 2)
        moves = line.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        self.assertEqual(sum(moves.mapped("product_uom_qty")), 142.5)
        self.assertEqual(set(moves.mapped("date")), {line.date_planned})
        self.assertEqual(set(moves.mapped("date_deadline")), {line.date_planned})
        receipt = self.order_a.picking_ids
        self.assertEqual(
            receipt.scheduled_date,
            min(self.order_a.order_line.mapped("date_planned")),
        )

    def test_outside_tolerance_waits_for_the_buyer_who_accepts_a_split(self):
        requested = self._requested(self.bolts_a)
        rows = [(100, requested), (50, requested + timedelta(days=30))]
        result = self._answer([(self.bolts_a, rows, "Half the stock is late")])
        self.assertEqual(result["proposed"], 1)
        proposal = self.bolts_a.b2b_confirmation_id
        self.assertEqual(proposal.state, "proposed")
        self.assertTrue(proposal.is_split)
        # nothing applied yet
        self.assertEqual(self.bolts_a.product_qty, 150)
        self.assertEqual(len(self.order_a.order_line), 3)
        self.assertEqual(self.order_a.b2b_proposal_count, 1)
        activity = self.order_a.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("b2b_communication.mail_activity_type_b2b_order_proposal"),
        )
        self.assertEqual(activity.user_id, self.buyer)
        self.assertIn("Hex bolt M12", activity.note)
        # the buyer accepts: the line becomes two, with the same price and taxes
        proposal.with_user(self.buyer).action_accept()
        self.assertEqual(proposal.state, "accepted")
        self.assertEqual(proposal.decided_by_id, self.buyer)
        self.assertFalse(self.order_a.activity_ids)
        bolts = self.order_a.order_line.filtered(lambda l: l.product_id == self.bolt)
        self.assertEqual(sorted(bolts.mapped("product_qty")), [50, 100])
        self.assertEqual(set(bolts.mapped("price_unit")), {12.5})
        self.assertEqual(bolts.taxes_id, self.tax)
        self.assertEqual(set(bolts.mapped("b2b_confirmation_state")), {"confirmed"})
        new_line = bolts - self.bolts_a
        self.assertEqual(new_line.b2b_confirmation_id.split_from_id, proposal)
        self.assertEqual(new_line.b2b_date_requested, self.bolts_a.b2b_date_requested)
        # each line has its receipt move on its date, 150 in all
        moves = bolts.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        self.assertEqual(sum(moves.mapped("product_uom_qty")), 150)
        for line in bolts:
            line_moves = line.move_ids.filtered(lambda m: m.state != "cancel")
            self.assertEqual(set(line_moves.mapped("date")), {line.date_planned})
        note = self._notes(self.thread_a)[:1]
        self.assertIn("Bruno Buyer decided", note.body)
        self.assertIn("accepted", note.body)

    def test_buyer_rejects_with_a_reason_and_the_supplier_is_emailed(self):
        requested = self._requested(self.nuts_a)
        self._answer([(self.nuts_a, [(10, requested)], "")], author=self.contact_a)
        proposal = self.nuts_a.b2b_confirmation_id
        self.assertEqual(proposal.state, "proposed")
        action = proposal.with_user(self.buyer).action_open_reject_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.buyer)
            .with_context(**action["context"])
        )
        wizard.reason = "We need all 20 nuts."
        wizard.save().action_reject()
        self.assertEqual(proposal.state, "rejected")
        self.assertEqual(self.nuts_a.b2b_confirmation_state, "to_confirm")
        self.assertEqual(self.nuts_a.product_qty, 20)
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", proposal._name),
                ("res_id", "=", proposal.id),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_to, self.contact_a.email_formatted)
        self.assertIn("We need all 20 nuts.", str(mail.body_html))
        # the link works for that person (signed, no account needed)
        url = proposal.sudo()._b2b_recipient_url(self.contact_a)
        self.assertIn(url.split("?")[0].split("/my/")[1], str(mail.body_html))
        self.assertIn("hash=", str(mail.body_html))
        self._login("contact_a")
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("We need all 20 nuts.", page.text)
        # deciding twice is refused
        with self.assertRaises(UserError):
            proposal.with_user(self.buyer).action_accept()

    def test_rejection_email_to_a_portal_user_has_the_login_link(self):
        self._answer([(self.nuts_a, [(10, self._requested(self.nuts_a))], "")])
        proposal = self.nuts_a.b2b_confirmation_id
        proposal.with_user(self.buyer)._b2b_reject("No.")
        mail = self.env["mail.mail"].search(
            [("model", "=", proposal._name), ("res_id", "=", proposal.id)]
        )
        self.assertEqual(
            mail.email_to, self.portal_users["a1"].partner_id.email_formatted
        )
        self.assertIn("/web/login?redirect=", str(mail.body_html))
        self.assertNotIn("hash=", str(mail.body_html))

    def test_a_new_answer_replaces_a_pending_proposal(self):
        requested = self._requested(self.nuts_a)
        self._answer([(self.nuts_a, [(10, requested)], "")])
        first = self.nuts_a.b2b_confirmation_id
        self._answer([(self.nuts_a, [(20, requested)], "")])
        self.assertEqual(first.state, "cancelled")
        self.assertEqual(self.nuts_a.b2b_confirmation_id.state, "confirmed")
        self.assertFalse(self.order_a.activity_ids, "nothing left to decide")
        with self.assertRaises(UserError):
            first.with_user(self.buyer).action_accept()

    def test_buyer_changing_the_line_asks_again(self):
        self._answer([(self.nuts_a, [(20, self._requested(self.nuts_a))], "")])
        self.assertEqual(self.nuts_a.b2b_confirmation_state, "confirmed")
        form = Form(self.order_a.with_user(self.buyer))
        with form.order_line.edit(1) as line:
            line.product_qty = 30
        form.save()
        self.assertEqual(self.nuts_a.b2b_confirmation_state, "to_confirm")
        self.assertEqual(self.nuts_a.b2b_confirmation_id.qty_requested, 30)
        self.assertEqual(self.nuts_a.b2b_confirmation_id.state, "awaiting")

    def test_line_added_to_a_confirmed_order_is_asked(self):
        self.order_a.with_user(self.buyer).write(
            {"order_line": [(0, 0, {"product_id": self.nut.id, "product_qty": 5})]}
        )
        added = self.order_a.order_line[-1]
        self.assertEqual(added.b2b_confirmation_state, "to_confirm")

    def test_cancelled_order_closes_its_confirmations(self):
        self._answer([(self.nuts_a, [(10, self._requested(self.nuts_a))], "")])
        self.order_a.with_user(self.buyer).button_cancel()
        self.assertEqual(
            set(self.order_a.order_line.b2b_confirmation_id.mapped("state")),
            {"cancelled"},
        )
        self.assertFalse(any(self.order_a.order_line.mapped("b2b_is_open")))
        self.assertFalse(self.order_a.activity_ids)

    def test_errors_of_an_answer(self):
        Confirmation = self.env["b2b.order.line.confirmation"]
        line = self.bolts_a
        past = day(-1)
        self.assertEqual(Confirmation._b2b_answer_errors(line, [(150, day(5))]), [])
        for rows, text in (
            ([(150, past)], "is in the past"),
            ([(0, day(5))], "above zero"),
            ([(-3, day(5))], "above zero"),
            ([], "at least one delivery"),
            ([(1, day(5))] * 11, "At most 10 deliveries"),
            ([(1, day(365 * 6))], "too far ahead"),
        ):
            errors = Confirmation._b2b_answer_errors(line, rows)
            self.assertTrue(any(text in error for error in errors), (rows, errors))

    def test_received_quantity_is_a_floor(self):
        receipt = self.order_a.picking_ids
        move = receipt.move_ids.filtered(lambda m: m.product_id == self.bolt)
        move.quantity = 40
        move.picked = True
        receipt.with_context(cancel_backorder=False)._action_done()
        self.assertEqual(self.bolts_a.qty_received, 40)
        Confirmation = self.env["b2b.order.line.confirmation"]
        errors = Confirmation._b2b_answer_errors(self.bolts_a, [(30, day(5))])
        self.assertIn("below what was already received", errors[0])
        # fully received: no answer any more
        self.bolts_a.order_id.button_unlock()
        self.bolts_a.with_context(b2b_confirmation_applying=True).product_qty = 40
        self.assertFalse(self.bolts_a.b2b_is_open)
        errors = Confirmation._b2b_answer_errors(self.bolts_a, [(40, day(5))])
        self.assertIn("fully received", errors[0])

    def test_odoo_date_update_goes_through_the_confirmation(self):
        """Odoo's own date update of the order page (/my/purchase/<id>/update)
        is an answer: inside tolerance applied (and logged), outside waiting
        for the buyer; Odoo's page and ours never disagree."""
        self._login("a1")
        inside = self._requested(self.nuts_a) + timedelta(days=2)
        outside = self._requested(self.washers_a) + timedelta(days=20)
        response = self._json(
            f"/my/purchase/{self.order_a.id}/update",
            {
                str(self.nuts_a.id): fields.Date.to_string(inside),
                str(self.washers_a.id): fields.Date.to_string(outside),
            },
        )
        self.assertNotIn("error", response)
        self.assertEqual(self.nuts_a.b2b_confirmation_state, "confirmed")
        self.assertEqual(self.nuts_a._b2b_local_date(self.nuts_a.date_planned), inside)
        self.assertEqual(self.nuts_a.b2b_confirmation_id.source, "date_update")
        self.assertEqual(self.washers_a.b2b_confirmation_state, "proposed")
        self.assertNotEqual(
            self.washers_a._b2b_local_date(self.washers_a.date_planned), outside
        )
        # no "Date Updated" activity of Odoo: the proposal activity says it all
        self.assertEqual(len(self.order_a.activity_ids), 1)
        page = self._assert_page(f"/my/purchase/{self.order_a.id}", status=200)
        self.assertIn("o_b2b_order_confirmation", page)

    def test_acknowledge_does_not_confirm_lines(self):
        """Odoo's acknowledge (a GET from an email) acknowledges the order,
        it confirms no line: the lines still await their confirmation."""
        self._login("a1")
        self.url_open(f"/my/purchase/{self.order_a.id}?confirm=reception")
        self.assertTrue(self.order_a.mail_reception_confirmed)
        self.assertEqual(
            set(self.order_a.order_line.mapped("b2b_confirmation_state")),
            {"to_confirm"},
        )

    def test_locked_order_is_split_and_locked_again(self):
        self.order_a.with_user(self.buyer).button_done()
        self.assertEqual(self.order_a.state, "done")
        self.assertTrue(self.bolts_a.b2b_is_open)
        requested = self._requested(self.bolts_a)
        self.env.company.b2b_confirmation_days_late = 60
        self._answer([(self.bolts_a, [(100, requested), (50, day(40))], "")])
        self.assertEqual(self.order_a.state, "done")
        bolts = self.order_a.order_line.filtered(lambda l: l.product_id == self.bolt)
        self.assertEqual(sorted(bolts.mapped("product_qty")), [50, 100])
        moves = bolts.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        self.assertEqual(sum(moves.mapped("product_uom_qty")), 150)

    def test_buyer_without_purchase_rights_cannot_decide(self):
        self._answer([(self.nuts_a, [(10, self._requested(self.nuts_a))], "")])
        proposal = self.nuts_a.b2b_confirmation_id
        with self.assertRaises(AccessError):
            proposal.with_user(self.internal).action_accept()
        self.assertEqual(proposal.state, "proposed")

    def test_settings_of_the_tolerance(self):
        settings = Form(self.env["res.config.settings"])
        settings.b2b_confirmation_days_late = 7
        settings.b2b_confirmation_qty_tolerance = 10
        settings.b2b_confirmation_reminder_days = 4
        settings.save().execute()
        self.assertEqual(self.env.company.b2b_confirmation_days_late, 7)
        self.assertEqual(self.env.company.b2b_confirmation_qty_tolerance, 10)
        self.assertEqual(self.env.company.b2b_confirmation_reminder_days, 4)

    def test_order_page_shows_the_actions_to_its_supplier_only(self):
        self._login("a1")
        page = self._assert_page(
            f"/my/purchase/{self.order_a.id}",
            shown=["Delivery confirmation", "Confirm all lines of this order"],
            status=200,
        )
        self.assertIn(f"{BASE}/line/{self.bolts_a.id}?from_order=", page)
