# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools.misc import format_date

from .b2b_order_line_confirmation import B2bAnswerError
from .purchase_order_line import CONFIRMED_ORDER_STATES

PROPOSAL_ACTIVITY = "b2b_communication.mail_activity_type_b2b_order_proposal"


class PurchaseOrder(models.Model):
    """What order confirmation adds to a purchase order: the supplier is asked
    to confirm its lines when the order is confirmed; Odoo's own date update
    of the portal becomes the supplier's answer (so that the two never
    disagree); the answers and decisions are logged on the order and its
    thread; the buyer gets activities and live notifications."""

    _inherit = "purchase.order"

    b2b_proposal_count = fields.Integer(
        string="Changes to Decide",
        compute="_compute_b2b_confirmation_counts",
        groups="purchase.group_purchase_user",
    )
    b2b_unconfirmed_line_count = fields.Integer(
        string="Lines to Confirm",
        compute="_compute_b2b_confirmation_counts",
        groups="purchase.group_purchase_user",
    )
    # the reminder digest's section (b2b_reminder_log.py) lists the order from
    # then on while lines await the supplier's confirmation
    b2b_confirmation_reminder_date = fields.Datetime(
        string="Unconfirmed Lines Reminded From",
        compute="_compute_b2b_confirmation_reminder_date",
        store=True,
        groups="base.group_user",
        help="From then on, the supplier's reminder digest lists the order while "
        "lines await its confirmation: the order's confirmation date plus the "
        "company's days of Unconfirmed Orders.",
    )

    @api.depends("order_line.b2b_confirmation_state")
    def _compute_b2b_confirmation_counts(self):
        groups = self.env["purchase.order.line"]._read_group(
            [("order_id", "in", self.ids), ("b2b_is_open", "=", True)],
            ["order_id", "b2b_confirmation_state"],
            ["__count"],
        )
        counts = {(order.id, state): count for order, state, count in groups}
        for order in self:
            order.b2b_proposal_count = counts.get((order.id, "proposed"), 0)
            order.b2b_unconfirmed_line_count = counts.get((order.id, "to_confirm"), 0)

    @api.depends("date_approve", "company_id.b2b_confirmation_reminder_days")
    def _compute_b2b_confirmation_reminder_date(self):
        for order in self:
            order.b2b_confirmation_reminder_date = order.date_approve and (
                order.date_approve
                + timedelta(days=order.company_id.b2b_confirmation_reminder_days)
            )

    # ------------------------------------------------------------------
    # ORDER FLOW
    # ------------------------------------------------------------------

    def button_approve(self, force=False):
        res = super().button_approve(force=force)
        confirmed = self.filtered(lambda order: order.state in CONFIRMED_ORDER_STATES)
        confirmed.order_line._b2b_request_confirmation()
        return res

    def button_cancel(self):
        res = super().button_cancel()
        cancelled = self.filtered(lambda order: order.state == "cancel")
        # sudo: bookkeeping of the confirmations of orders the user cancelled
        pending = cancelled.sudo().order_line.b2b_confirmation_id.filtered(
            lambda c: c.state in ("awaiting", "proposed")
        )
        if pending:
            pending.write({"state": "cancelled"})
            cancelled._b2b_sync_proposal_activities()
        return res

    def _update_date_planned_for_lines(self, updated_dates):
        """Odoo's own date update of the portal (``/my/purchase/<id>/update``)
        is the supplier's answer: the dates go through the same confirmation
        as the open order lines page (tolerance, the buyer's decision, the
        log), so that Odoo's page and ours never disagree. Lines the vendor
        left unchanged are not answered."""
        self.ensure_one()
        Confirmation = self.env["b2b.order.line.confirmation"]
        answers = []
        errors = []
        for line, date in updated_dates:
            day = line._b2b_local_date(date)
            if day == line._b2b_local_date(line.date_planned):
                continue
            rows = [(line.product_qty, day)]
            errors += Confirmation._b2b_answer_errors(line, rows)
            answers.append((line, rows, ""))
        if errors:
            raise B2bAnswerError(errors)
        user = self.env.user
        author = self.partner_id if user._is_public() else user.partner_id
        # sudo: Odoo's portal route checked the access to the order
        Confirmation.sudo()._b2b_answer(answers, author, "date_update")

    # ------------------------------------------------------------------
    # CHATTER AND NOTIFICATIONS
    # ------------------------------------------------------------------

    def _b2b_buyer(self):
        """Who decides on the supplier's changes and hears of delays: the
        order's buyer, else whoever created the order."""
        self.ensure_one()
        return self.user_id or self.create_uid

    def _b2b_buyer_lang(self):
        self.ensure_one()
        return self._b2b_buyer().lang or self.company_id.partner_id.lang

    def _b2b_log(self, body, author):
        """A note on the order and on its communication thread, if any."""
        self.ensure_one()
        # sudo: the supplier's answers are logged on the order it answered
        # (as a note: our users read it, the supplier sees its own answers on
        # its pages)
        order = self.sudo()
        for record in (order, order.b2b_thread_id):
            if record:
                record.message_post(
                    body=body, subtype_xmlid="mail.mt_note", author_id=author.id
                )

    def _b2b_push_alert(self, buyer, title, message):
        """A live notification (toast) for ``buyer`` about this order."""
        self.ensure_one()
        # sudo: the buyer's partner, to address the notification
        buyer.sudo().partner_id._bus_send(
            "b2b_communication.order_alert",
            {
                "title": title,
                "message": message,
                "model": self._name,
                "res_id": self.id,
            },
        )

    def _b2b_sync_proposal_activities(self):
        """One 'Change to Decide' activity per order with proposals waiting,
        for its buyer, listing them; none once all are decided or replaced."""
        activity_type = self.env.ref(PROPOSAL_ACTIVITY, raise_if_not_found=False)
        if not activity_type or not self:
            return
        # sudo: the order's own bookkeeping, whoever answered or decided
        orders = self.sudo()
        proposals = (
            self.env["b2b.order.line.confirmation"]
            .sudo()
            .search([("order_id", "in", orders.ids), ("state", "=", "proposed")])
        )
        by_order = proposals.grouped("order_id")
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", orders.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        existing = {activity.res_id: activity for activity in activities}
        to_create, done = [], activities.browse()
        for order in orders:
            activity = existing.get(order.id)
            order_proposals = by_order.get(order)
            if not order_proposals:
                done |= activity or done
                continue
            note = order._b2b_proposal_note(order_proposals)
            if activity:
                if activity.note != note:
                    activity.note = note
                continue
            buyer = order._b2b_buyer()
            to_create.append(
                {
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": order.id,
                    "activity_type_id": activity_type.id,
                    "summary": order.with_context(lang=buyer.lang).env._(
                        "Changes proposed by the supplier"
                    ),
                    "note": note,
                    "user_id": buyer.id,
                    "date_deadline": fields.Date.context_today(order),
                }
            )
        if to_create:
            self.env["mail.activity"].sudo().create(to_create)
        done.unlink()

    def _b2b_proposal_note(self, proposals):
        self.ensure_one()
        proposals = proposals.with_context(lang=self._b2b_buyer_lang())
        _ = proposals.env._
        return Markup("<p>%s</p><ul>%s</ul>") % (
            _("The supplier proposes changes to accept or reject:"),
            Markup().join(
                Markup("<li>%s</li>")
                % _(
                    "%(product)s: %(deliveries)s instead of %(requested)s",
                    product=proposal.product_id.display_name,
                    deliveries=proposal._b2b_deliveries_text(),
                    requested=proposal._b2b_requested_text(),
                )
                for proposal in proposals
            ),
        )

    @api.model
    def _b2b_post_alerts(self, activity_xmlid, kind, entries):
        """Tell the buyers of the orders of ``entries`` (``{order: [text]}``):
        the order's open activity of ``activity_xmlid`` gets the new lines,
        or a new activity is created (all in one call); each buyer gets one
        live notification for the chunk."""
        activity_type = self.env.ref(activity_xmlid, raise_if_not_found=False)
        if not activity_type or not entries:
            return
        orders = self.browse([order.id for order in entries])
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", orders.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        existing = {activity.res_id: activity for activity in activities}
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        to_create, by_buyer = [], {}
        for order, texts in entries.items():
            buyer = order._b2b_buyer()
            by_buyer.setdefault(buyer, []).append(order)
            items = Markup("<ul>%s</ul>") % Markup().join(
                Markup("<li>%s</li>") % text for text in texts
            )
            activity = existing.get(order.id)
            if activity:
                activity.note = (activity.note or Markup()) + items
                continue
            _ = order.with_context(lang=buyer.lang).env._
            summary, intro = self._b2b_alert_texts(kind, _)
            to_create.append(
                {
                    "res_model_id": model_id,
                    "res_id": order.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "note": Markup("<p>%s</p>") % intro + items,
                    "user_id": buyer.id,
                    "date_deadline": today,
                }
            )
        if to_create:
            # the live notification below tells the buyer: no assignment email
            # per order
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True
            ).create(to_create)
        for buyer, buyer_orders in by_buyer.items():
            _ = self.with_context(lang=buyer.lang).env._
            summary, _intro = self._b2b_alert_texts(kind, _)
            buyer_orders[0]._b2b_push_alert(
                buyer,
                summary,
                _(
                    "Orders: %(orders)s",
                    orders=", ".join(order.name for order in buyer_orders),
                ),
            )

    @api.model
    def _b2b_alert_texts(self, kind, _):
        """(summary, introduction) of the buyer's activity for ``kind``."""
        if kind == "late":
            return (
                _("Order lines late"),
                _("Confirmed deliveries whose date has passed without receipt:"),
            )
        return (
            _("Deliveries delayed"),
            _("The supplier moved confirmed deliveries later:"),
        )

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------

    def action_view_b2b_confirmations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_order_line_confirmation_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {
            "search_default_current": 1,
            "default_order_id": self.id,
        }
        return action

    # ------------------------------------------------------------------
    # REMINDER DIGEST (the section: b2b_reminder_log.py)
    # ------------------------------------------------------------------

    def _b2b_recipient_urls(self, recipient):
        """The links of the digest's orders for ``recipient``, ``{order id:
        URL}``: the supplier's open order lines, through the confirmation its
        order's first line awaits (signed for a person without an account, the
        login otherwise; see ``b2b.order.line.confirmation``)."""
        # sudo: which confirmation (our field) stands for the order in its
        # link; the link is built with the caller's rights
        lines = self.sudo().order_line.filtered(
            lambda line: (
                line.b2b_is_open
                and line.b2b_confirmation_state == "to_confirm"
                and line.b2b_confirmation_id
            )
        )
        first = {}
        for line in lines:
            confirmation_id = line.b2b_confirmation_id.id
            order_id = line.order_id.id
            first[order_id] = min(first.get(order_id, confirmation_id), confirmation_id)
        confirmations = self.env["b2b.order.line.confirmation"].browse(
            sorted(set(first.values()))
        )
        urls = confirmations._b2b_recipient_urls(recipient)
        return {order_id: urls[first[order_id]] for order_id in first}

    def _b2b_digest_summary(self):
        """What the digest says of an order: how many lines await the
        supplier's confirmation and since when, in the digest's language."""
        self.ensure_one()
        return self.env._(
            "%(count)s line(s) to confirm, ordered on %(date)s",
            count=self.b2b_unconfirmed_line_count,
            date=format_date(self.env, self.date_approve),
        )
