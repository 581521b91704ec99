# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The people and records of the document-request tests (test_document_request*):
competing suppliers A and B of our products, their portal users, A's person of
contact without an account, our buyer, three document types and helpers to ask,
answer (over HTTP, as each of them) and review."""

import base64
from datetime import date, timedelta

from odoo import Command, fields

from .common import B2B_USER_GROUPS, B2bPortalCommon, create_b2b_user

# the smallest files of each kind a supplier sends (real signatures: the type is
# read from the content)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)
HTML = (
    b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
)
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
    b'<rect width="1" height="1"/></svg>'
)
PURCHASE_GROUPS = f"{B2B_USER_GROUPS},purchase.group_purchase_user"


class DocumentRequestCommon(B2bPortalCommon):
    """Supplier A (portal users ``a1``, ``a2``; ``contact_a`` without an
    account, its person of contact) and supplier B (``b1``) both supply our
    ``plate``; A also the ``bar``. Types: ``reach`` (per product, 12 months,
    reviewed), ``iso`` (per supplier, 36 months, reviewed), ``coc`` (per
    product, no expiry, accepted without review). The plate requires the
    three, the bar REACH only. ``buyer``: our purchaser."""

    portal_user_keys = ("a1", "a2", "b1")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = create_b2b_user(
            cls.env,
            "doc_buyer",
            groups=PURCHASE_GROUPS,
            name="Bora Buyer",
            email="buyer@ourcompany.example.com",
        )
        cls.supplier_a.write(
            {
                "email": "office@supplier-a.example.com",
                "b2b_reminder_contact_id": cls.contact_a.id,
            }
        )
        cls.supplier_b.email = "office@supplier-b.example.com"
        Type = cls.env["b2b.document.type"]
        cls.reach = Type.create(
            {
                "name": "REACH declaration",
                "validity_months": 12,
                "renewal_lead_days": 30,
            }
        )
        cls.iso = Type.create(
            {
                "name": "ISO 9001 certificate",
                "scope": "supplier",
                "validity_months": 36,
                "renewal_lead_days": 60,
            }
        )
        cls.coc = Type.create(
            {"name": "Certificate of conformity", "review_required": False}
        )
        Product = cls.env["product.template"]
        cls.plate = Product.create(
            {
                "name": "Steel plate 10 mm",
                "default_code": "SP10",
                "b2b_document_type_ids": [
                    Command.set((cls.reach | cls.iso | cls.coc).ids)
                ],
                "seller_ids": [
                    Command.create({"partner_id": cls.supplier_a.id}),
                    Command.create({"partner_id": cls.supplier_b.id}),
                ],
            }
        )
        cls.bar = Product.create(
            {
                "name": "Round bar 40 mm",
                "default_code": "RB40",
                "b2b_document_type_ids": [Command.set(cls.reach.ids)],
                "seller_ids": [Command.create({"partner_id": cls.supplier_a.id})],
            }
        )

    # ------------------------------------------------------------------
    # asking and reviewing (our buyer)
    # ------------------------------------------------------------------

    def _ask(self, supplier=None, products=None, send=True, **vals):
        """A request of ``supplier`` (A) for what its ``products`` (all it
        supplies) miss, made by the buyer with the wizard; sent."""
        supplier = supplier or self.supplier_a
        Wizard = self.env["b2b.document.request.wizard"].with_user(self.buyer)
        wizard = Wizard.create(
            {
                "partner_id": supplier.id,
                "product_tmpl_ids": [Command.set(products.ids)] if products else [],
                **vals,
            }
        )
        requests = wizard._b2b_create_requests()
        if send:
            requests.action_send()
        return requests

    def _line(self, request, document_type, product=None):
        return request.line_ids.filtered(
            lambda line: (
                line.document_type_id == document_type
                and line.sudo().product_tmpl_id
                == (product or self.env["product.template"])
            )
        )

    def _on_file(self, supplier, document_type, product=None, valid_until=None, **vals):
        """A document on file, accepted earlier."""
        return self.env["b2b.product.document"].create(
            {
                "supplier_id": supplier.id,
                "document_type_id": document_type.id,
                "product_tmpl_id": product.id if product else False,
                "date_issue": fields.Date.today() - timedelta(days=300),
                "date_valid_until": valid_until,
                "attachment_ids": [
                    Command.create(
                        {"name": "old.pdf", "raw": PDF, "mimetype": "application/pdf"}
                    )
                ],
                **vals,
            }
        )

    # ------------------------------------------------------------------
    # answering (the supplier, over HTTP)
    # ------------------------------------------------------------------

    def _signed_params(self, request, partner):
        """The ``pid``/``hash`` of the link the email gives ``partner``."""
        return {"pid": partner.id, "hash": request.sudo()._sign_token(partner.id)}

    def _page_url(self, request, signed_for=None):
        url = f"/my/b2b/document-requests/{request.id}"
        if signed_for:
            params = self._signed_params(request, signed_for)
            url += f"?pid={params['pid']}&hash={params['hash']}"
        return url

    def _answer(self, request, data=None, files=None, signed_for=None):
        """POST the answer form as the current session, or anonymously with
        the link signed for ``signed_for``; ``files``: {field: (name, bytes)}."""
        signed = self._signed_params(request, signed_for) if signed_for else {}
        payload = {
            "csrf_token": self._csrf(self._page_url(request, signed_for)),
            **signed,
            **(data or {}),
        }
        return self.url_open(
            f"/my/b2b/document-requests/{request.id}/answer",
            data=payload,
            files={
                name: (filename, content, "application/octet-stream")
                for name, (filename, content) in (files or {}).items()
            }
            or None,
        )

    def _file_answer(self, line, filename="certificate.pdf", content=PDF, **dates):
        """The form fields and files answering ``line`` with its own file,
        issued today by default."""
        data = {
            f"date_issue_{line.id}": str(dates.get("issue", date.today())),
            f"date_valid_until_{line.id}": str(dates.get("until") or ""),
        }
        return data, {f"file_{line.id}": (filename, content)}

    def _assert_nothing_written(self, request, states, attachment_count):
        """The lines still have ``states`` and no file was added."""
        request.invalidate_recordset()
        request.line_ids.invalidate_recordset()
        self.assertEqual(request.line_ids.mapped("state"), states)
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "b2b.document.request.line")]
            ),
            attachment_count,
        )
