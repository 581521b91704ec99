# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""In the browser: our buyer asks a supplier for documents from its form, the
supplier's portal user answers in the portal (a file, a not applicable), our
buyer accepts the document into the compliance file."""

from odoo import Command
from odoo.tests import tagged

from .common import (
    B2B_USER_GROUPS,
    B2bHttpCase,
    create_b2b_user,
    create_company,
    create_partner_user,
)


@tagged("post_install", "-at_install")
class TestDocumentRequestUi(B2bHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = create_b2b_user(
            cls.env,
            "tour_doc_buyer",
            groups=f"{B2B_USER_GROUPS},purchase.group_purchase_user,base.group_partner_manager",
            name="Tour Buyer",
        )
        cls.supplier = create_company(
            cls.env, "Tour Steel Works", email="office@tour-steel.example.com"
        )
        cls.portal_user = create_partner_user(
            cls.env,
            cls.supplier,
            "Tina Tour",
            "tour_doc_portal",
            email="tina@tour-steel.example.com",
        )
        Type = cls.env["b2b.document.type"]
        cls.reach = Type.create({"name": "REACH declaration", "validity_months": 12})
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Carl Contact",
                "parent_id": cls.supplier.id,
                "email": "carl@tour-steel.example.com",
            }
        )
        cls.supplier.b2b_reminder_contact_id = cls.contact
        cls.iso = Type.create(
            {"name": "ISO 9001 certificate", "scope": "supplier", "validity_months": 36}
        )
        cls.plate = cls.env["product.template"].create(
            {
                "name": "Tour Plate",
                "b2b_document_type_ids": [Command.set((cls.reach | cls.iso).ids)],
                "seller_ids": [Command.create({"partner_id": cls.supplier.id})],
            }
        )

    def test_ask_answer_in_the_portal_and_review(self):
        self.start_tour(
            f"/odoo/res.partner/{self.supplier.id}",
            "b2b_document_request_ask_tour",
            login=self.buyer.login,
        )
        request = self.env["b2b.document.request"].search(
            [("partner_id", "=", self.supplier.id)]
        )
        self.assertEqual(request.state, "sent")
        self.assertEqual(len(request.line_ids), 2)
        self.start_tour(
            "/my/b2b/document-requests",
            "b2b_document_request_portal_tour",
            login=self.portal_user.login,
        )
        reach = request.line_ids.filtered(
            lambda line: line.document_type_id == self.reach
        )
        iso = request.line_ids - reach
        self.assertEqual(reach.state, "answered")
        self.assertEqual(reach.attachment_ids.name, "reach-tour.pdf")
        self.assertEqual(str(reach.date_valid_until), "2027-01-15")
        self.assertEqual(iso.state, "requested")
        self.assertEqual(request.state, "partial")
        # the person of contact without an account, by the link of the email
        url = request.sudo()._b2b_recipient_url(self.contact)
        self.assertIn("hash=", url)
        self.start_tour(url[url.index("/my/") :], "b2b_document_request_signed_tour")
        self.env.invalidate_all()
        self.assertEqual(iso.state, "not_applicable")
        self.assertEqual(iso.reason, "We are a trading company.")
        self.assertEqual(iso.answered_by_id, self.contact)
        self.start_tour(
            "/odoo/action-b2b_communication.b2b_document_request_line_review_action",
            "b2b_document_request_review_tour",
            login=self.buyer.login,
        )
        self.assertEqual(reach.state, "accepted")
        self.assertEqual(reach.document_id.product_tmpl_id, self.plate)
        self.assertEqual(request.state, "done")

    def test_answer_with_the_keyboard_only(self):
        request = self.env["b2b.document.request"].create(
            {
                "partner_id": self.supplier.id,
                "line_ids": [Command.create({"document_type_id": self.iso.id})],
            }
        )
        request.action_send()
        self.start_tour(
            "/my/b2b/document-requests",
            "b2b_document_request_keyboard_tour",
            login=self.portal_user.login,
        )
        self.assertEqual(request.line_ids.state, "not_applicable")
        self.assertEqual(request.line_ids.reason, "trader")
