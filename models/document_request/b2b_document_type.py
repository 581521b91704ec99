# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class B2bDocumentType(models.Model):
    """A kind of document a supplier sends: an EN 10204 3.1 inspection
    certificate, a REACH or RoHS declaration, a conflict-minerals template (per
    product), an ISO 9001 certificate (per supplier)."""

    _name = "b2b.document.type"
    _description = "B2B Document Type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Leave empty to use this type in every company.",
    )
    scope = fields.Selection(
        selection=[("product", "Per Product"), ("supplier", "Per Supplier")],
        required=True,
        default="product",
        help="Per product: the supplier sends one document for each product "
        "(an inspection certificate, a REACH declaration). Per supplier: one "
        "document covers the supplier's company (an ISO 9001 certificate).",
    )
    validity_months = fields.Integer(
        string="Validity (Months)",
        help="How long a document of this type is valid after its issue date, "
        "proposed to the supplier. 0: no expiry.",
    )
    renewal_lead_days = fields.Integer(
        string="Renewal Lead Time (Days)",
        default=30,
        help="How many days before a document expires its supplier is asked "
        "for a new one (a document within this time is 'expiring soon').",
    )
    review_required = fields.Boolean(
        default=True,
        help="A buyer accepts or rejects each document of this type; otherwise "
        "it is on file as soon as the supplier sends it.",
    )
    description = fields.Text(
        translate=True,
        help="What the supplier should send, shown on its request page.",
    )

    _sql_constraints = [
        (
            "validity_months_positive",
            "CHECK(validity_months >= 0)",
            "The validity cannot be negative.",
        ),
        (
            "renewal_lead_days_positive",
            "CHECK(renewal_lead_days >= 0)",
            "The renewal lead time cannot be negative.",
        ),
    ]
