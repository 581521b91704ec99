# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_is_zero
from odoo.tools.misc import format_date, formatLang
from odoo.tools.sql import create_index

from .purchase_order_line import CONFIRMED_ORDER_STATES

CONFIRMATION_STATES = [
    ("awaiting", "Awaiting Supplier"),
    ("proposed", "Change Proposed"),
    ("confirmed", "Confirmed"),
    ("accepted", "Change Accepted"),
    ("rejected", "Change Rejected"),
    ("cancelled", "Replaced"),
]
# the states in which a confirmation is the line's commitment
APPLIED_STATES = ("confirmed", "accepted")
ANSWER_SOURCES = [
    ("portal", "Open Order Lines"),
    ("order_page", "Order Page"),
    ("csv", "CSV Upload"),
    ("date_update", "Odoo's Date Update"),
]
# a split into more deliveries than this is no confirmation but a new order
MAX_DELIVERIES = 10
# a delivery date further away than this is a typing error
MAX_YEARS_AHEAD = 5
MAX_COMMENT = 2000
DELAY_ACTIVITY = "b2b_communication.mail_activity_type_b2b_order_delay"


class B2bAnswerError(UserError):
    """An answer of the supplier that cannot be taken as it is: ``errors``
    lists why, one sentence each (the portal shows them all, and writes
    nothing of the submission)."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


class B2bAnswerConflict(UserError):
    """The lines were answered since the form was shown (a double submit, a
    colleague): nothing of the submission is written."""


class B2bOrderLineConfirmation(models.Model):
    """The supplier's confirmation of one purchase order line: the date(s) and
    quantity(ies) it commits to, or proposes.

    A confirmation awaiting the supplier is created for every product line
    when the order is confirmed (and again when the buyer changes a line).
    The supplier answers it (portal, order page, CSV): an answer inside the
    company's tolerance is applied at once (the line's ``date_planned`` and
    quantity, a split into several lines, the receipt rescheduled as Odoo
    does), one outside waits for the buyer, who accepts (applied) or rejects
    it with a reason (the supplier is told by email). A later answer of the
    same line is a new record: the line's history.

    The supplier's person of contact without an account acts through a link
    signed for that very person (``b2b.signed.link.mixin``), as for contact
    requests: valid while the order is open and the person a contact of the
    supplier company.
    """

    _name = "b2b.order.line.confirmation"
    _description = "B2B Order Line Confirmation"
    _inherit = ["b2b.signed.link.mixin", "b2b.mail.screening.mixin", "portal.mixin"]
    # our users note and plan on a confirmation they read: it is history they
    # do not write (see _b2b_check_decider)
    _mail_post_access = "read"
    _order = "id desc"
    _check_company_auto = True
    _b2b_share_partner_field = "partner_id"

    # read by our users only: a supplier's user holding the token would keep
    # it after leaving the company (visitors without an account need a signed
    # link anyway)
    access_token = fields.Char(groups="base.group_user")

    line_id = fields.Many2one(
        comodel_name="purchase.order.line",
        string="Order Line",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    order_id = fields.Many2one(
        related="line_id.order_id", store=True, index=True, string="Purchase Order"
    )
    company_id = fields.Many2one(related="line_id.order_id.company_id", store=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Supplier",
        required=True,
        index=True,
        readonly=True,
        help="The supplier company whose users and contacts confirm the line.",
    )
    # the supplier reads its lines' products through the portal's pages (a
    # portal user may not read products): our users only by RPC
    product_id = fields.Many2one(related="line_id.product_id", groups="base.group_user")
    product_uom_id = fields.Many2one(
        related="line_id.product_uom",
        string="Unit of Measure",
        groups="base.group_user",
    )
    user_id = fields.Many2one(
        related="line_id.order_id.user_id", string="Buyer", groups="base.group_user"
    )
    state = fields.Selection(
        selection=CONFIRMATION_STATES,
        string="Status",
        required=True,
        default="awaiting",
        index=True,
        readonly=True,
        tracking=True,
    )
    date_requested = fields.Datetime(
        string="Requested Date",
        readonly=True,
        help="The date the buyer asked for.",
    )
    qty_requested = fields.Float(
        string="Requested Quantity", digits="Product Unit of Measure", readonly=True
    )
    schedule_ids = fields.One2many(
        comodel_name="b2b.order.line.confirmation.schedule",
        inverse_name="confirmation_id",
        string="Deliveries",
        readonly=True,
    )
    quantity = fields.Float(
        string="Confirmed Quantity",
        digits="Product Unit of Measure",
        compute="_compute_schedule_summary",
        store=True,
    )
    date_first = fields.Date(
        string="Delivery Date", compute="_compute_schedule_summary", store=True
    )
    date_last = fields.Date(
        string="Last Delivery", compute="_compute_schedule_summary", store=True
    )
    is_split = fields.Boolean(
        string="Split Delivery", compute="_compute_schedule_summary", store=True
    )
    comment = fields.Text(readonly=True)
    answered_by_id = fields.Many2one(
        comodel_name="res.partner",
        readonly=True,
        ondelete="set null",
    )
    date_answered = fields.Datetime(string="Answered On", readonly=True)
    source = fields.Selection(selection=ANSWER_SOURCES, string="Via", readonly=True)
    is_within_tolerance = fields.Boolean(
        string="Within Tolerance",
        readonly=True,
        help="The answer was within the company's tolerance and applied at once.",
    )
    decided_by_id = fields.Many2one(
        comodel_name="res.users",
        readonly=True,
        groups="base.group_user",
    )
    date_decided = fields.Datetime(string="Decided On", readonly=True)
    rejection_reason = fields.Text(readonly=True)
    split_from_id = fields.Many2one(
        comodel_name="b2b.order.line.confirmation",
        readonly=True,
        ondelete="set null",
        help="The confirmation whose split delivery created this line.",
    )
    # a delay: the supplier moved a confirmed date later by itself (within
    # tolerance); the late-line job tells the buyer once
    date_before = fields.Datetime(readonly=True)
    is_delay = fields.Boolean(string="Delay", readonly=True)
    delay_notified_date = fields.Datetime(readonly=True, copy=False)
    is_shared = fields.Boolean(
        string="Open to the Supplier",
        compute="_compute_is_shared",
        help="The supplier may answer while the order is confirmed.",
    )
    recipient_id = fields.Many2one(
        comodel_name="res.partner",
        compute="_compute_recipient_id",
        help="Who is told of the buyer's decision: the person who answered "
        "while a contact of the supplier, else the supplier's person of contact.",
    )

    def init(self):
        # the late-line job's delays not reported yet (see _b2b_claim_delays)
        create_index(
            self.env.cr,
            indexname="b2b_order_line_confirmation_delay_idx",
            tablename=self._table,
            expressions=["id"],
            where="is_delay AND delay_notified_date IS NULL",
        )
        return super().init()

    # ------------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------------

    @api.depends("schedule_ids.quantity", "schedule_ids.date")
    def _compute_schedule_summary(self):
        for confirmation in self:
            rows = confirmation.schedule_ids
            dates = rows.mapped("date")
            confirmation.quantity = sum(rows.mapped("quantity"))
            confirmation.date_first = min(dates) if dates else False
            confirmation.date_last = max(dates) if dates else False
            confirmation.is_split = len(rows) > 1

    @api.depends("line_id.order_id.state")
    def _compute_is_shared(self):
        for confirmation in self:
            confirmation.is_shared = (
                confirmation.line_id.order_id.state in CONFIRMED_ORDER_STATES
            )

    @api.depends("answered_by_id", "partner_id")
    def _compute_recipient_id(self):
        for confirmation in self:
            person = confirmation.answered_by_id
            if (
                person
                and person.email
                and not person.is_company
                and confirmation._b2b_is_signed_link_partner(person)
            ):
                confirmation.recipient_id = person
            else:
                confirmation.recipient_id = (
                    confirmation.partner_id._b2b_reminder_recipient()
                )

    @api.depends("line_id", "state")
    def _compute_display_name(self):
        for confirmation in self:
            # sudo: the order's reference and the product's name, which the
            # reader of the confirmation sees on its line
            line = confirmation.sudo().line_id
            confirmation.display_name = (
                f"{line.order_id.name} - {line.product_id.display_name}"
            )

    def _compute_access_url(self):
        self._b2b_cache_access_urls("/my/b2b/order-lines")

    def _b2b_is_shared(self):
        self.ensure_one()
        return self.is_shared

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        """Partners answer through the portal's forms only: the chatter of a
        confirmation (tracking, the emails to the supplier) is our users'.
        No token or signed link opens it by ``/mail/...``."""
        if not self.env.user._is_internal():
            return self.browse()
        return super()._get_thread_with_access(thread_id, mode=mode, **kwargs)

    def _b2b_recipient_urls(self, recipient):
        """The open order lines page in the email to ``recipient``: signed for
        that person when without an account, behind the login otherwise. A
        signed link goes to the recipient only, in the email the sending code
        queues as superuser; a preview (template, composer) gets the plain
        login link, as for contact requests."""
        if not (recipient and self.env.su):
            return super()._b2b_recipient_urls(recipient.browse())
        return super()._b2b_recipient_urls(recipient)

    # ------------------------------------------------------------------
    # REQUEST
    # ------------------------------------------------------------------

    @api.model
    def _b2b_request(self, lines):
        """Ask the supplier to confirm ``lines`` as they stand: a confirmation
        awaiting the supplier for each open line; what was awaiting or
        proposed for them before is replaced. Called as superuser (the
        bookkeeping of an order the user confirmed or changed)."""
        lines = lines.filtered("b2b_is_open")
        if not lines:
            return self.browse()
        replaced = lines.b2b_confirmation_id.filtered(
            lambda c: c.state in ("awaiting", "proposed")
        )
        proposals = replaced.filtered(lambda c: c.state == "proposed")
        replaced.write({"state": "cancelled"})
        confirmations = self.create(
            [
                {
                    "line_id": line.id,
                    "partner_id": line.b2b_supplier_id.id,
                    "date_requested": line.date_planned,
                    "qty_requested": line.product_qty,
                }
                for line in lines
            ]
        )
        applying = lines.with_context(b2b_confirmation_applying=True)
        for line, confirmation in zip(applying, confirmations, strict=True):
            line.write(
                {
                    "b2b_confirmation_id": confirmation.id,
                    "b2b_date_requested": line.date_planned,
                }
            )
        if proposals:
            proposals.order_id._b2b_sync_proposal_activities()
        return confirmations

    # ------------------------------------------------------------------
    # ANSWER (the supplier)
    # ------------------------------------------------------------------

    @api.model
    def _b2b_line_blocker(self, line):
        """Why ``line`` cannot be answered at all (its order cancelled, not
        confirmed, the line fully received), or ""."""
        _ = self.env._
        order = line.order_id
        if order.state == "cancel":
            return _("Order %(order)s is cancelled.", order=order.name)
        if order.state not in CONFIRMED_ORDER_STATES:
            return _("Order %(order)s is not confirmed.", order=order.name)
        if not line.b2b_is_open:
            return _(
                "%(product)s of order %(order)s is fully received.",
                product=line.product_id.display_name,
                order=order.name,
            )
        return ""

    @api.model
    def _b2b_answer_errors(self, line, rows, comment=""):
        """Why the answer ``rows`` (``[(quantity, date)]``, quantities in the
        line's unit) for ``line`` cannot be taken, one sentence each; [] when
        it can. ``line`` is one of the supplier's lines (checked by the
        caller)."""
        _ = self.env._
        blocker = self._b2b_line_blocker(line)
        if blocker:
            return [blocker]
        errors = []
        if not rows:
            errors.append(_("Give at least one delivery (quantity and date)."))
        if len(rows) > MAX_DELIVERIES:
            errors.append(
                _("At most %(count)s deliveries per line.", count=MAX_DELIVERIES)
            )
        today = fields.Date.context_today(self)
        latest = today + timedelta(days=365 * MAX_YEARS_AHEAD)
        rounding = line.product_uom.rounding
        for quantity, date in rows:
            if float_compare(quantity, 0, precision_rounding=rounding) <= 0:
                errors.append(_("A quantity must be above zero."))
            if date < today:
                errors.append(
                    _("%(date)s is in the past.", date=format_date(self.env, date))
                )
            elif date > latest:
                errors.append(
                    _("%(date)s is too far ahead.", date=format_date(self.env, date))
                )
        received = line.qty_received
        if rows and not float_is_zero(received, precision_rounding=rounding):
            first = min(rows, key=lambda row: row[1])[0]
            if float_compare(first, received, precision_rounding=rounding) < 0:
                errors.append(
                    _(
                        "The quantity %(quantity)s is below what was already "
                        "received (%(received)s).",
                        quantity=self._b2b_format_qty(first),
                        received=self._b2b_format_qty(received),
                    )
                )
        if comment and len(comment) > MAX_COMMENT:
            errors.append(
                _(
                    "The comment is too long (at most %(count)s characters).",
                    count=MAX_COMMENT,
                )
            )
        return errors

    @api.model
    def _b2b_answer(self, answers, author, source, versions=None):
        """Take the supplier's answers: ``answers`` is ``[(line, rows,
        comment)]`` (rows ``[(quantity, date)]``, checked with
        :meth:`_b2b_answer_errors`), ``author`` the person answering,
        ``versions`` the ``{line id: version}`` the form was shown with.

        An answer equal to the line's current one changes nothing (a double
        submit); the others are taken together or not at all
        (:class:`B2bAnswerConflict` when a line was answered meanwhile).
        Inside tolerance they are applied at once, outside they wait for the
        buyer. Called as superuser by the portal after its access check.
        Returns ``{"applied": n, "proposed": n, "unchanged": n}``."""
        # the lines in this method's environment (the caller's superuser),
        # whoever's environment they were read in
        todo = [
            (line.with_env(self.env), rows, comment)
            for line, rows, comment in answers
            if not line.b2b_confirmation_id._b2b_same_answer(rows, comment)
        ]
        result = {"applied": 0, "proposed": 0, "unchanged": len(answers) - len(todo)}
        if not todo:
            return result
        lines = self.env["purchase.order.line"].concat(*(a[0] for a in todo))
        versions = versions or {}
        expected = {
            line.id: versions.get(line.id, line.b2b_confirmation_version)
            for line in lines
        }
        if not lines._b2b_claim_versions(expected):
            raise B2bAnswerConflict(
                self.env._(
                    "These order lines were answered since this page was shown: "
                    "nothing was changed. Reload the page to see their state."
                )
            )
        was_confirmed = {
            line.id: line.b2b_confirmation_state == "confirmed" for line in lines
        }
        confirmations = self._b2b_take_answers(todo, author, source)
        inside = confirmations.filtered(lambda c: c._b2b_within_tolerance())
        inside.write({"state": "confirmed", "is_within_tolerance": True})
        (confirmations - inside).write({"state": "proposed"})
        inside._b2b_apply(was_confirmed=was_confirmed)
        confirmations._b2b_log_answers(author)
        proposed = confirmations - inside
        # new proposals, and those an answer replaced
        confirmations.order_id._b2b_sync_proposal_activities()
        if proposed:
            proposed._b2b_notify_buyers_of_proposals(author)
        result.update(applied=len(inside), proposed=len(proposed))
        return result

    def _b2b_same_answer(self, rows, comment):
        """Whether ``rows`` and ``comment`` are what this (current)
        confirmation already says, confirmed or waiting for the buyer."""
        if len(self) != 1 or self.state not in ("confirmed", "accepted", "proposed"):
            return False
        mine = sorted((row.date, row.quantity) for row in self.schedule_ids)
        theirs = sorted((date, quantity) for quantity, date in rows)
        rounding = self.product_uom_id.rounding
        return (
            len(mine) == len(theirs)
            and all(
                a[0] == b[0]
                and not float_compare(a[1], b[1], precision_rounding=rounding)
                for a, b in zip(mine, theirs, strict=True)
            )
            and (comment or "") == (self.comment or "")
        )

    @api.model
    def _b2b_take_answers(self, answers, author, source):
        """The confirmations holding ``answers``: the one awaiting the supplier
        takes the answer, otherwise a new one (a pending proposal is
        replaced); with their delivery rows."""
        now = fields.Datetime.now()
        values = {
            "answered_by_id": author.id,
            "date_answered": now,
            "source": source,
        }
        in_place, new_vals, new_lines = [], [], []
        replaced = self.browse()
        for line, _rows, comment in answers:
            current = line.b2b_confirmation_id
            if current.state == "awaiting":
                in_place.append(current)
                current.write({**values, "comment": comment or False})
                continue
            if current.state == "proposed":
                replaced |= current
            new_lines.append(line)
            new_vals.append(
                {
                    **values,
                    "line_id": line.id,
                    "partner_id": line.b2b_supplier_id.id,
                    "date_requested": line.b2b_date_requested or line.date_planned,
                    "qty_requested": line.product_qty,
                    "comment": comment or False,
                }
            )
        replaced.write({"state": "cancelled"})
        created = self.create(new_vals)
        for line, confirmation in zip(new_lines, created, strict=True):
            line.with_context(b2b_confirmation_applying=True).write(
                {"b2b_confirmation_id": confirmation.id}
            )
        by_line = {c.line_id.id: c for c in [*in_place, *created]}
        confirmations = self.concat(*(by_line[a[0].id] for a in answers))
        self.env["b2b.order.line.confirmation.schedule"].create(
            [
                {
                    "confirmation_id": by_line[line.id].id,
                    "sequence": position,
                    "quantity": quantity,
                    "date": date,
                }
                for line, rows, _comment in answers
                for position, (quantity, date) in enumerate(
                    sorted(rows, key=lambda row: row[1])
                )
            ]
        )
        return confirmations

    def _b2b_within_tolerance(self):
        """Whether the answer is inside the company's tolerance: no delivery
        more than the tolerated days after the requested date, the quantity
        within the tolerated percentage of the ordered one."""
        self.ensure_one()
        company = self.company_id
        line = self.line_id
        requested = line._b2b_local_date(self.date_requested) or fields.Date.today()
        latest = requested + timedelta(days=company.b2b_confirmation_days_late)
        if self.date_last and self.date_last > latest:
            return False
        ordered = self.qty_requested
        allowed = ordered * company.b2b_confirmation_qty_tolerance / 100
        return (
            float_compare(
                abs(self.quantity - ordered),
                allowed,
                precision_rounding=self.product_uom_id.rounding,
            )
            <= 0
        )

    # ------------------------------------------------------------------
    # DECISION (the buyer)
    # ------------------------------------------------------------------

    def _b2b_check_decider(self):
        """Who may change the orders decides their lines' proposed changes.
        The confirmations themselves are the lines' history: nobody writes
        them by RPC (read-only for purchase users, ``ir.model.access.csv``);
        the decision writes them with sudo once this check passed."""
        self.check_access("read")
        self.order_id.check_access("write")

    def action_accept(self):
        """Accept the proposed changes: they are applied to the order lines."""
        self._b2b_check_decider()
        proposals = self._b2b_proposals_to_decide()
        # sudo: the history of the lines of orders the buyer may change
        # (checked above), written as the decision says and by no one else
        proposals.sudo().write(
            {
                "state": "accepted",
                "decided_by_id": self.env.uid,
                "date_decided": fields.Datetime.now(),
            }
        )
        proposals.line_id._b2b_bump_versions()
        # sudo: the same history; the order lines and their receipts are
        # those of orders the buyer may change
        proposals.sudo()._b2b_apply()
        proposals._b2b_log_decision()
        proposals.order_id._b2b_sync_proposal_activities()
        return True

    def action_open_reject_wizard(self):
        self._b2b_check_decider()
        proposals = self._b2b_proposals_to_decide()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject the Proposed Changes"),
            "res_model": "b2b.order.line.confirmation.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_confirmation_ids": proposals.ids},
        }

    def _b2b_reject(self, reason):
        """Reject the proposed changes with ``reason``: the lines await the
        supplier's confirmation again, and the supplier is told by email."""
        self._b2b_check_decider()
        proposals = self._b2b_proposals_to_decide()
        # sudo: as in action_accept
        proposals.sudo().write(
            {
                "state": "rejected",
                "rejection_reason": reason,
                "decided_by_id": self.env.uid,
                "date_decided": fields.Datetime.now(),
            }
        )
        proposals.line_id._b2b_bump_versions()
        proposals._b2b_log_decision()
        proposals.order_id._b2b_sync_proposal_activities()
        template = self.env.ref(
            "b2b_communication.mail_template_b2b_order_line_rejected"
        )
        # sudo: the buyer may not read mail templates; the email (with a link
        # signed for its recipient) goes to the supplier's person only
        self.env["b2b.mail.batch"]._send(
            template.sudo(), proposals.filtered("recipient_id").ids
        )
        return True

    def _b2b_proposals_to_decide(self):
        proposals = self.filtered(lambda c: c.state == "proposed")
        if not proposals:
            raise UserError(
                self.env._(
                    "No change waits for your decision here: the supplier "
                    "answered again or it was decided already."
                )
            )
        return proposals

    # ------------------------------------------------------------------
    # APPLY
    # ------------------------------------------------------------------

    def _b2b_apply(self, was_confirmed=None):
        """Make the confirmed deliveries the truth of the order: the line's
        quantity and ``date_planned`` (Odoo's date update, moving the
        receipt), one more line per further delivery of a split, as Odoo
        creates lines on a confirmed order (same product, price, taxes,
        description; a receipt move of its own). ``was_confirmed``: ``{line
        id: whether it had a confirmed date}``, from which a later date is a
        delay (answers of the supplier only)."""
        was_confirmed = was_confirmed or {}
        moves_by_date = {}
        for order, confirmations in self.grouped("order_id").items():
            # a locked order is unlocked to change quantities and add lines,
            # as a buyer does, and locked again
            relock = order.state == "done" and any(
                c._b2b_changes_quantities() for c in confirmations
            )
            if relock:
                order.button_unlock()
            for confirmation in confirmations:
                confirmation._b2b_apply_to_line(was_confirmed, moves_by_date)
            if relock:
                order.write({"state": "done"})
        for date, moves in moves_by_date.items():
            moves.write({"date": date})

    def _b2b_changes_quantities(self):
        self.ensure_one()
        return self.is_split or float_compare(
            self.quantity,
            self.line_id.product_qty,
            precision_rounding=self.product_uom_id.rounding,
        )

    def _b2b_apply_to_line(self, was_confirmed, moves_by_date):
        self.ensure_one()
        line = self.line_id.with_context(b2b_confirmation_applying=True)
        rows = self.schedule_ids.sorted(lambda row: (row.date, row.sequence, row.id))
        first = rows[0]
        if float_compare(
            first.quantity,
            line.product_qty,
            precision_rounding=line.product_uom.rounding,
        ):
            # the quantity through Odoo's own write (the receipt follows); the
            # price, discount, description and date, computed from the
            # quantity by purchase, written along so that they never change
            line.write(
                {
                    "product_qty": first.quantity,
                    "price_unit": line.price_unit,
                    "discount": line.discount,
                    "name": line.name,
                    "date_planned": line.date_planned,
                }
            )
        date_before = line.date_planned
        if line._b2b_local_date(date_before) != first.date:
            line._update_date_planned(line._convert_to_middle_of_day(first.date))
        moves = line.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel") and m.date != line.date_planned
        )
        if moves:
            moves_by_date.setdefault(line.date_planned, moves.browse())
            moves_by_date[line.date_planned] |= moves
        first.line_id = line
        self.write(
            {
                "date_before": date_before,
                "is_delay": bool(
                    was_confirmed.get(line.id)
                    and first.date > line._b2b_local_date(date_before)
                ),
            }
        )
        if len(rows) > 1:
            self._b2b_split(line, rows[1:])

    def _b2b_split(self, line, rows):
        """One more line of the order per delivery of ``rows``, with its
        confirmation in the same state as this one."""
        new_lines = line.create(
            [
                line._b2b_split_line_values(
                    row.quantity, line._convert_to_middle_of_day(row.date)
                )
                for row in rows
            ]
        )
        for row, new_line in zip(rows, new_lines, strict=True):
            row.line_id = new_line
        confirmations = self.create(
            [
                {
                    "line_id": new_line.id,
                    "partner_id": self.partner_id.id,
                    "state": self.state,
                    "date_requested": self.date_requested,
                    "qty_requested": row.quantity,
                    "comment": self.comment,
                    "answered_by_id": self.answered_by_id.id,
                    "date_answered": self.date_answered,
                    "source": self.source,
                    "is_within_tolerance": self.is_within_tolerance,
                    "decided_by_id": self.decided_by_id.id,
                    "date_decided": self.date_decided,
                    "split_from_id": self.id,
                    "schedule_ids": [
                        fields.Command.create(
                            {
                                "quantity": row.quantity,
                                "date": row.date,
                                "line_id": new_line.id,
                            }
                        )
                    ],
                }
                for row, new_line in zip(rows, new_lines, strict=True)
            ]
        )
        for new_line, confirmation in zip(new_lines, confirmations, strict=True):
            new_line.write(
                {
                    "b2b_confirmation_id": confirmation.id,
                    "b2b_date_requested": line.b2b_date_requested,
                }
            )

    # ------------------------------------------------------------------
    # CHATTER AND NOTIFICATIONS
    # ------------------------------------------------------------------

    @api.model
    def _b2b_format_qty(self, quantity):
        return formatLang(self.env, quantity, dp="Product Unit of Measure")

    def _b2b_deliveries_text(self):
        """ "40.00 Units on 12/20/2026, 10.00 Units on 01/10/2027"."""
        self.ensure_one()
        uom = self.product_uom_id.name or ""
        return ", ".join(
            self.env._(
                "%(quantity)s %(uom)s on %(date)s",
                quantity=self._b2b_format_qty(row.quantity),
                uom=uom,
                date=format_date(self.env, row.date),
            )
            for row in self.schedule_ids.sorted(lambda row: (row.date, row.sequence))
        )

    def _b2b_requested_text(self):
        self.ensure_one()
        return self.env._(
            "%(quantity)s %(uom)s on %(date)s",
            quantity=self._b2b_format_qty(self.qty_requested),
            uom=self.product_uom_id.name or "",
            date=format_date(
                self.env, self.line_id._b2b_local_date(self.date_requested)
            ),
        )

    def _b2b_answer_entry(self):
        """One line of the chatter message about an answer."""
        self.ensure_one()
        _ = self.env._
        product = self.product_id.display_name
        if self.state == "confirmed":
            text = _(
                "%(product)s: confirmed %(deliveries)s.",
                product=product,
                deliveries=self._b2b_deliveries_text(),
            )
        else:
            text = _(
                "%(product)s: proposed %(deliveries)s instead of %(requested)s, "
                "waiting for the buyer's decision.",
                product=product,
                deliveries=self._b2b_deliveries_text(),
                requested=self._b2b_requested_text(),
            )
        if self.comment:
            text = _("%(text)s Comment: %(comment)s", text=text, comment=self.comment)
        return text

    def _b2b_log_answers(self, author):
        """One note per order (and on its thread) listing the answers."""
        for order, confirmations in self.grouped("order_id").items():
            confirmations = confirmations.with_context(lang=order._b2b_buyer_lang())
            _ = confirmations.env._
            body = Markup("<p>%s</p><ul>%s</ul>") % (
                _(
                    "%(person)s answered the order lines:",
                    person=author.name,
                ),
                Markup().join(
                    Markup("<li>%s</li>") % c._b2b_answer_entry() for c in confirmations
                ),
            )
            order._b2b_log(body, author)

    def _b2b_log_decision(self):
        """One note per order (and on its thread) with the buyer's decision."""
        for order, confirmations in self.grouped("order_id").items():
            confirmations = confirmations.with_context(lang=order._b2b_buyer_lang())
            _ = confirmations.env._
            entries = []
            for confirmation in confirmations:
                if confirmation.state == "accepted":
                    entries.append(
                        _(
                            "%(product)s: accepted %(deliveries)s.",
                            product=confirmation.product_id.display_name,
                            deliveries=confirmation._b2b_deliveries_text(),
                        )
                    )
                else:
                    entries.append(
                        _(
                            "%(product)s: rejected %(deliveries)s. Reason: %(reason)s",
                            product=confirmation.product_id.display_name,
                            deliveries=confirmation._b2b_deliveries_text(),
                            reason=confirmation.rejection_reason,
                        )
                    )
            body = Markup("<p>%s</p><ul>%s</ul>") % (
                _(
                    "%(person)s decided on the changes proposed by the supplier:",
                    person=self.env.user.name,
                ),
                Markup().join(Markup("<li>%s</li>") % entry for entry in entries),
            )
            order._b2b_log(body, self.env.user.partner_id)

    def _b2b_notify_buyers_of_proposals(self, author):
        """A live notification for the buyer of each order with a proposal."""
        for order in self.order_id:
            buyer = order._b2b_buyer()
            translate = self.with_context(lang=buyer.lang).env._
            order._b2b_push_alert(
                buyer,
                translate("Change proposed on %(order)s", order=order.name),
                translate(
                    "%(person)s proposed another date or quantity: it waits for "
                    "your decision.",
                    person=author.name,
                ),
            )

    # ------------------------------------------------------------------
    # DELAYS (the late-line job, purchase_order_line_alert.py)
    # ------------------------------------------------------------------

    @api.model
    def _b2b_claim_delays(self, limit):
        """The next ``limit`` delays not reported yet, claimed (as the late
        lines are: one statement, in the order of a partial index)."""
        if limit <= 0:
            return self.browse()
        self.flush_model(["is_delay", "delay_notified_date"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE b2b_order_line_confirmation
                   SET delay_notified_date = %(now)s
                 WHERE id IN (
                       SELECT id FROM b2b_order_line_confirmation
                        WHERE is_delay AND delay_notified_date IS NULL
                        ORDER BY id
                        LIMIT %(limit)s
                          FOR UPDATE SKIP LOCKED)
             RETURNING id
                """,
                now=fields.Datetime.now(),
                limit=limit,
            )
        )
        delays = self.browse(row[0] for row in self.env.cr.fetchall())
        delays.invalidate_recordset(["delay_notified_date"])
        return delays

    @api.model
    def _b2b_count_delays(self, limit):
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM (SELECT 1 FROM b2b_order_line_confirmation"
                " WHERE is_delay AND delay_notified_date IS NULL LIMIT %s) delays",
                limit,
            )
        )
        return self.env.cr.fetchone()[0]

    def _b2b_alert_delays(self):
        if not self:
            return
        self.fetch(["order_id", "line_id", "date_before", "date_first"])
        entries = {}
        for confirmation in self:
            order = confirmation.order_id
            line = confirmation.line_id
            _ = confirmation.with_context(lang=order._b2b_buyer_lang()).env._
            entries.setdefault(order, []).append(
                _(
                    "%(product)s: moved from %(before)s to %(date)s.",
                    product=line.product_id.display_name,
                    before=format_date(
                        self.env, line._b2b_local_date(confirmation.date_before)
                    ),
                    date=format_date(self.env, confirmation.date_first),
                )
            )
        self.env["purchase.order"]._b2b_post_alerts(DELAY_ACTIVITY, "delay", entries)
