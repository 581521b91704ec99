# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The supplier's open order lines over HTTP, as the people concerned: A's
portal user, A's person of contact without an account (a signed link), B's
portal user, a person who left A, our buyer, the anonymous visitor."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .order_confirmation_common import BASE, OrderConfirmationCommon, day


@tagged("post_install", "-at_install")
class TestOrderConfirmationPortal(OrderConfirmationCommon):
    def test_supplier_sees_its_open_lines_without_prices(self):
        self._login("a1")
        page = self._assert_page(
            BASE,
            shown=[self.order_a.name, "Hex bolt M12", "Hex nut M12", "Washer M12"],
            hidden=[self.order_b.name, "12.50", "13.75", "0.40"],
            status=200,
        )
        self.assertEqual(page.count("o_b2b_order_line_row"), 3)
        # B sees its own line only
        self._login("b1")
        self._assert_page(
            BASE,
            shown=[self.order_b.name],
            hidden=[self.order_a.name, "13.75"],
            status=200,
        )

    def test_awaiting_lines_first_search_sort_and_pager(self):
        requested = self._requested(self.bolts_a)
        self.env["b2b.order.line.confirmation"].sudo()._b2b_answer(
            [(self.bolts_a, [(150, requested)], "")],
            self.portal_users["a1"].partner_id,
            "portal",
        )
        self._login("a1")
        page = self.url_open(BASE).text
        positions = [
            page.index(f'data-line-id="{line.id}"')
            for line in (self.nuts_a, self.washers_a, self.bolts_a)
        ]
        self.assertLess(max(positions[:2]), positions[2], "confirmed line last")
        page = self._assert_page(
            f"{BASE}?search=nut", shown=["Hex nut M12"], hidden=["Washer M12"]
        )
        self._assert_page(
            f"{BASE}?filterby=confirmed",
            shown=["Hex bolt M12"],
            hidden=["Washer M12"],
        )
        for sortby in ("state", "requested", "date", "order", "product"):
            self._assert_page(f"{BASE}?sortby={sortby}", status=200)
        # bad options are a 400, not a traceback
        self._assert_page(f"{BASE}?sortby=price", status=400)
        self._assert_page(f"{BASE}?filterby=everything", status=400)
        # a second page when there are more lines than a page holds
        self._confirmed_order(self.supplier_a, [(self.washer, 1, 1.0)] * 40)
        page = self.url_open(BASE).text
        self.assertEqual(page.count("o_b2b_order_line_row"), 40)
        self.assertIn(f"{BASE}/page/2", page)
        page2 = self.url_open(f"{BASE}/page/2").text
        self.assertEqual(page2.count("o_b2b_order_line_row"), 3)

    def test_confirm_selected_lines_as_requested(self):
        self._login("a1")
        response = self._confirm_selected(self.bolts_a | self.nuts_a)
        self.assertEqual(response.status_code, 200)
        self.assertIn("2 line(s) confirmed.", response.text)
        self.assertEqual(self.bolts_a.b2b_confirmation_state, "confirmed")
        self.assertEqual(self.nuts_a.b2b_confirmation_state, "confirmed")
        self.assertEqual(self.washers_a.b2b_confirmation_state, "to_confirm")
        confirmation = self.bolts_a.b2b_confirmation_id
        self.assertEqual(
            confirmation.answered_by_id, self.portal_users["a1"].partner_id
        )
        self.assertEqual(confirmation.source, "portal")

    def test_the_pages_own_forms_as_a_browser_posts_them(self):
        """What the page renders is what its routes accept (every hidden
        field, the versions of lines never answered included)."""
        self._login("a1")
        action, data = self._page_form(
            BASE, "o_b2b_order_lines_form", checked=[str(self.nuts_a.id)]
        )
        response = self.url_open(action, data=data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.nuts_a.b2b_confirmation_state, "confirmed")
        action, data = self._page_form(
            f"{BASE}/line/{self.washers_a.id}", "o_b2b_confirm_as_requested"
        )
        response = self.url_open(action, data=data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.washers_a.b2b_confirmation_state, "confirmed")
        # the same form again, as a double click posts it: nothing more
        response = self.url_open(action, data=data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.washers_a.b2b_confirmation_ids), 1)

    def test_double_submit_writes_nothing_twice(self):
        self._login("a1")
        versions = {line.id: line.b2b_confirmation_version for line in self.bolts_a}
        self._confirm_selected(self.bolts_a)
        messages = len(self.order_a.message_ids)
        # the same form posted again (its versions are those of the first post)
        data = {"scope": "selected", "line_ids": [str(self.bolts_a.id)]}
        data[f"version_{self.bolts_a.id}"] = versions[self.bolts_a.id]
        response = self._post(f"{BASE}/confirm", data)
        self.assertEqual(response.status_code, 200, "the same answer: nothing to do")
        self.assertEqual(len(self.order_a.message_ids), messages)
        self.assertEqual(len(self.bolts_a.b2b_confirmation_ids), 1)
        # another answer based on the old form: refused, nothing written
        response = self._answer_form(self.bolts_a, [(150, day(20))], version=0)
        self.assertEqual(response.status_code, 409)
        self.assertEqual(len(self.bolts_a.b2b_confirmation_ids), 1)
        self.assertEqual(len(self.order_a.message_ids), messages)

    def test_confirm_all_as_requested_skips_passed_requests(self):
        late_order = self._confirmed_order(
            self.supplier_a, [(self.nut, 5, 1.0)], requested=day(-3)
        )
        self._login("a1")
        response = self._post(f"{BASE}/confirm", {"scope": "all"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("3 line(s) confirmed.", response.text)
        self.assertIn("requested date has passed", response.text)
        self.assertEqual(
            set(self.order_a.order_line.mapped("b2b_confirmation_state")),
            {"confirmed"},
        )
        self.assertEqual(late_order.order_line.b2b_confirmation_state, "to_confirm")
        self.assertEqual(self.bolts_b.b2b_confirmation_state, "to_confirm")
        # again: nothing left, nothing written
        messages = len(self.order_a.message_ids)
        self._post(f"{BASE}/confirm", {"scope": "all"})
        self.assertEqual(len(self.order_a.message_ids), messages)

    def test_propose_another_date_and_a_split_with_a_comment(self):
        self._login("a1")
        requested = self._requested(self.bolts_a)
        rows = [(100, requested + timedelta(days=1)), (50, requested + timedelta(30))]
        response = self._answer_form(self.bolts_a, rows, comment="Half is late")
        self.assertEqual(response.status_code, 200)
        self.assertIn("wait for our buyer", response.text)
        proposal = self.bolts_a.b2b_confirmation_id
        self.assertEqual(proposal.state, "proposed")
        self.assertEqual(proposal.comment, "Half is late")
        self.assertEqual(
            sorted((r.quantity, r.date) for r in proposal.schedule_ids), sorted(rows)
        )
        # the list shows the proposal to the supplier
        self._assert_page(BASE, shown=["Change Proposed", "Proposed:"])
        # the buyer accepts: two lines
        proposal.with_user(self.buyer).action_accept()
        self.assertEqual(
            len(self.order_a.order_line.filtered(lambda l: l.product_id == self.bolt)),
            2,
        )

    def test_answer_inside_tolerance_is_applied(self):
        self._login("a1")
        later = self._requested(self.nuts_a) + timedelta(days=3)
        response = self._answer_form(self.nuts_a, [(19, later)])
        self.assertEqual(response.status_code, 200)
        self.assertIn("1 line(s) confirmed.", response.text)
        self.assertEqual(self.nuts_a.product_qty, 19)
        self.assertEqual(self.nuts_a._b2b_local_date(self.nuts_a.date_planned), later)

    def test_bad_input_is_refused_and_writes_nothing(self):
        self._login("a1")
        line = self.bolts_a
        cases = [
            ([(150, day(-1))], "is in the past"),
            ([(0, day(5))], "above zero"),
            ([(-2, day(5))], "above zero"),
        ]
        for rows, text in cases:
            response = self._answer_form(line, rows)
            self.assertEqual(response.status_code, 400, rows)
            self.assertIn(text, response.text)
        response = self._post(
            f"{BASE}/line/{line.id}",
            {
                "version": line.b2b_confirmation_version,
                "quantity_0": "many",
                "date_0": "tomorrow",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("give a quantity", response.text)
        self.assertEqual(line.b2b_confirmation_id.state, "awaiting")
        self.assertEqual(len(line.b2b_confirmation_ids), 1)
        # junk and foreign ids
        self.assertEqual(
            self.url_open(f"{BASE}/line/{self.bolts_b.id}").status_code, 404
        )
        self.assertEqual(self.url_open(f"{BASE}/line/999999999").status_code, 404)
        response = self._confirm_selected(self.bolts_b)
        self.assertEqual(response.status_code, 404)
        response = self._post(f"{BASE}/confirm", {"line_ids": ["1x"]})
        self.assertEqual(response.status_code, 400)
        response = self._post(f"{BASE}/confirm", {"scope": "everything"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.bolts_b.b2b_confirmation_state, "to_confirm")

    def test_quantity_below_what_was_received_is_refused(self):
        receipt = self.order_a.picking_ids
        move = receipt.move_ids.filtered(lambda m: m.product_id == self.bolt)
        move.quantity = 40
        move.picked = True
        receipt.with_context(cancel_backorder=False)._action_done()
        self._login("a1")
        response = self._answer_form(self.bolts_a, [(30, day(12))])
        self.assertEqual(response.status_code, 400)
        self.assertIn("below what was already received", response.text)
        self.assertEqual(self.bolts_a.product_qty, 150)
        self.assertEqual(len(self.bolts_a.b2b_confirmation_ids), 1)
        # 40 received and 110 more later: taken
        response = self._answer_form(self.bolts_a, [(150, day(12))])
        self.assertEqual(response.status_code, 200)

    def test_cancelled_and_fully_received_orders_are_refused(self):
        self._login("a1")
        self.order_b.button_cancel()
        cancelled = self._confirmed_order(self.supplier_a, [(self.nut, 3, 1.0)])
        line = cancelled.order_line
        version = line.b2b_confirmation_version
        cancelled.with_user(self.buyer).button_cancel()
        response = self._post(
            f"{BASE}/line/{line.id}",
            {"version": version, "quantity_0": "3", "date_0": str(day(5))},
        )
        self.assertEqual(response.status_code, 410)
        self.assertIn("is cancelled", response.text)
        response = self._confirm_selected(line)
        self.assertEqual(response.status_code, 400)
        self.assertIn("is cancelled", response.text)
        # fully received
        receipt = self.order_a.picking_ids
        for move in receipt.move_ids:
            move.quantity = move.product_uom_qty
        receipt.move_ids.picked = True
        receipt._action_done()
        self.assertFalse(self.bolts_a.b2b_is_open)
        response = self._answer_form(self.bolts_a, [(150, day(5))])
        self.assertEqual(response.status_code, 410)
        self.assertIn("fully received", response.text)
        self._assert_page(BASE, hidden=[self.order_a.name])

    def test_no_get_changes_anything(self):
        self._login("a1")
        for url in (
            f"{BASE}/confirm?scope=all",
            (
                f"{BASE}/line/{self.bolts_a.id}?action=as_requested"
                f"&version={self.bolts_a.b2b_confirmation_version}"
            ),
            f"{BASE}/upload",
        ):
            self.url_open(url)
        self.assertEqual(
            set(self.order_a.order_line.mapped("b2b_confirmation_state")),
            {"to_confirm"},
        )

    def test_form_without_csrf_token_is_refused(self):
        self._login("a1")
        response = self.url_open(
            f"{BASE}/confirm", data={"scope": "all"}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.bolts_a.b2b_confirmation_state, "to_confirm")

    def test_contact_without_account_by_signed_link(self):
        url = self._signed_url()
        path, signed = self._signed_params(url)
        self.assertEqual(path, f"{BASE}/{self.bolts_a.b2b_confirmation_id.id}")
        self._login("contact_a")
        page = self._assert_page(
            url,
            shown=[self.order_a.name, "Hex bolt M12", "Contact A"],
            hidden=[self.order_b.name, "12.50"],
            status=200,
        )
        self.assertIn("hash=", page, "the forms carry the signature")
        response = self._answer_form(
            self.nuts_a, [(20, self._requested(self.nuts_a))], signed=signed, desk=path
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.nuts_a.b2b_confirmation_state, "confirmed")
        self.assertEqual(self.nuts_a.b2b_confirmation_id.answered_by_id, self.contact_a)
        response = self._confirm_selected(self.washers_a, signed=signed, desk=path)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.washers_a.b2b_confirmation_state, "confirmed")
        # B's line by the same link: not found, nothing written
        response = self._confirm_selected(self.bolts_b, signed=signed, desk=path)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.bolts_b.b2b_confirmation_state, "to_confirm")
        # a forged or someone else's signature opens nothing
        for forged in (
            {"pid": signed["pid"], "hash": "0" * 64},
            {"pid": self.portal_users["b1"].partner_id.id, "hash": signed["hash"]},
            {"pid": "x", "hash": signed["hash"]},
        ):
            query = "&".join(f"{key}={value}" for key, value in forged.items())
            self.assertEqual(self.url_open(f"{path}?{query}").status_code, 404)
        self.assertIn("/web/login", self.url_open(BASE).url)

    def test_person_who_left_loses_access_at_once(self):
        url = self._signed_url()
        self._login("contact_a")
        self.assertEqual(self.url_open(url).status_code, 200)
        # the contact moves to a competitor: the link is dead
        self.contact_a.parent_id = self.supplier_b
        self.assertEqual(self.url_open(url).status_code, 404)
        path, signed = self._signed_params(url)
        response = self._confirm_selected(self.bolts_a, signed=signed, desk=path)
        self.assertEqual(response.status_code, 404)
        # a portal user who moves to B sees B's lines, no longer A's
        self.portal_users["a2"].partner_id.parent_id = self.supplier_b
        self._login("a2")
        self._assert_page(BASE, shown=[self.order_b.name], hidden=[self.order_a.name])
        response = self._confirm_selected(self.bolts_a)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.bolts_a.b2b_confirmation_state, "to_confirm")

    def test_logged_in_user_with_a_signed_link_gets_its_own_rights(self):
        url = self._signed_url()
        self._login("b1")
        self.assertEqual(self.url_open(url).status_code, 404)
        self._login("a1")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"{BASE}?search=", response.url)

    def test_our_buyer_and_the_anonymous_visitor(self):
        self._login(self.buyer.login)
        self.assertEqual(self.url_open(BASE).status_code, 403)
        self._login("public")
        self.assertIn("/web/login", self.url_open(BASE).url)
        self.assertEqual(
            self.url_open(f"{BASE}/{self.bolts_a.b2b_confirmation_id.id}").status_code,
            404,
        )

    def test_order_page_actions(self):
        self._login("a1")
        response = self._post(
            f"{BASE}/confirm", {"scope": "order", "from_order": self.order_a.id}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"/my/purchase/{self.order_a.id}", response.url)
        self.assertIn("3 line(s) confirmed.", response.text)
        self.assertEqual(
            set(self.order_a.order_line.mapped("b2b_confirmation_state")),
            {"confirmed"},
        )
        self.assertEqual(
            self.order_a.order_line.b2b_confirmation_id.mapped("source"),
            ["order_page"] * 3,
        )
        # an order of B through A's desk: nothing
        self._post(f"{BASE}/confirm", {"scope": "order", "from_order": self.order_b.id})
        self.assertEqual(self.bolts_b.b2b_confirmation_state, "to_confirm")
        # B's user does not get A's actions (nor A's order)
        self._login("b1")
        page = self.url_open(f"/my/purchase/{self.order_b.id}").text
        self.assertIn("Delivery confirmation", page)
        self.assertIn("Confirm all lines of this order", page)

    def test_home_entry_and_figures(self):
        self._login("a1")
        counters = self._json("/my/counters", {"counters": ["b2b_order_line_count"]})
        self.assertEqual(counters["result"]["b2b_order_line_count"], 3)
        self.env["b2b.order.line.confirmation"].sudo()._b2b_answer(
            [(self.nuts_a, [(20, self._requested(self.nuts_a))], "")],
            self.portal_users["a1"].partner_id,
            "portal",
        )
        page = self._assert_page("/my", shown=["Open Order Lines"], status=200)
        self.assertIn("o_b2b_confirmation_rate", page)
        self.assertIn("33 %", page, "one line of three confirmed")

    def test_query_count_of_the_page_does_not_grow_with_the_lines(self):
        """The page costs the same queries for 3 lines as for 5,003 (a full
        page of them, and a pager)."""
        self._login("a1")
        self.url_open(BASE)  # warm the caches
        start = self.cr.sql_log_count
        page = self.url_open(BASE).text
        small = self.cr.sql_log_count - start
        self.assertEqual(page.count("o_b2b_order_line_row"), 3)
        self.assertGreater(small, 5, "the request runs on the test cursor")
        for _order in range(5):
            self._confirmed_order(self.supplier_a, [(self.washer, 1, 1.0)] * 20)
        self.env.flush_all()
        self.url_open(BASE)
        with self.assertQueryCount(small):
            page = self.url_open(BASE).text
        self.assertEqual(page.count("o_b2b_order_line_row"), 40)

    def test_date_input_accepts_the_form_format(self):
        self._login("a1")
        response = self._post(
            f"{BASE}/line/{self.nuts_a.id}",
            {
                "version": self.nuts_a.b2b_confirmation_version,
                "quantity_0": "20,0",
                "date_0": fields.Date.to_string(self._requested(self.nuts_a)),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.nuts_a.b2b_confirmation_state, "confirmed")
