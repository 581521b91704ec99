# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The people and orders of the order confirmation tests: our buyer, competing
suppliers A and B (portal users a1, a2, b1), A's person of contact without an
account, confirmed purchase orders of A and B, and helpers that act as them
over HTTP."""

import re
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlparse

from odoo import Command, fields

from .common import B2bPortalCommon, create_b2b_user

# dates are relative to the day the tests run (the HTTP server runs with the
# real clock)
TODAY = date.today()
PURCHASE_GROUPS = "base.group_user,purchase.group_purchase_user"
BASE = "/my/b2b/order-lines"


def day(offset):
    """The date ``offset`` days after TODAY."""
    return TODAY + timedelta(days=offset)


class OrderConfirmationCommon(B2bPortalCommon):
    """Supplier A's confirmed order ``order_a`` (bolts 150, nuts 20, washers
    10, requested in 10 days), B's ``order_b`` (bolts 70), our buyer
    ``buyer`` (purchase user) and a thread of A linked to ``order_a``."""

    portal_user_keys = ("a1", "a2", "b1")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = create_b2b_user(
            cls.env,
            "oc_buyer",
            name="Bruno Buyer",
            groups=PURCHASE_GROUPS,
            email="bruno@ourcompany.example.com",
            notification_type="inbox",
        )
        cls.contact_a.email = "contact@suppliers.example.com"
        cls.supplier_a.b2b_reminder_contact_id = cls.contact_a
        Product = cls.env["product.product"]
        cls.bolt = Product.create(
            {"name": "Hex bolt M12", "default_code": "HB-M12", "is_storable": True}
        )
        cls.nut = Product.create({"name": "Hex nut M12", "type": "consu"})
        cls.washer = Product.create({"name": "Washer M12", "type": "consu"})
        cls.tax = cls.env["account.tax"].create(
            {"name": "Purchase VAT 20", "amount": 20, "type_tax_use": "purchase"}
        )
        cls.env.company.write(
            {"b2b_confirmation_days_late": 3, "b2b_confirmation_qty_tolerance": 5}
        )
        cls.thread_a = cls.env["b2b.thread"].create(
            {"subject": "Bolts 2027", "partner_id": cls.supplier_a.id}
        )
        cls.order_a = cls._confirmed_order(
            cls.supplier_a,
            [(cls.bolt, 150, 12.5), (cls.nut, 20, 0.4), (cls.washer, 10, 0.1)],
            b2b_thread_id=cls.thread_a.id,
        )
        cls.bolts_a, cls.nuts_a, cls.washers_a = cls.order_a.order_line
        cls.order_b = cls._confirmed_order(cls.supplier_b, [(cls.bolt, 70, 13.75)])
        cls.bolts_b = cls.order_b.order_line

    @classmethod
    def _confirmed_order(cls, supplier, lines, requested=None, **vals):
        """A purchase order of ``supplier`` (``[(product, qty, price)]``)
        requested for ``requested`` (default: 10 days after TODAY), confirmed
        by our buyer."""
        planned = datetime.combine(requested or day(10), datetime.min.time())
        planned += timedelta(hours=12)
        order = (
            cls.env["purchase.order"]
            .with_user(cls.buyer)
            .create(
                {
                    "partner_id": supplier.id,
                    "user_id": cls.buyer.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_qty": qty,
                                "price_unit": price,
                                "date_planned": planned,
                                "taxes_id": [Command.set(cls.tax.ids)],
                            }
                        )
                        for product, qty, price in lines
                    ],
                    **vals,
                }
            )
        )
        order.with_user(cls.buyer).button_confirm()
        return order

    # ------------------------------------------------------------------
    # acting over HTTP
    # ------------------------------------------------------------------

    def _signed_url(self, partner=None, confirmation=None):
        """The URL of the open order lines in an email to ``partner`` (default
        A's contact without an account), signed for that person."""
        confirmation = confirmation or self.bolts_a.b2b_confirmation_id
        partner = partner or self.contact_a
        return confirmation.sudo()._b2b_recipient_url(partner)

    def _signed_params(self, url):
        """(path, {pid, hash}) of a signed URL."""
        parsed = urlparse(url)
        query = {key: values[0] for key, values in parse_qs(parsed.query).items()}
        return parsed.path, query

    def _post(self, path, data=None, signed=None, files=None, **kwargs):
        """POST a form of the desk with the session's CSRF token (and the
        link's signature for a person without an account)."""
        payload = {"csrf_token": self._csrf("/my" if not signed else "/web/login")}
        payload.update(signed or {})
        payload.update(data or {})
        return self.url_open(path, data=payload, files=files, **kwargs)

    def _answer_form(self, line, rows, comment="", signed=None, desk=BASE, **extra):
        """Post the answer form of ``line`` with ``rows`` ([(qty, date)])."""
        data = {
            "version": line.b2b_confirmation_version,
            "comment": comment,
            **extra,
        }
        for index, (quantity, when) in enumerate(rows):
            data[f"quantity_{index}"] = str(quantity)
            data[f"date_{index}"] = fields.Date.to_string(when)
        return self._post(f"{desk}/line/{line.id}", data, signed=signed)

    def _confirm_selected(self, lines, signed=None, desk=BASE, **extra):
        data = {"scope": "selected", **extra}
        for line in lines:
            data[f"version_{line.id}"] = line.b2b_confirmation_version
        data["line_ids"] = [str(line.id) for line in lines]
        return self._post(f"{desk}/confirm", data, signed=signed)

    def _requested(self, line):
        return line._b2b_local_date(line.b2b_date_requested)

    def _page_form(self, url, form_class, checked=()):
        """The fields a browser posts from the form ``form_class`` of the
        page at ``url`` (the check boxes of ``checked`` ticked): [(name,
        value)], and the form's action."""
        page = self.url_open(url).text
        start = page.index(form_class)
        form = page[page.rindex("<form", 0, start) : page.index("</form>", start)]
        action = re.search(r'action="([^"]+)"', form).group(1).replace("&amp;", "&")
        fields = []
        for tag in re.findall(r"<input[^>]*>", form):
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if not name or ('type="checkbox"' in tag and value.group(1) not in checked):
                continue
            fields.append((name.group(1), value.group(1) if value else ""))
        return action, fields
