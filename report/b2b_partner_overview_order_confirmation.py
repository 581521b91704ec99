# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL


class B2bPartnerOverview(models.Model):
    """The partner overview's columns of order confirmation: each supplier's
    confirmation rate, median time to confirm and on-time delivery against
    the confirmed date (orders of the last 90 days). The overview's own query
    is kept as it is: its rows are joined with these figures, and the
    suppliers whose lines were asked for confirmation get a row."""

    _inherit = "b2b.partner.overview"

    confirmation_rate = fields.Float(
        string="Confirmation Rate (%)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        groups="purchase.group_purchase_user",
        help="Share of the order lines (orders of the last 90 days) whose date "
        "and quantity the supplier confirmed.",
    )
    median_confirm_days = fields.Float(
        string="Median Time to Confirm (Days)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        groups="purchase.group_purchase_user",
        help="Median time from an order's confirmation to the supplier's first "
        "answer of its lines (orders of the last 90 days).",
    )
    on_time_rate = fields.Float(
        string="On Time (%)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        groups="purchase.group_purchase_user",
        help="Share of the confirmed lines (orders of the last 90 days) fully "
        "received by their confirmed date.",
    )

    @property
    def _table_query(self):
        Report = self.env["b2b.order.confirmation.report"]
        return SQL(
            """
            SELECT overview.*,
                   figures.confirmation_rate,
                   figures.median_confirm_days,
                   figures.on_time_rate
              FROM (%(overview)s) overview
         LEFT JOIN (%(figures)s) figures
                ON figures.partner_id = overview.partner_id
               AND figures.company_id = overview.company_id
            """,
            overview=super()._table_query,
            figures=Report._b2b_figures_sql(Report._b2b_figures_since()),
        )

    def _b2b_keys_query(self):
        """Also the suppliers asked to confirm order lines; a supplier's row
        without company (person of contact only) gives way to those."""
        return SQL(
            """
            SELECT keys.partner_id, keys.company_id
              FROM (%(keys)s) keys
             WHERE keys.company_id IS NOT NULL
                OR NOT EXISTS (
                   SELECT 1 FROM purchase_order_line line
                    WHERE line.b2b_supplier_id = keys.partner_id
                      AND line.b2b_confirmation_state IS NOT NULL)
             UNION
            SELECT DISTINCT b2b_supplier_id, company_id
              FROM purchase_order_line
             WHERE b2b_confirmation_state IS NOT NULL
            """,
            keys=super()._b2b_keys_query(),
        )

    _depends = {
        "purchase.order.line": [
            "b2b_supplier_id",
            "company_id",
            "b2b_confirmation_state",
            "b2b_date_confirmed",
            "b2b_is_open",
            "qty_received",
            "product_qty",
        ],
        "purchase.order": ["state", "date_approve"],
        "b2b.order.line.confirmation": ["line_id", "date_answered"],
    }
