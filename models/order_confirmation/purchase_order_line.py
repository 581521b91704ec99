# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.tools import SQL, float_compare
from odoo.tools.sql import create_index

# the orders whose lines a supplier confirms: confirmed, locked or not
CONFIRMED_ORDER_STATES = ("purchase", "done")
LINE_CONFIRMATION_STATES = [
    ("to_confirm", "Awaiting Confirmation"),
    ("proposed", "Change Proposed"),
    ("confirmed", "Confirmed"),
]
# the state of a line from the state of its current confirmation
LINE_STATE_OF = {
    "awaiting": "to_confirm",
    "rejected": "to_confirm",
    "cancelled": "to_confirm",
    "proposed": "proposed",
    "confirmed": "confirmed",
    "accepted": "confirmed",
}


class PurchaseOrderLine(models.Model):
    """What order confirmation adds to a purchase order line: the supplier's
    confirmation of it, the date the buyer asked for, whether it is still open
    (not fully received), late or delayed.

    No second truth: once a confirmation is applied the line's ``date_planned``
    is the confirmed date (``b2b_date_confirmed`` is computed from it)."""

    _inherit = "purchase.order.line"

    b2b_supplier_id = fields.Many2one(
        comodel_name="res.partner",
        string="Supplier Company",
        related="order_id.partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    b2b_is_open = fields.Boolean(
        string="Open Line",
        compute="_compute_b2b_is_open",
        store=True,
        help="A product line of a confirmed order not fully received yet: the "
        "supplier confirms it.",
    )
    b2b_confirmation_id = fields.Many2one(
        comodel_name="b2b.order.line.confirmation",
        string="Current Confirmation",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="base.group_user",
    )
    b2b_confirmation_ids = fields.One2many(
        comodel_name="b2b.order.line.confirmation",
        inverse_name="line_id",
        string="Confirmations",
        groups="base.group_user",
    )
    b2b_confirmation_state = fields.Selection(
        selection=LINE_CONFIRMATION_STATES,
        string="Confirmation",
        compute="_compute_b2b_confirmation_state",
        store=True,
        copy=False,
        help="Awaiting Confirmation: the supplier has not confirmed the line (or "
        "the buyer rejected its change). Change Proposed: the supplier proposed "
        "another date or quantity, which waits for the buyer. Confirmed: the "
        "line's date and quantity are those the supplier committed to.",
    )
    b2b_date_requested = fields.Datetime(
        string="Requested Date",
        readonly=True,
        copy=False,
        help="The date the buyer asked for when the supplier was asked to "
        "confirm the line.",
    )
    b2b_date_confirmed = fields.Datetime(
        string="Confirmed Date",
        compute="_compute_b2b_date_confirmed",
        store=True,
        help="The line's expected arrival once the supplier's confirmation is applied.",
    )
    b2b_delay_days = fields.Integer(
        string="Delay (Days)",
        compute="_compute_b2b_date_confirmed",
        store=True,
        help="Days between the requested and the confirmed date, when the "
        "supplier delivers later than asked.",
    )
    b2b_is_late = fields.Boolean(
        string="Late",
        compute="_compute_b2b_is_late",
        search="_search_b2b_is_late",
        help="Confirmed, not fully received, and its confirmed date has passed.",
    )
    # technical: the confirmed date whose passing was reported to the buyer
    # (the late-line job reports each confirmed date once)
    b2b_late_notified_date = fields.Datetime(readonly=True, copy=False)
    # technical: bumped by every answer of the supplier; a form posted for an
    # older version was answered meanwhile (double submit, another person)
    b2b_confirmation_version = fields.Integer(readonly=True, copy=False, default=0)

    def init(self):
        # the supplier's open lines (portal list, CSV)
        create_index(
            self.env.cr,
            indexname="purchase_order_line_b2b_open_supplier_idx",
            tablename=self._table,
            expressions=["b2b_supplier_id", "b2b_confirmation_state", "date_planned"],
            where="b2b_is_open",
        )
        # the late-line job: confirmed open lines not reported for their
        # current date, by date (each chunk reads only what it claims)
        create_index(
            self.env.cr,
            indexname="purchase_order_line_b2b_late_candidate_idx",
            tablename=self._table,
            expressions=["date_planned"],
            where="b2b_is_open AND b2b_confirmation_state = 'confirmed'"
            " AND b2b_late_notified_date IS DISTINCT FROM date_planned",
        )
        return super().init()

    # ------------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------------

    @api.depends("order_id.state", "display_type", "product_qty", "qty_received")
    def _compute_b2b_is_open(self):
        for line in self:
            line.b2b_is_open = bool(
                line.order_id.state in CONFIRMED_ORDER_STATES
                and not line.display_type
                and line.product_id
                and float_compare(
                    line.qty_received,
                    line.product_qty,
                    precision_rounding=line.product_uom.rounding or 0.01,
                )
                < 0
            )

    @api.depends("b2b_confirmation_id.state", "b2b_is_open")
    def _compute_b2b_confirmation_state(self):
        for line in self:
            # sudo: the state of the line's own confirmation (readable by our
            # purchase users, and shown to the supplier on its own lines)
            state = line.sudo().b2b_confirmation_id.state
            if state:
                line.b2b_confirmation_state = LINE_STATE_OF[state]
            else:
                # open lines of orders confirmed before this module was
                # installed: nobody confirmed them either
                line.b2b_confirmation_state = line.b2b_is_open and "to_confirm"

    @api.depends("b2b_confirmation_state", "date_planned", "b2b_date_requested")
    def _compute_b2b_date_confirmed(self):
        for line in self:
            confirmed = line.b2b_confirmation_state == "confirmed"
            line.b2b_date_confirmed = line.date_planned if confirmed else False
            requested = line._b2b_local_date(line.b2b_date_requested)
            delay = (
                (line._b2b_local_date(line.date_planned) - requested).days
                if confirmed and requested
                else 0
            )
            line.b2b_delay_days = max(delay, 0)

    @api.depends_context("uid")
    def _compute_b2b_is_late(self):
        threshold = self._b2b_late_threshold()
        for line in self:
            line.b2b_is_late = bool(
                line.b2b_is_open
                and line.b2b_confirmation_state == "confirmed"
                and line.date_planned
                and line.date_planned < threshold
            )

    def _search_b2b_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = [
            ("b2b_is_open", "=", True),
            ("b2b_confirmation_state", "=", "confirmed"),
            ("date_planned", "<", self._b2b_late_threshold()),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _b2b_late_threshold(self):
        """A line is late once the day of its confirmed date is over (Odoo
        plans a receipt at noon of its day, in the buyer's time zone)."""
        return datetime.combine(fields.Date.today(), time.min) - timedelta(hours=12)

    def _b2b_local_date(self, value):
        """The day of ``value`` (a UTC datetime of this line) as the order sees
        it (the buyer's time zone, as Odoo's date update and emails do)."""
        self.ensure_one()
        if not value:
            return False
        return self.order_id.get_localized_date_planned(value).date()

    # ------------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.context.get("b2b_confirmation_applying"):
            # a line added to a confirmed order: the supplier confirms it too
            lines.filtered("b2b_is_open")._b2b_request_confirmation()
        return lines

    def write(self, vals):
        changed = self.browse()
        if {"date_planned", "product_qty"} & vals.keys() and not self.env.context.get(
            "b2b_confirmation_applying"
        ):
            changed = self._b2b_lines_changed_by(vals)
        res = super().write(vals)
        if changed:
            # the buyer changed what the supplier confirmed (or was asked):
            # the supplier confirms the new request
            changed.filtered("b2b_is_open")._b2b_request_confirmation()
        return res

    def _b2b_lines_changed_by(self, vals):
        """The lines of ``self`` with a confirmation whose requested date or
        quantity ``vals`` changes."""
        # sudo: whether the line has a confirmation at all
        lines = self.sudo().filtered("b2b_confirmation_id")
        if "product_qty" in vals:
            return lines.filtered(
                lambda line: (
                    float_compare(
                        line.product_qty,
                        vals["product_qty"],
                        precision_rounding=line.product_uom.rounding,
                    )
                    or ("date_planned" in vals and line._b2b_date_changed(vals))
                )
            ).sudo(False)
        return lines.filtered(lambda line: line._b2b_date_changed(vals)).sudo(False)

    def _b2b_date_changed(self, vals):
        new = fields.Datetime.to_datetime(vals["date_planned"])
        return self._b2b_local_date(new) != self._b2b_local_date(self.date_planned)

    # ------------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------------

    def _b2b_request_confirmation(self):
        """Ask the supplier to confirm these lines as they stand now."""
        # sudo: the confirmation is bookkeeping of the order; the user changed
        # or confirmed the order itself
        self.env["b2b.order.line.confirmation"].sudo()._b2b_request(self.sudo())

    def _b2b_claim_versions(self, versions):
        """Take the lines of ``versions`` (``{line id: version}``) for an
        answer of the supplier, in one statement: True when every line is
        still at its version (then each is bumped), False when one was
        answered meanwhile (a double submit, a colleague): the caller then
        writes nothing. A concurrent transaction answering the same lines
        waits for this one and fails to serialize: Odoo retries the request,
        which then finds the new versions."""
        if not versions:
            return True
        self.flush_model(["b2b_confirmation_version"])
        ids, expected = zip(*sorted(versions.items()), strict=True)
        self.env.cr.execute(
            SQL(
                """
                UPDATE purchase_order_line line
                   SET b2b_confirmation_version = line.b2b_confirmation_version + 1
                  FROM unnest(%(ids)s::int[], %(versions)s::int[]) AS v(id, version)
                 WHERE line.id = v.id AND line.b2b_confirmation_version = v.version
             RETURNING line.id
                """,
                ids=list(ids),
                versions=list(expected),
            )
        )
        claimed = len(self.env.cr.fetchall())
        self.browse(ids).invalidate_recordset(["b2b_confirmation_version"])
        return claimed == len(ids)

    def _b2b_reschedule_receipt(self, date):
        """Plan the open receipt moves of the line on ``date``: Odoo's date
        update moved their deadline (``_update_date_planned``), the scheduled
        date follows, as when Odoo creates the moves of a line (both on its
        ``date_planned``). The receipt's scheduled date is computed from its
        moves."""
        moves = self.move_ids.filtered(
            lambda move: move.state not in ("done", "cancel") and move.date != date
        )
        if moves:
            moves.write({"date": date})

    def _b2b_bump_versions(self):
        """A decision of the buyer: forms shown to the supplier before it are
        out of date."""
        for line in self:
            line.b2b_confirmation_version += 1

    def _b2b_split_line_values(self, quantity, date_planned):
        """The values of one more line of the order for a split delivery of
        this line: what Odoo copies of a line (``copy_data``: product,
        description, unit, analytic distribution, link to the sale, ...),
        with the same price, discount and taxes, ``quantity`` on
        ``date_planned``, right after this line."""
        self.ensure_one()
        values = self.copy_data()[0]
        for name in list(values):
            if name.startswith("b2b_") or name in ("move_dest_ids", "move_ids"):
                del values[name]
        values.update(
            {
                "order_id": self.order_id.id,
                "name": self.name,
                "sequence": self.sequence,
                "product_id": self.product_id.id,
                "product_uom": self.product_uom.id,
                "product_qty": quantity,
                "price_unit": self.price_unit,
                "discount": self.discount,
                "taxes_id": [fields.Command.set(self.taxes_id.ids)],
                "date_planned": date_planned,
            }
        )
        return values
