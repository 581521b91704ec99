# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import csv
import io
import math
from collections import namedtuple
from datetime import datetime

from werkzeug.exceptions import BadRequest, Forbidden, NotFound
from werkzeug.urls import url_encode

from odoo import _, fields, http
from odoo.http import request
from odoo.tools.misc import format_date, formatLang

from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.portal.utils import get_portal_partner
from odoo.addons.purchase.controllers.portal import CustomerPortal

from ..models.order_confirmation.b2b_order_line_confirmation import (
    MAX_DELIVERIES,
    B2bAnswerConflict,
    B2bAnswerError,
)
from ..models.order_confirmation.purchase_order_line import CONFIRMED_ORDER_STATES
from ..models.porting import and_domains, or_domains

BASE_URL = "/my/b2b/order-lines"
QTY = "Product Unit of Measure"
LINES_PER_PAGE = 40
# the delivery rows of the answer form (a split of up to this many deliveries)
FORM_ROWS = 5
CSV_COLUMNS = ["order", "line", "quantity", "date"]
CSV_MAX_BYTES = 2 * 1024 * 1024
CSV_MAX_ROWS = 20000
# errors listed on a refused upload (the count of the others is said)
CSV_MAX_ERRORS = 50


class B2bRefusal(Exception):
    """A submission refused as a whole: the page says why (``errors``)."""

    def __init__(self, errors, status=400):
        super().__init__(*errors)
        self.errors = list(errors)
        self.status = status


# who uses the supplier's order desk: its company, the person acting, the
# signature of the link a person without an account came with ({} when logged
# in), the URL the desk's pages and forms start with
OrderDesk = namedtuple("OrderDesk", "supplier person signed url")


