# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    """The tolerance within which a supplier's confirmation is applied without
    the buyer, and when unconfirmed orders reach the supplier's digest."""

    _inherit = "res.company"

    b2b_confirmation_days_late = fields.Integer(
        string="Tolerated Days Late",
        default=0,
        help="A supplier's confirmation up to this many days after the requested "
        "date is applied at once; a later one waits for the buyer.",
        # our purchasing policy: not for the partners' users, who read companies
        # (a supplier knowing it would answer just inside it)
        groups="base.group_user",
    )
    b2b_confirmation_qty_tolerance = fields.Float(
        string="Tolerated Quantity Difference (%)",
        default=0.0,
        digits=(16, 2),
        help="A confirmed quantity this many percent above or below the ordered "
        "one is applied at once; a larger difference waits for the buyer.",
        # our purchasing policy (see above)
        groups="base.group_user",
    )
    b2b_confirmation_reminder_days = fields.Integer(
        string="Remind Unconfirmed Orders After (Days)",
        default=2,
        help="Orders with lines the supplier has not confirmed this many days "
        "after the order was confirmed appear in the supplier's reminder digest.",
        # our purchasing policy (see above)
        groups="base.group_user",
    )

    _sql_constraints = [
        (
            "b2b_confirmation_tolerance_positive",
            (
                "CHECK(b2b_confirmation_days_late >= 0"
                " AND b2b_confirmation_qty_tolerance >= 0"
                " AND b2b_confirmation_reminder_days >= 0)"
            ),
            "Tolerances and reminder delays cannot be negative.",
        ),
    ]
