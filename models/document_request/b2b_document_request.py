# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, format_date
from odoo.tools.sql import create_index

from .b2b_document_request_line import CLOSED_LINE_STATES, OPEN_LINE_STATES

REQUEST_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("partial", "Partially Answered"),
    ("answered", "Answered"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
# waiting for the supplier (some lines answered or not)
OPEN_REQUEST_STATES = ("sent", "partial")
# asked, not closed: what is asked there is not asked again
ASKING_REQUEST_STATES = ("draft", "sent", "partial", "answered")
# the lines of a request that count as asked (not to be asked again)
ASKED_LINE_STATES = ("requested", "rejected", "answered")
# the fields of the answer form that name a line
ANSWER_FIELD = re.compile(
    r"^(file|shared|na|reason|date_issue|date_valid_until)_(\d+)$"
)
# how many lines the request email lists (the page lists them all)
EMAIL_LINE_LIMIT = 20


class B2bDocumentRequest(models.Model):
    """Ask a supplier for the documents of its products (one line per product
    and document type, or per type for documents covering the supplier). The
    supplier answers in the portal or through a link signed for its person of
    contact; a buyer accepts each document into the compliance file
    (b2b.product.document) or sends it back with a reason."""

    _name = "b2b.document.request"
    _description = "B2B Document Request"
    # the person of contact without an account answers through a link signed
    # for that very person, valid while a contact of the supplier; the
    # supplier's portal users answer logged in
    _inherit = [
        "b2b.signed.link.mixin",
        "b2b.mail.screening.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id.name"]
    # the supplier's users ask questions on the page they may read
    _mail_post_access = "read"

    # read by our users only: a partner user holding the token would keep it
    # after leaving the company (anonymous visitors need a signed link anyway)
    access_token = fields.Char(groups="base.group_user")

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Supplier",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain="[('is_company', '=', True)]",
    )
    contact_id = fields.Many2one(
        comodel_name="res.partner",
        string="Person of Contact",
        compute="_compute_contact_id",
        store=True,
        readonly=False,
        tracking=True,
        domain="[('id', 'child_of', partner_id)]",
        help="Who receives the request by email: the supplier's person of "
        "contact, else its first portal user. Without an account, the email's "
        "link is signed for that person.",
    )
    # the buyer's user record is ours: partners read the name on the page
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Buyer",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
        groups="base.group_user",
    )
    date_deadline = fields.Date(string="Deadline", tracking=True)
    thread_id = fields.Many2one(
        comodel_name="b2b.thread",
        check_company=True,
        index="btree_not_null",
        ondelete="set null",
        domain="[('commercial_partner_id', '=', partner_id)]",
        groups="base.group_user",
        help="The thread whose chatter follows this request.",
    )
    purchase_order_id = fields.Many2one(
        comodel_name="purchase.order",
        check_company=True,
        index="btree_not_null",
        ondelete="set null",
        groups="base.group_user",
    )
    origin = fields.Selection(
        selection=[
            ("buyer", "Asked by a Buyer"),
            ("renewal", "Renewal Ahead of Expiry"),
            ("supplier", "Sent by the Supplier"),
        ],
        required=True,
        default="buyer",
        readonly=True,
    )
    note = fields.Text(string="Message to the Supplier")
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        selection=REQUEST_STATES,
        string="Status",
        required=True,
        default="draft",
        index=True,
        copy=False,
        tracking=True,
    )
    line_ids = fields.One2many(
        comodel_name="b2b.document.request.line",
        inverse_name="request_id",
        string="Documents",
        copy=True,
    )
    line_count = fields.Integer(compute="_compute_line_counts")
    open_line_count = fields.Integer(string="Awaited", compute="_compute_line_counts")
    review_line_count = fields.Integer(
        string="To Review", compute="_compute_line_counts"
    )
    closed_line_count = fields.Integer(
        string="Received", compute="_compute_line_counts"
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )

    def init(self):
        # the portal home and the digest count a supplier's open requests
        create_index(
            self.env.cr,
            indexname="b2b_document_request_open_partner_idx",
            tablename=self._table,
            expressions=["partner_id"],
            where="state IN ('sent', 'partial')",
        )
        return super().init()

    # ------------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------------

    @api.depends("partner_id")
    def _compute_contact_id(self):
        recipients = self.partner_id._b2b_reminder_recipients()
        for request in self:
            if request.contact_id.commercial_partner_id != request.partner_id:
                request.contact_id = recipients.get(request.partner_id, False)

    @api.depends("line_ids.state")
    def _compute_line_counts(self):
        counts = defaultdict(lambda: defaultdict(int))
        for request, state, count in self.env["b2b.document.request.line"]._read_group(
            [("request_id", "in", self.ids)], ["request_id", "state"], ["__count"]
        ):
            counts[request.id][state] = count
        for request in self:
            by_state = counts[request.id]
            request.line_count = sum(by_state.values())
            request.open_line_count = sum(by_state[s] for s in OPEN_LINE_STATES)
            request.review_line_count = by_state["answered"]
            request.closed_line_count = sum(by_state[s] for s in CLOSED_LINE_STATES)

    @api.depends("state", "date_deadline")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for request in self:
            request.is_overdue = bool(
                request.date_deadline
                and request.date_deadline < today
                and request.state in OPEN_REQUEST_STATES
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        overdue = [
            ("date_deadline", "<", fields.Date.context_today(self)),
            ("state", "in", OPEN_REQUEST_STATES),
        ]
        if (operator == "=") == bool(value):
            return overdue
        return ["!", *expression.normalize_domain(overdue)]

    def _compute_access_url(self):
        self._b2b_cache_access_urls("/my/b2b/document-requests")

    # ------------------------------------------------------------------
    # SHARING (b2b.partner.share.mixin)
    # ------------------------------------------------------------------

    def _b2b_share_partner(self):
        self.ensure_one()
        return self.partner_id

    def _b2b_is_shared(self):
        """The supplier sees a request once it is sent (its page, links, files)."""
        self.ensure_one()
        return self.state != "draft"

    def _b2b_recipient_urls(self, recipient):
        """The page of each request in an email to ``recipient``: signed for
        that person when without an account, behind the login otherwise.

        A signed link answers for the supplier: it goes to the recipient only,
        in the email queued by the sending code (as superuser: ``action_send``,
        the renewal job, the digest). A preview (template, composer) gets the
        plain login link."""
        if not (recipient and self.env.su):
            return super()._b2b_recipient_urls(recipient.browse())
        return super()._b2b_recipient_urls(recipient)

    # ------------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------------

    @api.constrains("partner_id", "contact_id")
    def _check_partner(self):
        for request in self:
            if request.partner_id != request.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._("Ask the supplier's company, not one of its people.")
                )
            contact = request.contact_id
            if contact and contact.commercial_partner_id != request.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(contact)s is no contact of %(supplier)s.",
                        contact=contact.display_name,
                        supplier=request.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Partner = self.env["res.partner"]
        for vals in vals_list:
            if vals.get("partner_id"):
                partner = Partner.browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        self._b2b_set_names(vals_list)
        return super().create(vals_list)

    @api.model
    def _b2b_set_names(self, vals_list):
        """The next reference of the company's sequence for each new request:
        Odoo's ``next_by_code``, the sequence looked up once per batch (the
        renewal job creates a request per supplier)."""
        new = self.env._("New")
        sequences = {}
        for vals in vals_list:
            if vals.get("name", new) != new:
                continue
            company_id = vals.get("company_id") or self.env.company.id
            if company_id not in sequences:
                sequences[company_id] = self.env["ir.sequence"].search(
                    [
                        ("code", "=", "b2b.document.request"),
                        ("company_id", "in", [company_id, False]),
                    ],
                    order="company_id",
                    limit=1,
                )
            sequence = sequences[company_id]
            vals["name"] = sequence._next() if sequence else "/"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(request.state not in ("draft", "cancelled") for request in self):
            raise UserError(self.env._("Cancel a request before deleting it."))

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------

    def action_send(self):
        """Email each request to its person of contact (a link signed for that
        person when without an account) and open it to the supplier."""
        for request in self:
            if request.state != "draft":
                raise UserError(
                    self.env._("%(request)s was sent already.", request=request.name)
                )
            if not request.line_ids:
                raise UserError(self.env._("Add the documents to ask for first."))
            if not request.contact_id.email:
                raise UserError(
                    self.env._(
                        "%(supplier)s has no email: set a person of contact first.",
                        supplier=request.partner_id.display_name,
                    )
                )
        self.write({"state": "sent"})
        self._b2b_send_request_emails()
        for request in self:
            request._b2b_log_on_thread(
                self.env._(
                    "Documents asked of %(supplier)s: %(request)s (%(count)s).",
                    supplier=request.partner_id.name,
                    request=request._get_html_link(),
                    count=len(request.line_ids),
                )
            )
        return True

    def action_cancel(self):
        sent = self.filtered(lambda request: request.state != "draft")
        self.write({"state": "cancelled"})
        for request in sent:
            request._b2b_log_on_thread(
                self.env._(
                    "Document request %(request)s cancelled.",
                    request=request._get_html_link(),
                )
            )
        self.activity_unlink(
            ["b2b_communication.mail_activity_type_b2b_document_review"]
        )
        return True

    def action_draft(self):
        if any(request.state != "cancelled" for request in self):
            raise UserError(self.env._("Only cancelled requests go back to draft."))
        self.write({"state": "draft"})
        return True

    def action_accept_answered(self):
        """Accept every document to review of these requests."""
        lines = self.line_ids.filtered(lambda line: line.state == "answered")
        if not lines:
            raise UserError(self.env._("There is no document to review."))
        return lines.action_accept()

    def action_view_lines_to_review(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_document_request_line_review_action"
        )
        action["domain"] = [("request_id", "in", self.ids)]
        return action

    def action_view_documents(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_product_document_action"
        )
        action["domain"] = [("source_line_id.request_id", "in", self.ids)]
        action["context"] = {}
        return action

    def action_preview_portal(self):
        """The supplier's page, as our user may see it (read only)."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self.access_url, "target": "new"}

    # ------------------------------------------------------------------
    # WHAT TO ASK
    # ------------------------------------------------------------------

    @api.model
    def _b2b_document_needs(self, supplier, products, company=None, types=None):
        """What ``supplier`` must send for ``products`` (product.template) in
        ``company`` and has not on file valid and far from expiry: a list of
        ``{"product", "type", "status", "document", "line"}`` where the product is
        empty for the documents that cover the supplier (listed once), status
        is ``missing``, ``expired`` or ``expiring``, ``document`` the current
        document (if any) and ``line`` the line asking it already (if any).

        The required types are those of each product and of its category (and
        parent categories), restricted to ``types`` when given."""
        company = company or self.env.company
        supplier = supplier.commercial_partner_id
        keys = {}
        for product in products:
            for document_type in product.b2b_required_document_type_ids:
                if document_type.company_id not in (company, company.browse()):
                    continue
                if types is not None and document_type not in types:
                    continue
                scoped = (
                    product if document_type.scope == "product" else product.browse()
                )
                keys.setdefault((scoped.id, document_type.id), (scoped, document_type))
        if not keys:
            return []
        type_ids = list({type_id for _product_id, type_id in keys})
        # sudo: which documents are on file and asked decides what to ask; the
        # caller (a B2B user, the purchase check) sees only the outcome
        documents = (
            self.env["b2b.product.document"]
            .sudo()
            .search(
                [
                    ("is_current", "=", True),
                    ("company_id", "=", company.id),
                    ("supplier_id", "=", supplier.id),
                    ("document_type_id", "in", type_ids),
                ]
            )
        )
        lines = (
            self.env["b2b.document.request.line"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "=", supplier.id),
                    ("document_type_id", "in", type_ids),
                    ("state", "in", ASKED_LINE_STATES),
                    ("request_id.state", "in", ASKING_REQUEST_STATES),
                ]
            )
        )
        on_file = {
            (doc.product_tmpl_id.id, doc.document_type_id.id): doc for doc in documents
        }
        asked = {
            (line.product_tmpl_id.id, line.document_type_id.id): line for line in lines
        }
        today = fields.Date.context_today(self)
        needs = []
        for key, (product, document_type) in keys.items():
            document = on_file.get(key, documents.browse())
            status = document._b2b_state_on(today) if document else "missing"
            if status == "valid":
                continue
            needs.append(
                {
                    "product": product,
                    "type": document_type,
                    "status": status,
                    "document": document,
                    "line": asked.get(key, lines.browse()),
                }
            )
        needs.sort(
            key=lambda need: (
                need["product"].display_name or "",
                need["type"].sequence,
                need["type"].name,
            )
        )
        return needs

    @api.model
    def _b2b_prepare_line_values(self, need):
        return {
            "product_tmpl_id": need["product"].id,
            "document_type_id": need["type"].id,
            "previous_document_id": need["document"].id,
        }

    # ------------------------------------------------------------------
    # EMAILS AND EVENTS
    # ------------------------------------------------------------------

    def _b2b_send_request_emails(self):
        """The request email of each request, to its person of contact."""
        for request in self:
            request._portal_ensure_token()
        template = self.env.ref("b2b_communication.mail_template_b2b_document_request")
        # sudo: the buyer may not read the mail templates; the email's link
        # is signed for its recipient only (see _b2b_recipient_urls)
        self.env["b2b.mail.batch"]._send(template.sudo(), self.ids)

    def _b2b_email_lines(self):
        """The first lines an email lists (it says how many more there are)."""
        self.ensure_one()
        return self.line_ids.filtered(lambda line: line.state in OPEN_LINE_STATES)[
            :EMAIL_LINE_LIMIT
        ]

    def _b2b_log_on_thread(self, body):
        """An event of the request in the chatter of its thread (a log note:
        what we ask a supplier is no message to it)."""
        self.ensure_one()
        # sudo: the thread of a request the user just changed
        thread = self.sudo().thread_id
        if thread:
            thread.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _b2b_lines_summary(self, lines):
        """A list of documents for a message: what and for which product."""
        items = Markup("").join(
            Markup("<li>%s</li>") % line.display_name for line in lines.sudo()
        )
        return Markup("<ul>%s</ul>") % items

    # ------------------------------------------------------------------
    # THE SUPPLIER'S ANSWER
    # ------------------------------------------------------------------

    def _b2b_answer_blocker(self):
        """Why the supplier cannot answer this request (now), or None."""
        self.ensure_one()
        if self.state in ("draft", "cancelled"):
            return self.env._("This request was withdrawn: there is nothing to send.")
        if self.state == "done":
            return self.env._("Every document of this request is on file. Thank you!")
        if self.state == "answered":
            return self.env._(
                "Every document of this request was sent; we are reviewing them."
            )
        return None

    def _b2b_parse_answer(self, post, files):
        """Read the supplier's form; nothing is written.

        ``post``: the form's fields (``file_<line>``, ``shared_<line>``,
        ``na_<line>``, ``reason_<line>``, ``date_issue_<line>``,
        ``date_valid_until_<line>``); ``files``: ``{field name: (file name,
        data)}`` of the uploaded files (``file_<line>``, ``shared_file``, the
        data cut one byte past the size limit). A line is answered with its own
        file, with the file shared by several lines, or as not applicable with a
        reason; a line left blank stays open (partial answers).

        Returns ``(answers, uploads, errors)``: ``{line: answer}``, ``{field
        name: (file name, data, mimetype)}`` and ``[(HTTP status, message)]``.
        """
        self.ensure_one()
        Upload = self.env["b2b.document.upload"]
        errors, answers, uploads = [], {}, {}
        posted = self._b2b_posted_line_ids(post, files, errors)
        open_lines = {line.id: line for line in self._b2b_open_lines()}
        used = set()
        for line_id in sorted(posted & open_lines.keys()):
            line = open_lines[line_id]
            answer, line_errors = self._b2b_parse_line_answer(line, post, files)
            errors += [
                (status, f"{line.display_name}: {message}")
                for status, message in line_errors
            ]
            if answer and not line_errors:
                answers[line] = answer
                if answer.get("upload"):
                    used.add(answer["upload"])
        for key in sorted(used):
            filename, data = files[key]
            mimetype, error = Upload._b2b_check_file(filename, data)
            if error:
                errors.append(error)
            else:
                uploads[key] = (
                    Upload._b2b_file_name(filename, mimetype),
                    data,
                    mimetype,
                )
        if files.get("shared_file") and "shared_file" not in used:
            errors.append(
                (400, self.env._("Tick the documents the shared file covers."))
            )
        if not answers and not errors:
            errors.append(
                (
                    400,
                    self.env._(
                        "Nothing to send: attach a file to a document or mark it "
                        "as not applicable."
                    ),
                )
            )
        return answers, uploads, errors

    def _b2b_posted_line_ids(self, post, files, errors):
        """The ids of the lines the form answers: an id of another request (or
        another supplier's) is an error, as is a line answered already (the
        same form sent twice)."""
        posted = set()
        for name in [*post, *files]:
            match = ANSWER_FIELD.match(name)
            if match:
                posted.add(int(match.group(2)))
        known = set(self.line_ids.ids)
        if posted - known:
            errors.append(
                (400, self.env._("The form names documents this request does not ask."))
            )
        answered = {
            line_id
            for line_id in posted & known
            if self.line_ids.browse(line_id).state not in OPEN_LINE_STATES
            and (
                files.get(f"file_{line_id}")
                or post.get(f"shared_{line_id}")
                or post.get(f"na_{line_id}")
            )
        }
        if answered:
            errors.append(
                (
                    409,
                    self.env._(
                        "Some of these documents were sent already (was the form "
                        "sent twice?): reload the page."
                    ),
                )
            )
        return posted & known

    def _b2b_parse_line_answer(self, line, post, files):
        """``(answer or None, [(status, message)])`` of one line of the form."""
        Upload = self.env["b2b.document.upload"]
        own_file = files.get(f"file_{line.id}")
        shared = bool(post.get(f"shared_{line.id}"))
        not_applicable = bool(post.get(f"na_{line.id}"))
        if not (own_file or shared or not_applicable):
            return None, []
        reason = Upload._b2b_text(post.get(f"reason_{line.id}"))
        if reason is None:
            return None, [(400, self.env._("The comment is too long."))]
        if not_applicable:
            if own_file or shared:
                return None, [
                    (
                        400,
                        self.env._(
                            "Either send a file or mark the document as not "
                            "applicable, not both."
                        ),
                    )
                ]
            if not reason:
                return None, [
                    (400, self.env._("Say why this document does not apply."))
                ]
            return {"not_applicable": True, "reason": reason}, []
        if own_file and shared:
            return None, [
                (400, self.env._("Choose either its own file or the shared file."))
            ]
        if shared and not files.get("shared_file"):
            return None, [
                (400, self.env._("Choose the file that covers several documents."))
            ]
        date_issue, date_valid_until, error = Upload._b2b_parse_dates(
            post.get(f"date_issue_{line.id}"),
            post.get(f"date_valid_until_{line.id}"),
            line._b2b_default_valid_until,
        )
        if error:
            return None, [(400, error)]
        return {
            "upload": "shared_file" if shared else f"file_{line.id}",
            "date_issue": date_issue,
            "date_valid_until": date_valid_until,
            "reason": reason,
        }, []

    def _b2b_open_lines(self):
        self.ensure_one()
        return self.line_ids.filtered(lambda line: line.state in OPEN_LINE_STATES)

    def _b2b_claim_lines(self, lines):
        """Mark ``lines`` answered in one statement, all or none: True when this
        transaction won them all.

        Two submits of the same form at the same moment both pass the checks;
        only one may answer. ``FOR UPDATE SKIP LOCKED`` lets the second see at
        once that the lines are being answered (instead of waiting, then
        answering them again), and the count makes it write nothing."""
        lines.flush_recordset(["state"])
        self.env.cr.execute(
            SQL(
                """
                WITH open AS (SELECT id FROM b2b_document_request_line
                               WHERE id IN %(ids)s AND state IN %(open)s
                                 FOR UPDATE SKIP LOCKED)
                UPDATE b2b_document_request_line SET state = 'answered'
                 WHERE id IN (SELECT id FROM open)
                   AND (SELECT count(*) FROM open) = %(count)s
             RETURNING id
                """,
                ids=tuple(lines.ids),
                open=OPEN_LINE_STATES,
                count=len(lines),
            )
        )
        claimed = len(self.env.cr.fetchall()) == len(lines)
        lines.invalidate_recordset(["state"])
        return claimed

    def _b2b_submit_answer(self, answers, uploads, author):
        """Write the supplier's answer (validated by ``_b2b_parse_answer``):
        ``answers`` ``{line: answer}``, ``uploads`` ``{key: (file name, data,
        mimetype)}`` the files the answers refer to by key. Returns the lines
        answered, or an empty recordset when another submit answered one of
        them first (nothing is written)."""
        self.ensure_one()
        Line = self.env["b2b.document.request.line"]
        lines = Line.union(*answers)
        if not self._b2b_claim_lines(lines):
            return Line
        now = fields.Datetime.now()
        files = self._b2b_create_answer_files(answers, uploads)
        grouped = defaultdict(list)
        for line, answer in answers.items():
            values = line._b2b_prepare_answer_values(answer, author, now)
            grouped[tuple(sorted(values.items()))].append(line.id)
            if answer.get("upload"):
                files[answer["upload"]][1].append(line.id)
        for values, line_ids in grouped.items():
            Line.browse(line_ids).write(dict(values))
        for attachment, line_ids in files.values():
            Line.browse(line_ids).write(
                {"attachment_ids": [Command.set(attachment.ids)]}
            )
        self._b2b_after_answer(lines, author)
        return lines

    def _b2b_create_answer_files(self, answers, uploads):
        """One attachment per uploaded file that an answer uses, on the first
        line it covers: ``{key: (attachment, [])}``."""
        self.ensure_one()
        first_line = {}
        for line, answer in answers.items():
            if answer.get("upload"):
                first_line.setdefault(answer["upload"], line)
        keys = list(first_line)
        # sudo: the supplier may not write attachments; the files were
        # checked (size, type) and belong to lines of this request
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": uploads[key][0],
                        "raw": uploads[key][1],
                        "mimetype": uploads[key][2],
                        "res_model": "b2b.document.request.line",
                        "res_id": first_line[key].id,
                    }
                    for key in keys
                ]
            )
        )
        return {
            key: (attachment, [])
            for key, attachment in zip(keys, attachments, strict=True)
        }

    def _b2b_after_answer(self, lines, author):
        """The supplier answered ``lines``: the buyer is told (a message from
        the supplier, an activity to review), documents without review go on
        file, the request's status follows."""
        self.ensure_one()
        body = self.env._(
            "Documents sent (%(count)s):%(lines)s",
            count=len(lines),
            lines=self._b2b_lines_summary(lines),
        )
        self.message_post(
            body=body,
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        automatic = lines.filtered(
            lambda line: (
                line.state == "answered" and not line.document_type_id.review_required
            )
        )
        if automatic:
            automatic._b2b_accept(automatic=True)
        self._b2b_update_state()
        self._b2b_sync_review_activity()
        self._b2b_log_on_thread(
            self.env._(
                "%(supplier)s answered %(request)s: %(done)s of %(count)s documents "
                "received.",
                supplier=self.partner_id.name,
                request=self._get_html_link(),
                done=self.line_count - self.open_line_count,
                count=self.line_count,
            )
        )

    def _b2b_after_review(self, lines, outcome):
        """A buyer accepted or rejected ``lines`` (of these requests)."""
        for request in self:
            reviewed = lines.filtered(
                lambda line, request=request: line.request_id == request
            )
            if outcome == "rejected":
                request._b2b_notify_rejection(reviewed)
            request._b2b_update_state()
            request._b2b_sync_review_activity()

    def _b2b_notify_rejection(self, lines):
        """Tell the person of contact what goes back to the supplier and why:
        a message on the request (the email's button opens the page for that
        recipient: signed without an account, the login otherwise)."""
        self.ensure_one()
        items = Markup("").join(
            Markup("<li>%s: %s</li>") % (line.display_name, line.rejection_reason)
            for line in lines.sudo()
        )
        body = self.env._(
            "Please send these documents again:%(lines)s",
            lines=Markup("<ul>%s</ul>") % items,
        )
        recipients = self.contact_id | self.message_partner_ids.filtered(
            lambda partner: partner.commercial_partner_id == self.partner_id
        )
        # sudo: the notification email gives each recipient without an account
        # a link signed for that person (see _b2b_recipient_urls); the author
        # stays the reviewing user
        self.sudo().message_post(
            body=body,
            author_id=self.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=recipients.ids,
        )
        self._b2b_log_on_thread(
            self.env._(
                "%(count)s document(s) of %(request)s sent back to the supplier.",
                count=len(lines),
                request=self._get_html_link(),
            )
        )

    def _b2b_update_state(self):
        """The status that follows from the lines, for sent requests."""
        # a done request reopens when a document goes back to the supplier
        for request in self.filtered(lambda r: r.state not in ("draft", "cancelled")):
            states = set(request.line_ids.mapped("state"))
            if states <= set(CLOSED_LINE_STATES):
                state = "done"
            elif states & set(OPEN_LINE_STATES):
                state = "partial" if states - {"requested"} else "sent"
            else:
                state = "answered"
            if state != request.state:
                request.state = state
                if state == "done":
                    request._b2b_log_on_thread(
                        self.env._(
                            "Every document of %(request)s is on file.",
                            request=request._get_html_link(),
                        )
                    )

    def _b2b_sync_review_activity(self):
        """The buyer has a "Review documents" to-do while documents await review."""
        xmlid = "b2b_communication.mail_activity_type_b2b_document_review"
        activity_type = self.env.ref(xmlid)
        for request in self:
            if not request.review_line_count:
                request.activity_feedback([xmlid])
            elif activity_type not in request.activity_ids.activity_type_id:
                request.activity_schedule(
                    xmlid,
                    user_id=(request.user_id or self.env.user).id,
                    date_deadline=fields.Date.context_today(request),
                )

    # ------------------------------------------------------------------
    # REMINDER DIGEST (the section: b2b_reminder_log.py)
    # ------------------------------------------------------------------

    def _b2b_digest_summary(self):
        """What the digest says of an open request: how many documents are
        still to send and by when, in the language of the digest."""
        self.ensure_one()
        if self.date_deadline:
            return self.env._(
                "%(count)s to send, by %(deadline)s",
                count=self.open_line_count,
                deadline=format_date(self.env, self.date_deadline),
            )
        return self.env._("%(count)s to send", count=self.open_line_count)

    # ------------------------------------------------------------------
    # PORTAL
    # ------------------------------------------------------------------

    def _b2b_portal_line_groups(self):
        """The lines of the page in three parts: to answer, under review,
        closed (accepted, not applicable)."""
        self.ensure_one()
        groups = {"open": [], "review": [], "closed": []}
        for line in self.line_ids:
            if line.state in OPEN_LINE_STATES:
                groups["open"].append(line)
            elif line.state == "answered":
                groups["review"].append(line)
            else:
                groups["closed"].append(line)
        return groups

    def _b2b_portal_intro(self):
        """Who asks whom, and by when: one sentence of the request's page (in the
        reader's language, its placeholders where the language wants them)."""
        self.ensure_one()
        # sudo: the buyer's name, shown to the supplier on its page
        buyer = self.sudo().user_id.partner_id.name
        asker = f"{self.company_id.name} ({buyer})" if buyer else self.company_id.name
        intro = self.env._(
            "%(company)s asks %(supplier)s for these documents.",
            company=asker,
            supplier=self.partner_id.name,
        )
        if self.date_deadline:
            intro += " " + self.env._(
                "Please send them by %(date)s.",
                date=format_date(self.env, self.date_deadline),
            )
        return intro

    def _b2b_portal_progress(self):
        self.ensure_one()
        return self.env._(
            "%(received)s of %(count)s documents received.",
            received=self.line_count - self.open_line_count,
            count=self.line_count,
        )

    def _b2b_portal_count(self):
        """What the list of requests says of one request."""
        self.ensure_one()
        return self.env._(
            "%(open)s to send, %(count)s in all",
            open=self.open_line_count,
            count=self.line_count,
        )
