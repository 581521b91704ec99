# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Documents on the portal thread page: supplier A's users see the sales orders,
purchase orders and bills of A linked to A's thread, each linking to Odoo's own
portal page; the purchase order of the competing supplier B linked to the same
thread is never shown (not its name, not its amount, not a row), even when A's
user could read it through a record rule; an anonymous visitor with the thread's
link sees no document. The list costs the same queries for 5 and 200 documents."""

from werkzeug.urls import url_encode

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import (
    assert_query_count_flat,
    count_queries,
    create_b2b_user,
    create_company,
    create_contact,
    create_portal_user,
    create_shared_thread,
)

ROW = "o_b2b_portal_document_row"


@tagged("post_install", "-at_install")
class TestPortalThreadDocuments(AccountTestInvoicingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref(
            "b2b_communication.group_b2b_manager"
        ) | cls.env.ref("purchase.group_purchase_manager")
        cls.supplier_a = create_company(cls.env, "Docs Supplier A")
        cls.supplier_b = create_company(cls.env, "Docs Supplier B")
        cls.users = {
            key: create_portal_user(
                cls.env,
                f"docs_portal_{key}",
                partner=create_contact(cls.env, company, f"Docs Portal {key}"),
                company_id=cls.env.company.id,
                company_ids=[Command.set(cls.env.company.ids)],
            )
            for key, company in (("a", cls.supplier_a), ("b", cls.supplier_b))
        }
        cls.product = cls.env["product.product"].create(
            {
                "name": "Docs plate",
                "type": "consu",
                "list_price": 10.0,
                "purchase_method": "purchase",
                "property_account_expense_id": cls.company_data[
                    "default_account_expense"
                ].id,
            }
        )
        cls.thread_a = create_shared_thread(cls.env, cls.supplier_a, "Docs A")
        cls.thread_b = create_shared_thread(cls.env, cls.supplier_b, "Docs B")
        # A's documents, by Odoo's own flows (which make A a follower)
        cls.order_a = cls._purchase(cls.supplier_a, 11.0)
        cls.order_a.button_confirm()
        cls.order_a.action_create_invoice()
        cls.bill_a = cls.order_a.invoice_ids
        cls.bill_a.invoice_date = cls.bill_a.date
        cls.bill_a.action_post()
        cls.sale_a = cls.env["sale.order"].create(
            {
                "partner_id": cls.supplier_a.id,
                "b2b_thread_id": cls.thread_a.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "price_unit": 13.0})
                ],
            }
        )
        cls.sale_a.action_confirm()
        # a draft RFQ of A: Odoo's portal does not list it, neither do we
        cls.draft_a = cls._purchase(cls.supplier_a, 17.0)
        # B's confirmed order, linked explicitly to A's thread
        cls.order_b = cls._purchase(cls.supplier_b, 777.77)
        cls.order_b.button_confirm()
        # another B order on A's thread that A's user may even read (A follows it)
        cls.order_b_followed = cls._purchase(cls.supplier_b, 888.88)
        cls.order_b_followed.button_confirm()
        cls.order_b_followed.message_subscribe(cls.users["a"].partner_id.ids)

    @classmethod
    def _purchase(cls, partner, price, thread=None, **vals):
        return cls.env["purchase.order"].create(
            {
                "partner_id": partner.id,
                "b2b_thread_id": (thread or cls.thread_a).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_qty": 1,
                            "price_unit": price,
                        }
                    )
                ],
                **vals,
            }
        )

    def _page(self, login, thread=None, **params):
        if login:
            self.authenticate(login, f"{login}_pw")
        else:
            self.authenticate(None, None)
        thread = thread or self.thread_a
        query = f"?{url_encode(params)}" if params else ""
        return self.url_open(f"/my/b2b/threads/{thread.id}{query}")

    def test_partner_sees_its_documents_with_portal_links(self):
        response = self._page("docs_portal_a")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertEqual(page.count(ROW), 3)
        for document in (self.order_a, self.bill_a, self.sale_a):
            self.assertIn(document.name, page)
        # links to Odoo's own portal pages, without an access token
        self.assertIn(f'href="/my/purchase/{self.order_a.id}"', page)
        self.assertIn(f'href="/my/invoices/{self.bill_a.id}"', page)
        self.assertIn(f'href="/my/orders/{self.sale_a.id}"', page)
        self.assertNotIn("access_token=", page[page.index("o_b2b_portal_documents") :])
        self.assertIn("Deliveries are shown on the page of their order", page)
        self.assertNotIn(self.draft_a.name, page)
        # each link opens in Odoo's own portal for A's user
        for document in (self.order_a, self.bill_a, self.sale_a):
            self.assertEqual(self.url_open(document.access_url).status_code, 200)

    def test_other_partner_documents_never_shown(self):
        # A's user may read one of B's orders through the record rule (follower)...
        user_a = self.users["a"]
        self.assertTrue(self.order_b_followed.with_user(user_a).has_access("read"))
        self.assertFalse(self.order_b.with_user(user_a).has_access("read"))
        # ...yet no order of B appears on A's thread: not its name, amount or a row
        page = self._page("docs_portal_a").text
        for order in (self.order_b, self.order_b_followed):
            self.assertNotIn(order.name, page)
        self.assertNotIn("777.77", page)
        self.assertNotIn("888.88", page)
        self.assertNotIn("Docs Supplier B", page)
        self.assertEqual(page.count(ROW), 3)
        # B's user cannot open A's thread, and its own thread lists nothing of A
        self.assertEqual(self._page("docs_portal_b").status_code, 404)
        page = self._page("docs_portal_b", thread=self.thread_b).text
        self.assertNotIn("o_b2b_portal_documents", page)
        self.assertNotIn(self.order_a.name, page)

    def test_anonymous_visitor(self):
        # without the link's token: nothing at all
        self.assertEqual(self._page(None).status_code, 404)
        # with the thread's token: never a document (each document has its own
        # access in Odoo's portal; the public user may read none)
        self.thread_a._portal_ensure_token()
        response = self._page(None, access_token=self.thread_a.access_token)
        self.assertNotIn("o_b2b_portal_documents", response.text)
        for document in (self.order_a, self.bill_a, self.sale_a, self.order_b):
            self.assertNotIn(document.name, response.text)

    def test_preview_as_partner_shows_the_partner_documents(self):
        # a purchaser (who may read purchase orders: the preview shows only
        # what both the partner's user and the previewing user may read)
        buyer = create_b2b_user(
            self.env,
            "docs_buyer",
            groups="base.group_user,purchase.group_purchase_user",
        )
        self.authenticate(buyer.login, "docs_buyer_pw")
        page = self.url_open(f"/my/b2b/threads/{self.thread_a.id}/preview").text
        self.assertIn(self.order_a.name, page)
        self.assertNotIn(self.order_b.name, page)
        self.assertNotIn(self.order_b_followed.name, page)

    def test_query_count_bounded(self):
        """The page costs the same queries with 5 documents as with 200."""
        self.authenticate("docs_portal_a", "docs_portal_a_pw")
        url = f"/my/b2b/threads/{self.thread_a.id}"
        # the documents of the fixture, then those added
        added = {5: 2, 200: 195}

        def measure(rows):
            self._add_documents(added[rows])
            self.url_open(url)  # warm the caches
            queries, page = count_queries(self.cr, lambda: self.url_open(url).text)
            self.assertEqual(page.count(ROW), rows)
            return queries

        assert_query_count_flat(self, measure, (5, 200))

    def _add_documents(self, count):
        """Confirmed orders and quotations sent to A, split over both apps."""
        purchases = self.env["purchase.order"].create(
            [
                {
                    "partner_id": self.supplier_a.id,
                    "b2b_thread_id": self.thread_a.id,
                    "state": "purchase",
                }
                for _index in range(count // 2)
            ]
        )
        sales = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.supplier_a.id,
                    "b2b_thread_id": self.thread_a.id,
                    "state": "sent",
                }
                for _index in range(count - count // 2)
            ]
        )
        purchases.message_subscribe(self.supplier_a.ids)
        sales.message_subscribe(self.supplier_a.ids)
