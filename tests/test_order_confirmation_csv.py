# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The CSV of the open order lines: downloaded, changed and uploaded again by
the supplier (a round trip), and every way an upload is refused: the row and
why, nothing of the file written."""

import csv
import io
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .order_confirmation_common import BASE, OrderConfirmationCommon, day


@tagged("post_install", "-at_install")
class TestOrderConfirmationCsv(OrderConfirmationCommon):
    def _download(self, desk=BASE, signed=None):
        query = "&".join(f"{k}={v}" for k, v in (signed or {}).items())
        response = self.url_open(f"{desk}/download" + (f"?{query}" if query else ""))
        self.assertEqual(response.status_code, 200)
        self.assertIn("text/csv", response.headers["Content-Type"])
        text = response.content.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text)))

    def _upload(self, rows, desk=BASE, signed=None, raw=None, delimiter=","):
        """Upload ``rows`` (dicts) as a CSV file, or the bytes ``raw``."""
        if raw is None:
            output = io.StringIO()
            writer = csv.DictWriter(
                output, fieldnames=list(rows[0]), delimiter=delimiter
            )
            writer.writeheader()
            writer.writerows(rows)
            raw = output.getvalue().encode("utf-8")
        return self._post(
            f"{desk}/upload",
            signed=signed,
            files={"file": ("lines.csv", raw, "text/csv")},
        )

    def _states(self):
        return self.order_a.order_line.mapped("b2b_confirmation_state")

    def test_download_lists_the_suppliers_lines_without_prices(self):
        self._login("a1")
        rows = self._download()
        self.assertEqual(
            list(rows[0]),
            [
                "order",
                "line",
                "quantity",
                "date",
                "product",
                "ordered_quantity",
                "received_quantity",
                "unit",
                "requested_date",
                "confirmed_date",
                "status",
                "comment",
            ],
        )
        self.assertEqual(
            {int(row["line"]) for row in rows}, set(self.order_a.order_line.ids)
        )
        self.assertEqual({row["order"] for row in rows}, {self.order_a.name})
        bolts = next(row for row in rows if int(row["line"]) == self.bolts_a.id)
        self.assertEqual(float(bolts["quantity"]), 150)
        self.assertEqual(bolts["date"], str(self._requested(self.bolts_a)))
        self.assertEqual(bolts["status"], "Awaiting Confirmation")
        self.assertNotIn("12.5", ",".join(",".join(row.values()) for row in rows))

    def test_round_trip(self):
        """Download, change a date and split a line, upload: applied or sent
        to the buyer; the same file again changes nothing."""
        self._login("a1")
        rows = self._download()
        by_line = {int(row["line"]): row for row in rows}
        nuts = by_line[self.nuts_a.id]
        nuts["date"] = str(self._requested(self.nuts_a) + timedelta(days=2))
        bolts = by_line[self.bolts_a.id]
        bolts["quantity"] = "100"
        second = dict(bolts, quantity="50", date=str(day(40)))
        rows.append(second)
        response = self._upload(rows)
        self.assertEqual(response.status_code, 200, response.text[-2000:])
        self.assertIn("2 line(s) confirmed.", response.text)
        self.assertIn("1 change(s) sent", response.text)
        self.assertEqual(self.nuts_a.b2b_confirmation_state, "confirmed")
        self.assertEqual(self.washers_a.b2b_confirmation_state, "confirmed")
        self.assertEqual(self.bolts_a.b2b_confirmation_state, "proposed")
        self.assertTrue(self.bolts_a.b2b_confirmation_id.is_split)
        self.assertEqual(self.bolts_a.b2b_confirmation_id.source, "csv")
        # download again: the answers given; uploading it unchanged is a no-op
        again = self._download()
        self.assertEqual(len(again), 4, "the proposed split shows as two rows")
        messages = len(self.order_a.message_ids)
        response = self._upload(again)
        self.assertEqual(response.status_code, 200)
        self.assertIn("3 line(s) unchanged", response.text)
        self.assertEqual(len(self.order_a.message_ids), messages)

    def test_semicolons_and_the_readers_date_format(self):
        """A spreadsheet in German saves with semicolons and dd.mm.yyyy."""
        self.env["res.lang"]._activate_lang("de_DE")
        self.portal_users["a1"].lang = "de_DE"
        self._login("a1")
        when = self._requested(self.nuts_a)
        response = self._upload(
            [
                {
                    "order": self.order_a.name,
                    "line": self.nuts_a.id,
                    "quantity": "20,0",
                    "date": when.strftime("%d.%m.%Y"),
                }
            ],
            delimiter=";",
        )
        self.assertEqual(response.status_code, 200, response.text[-2000:])
        self.assertEqual(self.nuts_a.b2b_confirmation_state, "confirmed")

    def test_errors_name_the_row_and_nothing_is_written(self):
        self._login("a1")
        good = {
            "order": self.order_a.name,
            "line": self.washers_a.id,
            "quantity": "10",
            "date": str(self._requested(self.washers_a)),
        }
        rows = [
            good,
            dict(good, line=self.bolts_b.id, order=self.order_b.name),  # row 3
            dict(good, line="abc"),  # row 4
            dict(good, line=999999999),  # row 5
            dict(good, line=self.nuts_a.id, order="P99999"),  # row 6
            dict(good, line=self.bolts_a.id, quantity="lots"),  # row 7
            dict(good, line=self.bolts_a.id, date="31/31/2031"),  # row 8
        ]
        response = self._upload(rows)
        self.assertEqual(response.status_code, 400)
        text = response.text
        for expected in (
            f"Row 3: line {self.bolts_b.id} is not one of your order lines",
            "Row 4: “abc” is no line number",
            "Row 5: line 999999999 is not one of your order lines",
            f"Row 6: line {self.nuts_a.id} is on order {self.order_a.name}",
            "Row 7: “lots” is no quantity",
            "Row 8: “31/31/2031” is no date",
        ):
            self.assertIn(expected, text)
        self.assertNotIn(self.order_b.name + ",", text)
        self.assertEqual(set(self._states()), {"to_confirm"}, "all or nothing")
        self.assertEqual(self.bolts_b.b2b_confirmation_state, "to_confirm")
        # business errors name their rows too
        response = self._upload(
            [
                good,
                dict(good, line=self.nuts_a.id, quantity="0"),
                dict(good, line=self.bolts_a.id, date=str(day(-2))),
            ]
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Row 3: A quantity must be above zero.", response.text)
        self.assertIn("Row 4:", response.text)
        self.assertIn("is in the past", response.text)
        self.assertEqual(set(self._states()), {"to_confirm"})

    def test_malformed_files(self):
        self._login("a1")
        for raw, text in (
            (b"", "Choose a CSV file"),
            (b"order,line,quantity\nP1,1,2\n", "the column(s) date are missing"),
            (b"order,line,quantity,date\n", "no row to take"),
            (b"\x00\x01\x02PK\x03\x04binary", "not a CSV text file"),
            (b'order,line,quantity,date\n"P1,1,2,2030-01-01\n', "no line number"),
        ):
            response = self._upload(None, raw=raw)
            self.assertEqual(response.status_code, 400, raw)
            self.assertIn(text, response.text, raw)
        self.assertEqual(set(self._states()), {"to_confirm"})
        response = self._upload(None, raw=b"x" * (2 * 1024 * 1024 + 10))
        self.assertEqual(response.status_code, 400)
        self.assertIn("too large", response.text)

    def test_contact_without_account_downloads_and_uploads(self):
        path, signed = self._signed_params(self._signed_url())
        self._login("contact_a")
        rows = self._download(desk=path, signed=signed)
        self.assertEqual({row["order"] for row in rows}, {self.order_a.name})
        response = self._upload(rows, desk=path, signed=signed)
        self.assertEqual(response.status_code, 200, response.text[-1000:])
        self.assertEqual(set(self._states()), {"confirmed"})
        self.assertEqual(
            set(self.order_a.order_line.b2b_confirmation_id.answered_by_id.ids),
            set(self.contact_a.ids),
        )
        # B's line in A's file: refused
        rows = [
            {
                "order": self.order_b.name,
                "line": self.bolts_b.id,
                "quantity": "70",
                "date": fields.Date.to_string(self._requested(self.bolts_b)),
            }
        ]
        response = self._upload(rows, desk=path, signed=signed)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.bolts_b.b2b_confirmation_state, "to_confirm")

    def test_anonymous_and_spreadsheet_formulas(self):
        self._login("public")
        self.assertEqual(self.url_open(f"{BASE}/download").status_code, 404)
        self.nut.name = "=HYPERLINK(1)"
        self._login("a1")
        rows = self._download()
        names = {row["product"] for row in rows}
        self.assertTrue(any(name.startswith("'") for name in names), names)
