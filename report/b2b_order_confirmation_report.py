# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# the window of the supplier's figures (partner overview, portal home)
FIGURES_WINDOW_DAYS = 90


class B2bOrderConfirmationReport(models.Model):
    """One row per product line of a confirmed purchase order: whether and
    how fast the supplier confirmed it, and whether it arrived by the date it
    confirmed; grouped by month (the order's confirmation) for the graph of
    confirmation rate, time to confirm and on-time delivery."""

    _name = "b2b.order.confirmation.report"
    _description = "B2B Order Confirmation Analysis"
    _auto = False
    _order = "date_approve desc, id desc"
    _rec_name = "line_id"

    line_id = fields.Many2one(
        comodel_name="purchase.order.line", string="Order Line", readonly=True
    )
    order_id = fields.Many2one(
        comodel_name="purchase.order", string="Purchase Order", readonly=True
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Supplier", readonly=True
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    user_id = fields.Many2one(comodel_name="res.users", string="Buyer", readonly=True)
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    date_approve = fields.Datetime(string="Ordered On", readonly=True)
    date_answered = fields.Datetime(string="First Answer", readonly=True)
    date_confirmed = fields.Datetime(string="Confirmed Date", readonly=True)
    date_received = fields.Datetime(string="Received On", readonly=True)
    confirm_days = fields.Float(
        string="Time to Confirm (Days)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="From the order's confirmation to the supplier's first answer.",
    )
    confirmation_rate = fields.Float(
        string="Confirmation Rate (%)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Share of the lines whose date and quantity the supplier confirmed.",
    )
    on_time_rate = fields.Float(
        string="On Time (%)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Share of the confirmed lines fully received by their confirmed date.",
    )
    is_confirmed = fields.Boolean(string="Confirmed", readonly=True)
    is_late = fields.Boolean(string="Received Late", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT line.id, line.id AS line_id, line.order_id,
                   line.b2b_supplier_id AS partner_id, line.company_id,
                   po.user_id, line.product_id, po.date_approve,
                   answers.date_answered,
                   line.b2b_date_confirmed AS date_confirmed,
                   receipts.date_received,
                   GREATEST(
                       EXTRACT(EPOCH FROM answers.date_answered - po.date_approve),
                       0) / 86400 AS confirm_days,
                   CASE WHEN line.b2b_confirmation_state = 'confirmed'
                        THEN 100.0 ELSE 0.0 END AS confirmation_rate,
                   %(on_time)s AS on_time_rate,
                   line.b2b_confirmation_state = 'confirmed' AS is_confirmed,
                   COALESCE(%(on_time)s = 0.0, FALSE) AS is_late
              FROM purchase_order_line line
              JOIN purchase_order po ON po.id = line.order_id
         LEFT JOIN LATERAL (
                   SELECT min(c.date_answered) AS date_answered
                     FROM b2b_order_line_confirmation c
                    WHERE c.line_id = line.id) answers ON true
         LEFT JOIN LATERAL (
                   SELECT max(move.date) AS date_received
                     FROM stock_move move
                    WHERE move.purchase_line_id = line.id
                      AND move.state = 'done') receipts ON true
             WHERE po.state IN ('purchase', 'done')
               AND po.date_approve IS NOT NULL
               AND line.display_type IS NULL
               AND line.product_id IS NOT NULL
               AND line.b2b_confirmation_state IS NOT NULL
            """,
            on_time=SQL(
                """
                CASE WHEN line.b2b_confirmation_state = 'confirmed'
                          AND NOT line.b2b_is_open
                          AND line.qty_received >= line.product_qty
                          AND receipts.date_received IS NOT NULL
                     THEN CASE WHEN receipts.date_received::date
                                    <= line.b2b_date_confirmed::date
                               THEN 100.0 ELSE 0.0 END
                END
                """
            ),
        )

    _depends = {
        "purchase.order.line": [
            "order_id",
            "b2b_supplier_id",
            "company_id",
            "product_id",
            "display_type",
            "b2b_confirmation_state",
            "b2b_date_confirmed",
            "b2b_is_open",
            "qty_received",
            "product_qty",
        ],
        "purchase.order": ["state", "date_approve", "user_id"],
        "b2b.order.line.confirmation": ["line_id", "date_answered"],
        "stock.move": ["purchase_line_id", "state", "date"],
    }

    @api.model
    def _b2b_figures_sql(self, since):
        """Per (supplier, company) over the lines ordered since ``since``: the
        confirmation rate, the median time to confirm and the on-time rate
        (the partner overview's columns and the supplier's portal figures)."""
        return SQL(
            """
            SELECT partner_id, company_id,
                   avg(confirmation_rate) AS confirmation_rate,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY confirm_days)
                       FILTER (WHERE confirm_days IS NOT NULL)
                       AS median_confirm_days,
                   avg(on_time_rate) AS on_time_rate
              FROM (%(rows)s) rows
             WHERE date_approve >= %(since)s
          GROUP BY partner_id, company_id
            """,
            rows=self._table_query,
            since=since,
        )

    @api.model
    def _b2b_figures_since(self):
        return fields.Datetime.now() - timedelta(days=FIGURES_WINDOW_DAYS)

    @api.model
    def _b2b_supplier_figures(self, partner):
        """The figures of the supplier company ``partner`` over all our
        companies, for its portal home: ``{confirmation_rate,
        median_confirm_days, on_time_rate}`` (None where nothing counts), or
        an empty dict when it had no order in the window."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT avg(confirmation_rate), percentile_cont(0.5) WITHIN GROUP
                       (ORDER BY confirm_days) FILTER (WHERE confirm_days IS NOT NULL),
                       avg(on_time_rate), count(*)
                  FROM (%(rows)s) rows
                 WHERE partner_id = %(partner)s AND date_approve >= %(since)s
                """,
                rows=self._table_query,
                partner=partner.id,
                since=self._b2b_figures_since(),
            )
        )
        rate, median, on_time, count = self.env.cr.fetchone()
        if not count:
            return {}
        return {
            "confirmation_rate": rate,
            "median_confirm_days": median,
            "on_time_rate": on_time,
        }
