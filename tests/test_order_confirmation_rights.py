# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rights of order confirmation by every route other than the portal pages
(those are in test_order_confirmation_portal.py): JSON-RPC as the web client
calls it, Odoo's /mail/... routes, the reports. A supplier reads and changes
only its own company's confirmations; nobody outside our company writes."""

import json

from odoo.tests import tagged

from .common import create_b2b_user
from .order_confirmation_common import PURCHASE_GROUPS, OrderConfirmationCommon, day

MODEL = "b2b.order.line.confirmation"
SECRET_COMMENT = "Our furnace 2 is down until March"


@tagged("post_install", "-at_install")
class TestOrderConfirmationRights(OrderConfirmationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Confirmation = cls.env[MODEL].sudo()
        Confirmation._b2b_answer(
            [
                (
                    cls.bolts_b,
                    [(60, cls.bolts_b._b2b_local_date(cls.bolts_b.date_planned))],
                    SECRET_COMMENT,
                )
            ],
            cls.portal_users["b1"].partner_id,
            "portal",
        )
        cls.confirmation_a = cls.bolts_a.b2b_confirmation_id
        cls.proposal_b = cls.bolts_b.b2b_confirmation_id

    def _search_read(self, fields):
        return self._rpc(MODEL, "search_read", [[]], {"fields": fields})

    def test_supplier_reads_its_own_confirmations_only(self):
        self._login("a1")
        result = self._search_read(["state", "line_id", "order_id", "comment"])
        ids = {record["id"] for record in result["result"]}
        self.assertEqual(ids, set(self.order_a.order_line.b2b_confirmation_id.ids))
        self.assertNotIn(SECRET_COMMENT, json.dumps(result))
        result = self._rpc(MODEL, "read", [self.proposal_b.ids, ["comment"]])
        self.assertIn("error", result)
        self.assertNotIn(SECRET_COMMENT, json.dumps(result))
        # B reads its own
        self._login("b1")
        result = self._search_read(["comment"])
        self.assertEqual([r["comment"] for r in result["result"]], [SECRET_COMMENT])

    def test_internal_fields_are_not_read_by_the_supplier(self):
        self._login("a1")
        for field in ("user_id", "decided_by_id", "access_token"):
            result = self._rpc(MODEL, "read", [self.confirmation_a.ids, [field]])
            self.assertIn("error", result, field)
        result = self._rpc(
            "purchase.order.line",
            "read",
            [self.bolts_a.ids, ["b2b_confirmation_id"]],
        )
        self.assertIn("error", result)
        # what the supplier may read of its line: no one else's name in it
        result = self._rpc(
            "purchase.order.line",
            "read",
            [self.bolts_a.ids, ["b2b_confirmation_state", "b2b_date_confirmed"]],
        )
        self.assertEqual(result["result"][0]["b2b_confirmation_state"], "to_confirm")
        fields = self._rpc(MODEL, "fields_get", [], {"attributes": ["type"]})
        self.assertNotIn("access_token", fields["result"])
        self.assertNotIn("user_id", fields["result"])

    def test_no_write_by_rpc(self):
        Schedule = "b2b.order.line.confirmation.schedule"
        for key in ("a1", "b1", "contact_a"):
            self._login(key)
            for model, method, args in (
                (MODEL, "write", [self.confirmation_a.ids, {"state": "confirmed"}]),
                (MODEL, "create", [{"line_id": self.bolts_a.id}]),
                (MODEL, "unlink", [self.confirmation_a.ids]),
                (MODEL, "action_accept", [self.proposal_b.ids]),
                (MODEL, "_b2b_answer", [[], False, "portal"]),
                (MODEL, "_b2b_reject", [self.proposal_b.ids, "no"]),
                (Schedule, "create", [{"confirmation_id": self.confirmation_a.id}]),
                (
                    "purchase.order.line",
                    "write",
                    [self.bolts_a.ids, {"date_planned": "2030-01-01 12:00:00"}],
                ),
                (
                    "purchase.order.line",
                    "_cron_b2b_detect_late_lines",
                    [],
                ),
            ):
                result = self._rpc(model, method, args)
                self.assertIn("error", result, (key, model, method))
        self.assertEqual(self.confirmation_a.state, "awaiting")
        self.assertEqual(self.proposal_b.state, "proposed")
        self.assertEqual(len(self.bolts_a.b2b_confirmation_ids), 1)

    def test_person_who_left_loses_rpc_access(self):
        self._login("a2")
        self.assertTrue(self._search_read(["state"])["result"])
        self.portal_users["a2"].partner_id.parent_id = self.supplier_b
        result = self._rpc(MODEL, "read", [self.confirmation_a.ids, ["state"]])
        self.assertIn("error", result)
        ids = {r["id"] for r in self._search_read(["state"])["result"]}
        self.assertEqual(ids, set(self.proposal_b.ids))

    def test_mail_routes_open_nothing_to_partners(self):
        url = self._signed_url()
        _path, signed = self._signed_params(url)
        base = {"thread_model": MODEL, "thread_id": self.confirmation_a.id}
        count = self.env["mail.message"].search_count(
            [("model", "=", MODEL), ("res_id", "=", self.confirmation_a.id)]
        )
        for key, params in (
            ("contact_a", signed),
            ("a1", {}),
            ("b1", {}),
            ("public", {}),
        ):
            self._login(key)
            result = self._json_checked(
                "/mail/message/post",
                {
                    **base,
                    **params,
                    "post_data": {"body": "hi", "message_type": "comment"},
                },
            )
            self.assertIn("error", result, key)
            result = self._json_checked(
                "/mail/thread/data",
                {**base, **params, "request_list": ["followers", "activities"]},
            )
            self.assertNotIn(SECRET_COMMENT, json.dumps(result))
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("model", "=", MODEL), ("res_id", "=", self.confirmation_a.id)]
            ),
            count,
        )

    def test_reports_and_decisions_are_ours(self):
        self._login("a1")
        for model in ("b2b.order.confirmation.report", "b2b.partner.overview"):
            result = self._rpc(model, "search_read", [[]], {"fields": ["partner_id"]})
            self.assertIn("error", result, model)
        # a B2B user without purchase rights reads no confirmation
        self._login(self.internal.login)
        result = self._search_read(["state"])
        self.assertIn("error", result)
        # our buyer reads them all and decides
        self._login(self.buyer.login)
        ids = {r["id"] for r in self._search_read(["state"])["result"]}
        self.assertIn(self.proposal_b.id, ids)
        self.assertIn(self.confirmation_a.id, ids)
        result = self._rpc(MODEL, "action_accept", [self.proposal_b.ids])
        self.assertNotIn("error", result)
        self.assertEqual(self.proposal_b.state, "accepted")

    def test_what_a_supplier_reads_names_only_what_it_may_read(self):
        """Odoo computes a many2one's name as superuser: every relational field
        a portal user may read (confirmations, deliveries, and what order
        confirmation adds to order lines) points to records that user may
        read itself."""
        Answer = self.env[MODEL].sudo()
        Answer._b2b_answer(
            [(self.nuts_a, [(20, self._requested(self.nuts_a))], "ok")],
            self.portal_users["a1"].partner_id,
            "portal",
        )
        portal = self.portal_users["a1"]
        records = {
            MODEL: self.nuts_a.b2b_confirmation_id,
            "b2b.order.line.confirmation.schedule": (
                self.nuts_a.b2b_confirmation_id.schedule_ids
            ),
            "purchase.order.line": self.nuts_a,
        }
        for model, record in records.items():
            fields = record.with_user(portal).fields_get(attributes=["type"])
            for name, description in fields.items():
                is_ours = model != "purchase.order.line" or name.startswith("b2b_")
                if description["type"] not in ("many2one", "many2many", "one2many"):
                    continue
                # Odoo's own (chatter, activities, who created and wrote: on
                # every model a supplier reads, Odoo's orders included)
                if not is_ours or name.startswith(("message_", "activity_")):
                    continue
                if name in ("create_uid", "write_uid"):
                    continue
                targets = record.sudo()[name]
                for target in targets:
                    self.assertTrue(
                        target.with_user(portal).has_access("read"),
                        f"{model}.{name} shows {target} to a supplier",
                    )

    def test_buyer_rejects_by_rpc_and_the_supplier_cannot(self):
        self._login("b1")
        result = self._rpc(MODEL, "action_open_reject_wizard", [self.proposal_b.ids])
        self.assertIn("error", result)
        self._login(self.buyer.login)
        action = self._rpc(MODEL, "action_open_reject_wizard", [self.proposal_b.ids])
        action = action["result"]
        wizard = self._rpc(
            action["res_model"],
            "create",
            [{"confirmation_ids": [(6, 0, self.proposal_b.ids)], "reason": "No."}],
        )["result"]
        result = self._rpc(action["res_model"], "action_reject", [[wizard]])
        self.assertNotIn("error", result)
        self.assertEqual(self.proposal_b.state, "rejected")
        self.assertEqual(self.proposal_b.rejection_reason, "No.")

    def test_the_history_is_written_by_the_decision_only(self):
        """A confirmation is the line's history: our buyer decides through
        Accept and Reject, which record who decided when; by RPC she writes,
        creates and deletes none (a state set by hand would skip applying the
        change, a decider set by hand would blame a colleague)."""
        self._login(self.buyer.login)
        colleague = create_b2b_user(self.env, "oc_colleague", groups=PURCHASE_GROUPS)
        for method, args in (
            ("write", [self.proposal_b.ids, {"state": "accepted"}]),
            ("write", [self.proposal_b.ids, {"decided_by_id": colleague.id}]),
            ("write", [self.proposal_b.ids, {"rejection_reason": "Too late"}]),
            ("create", [{"line_id": self.bolts_b.id, "state": "confirmed"}]),
            ("unlink", [self.proposal_b.ids]),
        ):
            result = self._rpc(MODEL, method, args)
            self.assertIn("error", result, (method, args))
        result = self._rpc(
            "b2b.order.line.confirmation.schedule",
            "write",
            [self.proposal_b.schedule_ids.ids, {"quantity": 1}],
        )
        self.assertIn("error", result)
        self.assertEqual(self.proposal_b.state, "proposed")
        self.assertFalse(self.proposal_b.decided_by_id)
        # the decision itself writes it, with who and when
        result = self._rpc(MODEL, "action_accept", [self.proposal_b.ids])
        self.assertNotIn("error", result)
        self.assertEqual(self.proposal_b.state, "accepted")
        self.assertEqual(self.proposal_b.decided_by_id, self.buyer)
        self.assertEqual(self.bolts_b.product_qty, 60)
        # and a note on it is still hers to write
        result = self._rpc(
            MODEL,
            "message_post",
            [self.proposal_b.ids],
            {"body": "Checked with the supplier", "message_type": "comment"},
        )
        self.assertNotIn("error", result)

    def test_supplier_reads_none_of_our_tolerances(self):
        """The tolerance within which an answer is applied without the buyer
        and the reminder delay are our purchasing policy: a supplier that knew
        them would answer just inside them. Its portal user reads our company
        (its name, on the pages), never these."""
        company = self.env.company
        tolerances = [
            "b2b_confirmation_days_late",
            "b2b_confirmation_qty_tolerance",
            "b2b_confirmation_reminder_days",
        ]
        self._login("a1")
        result = self._rpc("res.company", "read", [company.ids, ["name"]])
        self.assertEqual(result["result"][0]["name"], company.name)
        for field in tolerances:
            result = self._rpc("res.company", "read", [company.ids, [field]])
            self.assertIn("error", result, field)
            result = self._rpc(
                "res.company", "search_read", [[("id", "=", company.id)], [field]]
            )
            self.assertIn("error", result, field)
        fields = self._rpc("res.company", "fields_get", [], {"attributes": ["type"]})
        self.assertFalse(set(tolerances) & fields["result"].keys())
        # our buyer reads them
        self._login(self.buyer.login)
        result = self._rpc("res.company", "read", [company.ids, tolerances])
        self.assertEqual(result["result"][0]["b2b_confirmation_days_late"], 3)

    def test_deliveries_stay_in_the_company_of_their_confirmation(self):
        """A's answer to an order of our other company: its deliveries are
        read where the confirmation is, neither by A's portal user (who reads
        none of that company's confirmations) nor by a buyer of the other
        company (who reads none of ours)."""
        other = self.outsider.company_id
        order = (
            self.env["purchase.order"]
            .with_company(other)
            .create(
                {
                    "partner_id": self.supplier_a.id,
                    "company_id": other.id,
                    "order_line": [
                        (0, 0, {"product_id": self.nut.id, "product_qty": 8.0})
                    ],
                }
            )
        )
        order.button_confirm()
        line = order.order_line
        Confirmation = self.env[MODEL].sudo()
        a1 = self.portal_users["a1"].partner_id
        Confirmation._b2b_answer([(line, [(8, day(30))], "elsewhere")], a1, "portal")
        Confirmation._b2b_answer(
            [(self.nuts_a, [(20, self._requested(self.nuts_a))], "ok")], a1, "portal"
        )
        elsewhere = line.b2b_confirmation_id.schedule_ids
        ours = self.nuts_a.b2b_confirmation_id.schedule_ids
        self.assertTrue(elsewhere and ours)
        Schedule = "b2b.order.line.confirmation.schedule"
        other_buyer = create_b2b_user(
            self.env,
            "oc_other_buyer",
            groups=PURCHASE_GROUPS,
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        for login, readable, unreadable in (
            (self.portal_users["a1"].login, ours, elsewhere),
            (other_buyer.login, elsewhere, ours),
        ):
            self._login(login)
            found = self._rpc(Schedule, "search_read", [[]], {"fields": ["line_id"]})
            ids = {row["id"] for row in found["result"]}
            self.assertTrue(set(readable.ids) <= ids, login)
            self.assertFalse(set(unreadable.ids) & ids, login)
            result = self._rpc(Schedule, "read", [unreadable.ids, ["quantity"]])
            self.assertIn("error", result, login)
