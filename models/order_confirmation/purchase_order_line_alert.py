# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.tools import SQL
from odoo.tools.misc import format_date

LATE_CHUNK = 500
LATE_ACTIVITY = "b2b_communication.mail_activity_type_b2b_order_late"


class PurchaseOrderLine(models.Model):
    """The late-line job: confirmed lines whose date passed without receipt,
    and confirmed dates the supplier moved later, reach the buyer (an activity
    on the order, on My Work, and a live notification) without anyone
    looking; each event once.

    One chunk per call: the events are claimed in one statement each
    (``FOR UPDATE SKIP LOCKED``, in the order of an index that holds only
    the events not reported yet), so a chunk costs the same whatever the
    number of open lines, and two runs never report the same event."""

    _inherit = "purchase.order.line"

    @api.model
    def _cron_b2b_detect_late_lines(self, chunk_size=LATE_CHUNK):
        """Report one chunk of late lines and delays; ir.cron calls again
        while work remains (and commits between calls)."""
        threshold = self._b2b_late_threshold()
        late = self._b2b_claim_late_lines(threshold, chunk_size)
        Confirmation = self.env["b2b.order.line.confirmation"]
        delays = Confirmation._b2b_claim_delays(chunk_size - len(late))
        late._b2b_alert_late()
        delays._b2b_alert_delays()
        remaining = self._b2b_count_late_candidates(
            threshold, chunk_size
        ) + Confirmation._b2b_count_delays(chunk_size)
        self.env["ir.cron"]._notify_progress(
            done=len(late) + len(delays), remaining=remaining
        )
        return len(late) + len(delays)

    @api.model
    def _b2b_late_candidates_sql(self, threshold):
        """Open confirmed lines whose confirmed date passed and was not
        reported yet (matches purchase_order_line_b2b_late_candidate_idx)."""
        return SQL(
            """
            b2b_is_open AND b2b_confirmation_state = 'confirmed'
            AND b2b_late_notified_date IS DISTINCT FROM date_planned
            AND date_planned < %s
            """,
            threshold,
        )

    @api.model
    def _b2b_claim_late_lines(self, threshold, limit):
        if limit <= 0:
            return self.browse()
        self.flush_model(
            [
                "b2b_is_open",
                "b2b_confirmation_state",
                "b2b_late_notified_date",
                "date_planned",
            ]
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE purchase_order_line line
                   SET b2b_late_notified_date = line.date_planned
                 WHERE line.id IN (
                       SELECT id FROM purchase_order_line
                        WHERE %(candidates)s
                        ORDER BY date_planned
                        LIMIT %(limit)s
                          FOR UPDATE SKIP LOCKED)
             RETURNING line.id
                """,
                candidates=self._b2b_late_candidates_sql(threshold),
                limit=limit,
            )
        )
        lines = self.browse(row[0] for row in self.env.cr.fetchall())
        lines.invalidate_recordset(["b2b_late_notified_date"])
        return lines

    @api.model
    def _b2b_count_late_candidates(self, threshold, limit):
        """The late lines still to report, counted up to ``limit``."""
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM (SELECT 1 FROM purchase_order_line"
                " WHERE %s LIMIT %s) candidates",
                self._b2b_late_candidates_sql(threshold),
                limit,
            )
        )
        return self.env.cr.fetchone()[0]

    def _b2b_alert_late(self):
        if not self:
            return
        self.fetch(["order_id", "product_id", "product_uom", "date_planned"])
        self.fetch(["product_qty", "qty_received"])
        entries = {}
        for line in self:
            order = line.order_id
            _ = line.with_context(lang=order._b2b_buyer_lang()).env._
            entries.setdefault(order, []).append(
                _(
                    "%(product)s: %(quantity)s %(uom)s confirmed for %(date)s "
                    "are not received.",
                    product=line.product_id.display_name,
                    quantity=self.env["b2b.order.line.confirmation"]._b2b_format_qty(
                        line.product_qty - line.qty_received
                    ),
                    uom=line.product_uom.name,
                    date=format_date(line.env, line._b2b_local_date(line.date_planned)),
                )
            )
        self.env["purchase.order"]._b2b_post_alerts(LATE_ACTIVITY, "late", entries)
