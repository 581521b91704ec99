# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL, format_date
from odoo.tools.sql import create_index, index_exists

from ..porting import or_domains

# what an accepted document copies of the record of its file (the stored file
# itself is shared, see _b2b_share_stored_files)
ATTACHMENT_CLONE_FIELDS = (
    "name",
    "type",
    "url",
    "mimetype",
    "index_content",
    "description",
)
# documents claimed per call of the renewal job (the last supplier's all)
RENEWAL_CHUNK = 500
# a renewal request leaves the supplier at least this many days
RENEWAL_MIN_DAYS = 7
DOCUMENT_STATES = [
    ("valid", "Valid"),
    ("expiring", "Expiring Soon"),
    ("expired", "Expired"),
]


class B2bProductDocument(models.Model):
    """The compliance file: one record per document a supplier sent and we
    accepted (an inspection certificate of a product, an ISO 9001 certificate of
    the supplier), with its validity. The newest accepted document of a supplier,
    product and type is the current one; the older ones stay as history."""

    _name = "b2b.product.document"
    _inherit = ["b2b.document.validity.mixin", "b2b.document.audit.mixin"]
    _b2b_audit_fields = (
        "accepted_by_id",
        "date_accepted",
        "source_line_id",
        "renewal_requested_date",
        "is_current",
    )
    _description = "B2B Supplier Document"
    _order = "date_valid_until desc nulls first, id desc"
    _check_company_auto = True
    _rec_names_search = [
        "supplier_id.name",
        "product_tmpl_id.name",
        "document_type_id.name",
    ]

    supplier_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('is_company', '=', True)]",
    )
    # the product's name is shown to the supplier by product_label: partners
    # cannot read our products (a Many2one would give its name as superuser)
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template",
        string="Product",
        index=True,
        ondelete="restrict",
        check_company=True,
        groups="base.group_user",
        help="Empty for a document that covers the supplier (an ISO 9001 certificate).",
    )
    product_label = fields.Char(
        string="Product Name", compute="_compute_product_label", compute_sudo=True
    )
    document_type_id = fields.Many2one(
        comodel_name="b2b.document.type",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    scope = fields.Selection(related="document_type_id.scope")
    date_issue = fields.Date(string="Issue Date")
    date_valid_until = fields.Date(string="Valid Until", help="Empty: no expiry.")
    date_renewal_due = fields.Date(
        string="Renewal Due",
        compute="_compute_date_renewal_due",
        store=True,
        help="When the supplier is asked for a new document: the end of validity "
        "less the type's renewal lead time.",
    )
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="b2b_product_document_ir_attachment_rel",
        column1="document_id",
        column2="attachment_id",
        string="Files",
        # our users' field: a supplier may not read the files' records (its
        # pages list them as superuser, see controllers/document_request.py);
        # Odoo names linked records as superuser
        groups="base.group_user",
    )
    source_line_id = fields.Many2one(
        comodel_name="b2b.document.request.line",
        string="Request Line",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    request_id = fields.Many2one(related="source_line_id.request_id", string="Request")
    is_current = fields.Boolean(
        string="Current",
        default=True,
        readonly=True,
        help="The newest accepted document of this supplier, product and type; "
        "the older ones are kept as history.",
    )
    state = fields.Selection(
        selection=DOCUMENT_STATES,
        string="Validity",
        compute="_compute_state",
        search="_search_state",
    )
    renewal_requested_date = fields.Date(
        string="Renewal Requested On",
        readonly=True,
        copy=False,
        help="When the scheduled action asked the supplier for a new document "
        "(it asks once).",
    )
    accepted_by_id = fields.Many2one(
        comodel_name="res.users",
        readonly=True,
        groups="base.group_user",
    )
    date_accepted = fields.Datetime(string="Accepted On", readonly=True)
    note = fields.Text(string="Internal Note", groups="base.group_user")
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    def init(self):
        # one current document per supplier, product (or none) and type
        if not index_exists(self.env.cr, "b2b_product_document_current_uniq"):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX b2b_product_document_current_uniq ON %s "
                    "(company_id, supplier_id, document_type_id, "
                    "COALESCE(product_tmpl_id, 0)) WHERE is_current",
                    SQL.identifier(self._table),
                )
            )
        # the renewal job walks the due documents supplier by supplier
        create_index(
            self.env.cr,
            indexname="b2b_product_document_renewal_due_idx",
            tablename=self._table,
            expressions=["supplier_id", "date_renewal_due"],
            where="is_current AND renewal_requested_date IS NULL "
            "AND date_renewal_due IS NOT NULL",
        )
        return super().init()

    # ------------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------------

    @api.depends("product_tmpl_id")
    def _compute_product_label(self):
        for document in self:
            document.product_label = document.product_tmpl_id.display_name or False

    @api.depends("document_type_id", "product_tmpl_id", "supplier_id")
    def _compute_display_name(self):
        for document in self:
            document.display_name = " - ".join(
                part
                for part in (
                    document.document_type_id.name,
                    document.sudo().product_label,
                    document.supplier_id.name,
                )
                if part
            )

    @api.depends("date_valid_until", "document_type_id.renewal_lead_days")
    def _compute_date_renewal_due(self):
        for document in self:
            valid_until = document.date_valid_until
            document.date_renewal_due = valid_until and valid_until - timedelta(
                days=document.document_type_id.renewal_lead_days
            )

    @api.depends("date_valid_until", "date_renewal_due")
    @api.depends_context("date")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for document in self:
            document.state = document._b2b_state_on(today)

    def _b2b_state_on(self, day):
        """The document's validity on ``day``: valid, expiring (within the
        type's renewal lead time) or expired (after its last valid day)."""
        self.ensure_one()
        if not self.date_valid_until:
            return "valid"
        if self.date_valid_until < day:
            return "expired"
        if self.date_renewal_due and self.date_renewal_due <= day:
            return "expiring"
        return "valid"

    @api.model
    def _b2b_state_domains(self, today):
        """The domain of each validity state on ``today``."""
        return {
            "expired": [("date_valid_until", "<", today)],
            "expiring": [
                ("date_valid_until", ">=", today),
                ("date_renewal_due", "<=", today),
            ],
            "valid": [
                "|",
                ("date_valid_until", "=", False),
                "&",
                ("date_valid_until", ">=", today),
                "|",
                ("date_renewal_due", "=", False),
                ("date_renewal_due", ">", today),
            ],
        }

    def _search_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise ValidationError(self.env._("Unsupported search on the validity."))
        values = [value] if isinstance(value, str) else list(value or [])
        domains = self._b2b_state_domains(fields.Date.context_today(self))
        domain = or_domains(
            [domains[v] for v in values if v in domains] or [expression.FALSE_DOMAIN]
        )
        if operator in ("!=", "not in"):
            return ["!", *expression.normalize_domain(domain)]
        return domain

    def _b2b_portal_validity(self):
        """What the supplier's documents page says of the dates, in the
        reader's language."""
        self.ensure_one()
        until = self.date_valid_until
        if self.date_issue and until:
            return self.env._(
                "Issued on %(issue)s, valid until %(until)s.",
                issue=format_date(self.env, self.date_issue),
                until=format_date(self.env, until),
            )
        if until:
            return self.env._(
                "Valid until %(date)s.", date=format_date(self.env, until)
            )
        if self.date_issue:
            return self.env._(
                "Issued on %(date)s, no expiry.",
                date=format_date(self.env, self.date_issue),
            )
        return self.env._("No expiry.")

    # ------------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------------

    @api.constrains("supplier_id")
    def _check_supplier_is_company(self):
        for document in self:
            if document.supplier_id != document.supplier_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "A document belongs to the supplier's company, not to a person."
                    )
                )

    # ------------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        """A new document becomes the current one of its supplier, product and
        type; the one before is kept as history."""
        if not self.env.su:
            now = fields.Datetime.now()
            for vals in vals_list:
                # entered by hand: accepted by whoever enters it, now, and
                # from no request (the review creates its documents with sudo)
                self._b2b_check_audit_fields(
                    {key for key, value in vals.items() if value}
                    - {"accepted_by_id", "date_accepted", "is_current"}
                )
                vals.update(accepted_by_id=self.env.uid, date_accepted=now)
        for vals in vals_list:
            if vals.get("supplier_id"):
                supplier = self.env["res.partner"].browse(vals["supplier_id"])
                vals["supplier_id"] = supplier.commercial_partner_id.id
        keys = {
            self._b2b_key_of_values(vals)
            for vals in vals_list
            if vals.get("is_current", True)
        }
        # sudo: the documents this one replaces become history (the audit
        # field is the workflow's, b2b.document.audit.mixin)
        self._b2b_current_documents(keys).sudo().write({"is_current": False})
        self.flush_model(["is_current"])
        documents = super().create(vals_list)
        documents._b2b_attach_files()
        return documents

    def write(self, vals):
        res = super().write(vals)
        if "attachment_ids" in vals:
            self._b2b_attach_files()
        return res

    def _b2b_key_of_values(self, vals):
        return (
            vals.get("company_id") or self.env.company.id,
            vals["supplier_id"],
            vals.get("product_tmpl_id") or False,
            vals["document_type_id"],
        )

    @api.model
    def _b2b_current_documents(self, keys):
        """The current documents of the keys ``(company id, supplier id, product
        template id or False, type id)``, in one query."""
        if not keys:
            return self.browse()
        domain = or_domains(
            [
                [
                    ("company_id", "=", company_id),
                    ("supplier_id", "=", supplier_id),
                    ("product_tmpl_id", "=", product_id),
                    ("document_type_id", "=", type_id),
                ]
                for company_id, supplier_id, product_id, type_id in keys
            ]
        )
        # sudo: finds the documents a new one replaces (the same supplier,
        # product and type), whoever may read them
        return self.sudo().search([("is_current", "=", True), *domain])

    def _b2b_attach_files(self):
        """The files belong to the document (their access follows its own)."""
        for document in self:
            stray = document.attachment_ids.filtered(
                lambda attachment, document=document: (
                    attachment.res_model != document._name
                    or attachment.res_id != document.id
                )
            )
            # sudo: files the user just linked to a document it may write
            stray.sudo().write({"res_model": document._name, "res_id": document.id})

    def _b2b_clone_files_of(self, lines):
        """Give each document of ``self`` the files of the request line of the
        same position in ``lines``: records of its own (their access follows
        the document's) pointing at the same stored files."""
        pairs = []
        for document, line in zip(self, lines, strict=True):
            # sudo: the files of a line being accepted, copied to its document
            for attachment in line.attachment_ids.sudo():
                values = {name: attachment[name] for name in ATTACHMENT_CLONE_FIELDS}
                values.update(res_model=document._name, res_id=document.id)
                pairs.append((document, attachment, values))
        # sudo: as above
        clones = (
            self.env["ir.attachment"].sudo().create([values for *_x, values in pairs])
        )
        self._b2b_share_stored_files(
            [
                (clone.id, attachment.id)
                for (_d, attachment, _v), clone in zip(pairs, clones, strict=True)
            ]
        )
        by_document = {}
        for (document, _attachment, _values), clone in zip(pairs, clones, strict=True):
            by_document.setdefault(document, []).append(clone.id)
        for document, clone_ids in by_document.items():
            document.attachment_ids = [Command.set(clone_ids)]

    @api.model
    def _b2b_share_stored_files(self, pairs):
        """Point each clone of ``pairs`` ``[(clone id, original id)]`` at the
        stored file of its original. The ORM computes these columns from the
        content only (it would read and hash every file again: a declaration
        covering 500 products is one file)."""
        if not pairs:
            return
        Attachment = self.env["ir.attachment"]
        Attachment.flush_model()
        self.env.cr.execute(
            SQL(
                """
                UPDATE ir_attachment clone
                   SET store_fname = original.store_fname,
                       db_datas = original.db_datas,
                       checksum = original.checksum,
                       file_size = original.file_size
                  FROM unnest(%s::int[], %s::int[]) AS pair(clone_id, original_id)
                  JOIN ir_attachment original ON original.id = pair.original_id
                 WHERE clone.id = pair.clone_id
                """,
                [clone_id for clone_id, _original_id in pairs],
                [original_id for _clone_id, original_id in pairs],
            )
        )
        Attachment.invalidate_model(
            ["store_fname", "db_datas", "checksum", "file_size"]
        )

    # ------------------------------------------------------------------
    # RENEWALS
    # ------------------------------------------------------------------

    @api.model
    def _cron_b2b_request_renewals(self, chunk_size=RENEWAL_CHUNK):
        """Ask the suppliers for new documents ahead of expiry, one chunk per
        call: ir.cron calls again while work remains and commits in between.

        Each due document (current, its renewal due: the end of validity less
        the type's lead time) is claimed by the statement that finds it, so a
        document is never asked twice, whatever runs at the same time. One
        request per supplier and company, sent to its person of contact; what
        an open request asks already gets no second line. Returns the number
        of requests created."""
        today = fields.Date.context_today(self)
        documents = self.browse(self._b2b_claim_renewals(today, chunk_size))
        requests = documents._b2b_create_renewal_requests(today)
        self.env["ir.cron"]._notify_progress(
            done=len(documents),
            remaining=self._b2b_renewals_remaining(today, chunk_size),
        )
        return len(requests)

    @api.model
    def _b2b_due_renewals_sql(self, today):
        return SQL(
            "d.is_current AND d.renewal_requested_date IS NULL"
            " AND d.date_renewal_due IS NOT NULL AND d.date_renewal_due <= %s",
            today,
        )

    @api.model
    def _b2b_claim_renewals(self, today, chunk_size):
        """Claim the due documents of the next suppliers (about ``chunk_size``
        documents, every due document of the last supplier) in one statement;
        returns their ids.

        Suppliers are taken in id order after the supplier of the newest
        renewal request (a run does not walk again over the documents its
        previous chunks claimed), then from the first id. ``FOR UPDATE SKIP
        LOCKED``: a concurrent run claims other documents, never the same."""
        self.flush_model(["is_current", "renewal_requested_date", "date_renewal_due"])
        self.env["b2b.document.request"].flush_model(["origin", "partner_id"])
        cursor = SQL(
            "COALESCE((SELECT partner_id FROM b2b_document_request"
            " WHERE origin = 'renewal' ORDER BY id DESC LIMIT 1), 0)"
        )
        for after in (cursor, SQL("0")):
            self.env.cr.execute(
                SQL(
                    """
                    WITH suppliers AS (
                        SELECT DISTINCT supplier_id FROM (
                            SELECT d.supplier_id FROM b2b_product_document d
                             WHERE %(due)s AND d.supplier_id > %(after)s
                             ORDER BY d.supplier_id LIMIT %(limit)s) picked)
                    UPDATE b2b_product_document SET renewal_requested_date = %(today)s
                     WHERE id IN (SELECT d.id FROM b2b_product_document d
                                   WHERE d.supplier_id IN (SELECT supplier_id
                                                             FROM suppliers)
                                     AND %(due)s
                                     FOR UPDATE SKIP LOCKED)
                 RETURNING id
                    """,
                    due=self._b2b_due_renewals_sql(today),
                    after=after,
                    limit=chunk_size,
                    today=today,
                )
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            if ids:
                self.invalidate_model(["renewal_requested_date"])
                return sorted(ids)
        return []

    @api.model
    def _b2b_renewals_remaining(self, today, chunk_size):
        """How many due documents are left, counted up to one more chunk."""
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM (SELECT 1 FROM b2b_product_document d"
                " WHERE %s LIMIT %s) due",
                self._b2b_due_renewals_sql(today),
                chunk_size,
            )
        )
        return self.env.cr.fetchone()[0]

    def _b2b_create_renewal_requests(self, today):
        """One request per supplier and company for these (claimed) documents,
        without what an open request asks already, sent to each supplier's
        person of contact (left in draft without an email to send to)."""
        Request = self.env["b2b.document.request"]
        documents = self.filtered(
            lambda d: d.document_type_id.active and d.supplier_id.active
        )
        if not documents:
            return Request
        asked = documents._b2b_asked_keys()
        # the products' names sort the lines: read for the whole chunk at once
        documents.product_tmpl_id.fetch(["name", "default_code"])
        groups = {}
        for document in documents:
            key = (document.product_tmpl_id.id, document.document_type_id.id)
            if (document.company_id.id, document.supplier_id.id, *key) in asked:
                continue
            groups.setdefault(
                (document.supplier_id, document.company_id), self.browse()
            )
            groups[(document.supplier_id, document.company_id)] |= document
        if not groups:
            return Request
        requests = Request.with_context(mail_create_nosubscribe=True).create(
            [
                self._b2b_prepare_renewal_request_values(supplier, company, docs, today)
                for (supplier, company), docs in groups.items()
            ]
        )
        sendable = requests.filtered(lambda request: request.contact_id.email)
        if sendable:
            sendable.action_send()
        return requests

    def _b2b_asked_keys(self):
        """``{(company id, supplier id, product id or False, type id)}`` that an
        open request of the suppliers of ``self`` asks already (one query)."""
        lines = (
            self.env["b2b.document.request.line"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", self.supplier_id.ids),
                    ("state", "in", ("requested", "rejected", "answered")),
                    (
                        "request_id.state",
                        "in",
                        ("draft", "sent", "partial", "answered"),
                    ),
                ],
                ["company_id", "partner_id", "product_tmpl_id", "document_type_id"],
            )
        )
        return {
            (
                line.company_id.id,
                line.partner_id.id,
                line.product_tmpl_id.id,
                line.document_type_id.id,
            )
            for line in lines
        }

    def _b2b_prepare_renewal_request_values(self, supplier, company, documents, today):
        """A renewal request of ``supplier`` for ``documents``: the deadline is
        the first end of validity (at least a week ahead), the buyer the one who
        asked for the documents last."""
        ends = [d.date_valid_until for d in documents if d.date_valid_until]
        deadline = max(min(ends), today + timedelta(days=RENEWAL_MIN_DAYS))
        buyers = documents.source_line_id.request_id.user_id | documents.accepted_by_id
        return {
            "partner_id": supplier.id,
            "company_id": company.id,
            "origin": "renewal",
            "date_deadline": deadline,
            "user_id": buyers.filtered("active")[:1].id,
            "line_ids": [
                Command.create(
                    {
                        "product_tmpl_id": document.product_tmpl_id.id,
                        "document_type_id": document.document_type_id.id,
                        "previous_document_id": document.id,
                    }
                )
                for document in documents.sorted(
                    lambda d: (d.product_label or "", d.document_type_id.sequence)
                )
            ],
        }

    def _b2b_submit_renewal(self, answer, uploads, author):
        """A renewal the supplier sends before being asked: it answers the open
        request line asking for it, if any, else a new request of its own
        (origin *Sent by the supplier*); either way it goes to review like an
        answer. Returns the answered line (empty when another submit answered
        it first)."""
        self.ensure_one()
        line = self._b2b_open_renewal_line()
        if not line:
            request = self.env["b2b.document.request"].create(
                {
                    "partner_id": self.supplier_id.id,
                    "company_id": self.company_id.id,
                    "origin": "supplier",
                    "user_id": (
                        self.source_line_id.request_id.user_id | self.accepted_by_id
                    )
                    .filtered("active")[:1]
                    .id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_tmpl_id": self.product_tmpl_id.id,
                                "document_type_id": self.document_type_id.id,
                                "previous_document_id": self.id,
                            }
                        )
                    ],
                }
            )
            request.state = "sent"
            line = request.line_ids
        return line.request_id._b2b_submit_answer({line: answer}, uploads, author)

    def _b2b_open_renewal_line(self):
        """The line of an open request that asks for this document's renewal."""
        self.ensure_one()
        return self.env["b2b.document.request.line"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("partner_id", "=", self.supplier_id.id),
                ("product_tmpl_id", "=", self.product_tmpl_id.id),
                ("document_type_id", "=", self.document_type_id.id),
                ("state", "in", ("requested", "rejected")),
                ("request_id.state", "in", ("sent", "partial")),
            ],
            limit=1,
        )

    def _b2b_keys_under_review(self):
        """The ids of the documents of ``self`` whose renewal waits for our
        review (one query for a page of documents)."""
        lines = self.env["b2b.document.request.line"].search_fetch(
            [
                ("partner_id", "in", self.supplier_id.ids),
                ("document_type_id", "in", self.document_type_id.ids),
                ("state", "=", "answered"),
            ],
            ["company_id", "partner_id", "product_tmpl_id", "document_type_id"],
        )
        keys = {
            (
                line.company_id.id,
                line.partner_id.id,
                line.product_tmpl_id.id,
                line.document_type_id.id,
            )
            for line in lines
        }
        return {
            document.id
            for document in self
            if (
                document.company_id.id,
                document.supplier_id.id,
                document.product_tmpl_id.id,
                document.document_type_id.id,
            )
            in keys
        }

    def _b2b_parse_renewal(self, post, files):
        """Read the renewal form of this document (``file``, ``date_issue``,
        ``date_valid_until``, ``reason``); nothing is written. Returns
        ``(answer, uploads, errors)`` as b2b.document.request._b2b_parse_answer."""
        self.ensure_one()
        Upload = self.env["b2b.document.upload"]
        if not self.is_current:
            return None, {}, [(410, self.env._("This document was replaced already."))]
        if self._b2b_keys_under_review():
            return (
                None,
                {},
                [
                    (
                        409,
                        self.env._(
                            "A renewal of this document is under review already."
                        ),
                    )
                ],
            )
        errors, uploads = [], {}
        if not files.get("file"):
            errors.append((400, self.env._("Choose the file of the new document.")))
        else:
            filename, data = files["file"]
            mimetype, error = Upload._b2b_check_file(filename, data)
            if error:
                errors.append(error)
            else:
                uploads["file"] = (
                    Upload._b2b_file_name(filename, mimetype),
                    data,
                    mimetype,
                )
        reason = Upload._b2b_text(post.get("reason"))
        if reason is None:
            errors.append((400, self.env._("The comment is too long.")))
        date_issue, date_valid_until, error = Upload._b2b_parse_dates(
            post.get("date_issue"),
            post.get("date_valid_until"),
            self._b2b_default_valid_until,
        )
        if error:
            errors.append((400, error))
        if errors:
            return None, {}, errors
        answer = {
            "upload": "file",
            "date_issue": date_issue,
            "date_valid_until": date_valid_until,
            "reason": reason,
        }
        return answer, uploads, []

    def _b2b_default_valid_until(self, date_issue):
        """The end of validity the type proposes for a new document issued on
        ``date_issue`` (empty: no expiry)."""
        self.ensure_one()
        months = self.document_type_id.validity_months
        if not (months and date_issue):
            return False
        return date_issue + relativedelta(months=months)

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------

    def action_open_request(self):
        self.ensure_one()
        return self.request_id._get_records_action(name=self.request_id.name)
