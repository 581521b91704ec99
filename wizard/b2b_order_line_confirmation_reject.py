# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class B2bOrderLineConfirmationReject(models.TransientModel):
    """The buyer rejects changes a supplier proposed, with the reason the
    supplier reads in its email."""

    _name = "b2b.order.line.confirmation.reject"
    _description = "B2B: reject a proposed order line change"

    confirmation_ids = fields.Many2many(
        comodel_name="b2b.order.line.confirmation",
        relation="b2b_order_line_confirmation_reject_rel",
        column1="wizard_id",
        column2="confirmation_id",
        string="Proposals",
        required=True,
    )
    reason = fields.Text(
        required=True,
        help="Sent to the supplier, who then confirms the line again.",
    )

    def action_reject(self):
        self.ensure_one()
        self.confirmation_ids._b2b_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
