# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..reminder_digest.b2b_reminder_log import DigestSection
from .purchase_order_line import CONFIRMED_ORDER_STATES


class B2bReminderLog(models.Model):
    """The digest lists the supplier's orders whose lines still await its
    confirmation as many days after the order was confirmed as the order's
    company says (its section, readme/EXTENDING.md): a supplier with only such
    orders is due."""

    _inherit = "b2b.reminder.log"

    order_to_confirm_ids = fields.Many2many(
        comodel_name="purchase.order",
        string="Orders to Confirm",
        compute="_compute_sections",
    )

    def _digest_sections(self):
        return super()._digest_sections() + [
            DigestSection(
                field="order_to_confirm_ids",
                # the supplier company of an order, stored and indexed on its lines
                partner_field="order_line.b2b_supplier_id",
                domain=[
                    ("state", "in", CONFIRMED_ORDER_STATES),
                    ("b2b_confirmation_reminder_date", "<=", fields.Datetime.now()),
                    (
                        "order_line",
                        "any",
                        [
                            ("b2b_is_open", "=", True),
                            ("b2b_confirmation_state", "=", "to_confirm"),
                            ("b2b_confirmation_id", "!=", False),
                        ],
                    ),
                ],
                order="date_approve, id",
                fields=("name", "date_approve"),
                template="b2b_communication.reminder_digest_orders_to_confirm",
            )
        ]
