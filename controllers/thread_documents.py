# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.porting import or_domains


class B2bThreadDocumentsPortal(CustomerPortal):
    """The business documents of a thread on its portal page: links to Odoo's
    own portal pages of the orders and invoices the visitor may open."""

    def _b2b_thread_document_domains(self, partner):
        """Per document model, the documents Odoo's own portal lists for ``partner``.

        Deliveries and receipts have no portal page of their own (sale_stock shows
        deliveries on the page of their sales order), so they are not listed.
        """
        return {
            "sale.order": or_domains(
                [
                    self._prepare_quotations_domain(partner),
                    self._prepare_orders_domain(partner),
                ]
            ),
            # purchase's /my/rfq and /my/purchase lists
            "purchase.order": [("state", "in", ("sent", "purchase", "done", "cancel"))],
            "account.move": self._get_invoices_domain(),
        }

    def _b2b_thread_portal_documents(self, thread, env=None):
        """The thread's business documents that the visitor may open in the portal.

        Searched as the visitor (``env``, default the request's) on each document
        model, so record rules decide, and only among the documents of the thread's
        partner company: a document of another partner linked to the same thread is
        never read, not even counted. The same queries for 5 or 1,000 documents.
        """
        env = env or request.env
        partner = thread.commercial_partner_id
        # only the partner company's own users see its documents: a visitor of
        # another company (holding a link) or an anonymous one sees none
        if not partner or env.user.partner_id.commercial_partner_id != partner:
            return []
        rows = []
        for model, domain in self._b2b_thread_document_domains(partner).items():
            Document = env[model]
            if not Document.has_access("read"):
                continue
            # sudo: the documents' link to the thread is for our users only;
            # it selects ids here, the visitor's rights filter them (one query)
            on_thread = Document.sudo()._search([("b2b_thread_id", "=", thread.id)])
            documents = Document.search(
                [
                    *domain,
                    ("id", "in", on_thread),
                    ("partner_id.commercial_partner_id", "=", partner.id),
                ]
            )
            status_field = "payment_state" if model == "account.move" else "state"
            statuses = dict(Document._fields[status_field]._description_selection(env))
            rows += [
                self._b2b_portal_document_row(
                    document, statuses.get(document[status_field], "")
                )
                for document in documents
            ]
        return sorted(rows, key=lambda row: (row["date"], row["name"]), reverse=True)

    def _b2b_portal_document_row(self, document, status):
        """What the documents section shows of one document, read as the visitor."""
        if document._name == "account.move":
            date = document.invoice_date or document.date
        else:
            date = fields.Datetime.context_timestamp(
                document, document.date_order
            ).date()
        if document._name == "purchase.order":
            kind = (
                document.env._("Request for Quotation")
                if document.state == "sent"
                else document.env._("Purchase Order")
            )
        else:
            kind = document.type_name
        return {
            "document": document,
            "type": kind,
            "name": document.name,
            "date": date,
            "status": status,
            # the portal page itself, without get_portal_url()'s access token: the
            # visitor reads the document by its own access, and a token in the link
            # would open it to whoever the link is forwarded to
            "url": document.access_url,
        }
