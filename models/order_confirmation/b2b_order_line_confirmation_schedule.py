# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class B2bOrderLineConfirmationSchedule(models.Model):
    """One delivery the supplier commits to: a quantity on a date. A
    confirmation has one row, or several for a split delivery (100 on 20 Dec,
    50 on 10 Jan); applied, the first row stays on the order line and each
    further row becomes a line of its own."""

    _name = "b2b.order.line.confirmation.schedule"
    _description = "B2B Order Line Confirmation: Delivery"
    _order = "confirmation_id, date, sequence, id"

    confirmation_id = fields.Many2one(
        comodel_name="b2b.order.line.confirmation",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    quantity = fields.Float(digits="Product Unit of Measure", required=True)
    date = fields.Date(string="Delivery Date", required=True)
    product_uom_id = fields.Many2one(
        related="confirmation_id.product_uom_id", groups="base.group_user"
    )
    line_id = fields.Many2one(
        comodel_name="purchase.order.line",
        string="Applied to Line",
        readonly=True,
        ondelete="set null",
        help="The order line this delivery became once applied (the confirmed "
        "line itself for the first delivery, a new line for each further one).",
    )

    _sql_constraints = [
        (
            "quantity_positive",
            "CHECK(quantity > 0)",
            "A delivery quantity must be above zero.",
        ),
    ]