class B2bOrderConfirmationPortal(CustomerPortal):
    """The supplier's side of order confirmation: its open order lines (list,
    CSV download and upload), the answer form of a line, and the same per
    line on Odoo's own order page (``/my/purchase/<id>``).

    The supplier is the company of the logged-in portal user, or, for its
    person of contact without an account, the company of the confirmation
    whose link was signed for that person (``pid``/``hash``, as contact
    requests work: ``b2b.signed.link.mixin`` checks at every use that the person is
    still an active contact of the company and the order open). Lines are
    read with sudo *within that supplier's lines only*, and shown without
    prices; every change is a POST with the CSRF token, and nothing of a
    submission is written when any part of it is refused.
    """

    # ------------------------------------------------------------------
    # HOME
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        user = request.env.user
        supplier = self._b2b_user_supplier()
        if "b2b_order_line_count" in counters:
            values["b2b_order_line_count"] = (
                self._b2b_desk_count(
                    supplier, [("b2b_confirmation_state", "=", "to_confirm")]
                )
                if supplier
                else 0
            )
        if not counters and supplier and user.share:
            # the home page itself (the counters come later, by JSON)
            values["b2b_order_figures"] = self._b2b_order_figures(supplier)
        return values

    def _b2b_order_figures(self, supplier):
        """The supplier's own figures, as texts in the reader's language."""
        # sudo: the figures of the user's own company only
        figures = (
            request.env["b2b.order.confirmation.report"]
            .sudo()
            ._b2b_supplier_figures(supplier)
        )
        env = request.env
        texts = {}
        for key, digits, unit in (
            ("confirmation_rate", 0, " %"),
            ("median_confirm_days", 1, ""),
            ("on_time_rate", 0, " %"),
        ):
            value = figures.get(key)
            texts[key] = (
                formatLang(env, value, digits=digits) + unit
                if value is not None
                else None
            )
        return texts if figures else {}

    def _b2b_user_supplier(self):
        """The supplier company of the logged-in portal user, else empty."""
        user = request.env.user
        if user._is_public() or not user.share:
            return request.env["res.partner"]
        # sudo: the user's own company
        return user.sudo().partner_id.commercial_partner_id

    # ------------------------------------------------------------------
    # ACCESS
    # ------------------------------------------------------------------

    def _b2b_order_desk(self, link_id=None, pid=None, signature=None):
        """The desk of the visitor: a logged-in portal user's company, or the
        company of the confirmation ``link_id`` whose link was signed for
        ``pid``; else NotFound (our own users work in the back office)."""
        user = request.env.user
        if not user._is_public():
            if not user.share:
                raise Forbidden()
            supplier = self._b2b_user_supplier()
            return OrderDesk(supplier, user.partner_id.sudo(), {}, BASE_URL)
        if not (
            link_id
            and isinstance(signature, str)
            and signature
            and str(pid or "").isdigit()
            and int(pid) < 2**31
        ):
            raise NotFound()
        # sudo: nothing is shown before the signature is checked
        link = request.env["b2b.order.line.confirmation"].sudo().browse(link_id)
        link = link.exists()
        person = get_portal_partner(link, signature, int(pid), None) if link else None
        if not person:
            raise NotFound()
        # the pages speak the language of the person the link was signed for
        request.env["ir.http"]._b2b_use_lang(person.lang)
        return OrderDesk(
            link.partner_id,
            person,
            {"pid": str(pid), "hash": signature},
            f"{BASE_URL}/{link_id}",
        )

    def _b2b_desk_lines(self, supplier, domain=(), **kwargs):
        """The open order lines of ``supplier`` matching ``domain`` (sudo:
        restricted to that company's lines by the domain, and shown without
        their prices)."""
        return (
            request.env["purchase.order.line"]
            .sudo()
            .search(
                and_domains(
                    [
                        [
                            ("b2b_supplier_id", "=", supplier.id),
                            ("b2b_is_open", "=", True),
                        ],
                        list(domain),
                    ]
                ),
                **kwargs,
            )
        )

    def _b2b_desk_count(self, supplier, domain=()):
        """How many of the open order lines of ``supplier`` match ``domain``."""
        return (
            request.env["purchase.order.line"]
            .sudo()
            .search_count(
                and_domains(
                    [
                        [
                            ("b2b_supplier_id", "=", supplier.id),
                            ("b2b_is_open", "=", True),
                        ],
                        list(domain),
                    ]
                )
            )
        )

    def _b2b_supplier_lines(self, desk, line_ids):
        """The lines of ``line_ids`` that are the supplier's (any state: a
        closed one gets a clear error), and the ids that are not."""
        lines = (
            request.env["purchase.order.line"]
            .sudo()
            .search(
                [
                    ("id", "in", list(line_ids)),
                    ("b2b_supplier_id", "=", desk.supplier.id),
                    ("display_type", "=", False),
                    ("order_id.state", "in", [*CONFIRMED_ORDER_STATES, "cancel"]),
                ]
            )
        )
        return lines, set(line_ids) - set(lines.ids)

    def _b2b_url(self, desk, path="", **params):
        """A URL of the desk, with the link's signature for a person without
        an account."""
        query = {**params, **desk.signed}
        query = {key: value for key, value in query.items() if value not in (None, "")}
        url = f"{desk.url}{path}"
        return f"{url}?{url_encode(query)}" if query else url

    # ------------------------------------------------------------------
    # OPEN ORDER LINES
    # ------------------------------------------------------------------

    def _b2b_order_line_sortings(self):
        return {
            "state": {
                "label": _("Awaiting confirmation first"),
                "order": "b2b_confirmation_state desc, date_planned asc, id asc",
            },
            "requested": {
                "label": _("Requested date"),
                "order": "b2b_date_requested asc, id asc",
            },
            "date": {"label": _("Expected date"), "order": "date_planned asc, id asc"},
            "order": {"label": _("Order"), "order": "order_id desc, sequence, id"},
            "product": {"label": _("Product"), "order": "product_id, id"},
        }

    def _b2b_order_line_filters(self):
        return {
            "all": {"label": _("All open lines"), "domain": []},
            "to_confirm": {
                "label": _("Awaiting your confirmation"),
                "domain": [("b2b_confirmation_state", "=", "to_confirm")],
            },
            "proposed": {
                "label": _("Awaiting our decision"),
                "domain": [("b2b_confirmation_state", "=", "proposed")],
            },
            "confirmed": {
                "label": _("Confirmed"),
                "domain": [("b2b_confirmation_state", "=", "confirmed")],
            },
            "late": {"label": _("Late"), "domain": [("b2b_is_late", "=", True)]},
        }

    def _b2b_choice(self, value, choices, default):
        value = value or default
        if value not in choices:
            raise BadRequest(_("Unknown option: %(value)s", value=value))
        return value

    def _b2b_search_domain(self, search):
        if not search:
            return []
        return or_domains(
            [
                [("order_id.name", "ilike", search)],
                [("name", "ilike", search)],
                [("product_id.default_code", "ilike", search)],
            ]
        )

    def _b2b_order_lines_values(self, desk, page, sortby, filterby, search):
        sortings = self._b2b_order_line_sortings()
        filters = self._b2b_order_line_filters()
        sortby = self._b2b_choice(sortby, sortings, "state")
        filterby = self._b2b_choice(filterby, filters, "all")
        domain = and_domains(
            [filters[filterby]["domain"], self._b2b_search_domain(search)]
        )
        total = self._b2b_desk_count(desk.supplier, domain)
        pager = portal_pager(
            url=desk.url,
            total=total,
            page=page,
            step=LINES_PER_PAGE,
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "search": search or "",
                **desk.signed,
            },
        )
        lines = self._b2b_desk_lines(
            desk.supplier,
            domain,
            order=sortings[sortby]["order"],
            limit=LINES_PER_PAGE,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "b2b_order_lines",
                "desk": desk,
                "b2b_lines": lines,
                "b2b_rows": self._b2b_line_rows(lines),
                "b2b_awaiting_count": self._b2b_desk_count(
                    desk.supplier, [("b2b_confirmation_state", "=", "to_confirm")]
                ),
                "pager": pager,
                "sortby": sortby,
                "filterby": filterby,
                "search": search or "",
                "search_in": "all",
                "searchbar_sortings": sortings,
                "searchbar_filters": filters,
                "searchbar_inputs": {"all": {"input": "all", "label": _("Search")}},
                "default_url": desk.url,
                "b2b_url": lambda path="", **params: self._b2b_url(
                    desk, path, **params
                ),
                "notice": self._b2b_notice(),
                "errors": [],
            }
        )
        return values

    def _b2b_line_rows(self, lines):
        """What the list shows of each line, read for the page at once."""
        lines.fetch(
            [
                "order_id",
                "product_id",
                "product_qty",
                "qty_received",
                "product_uom",
                "date_planned",
                "b2b_date_requested",
                "b2b_date_confirmed",
                "b2b_confirmation_state",
                "b2b_confirmation_id",
                "b2b_confirmation_version",
            ]
        )
        lines.order_id.fetch(["name", "state"])
        lines.product_uom.fetch(["name"])
        confirmations = lines.b2b_confirmation_id
        confirmations.fetch(["state", "comment", "rejection_reason", "line_id"])
        confirmations.schedule_ids.fetch(["quantity", "date", "sequence"])
        late_threshold = lines._b2b_late_threshold()
        env = lines.env
        state_labels = dict(
            lines._fields["b2b_confirmation_state"]._description_selection(env)
        )
        rows = []
        for line in lines:
            confirmation = line.b2b_confirmation_id
            requested = line._b2b_local_date(
                line.b2b_date_requested or line.date_planned
            )
            confirmed = line._b2b_local_date(line.b2b_date_confirmed)
            uom = line.product_uom.name or ""
            rows.append(
                {
                    "line": line,
                    # formatted here for the whole page (a QWeb widget per
                    # cell costs more than the page's queries)
                    "product": line.product_id.display_name,
                    "ordered": f"{formatLang(env, line.product_qty, dp=QTY)} {uom}",
                    "received": formatLang(env, line.qty_received, dp=QTY),
                    "requested_text": format_date(env, requested),
                    "confirmed_text": format_date(env, confirmed) if confirmed else "",
                    "state_label": state_labels.get(line.b2b_confirmation_state, ""),
                    "requested": requested,
                    "confirmed": confirmed,
                    "proposal": confirmation._b2b_deliveries_text()
                    if confirmation.state == "proposed"
                    else "",
                    "rejection": confirmation.rejection_reason
                    if confirmation.state == "rejected"
                    else "",
                    "late": line.b2b_confirmation_state == "confirmed"
                    and line.date_planned < late_threshold,
                }
            )
        return rows

    def _b2b_notice(self):
        """The outcome of the last submission, from the redirect's query."""
        args = request.httprequest.args
        counts = {}
        for key in ("applied", "proposed", "unchanged", "skipped"):
            value = args.get(key, "")
            counts[key] = int(value) if value.isdigit() and len(value) < 7 else 0
        notes = []
        if counts["applied"]:
            notes.append(_("%(count)s line(s) confirmed.", count=counts["applied"]))
        if counts["proposed"]:
            notes.append(
                _(
                    "%(count)s change(s) sent: they wait for our buyer's decision.",
                    count=counts["proposed"],
                )
            )
        if counts["unchanged"]:
            notes.append(
                _(
                    "%(count)s line(s) unchanged: already answered so.",
                    count=counts["unchanged"],
                )
            )
        if counts["skipped"]:
            notes.append(
                _(
                    "%(count)s line(s) not confirmed: their requested date has "
                    "passed, please propose a date.",
                    count=counts["skipped"],
                )
            )
        return " ".join(notes)

    @http.route(
        [
            BASE_URL,
            f"{BASE_URL}/page/<int:page>",
            f"{BASE_URL}/<int:link_id>",
            f"{BASE_URL}/<int:link_id>/page/<int:page>",
        ],
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
    )
    def portal_my_b2b_order_lines(
        self, link_id=None, page=1, sortby=None, filterby=None, search=None, **kw
    ):
        user = request.env.user
        if user._is_public() and not link_id:
            return request.redirect(
                "/web/login?" + url_encode({"redirect": request.httprequest.full_path})
            )
        if link_id and not user._is_public():
            return self._b2b_link_for_user(link_id)
        desk = self._b2b_order_desk(link_id, kw.get("pid"), kw.get("hash"))
        values = self._b2b_order_lines_values(desk, page, sortby, filterby, search)
        return request.render("b2b_communication.portal_my_b2b_order_lines", values)

    def _b2b_link_for_user(self, link_id):
        """A link of an email opened by a logged-in user: the plain list of
        that order when the confirmation is of the user's company, else 404
        (a signature is no access for someone with an account)."""
        supplier = self._b2b_user_supplier()
        # sudo: compared with the user's own company before anything is shown
        link = (
            request.env["b2b.order.line.confirmation"].sudo().browse(link_id).exists()
        )
        if not (supplier and link and link.partner_id == supplier):
            raise NotFound()
        return request.redirect(
            f"{BASE_URL}?" + url_encode({"search": link.order_id.name})
        )

    # ------------------------------------------------------------------
    # CONFIRM AS REQUESTED (selected lines, an order, all)
    # ------------------------------------------------------------------

    @http.route(
        [f"{BASE_URL}/confirm", f"{BASE_URL}/<int:link_id>/confirm"],
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_b2b_order_lines_confirm(self, link_id=None, **post):
        desk = self._b2b_order_desk(link_id, post.get("pid"), post.get("hash"))
        try:
            return self._b2b_confirm_as_requested(desk, post)
        except B2bRefusal as refusal:
            return self._b2b_refused(desk, refusal.errors, post, refusal.status)

    def _b2b_confirm_as_requested(self, desk, post):
        scope = post.get("scope") or "selected"
        Confirmation = request.env["b2b.order.line.confirmation"].sudo()
        Confirmation = Confirmation.with_context(lang=request.env.lang)
        skipped = 0
        versions = None
        if scope in ("all", "order"):
            lines = self._b2b_awaiting_lines(desk, scope, post)
            today = fields.Date.context_today(Confirmation)
            passed = lines.filtered(lambda line: self._b2b_requested(line) < today)
            skipped, lines = len(passed), lines - passed
        elif scope == "selected":
            lines, versions = self._b2b_selected_lines(desk, post)
        else:
            raise B2bRefusal([_("Unknown option: %(value)s", value=scope)])
        answers = [
            (line, [(line.product_qty, self._b2b_requested(line))], "")
            for line in lines
        ]
        errors = self._b2b_answers_errors(Confirmation, answers)
        if errors:
            return self._b2b_refused(desk, errors, post)
        source = "order_page" if post.get("from_order") else "portal"
        return self._b2b_take(desk, answers, source, versions, post, skipped=skipped)

    def _b2b_requested(self, line):
        return line._b2b_local_date(line.b2b_date_requested or line.date_planned)

    def _b2b_awaiting_lines(self, desk, scope, post):
        domain = [("b2b_confirmation_state", "=", "to_confirm")]
        if scope == "order":
            order_id = str(post.get("from_order") or "")
            if not order_id.isdigit() or int(order_id) >= 2**31:
                raise B2bRefusal([_("Unknown order.")])
            domain.append(("order_id", "=", int(order_id)))
        return self._b2b_desk_lines(desk.supplier, domain)

    def _b2b_selected_lines(self, desk, post):
        """The lines ticked in the form, with the version each was shown in;
        refused (400, 404) for junk or lines that are not the supplier's."""
        raw_ids = request.httprequest.form.getlist("line_ids")
        if not raw_ids:
            raise B2bRefusal([_("Select the lines to confirm.")])
        if not all(value.isdigit() and int(value) < 2**31 for value in raw_ids):
            raise B2bRefusal([_("Unknown order line.")])
        line_ids = {int(value) for value in raw_ids}
        lines, foreign = self._b2b_supplier_lines(desk, line_ids)
        if foreign:
            raise B2bRefusal(
                [_("These are not your order lines: nothing was changed.")], 404
            )
        versions = {}
        for line in lines:
            version = str(post.get(f"version_{line.id}") or "")
            if not version.isdigit():
                raise B2bRefusal([_("The form is incomplete: reload the page.")])
            versions[line.id] = int(version)
        return lines, versions

    def _b2b_answers_errors(self, Confirmation, answers):
        errors = []
        for line, rows, comment in answers:
            for error in Confirmation._b2b_answer_errors(line, rows, comment):
                errors.append(
                    _(
                        "%(order)s, %(product)s: %(error)s",
                        order=line.order_id.name,
                        product=line.product_id.display_name,
                        error=error,
                    )
                )
        return errors

    def _b2b_take(self, desk, answers, source, versions, post, skipped=0):
        """Take the answers (all or nothing), then back to the page the
        supplier came from with the outcome; 409 when the lines were answered
        since the form was shown."""
        Confirmation = request.env["b2b.order.line.confirmation"].sudo()
        Confirmation = Confirmation.with_context(lang=request.env.lang)
        try:
            with request.env.cr.savepoint():
                # sudo: the lines are the supplier's (checked above) and the
                # person acting is its user or the contact its link was
                # signed for
                result = Confirmation._b2b_answer(
                    answers, desk.person, source, versions
                )
        except B2bAnswerConflict as conflict:
            return self._b2b_refused(desk, [conflict.args[0]], post, status=409)
        except B2bAnswerError as refusal:
            return self._b2b_refused(desk, refusal.errors, post)
        outcome = {key: value for key, value in result.items() if value}
        if skipped:
            outcome["skipped"] = skipped
        return request.redirect(self._b2b_back_url(desk, post, outcome))

    def _b2b_back_url(self, desk, post, outcome=None):
        order_id = str(post.get("from_order") or "")
        if order_id.isdigit() and not desk.signed:
            query = url_encode(outcome or {})
            return f"/my/purchase/{order_id}?{query}#b2b_order_confirmation"
        return self._b2b_url(desk, **(outcome or {}))

    def _b2b_refused(self, desk, errors, post, status=400):
        """The page saying why nothing was written, with the way back."""
        shown = errors[:CSV_MAX_ERRORS]
        if len(errors) > len(shown):
            shown.append(
                _(
                    "… and %(count)s more.",
                    count=len(errors) - len(shown),
                )
            )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "b2b_order_lines",
                "desk": desk,
                "errors": shown,
                "status": status,
                "back_url": self._b2b_back_url(desk, post),
            }
        )
        return request.render(
            "b2b_communication.portal_b2b_order_lines_refused", values, status=status
        )

    # ------------------------------------------------------------------
    # ANSWER ONE LINE (confirm, another date or quantity, a split)
    # ------------------------------------------------------------------

    @http.route(
        [
            f"{BASE_URL}/line/<int:line_id>",
            f"{BASE_URL}/<int:link_id>/line/<int:line_id>",
        ],
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_b2b_order_line_answer(self, line_id, link_id=None, **post):
        user = request.env.user
        if user._is_public() and not link_id:
            return request.redirect(
                "/web/login?" + url_encode({"redirect": request.httprequest.full_path})
            )
        desk = self._b2b_order_desk(link_id, post.get("pid"), post.get("hash"))
        lines, _foreign = self._b2b_supplier_lines(desk, {line_id})
        if not lines:
            raise NotFound()
        line = lines.with_context(lang=request.env.lang)
        Confirmation = request.env["b2b.order.line.confirmation"].sudo()
        Confirmation = Confirmation.with_context(lang=request.env.lang)
        blocker = Confirmation._b2b_line_blocker(line)
        if request.httprequest.method != "POST":
            return self._b2b_render_answer(desk, line, post, blocker=blocker)
        if blocker:
            return self._b2b_render_answer(
                desk, line, post, blocker=blocker, status=410
            )
        if post.get("action") == "as_requested":
            rows, errors = [(line.product_qty, self._b2b_requested(line))], []
        else:
            rows, errors = self._b2b_parse_rows(post)
        comment = (post.get("comment") or "").strip()
        errors += Confirmation._b2b_answer_errors(line, rows, comment) if rows else []
        if errors:
            return self._b2b_render_answer(desk, line, post, errors=errors, status=400)
        version = str(post.get("version") or "")
        if not version.isdigit():
            return self._b2b_refused(
                desk, [_("The form is incomplete: reload the page.")], post
            )
        source = "order_page" if post.get("from_order") else "portal"
        return self._b2b_take(
            desk, [(line, rows, comment)], source, {line.id: int(version)}, post
        )

    def _b2b_parse_rows(self, post):
        """The deliveries of the answer form: ``([(quantity, date)], errors)``;
        empty rows are skipped."""
        rows, errors = [], []
        for index in range(MAX_DELIVERIES):
            quantity = (post.get(f"quantity_{index}") or "").strip()
            date = (post.get(f"date_{index}") or "").strip()
            if not quantity and not date:
                continue
            number = index + 1
            parsed_quantity = self._b2b_parse_quantity(quantity)
            parsed_date = self._b2b_parse_date(date)
            if parsed_quantity is None:
                errors.append(_("Delivery %(number)s: give a quantity.", number=number))
            if parsed_date is None:
                errors.append(
                    _(
                        "Delivery %(number)s: give a date (YYYY-MM-DD).",
                        number=number,
                    )
                )
            if parsed_quantity is not None and parsed_date is not None:
                rows.append((parsed_quantity, parsed_date))
        if not rows and not errors:
            errors.append(_("Give at least one delivery (quantity and date)."))
        return rows, errors

    @staticmethod
    def _b2b_parse_quantity(text):
        """A number typed with a decimal point or comma, else None."""
        text = (text or "").strip().replace(" ", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            return None
        return value if math.isfinite(value) and abs(value) < 1e12 else None

    @staticmethod
    def _b2b_parse_date(text, formats=("%Y-%m-%d",)):
        for date_format in formats:
            try:
                return datetime.strptime((text or "").strip(), date_format).date()
            except ValueError:
                continue
        return None

    def _b2b_render_answer(self, desk, line, post, status=200, **values):
        confirmation = line.b2b_confirmation_id
        current = confirmation.schedule_ids.sorted(lambda row: (row.date, row.sequence))
        if post.get("quantity_0") is not None or post.get("date_0") is not None:
            rows = [
                (post.get(f"quantity_{i}", ""), post.get(f"date_{i}", ""))
                for i in range(FORM_ROWS)
            ]
        elif current and confirmation.state in ("confirmed", "accepted", "proposed"):
            rows = [(row.quantity, fields.Date.to_string(row.date)) for row in current]
        else:
            rows = [
                (line.product_qty, fields.Date.to_string(self._b2b_requested(line)))
            ]
        rows += [("", "")] * (FORM_ROWS - len(rows))
        page_values = self._prepare_portal_layout_values()
        page_values.update(
            {
                "page_name": "b2b_order_line",
                "desk": desk,
                "line": line,
                "requested": self._b2b_requested(line),
                "confirmed": line._b2b_local_date(line.b2b_date_confirmed),
                "confirmation": confirmation,
                "form_rows": rows,
                "comment": post.get("comment", confirmation.comment or ""),
                "from_order": post.get("from_order") if not desk.signed else "",
                "back_url": self._b2b_back_url(desk, post),
                "b2b_url": lambda path="", **params: self._b2b_url(
                    desk, path, **params
                ),
                "errors": [],
                "blocker": "",
                "today": fields.Date.to_string(fields.Date.context_today(line)),
                **values,
            }
        )
        return request.render(
            "b2b_communication.portal_b2b_order_line_answer", page_values, status=status
        )

    # ------------------------------------------------------------------
    # CSV
    # ------------------------------------------------------------------

    @http.route(
        [f"{BASE_URL}/download", f"{BASE_URL}/<int:link_id>/download"],
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
    )
    def portal_b2b_order_lines_download(self, link_id=None, **kw):
        user = request.env.user
        if user._is_public() and not link_id:
            raise NotFound()
        desk = self._b2b_order_desk(link_id, kw.get("pid"), kw.get("hash"))
        lines = self._b2b_desk_lines(desk.supplier, order="order_id desc, sequence, id")
        content = self._b2b_lines_csv(lines)
        filename = f"open-order-lines-{fields.Date.context_today(lines)}.csv"
        return request.make_response(
            content.encode("utf-8-sig"),
            headers=[
                ("Content-Type", "text/csv; charset=utf-8"),
                ("Content-Disposition", f'attachment; filename="{filename}"'),
                ("Cache-Control", "no-store"),
            ],
        )

    def _b2b_lines_csv(self, lines):
        """The open lines as CSV: one row per line, or per delivery of its
        current answer; ``quantity`` and ``date`` are what uploading the file
        unchanged confirms (the answer given, else the request)."""
        self._b2b_line_rows(lines)  # read for the whole file at once
        output = io.StringIO()
        writer = csv.writer(output)
        writer.writerow(
            [
                *CSV_COLUMNS,
                "product",
                "ordered_quantity",
                "received_quantity",
                "unit",
                "requested_date",
                "confirmed_date",
                "status",
                "comment",
            ]
        )
        states = dict(
            lines._fields["b2b_confirmation_state"]._description_selection(lines.env)
        )
        for line in lines:
            confirmation = line.b2b_confirmation_id
            deliveries = [
                (row.quantity, row.date)
                for row in confirmation.schedule_ids.sorted(
                    lambda row: (row.date, row.sequence)
                )
            ]
            if confirmation.state not in ("confirmed", "accepted", "proposed"):
                deliveries = [(line.product_qty, self._b2b_requested(line))]
            for quantity, date in deliveries:
                writer.writerow(
                    [
                        _csv_text(line.order_id.name),
                        line.id,
                        quantity,
                        fields.Date.to_string(date),
                        _csv_text(line.product_id.display_name),
                        line.product_qty,
                        line.qty_received,
                        _csv_text(line.product_uom.name),
                        fields.Date.to_string(self._b2b_requested(line)),
                        fields.Date.to_string(
                            line._b2b_local_date(line.b2b_date_confirmed)
                        ),
                        states.get(line.b2b_confirmation_state, ""),
                        _csv_text(confirmation.comment or ""),
                    ]
                )
        return output.getvalue()

    @http.route(
        [f"{BASE_URL}/upload", f"{BASE_URL}/<int:link_id>/upload"],
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_b2b_order_lines_upload(self, link_id=None, **post):
        user = request.env.user
        if user._is_public() and not link_id:
            raise NotFound()
        desk = self._b2b_order_desk(link_id, post.get("pid"), post.get("hash"))
        upload = request.httprequest.files.get("file")
        data = upload.read(CSV_MAX_BYTES + 1) if upload else b""
        if not data:
            return self._b2b_refused(desk, [_("Choose a CSV file to upload.")], post)
        if len(data) > CSV_MAX_BYTES:
            return self._b2b_refused(
                desk, [_("The file is too large (at most 2 MB).")], post
            )
        answers, errors = self._b2b_parse_csv(desk, data)
        if errors:
            return self._b2b_refused(desk, errors, post)
        return self._b2b_take(desk, answers, "csv", None, post)

    def _b2b_parse_csv(self, desk, data):
        """The answers of an uploaded CSV (``order, line, quantity, date`` and
        an optional ``comment``; several rows of a line are a split), and the
        errors naming each row and why; all or nothing."""
        rows, errors = self._b2b_csv_rows(data)
        if errors:
            return [], errors
        by_line = {}
        for number, record in rows:
            line_text = record["line"].strip()
            if not line_text.isdigit() or int(line_text) >= 2**31:
                errors.append(
                    _(
                        "Row %(row)s: “%(line)s” is no line number.",
                        row=number,
                        line=record["line"],
                    )
                )
                continue
            by_line.setdefault(int(line_text), []).append((number, record))
        lines, foreign = self._b2b_supplier_lines(desk, by_line)
        for line_id in sorted(foreign):
            for number, _record in by_line[line_id]:
                errors.append(
                    _(
                        "Row %(row)s: line %(line)s is not one of your order lines.",
                        row=number,
                        line=line_id,
                    )
                )
        Confirmation = request.env["b2b.order.line.confirmation"].sudo()
        Confirmation = Confirmation.with_context(lang=request.env.lang)
        date_formats = self._b2b_csv_date_formats()
        answers = []
        for line in lines.with_context(lang=request.env.lang):
            deliveries, comment, line_errors = [], "", []
            for number, record in by_line[line.id]:
                row_errors = self._b2b_csv_row_errors(
                    number, record, line, date_formats
                )
                if row_errors:
                    line_errors += row_errors
                    continue
                deliveries.append(
                    (
                        self._b2b_parse_quantity(record["quantity"]),
                        self._b2b_parse_date(record["date"], date_formats),
                    )
                )
                comment = comment or (record.get("comment") or "").strip()
            if not line_errors:
                numbers = ", ".join(str(number) for number, _r in by_line[line.id])
                line_errors = [
                    _("Row %(row)s: %(error)s", row=numbers, error=error)
                    for error in Confirmation._b2b_answer_errors(
                        line, deliveries, comment
                    )
                ]
            errors += line_errors
            answers.append((line, deliveries, comment))
        return answers, errors

    def _b2b_csv_rows(self, data):
        """``[(row number, {column: text})]`` of the file, or the errors that
        make it unreadable (no header, a missing column, too many rows)."""
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        if "\x00" in text:
            return [], [_("The file is not a CSV text file.")]
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            table = list(reader)
        except csv.Error as error:
            return [], [_("The file is not valid CSV: %(error)s", error=str(error))]
        if not table:
            return [], [_("The file is empty.")]
        header = [cell.strip().lower() for cell in table[0]]
        missing = [column for column in CSV_COLUMNS if column not in header]
        if missing:
            return [], [
                _(
                    "Row 1: the column(s) %(columns)s are missing (expected a "
                    "header with order, line, quantity, date).",
                    columns=", ".join(missing),
                )
            ]
        if len(table) - 1 > CSV_MAX_ROWS:
            return [], [_("The file has more than %(count)s rows.", count=CSV_MAX_ROWS)]
        positions = {
            name: header.index(name)
            for name in [*CSV_COLUMNS, "comment"]
            if name in header
        }
        rows = []
        for number, cells in enumerate(table[1:], start=2):
            if not any(cell.strip() for cell in cells):
                continue
            record = {
                name: cells[position] if position < len(cells) else ""
                for name, position in positions.items()
            }
            rows.append((number, record))
        if not rows:
            return [], [_("The file has no row to take.")]
        return rows, []

    def _b2b_csv_date_formats(self):
        """ISO dates, and the reader's own format (a spreadsheet saves dates
        in the format of its language)."""
        lang_format = request.env["res.lang"]._get_data(code=request.env.lang)
        formats = ["%Y-%m-%d"]
        if lang_format and lang_format.date_format not in formats:
            formats.append(lang_format.date_format)
        return formats

    def _b2b_csv_row_errors(self, number, record, line, date_formats):
        errors = []
        order = record.get("order", "").strip()
        if order != line.order_id.name:
            errors.append(
                _(
                    "Row %(row)s: line %(line)s is on order %(order)s, "
                    "not “%(given)s”.",
                    row=number,
                    line=line.id,
                    order=line.order_id.name,
                    given=order,
                )
            )
        if self._b2b_parse_quantity(record.get("quantity")) is None:
            errors.append(
                _(
                    "Row %(row)s: “%(quantity)s” is no quantity.",
                    row=number,
                    quantity=record.get("quantity", ""),
                )
            )
        if self._b2b_parse_date(record.get("date"), date_formats) is None:
            errors.append(
                _(
                    "Row %(row)s: “%(date)s” is no date (use YYYY-MM-DD).",
                    row=number,
                    date=record.get("date", ""),
                )
            )
        return errors

    # ------------------------------------------------------------------
    # ODOO'S ORDER PAGE (/my/purchase/<id>)
    # ------------------------------------------------------------------

    def _purchase_order_get_page_view_values(self, order, access_token, **kwargs):
        values = super()._purchase_order_get_page_view_values(
            order, access_token, **kwargs
        )
        if order.state not in CONFIRMED_ORDER_STATES:
            return values
        # sudo: the order page is open to this visitor (Odoo checked it); its
        # lines' confirmation is shown without prices
        lines = order.sudo().order_line.filtered(
            lambda line: not line.display_type and line.product_id
        )
        supplier = self._b2b_user_supplier()
        desk = (
            OrderDesk(supplier, request.env.user.partner_id.sudo(), {}, BASE_URL)
            if supplier and supplier == order.sudo().partner_id.commercial_partner_id
            else None
        )
        values.update(
            {
                "b2b_confirmation_rows": self._b2b_line_rows(lines),
                "b2b_confirmation_desk": desk,
                "b2b_confirmation_notice": self._b2b_notice(),
                "b2b_url": lambda path="", **params: self._b2b_url(
                    desk, path, **params
                ),
            }
        )
        return values


def _csv_text(value):
    """A text cell a spreadsheet will not run as a formula."""
    value = value or ""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
