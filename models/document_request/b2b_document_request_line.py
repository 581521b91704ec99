# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

LINE_STATES = [
    ("requested", "Requested"),
    ("answered", "To Review"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("not_applicable", "Not Applicable"),
]
# what the supplier still has to answer
OPEN_LINE_STATES = ("requested", "rejected")
# what needs nothing more from anybody
CLOSED_LINE_STATES = ("accepted", "not_applicable")


class B2bDocumentRequestLine(models.Model):
    """One document asked of a supplier: a type, for a product (or for the
    supplier itself), answered with a file and its validity or as not applicable,
    then accepted into the compliance file or rejected back to the supplier."""

    _name = "b2b.document.request.line"
    _inherit = ["b2b.document.validity.mixin", "b2b.document.audit.mixin"]
    _b2b_audit_fields = (
        "answered_by_id",
        "date_answered",
        "reviewed_by_id",
        "date_reviewed",
        "document_id",
        "previous_document_id",
    )
    _description = "B2B Document Request Line"
    _order = "request_id, sequence, id"
    _check_company_auto = True
    _rec_names_search = ["product_tmpl_id.name", "document_type_id.name"]

    request_id = fields.Many2one(
        comodel_name="b2b.document.request",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        related="request_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        related="request_id.partner_id",
        string="Supplier",
        store=True,
        index=True,
        precompute=True,
    )
    # partners read the product's name through product_label (they may not
    # read our products: a Many2one would give its name as superuser)
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template",
        string="Product",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        groups="base.group_user",
    )
    product_label = fields.Char(
        string="Product Name", compute="_compute_product_label", compute_sudo=True
    )
    document_type_id = fields.Many2one(
        comodel_name="b2b.document.type",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    scope = fields.Selection(related="document_type_id.scope")
    state = fields.Selection(
        selection=LINE_STATES,
        string="Status",
        required=True,
        default="requested",
        index=True,
        copy=False,
    )
    date_issue = fields.Date(string="Issue Date", copy=False)
    date_valid_until = fields.Date(
        string="Valid Until",
        compute="_compute_date_valid_until",
        store=True,
        readonly=False,
        copy=False,
        help="Proposed from the issue date and the type's validity.",
    )
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="b2b_document_request_line_ir_attachment_rel",
        column1="line_id",
        column2="attachment_id",
        string="Files",
        copy=False,
        # our users' field: a supplier may not read the files' records (its
        # pages list them as superuser, see controllers/document_request.py);
        # Odoo names linked records as superuser
        groups="base.group_user",
    )
    reason = fields.Text(
        string="Supplier's Comment",
        copy=False,
        help="The supplier's comment, or why the document does not apply.",
    )
    rejection_reason = fields.Text(copy=False)
    answered_by_id = fields.Many2one(
        comodel_name="res.partner", readonly=True, copy=False
    )
    date_answered = fields.Datetime(string="Answered On", readonly=True, copy=False)
    reviewed_by_id = fields.Many2one(
        comodel_name="res.users",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )
    date_reviewed = fields.Datetime(string="Reviewed On", readonly=True, copy=False)
    document_id = fields.Many2one(
        comodel_name="b2b.product.document",
        string="Document on File",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    previous_document_id = fields.Many2one(
        comodel_name="b2b.product.document",
        string="Renewal Of",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )

    # ------------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------------

    @api.depends("product_tmpl_id")
    def _compute_product_label(self):
        for line in self:
            line.product_label = line.product_tmpl_id.display_name or False

    @api.depends("document_type_id", "product_tmpl_id")
    def _compute_display_name(self):
        for line in self:
            label = line.sudo().product_label
            line.display_name = (
                f"{line.document_type_id.name} - {label}"
                if label
                else line.document_type_id.name
            )

    @api.depends("date_issue", "document_type_id.validity_months")
    def _compute_date_valid_until(self):
        for line in self:
            if line.date_issue:
                line.date_valid_until = line._b2b_default_valid_until(line.date_issue)

    def _b2b_default_valid_until(self, date_issue):
        """The end of validity the type proposes for a document issued on
        ``date_issue`` (empty: no expiry)."""
        self.ensure_one()
        months = self.document_type_id.validity_months
        if not (months and date_issue):
            return False
        return date_issue + relativedelta(months=months)

    def _b2b_portal_previous(self):
        """What the request's page says of the document on file this line
        renews, in the reader's language."""
        self.ensure_one()
        previous = self.previous_document_id
        if not previous.date_valid_until:
            return ""
        date = format_date(self.env, previous.date_valid_until)
        if previous.state == "expired":
            return self.env._("The document on file expired on %(date)s.", date=date)
        return self.env._("The document on file is valid until %(date)s.", date=date)

    def _b2b_portal_validity(self):
        self.ensure_one()
        if not self.date_valid_until:
            return ""
        return self.env._(
            "Valid until %(date)s.", date=format_date(self.env, self.date_valid_until)
        )

    # ------------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------------

    @api.constrains("request_id", "product_tmpl_id", "document_type_id")
    def _check_unique_in_request(self):
        lines = self.sudo()
        siblings = lines.search([("request_id", "in", lines.request_id.ids)])
        seen = set()
        for line in siblings:
            key = (
                line.request_id.id,
                line.product_tmpl_id.id,
                line.document_type_id.id,
            )
            if key in seen:
                raise ValidationError(
                    self.env._(
                        "%(document)s is asked twice in %(request)s.",
                        document=line.display_name,
                        request=line.request_id.name,
                    )
                )
            seen.add(key)

    # ------------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------------

    def write(self, vals):
        res = super().write(vals)
        if "attachment_ids" in vals:
            self._b2b_attach_files()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # asked, not answered nor reviewed yet: what the workflow records
            # later is no value of a new line (the renewal it asks for is)
            self._b2b_check_audit_fields(
                {key: value for key, value in vals.items() if value}.keys()
                - {"previous_document_id"}
            )
        lines = super().create(vals_list)
        lines.filtered("attachment_ids")._b2b_attach_files()
        return lines

    def _b2b_attach_files(self):
        """Files linked to no record belong to the line (their access follows
        the line's); a file shared by several lines stays on the first."""
        stray = self.attachment_ids.filtered(lambda a: not a.res_id)
        for line in self:
            # sudo: files the user just uploaded for a line it may write
            (line.attachment_ids & stray).sudo().write(
                {"res_model": line._name, "res_id": line.id}
            )
            stray -= line.attachment_ids

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(line.request_id.state not in ("draft", "cancelled") for line in self):
            raise UserError(
                self.env._(
                    "Lines of a sent request cannot be deleted: cancel the request "
                    "instead."
                )
            )

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------

    def action_accept(self):
        """Accept the answered documents: each goes into the compliance file as
        the current document of its supplier, product and type."""
        if any(line.state != "answered" for line in self):
            raise UserError(self.env._("Only documents to review can be accepted."))
        if any(not line.attachment_ids for line in self):
            raise UserError(self.env._("Attach the document's file first."))
        self.check_access("write")
        self._b2b_accept()
        return True

    def action_reject(self):
        """Ask for the reason (the supplier reads it)."""
        if any(line.state not in ("answered", "not_applicable") for line in self):
            raise UserError(
                self.env._("Only answered documents can be sent back to the supplier.")
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_document_reject_wizard_action"
        )
        action["context"] = {"default_line_ids": self.ids}
        return action

    def action_open_request(self):
        self.ensure_one()
        return self.request_id._get_records_action(name=self.request_id.name)

    # ------------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------------

    def _b2b_accept(self, automatic=False):
        """Put the documents of these answered lines on file; ``automatic``:
        types without review, accepted when the supplier sends them."""
        now = fields.Datetime.now()
        user = self.env["res.users"] if automatic else self.env.user
        # sudo: the reviewer may accept (checked by the caller); the compliance
        # file and the files' copies are written for the supplier's documents
        documents = (
            self.env["b2b.product.document"]
            .sudo()
            .create([line._b2b_prepare_document_values(user, now) for line in self])
        )
        documents._b2b_clone_files_of(self)
        for line, document in zip(self, documents, strict=True):
            # sudo: the review's record (b2b.document.audit.mixin), as above
            line.sudo().write(
                {
                    "state": "accepted",
                    "document_id": document.id,
                    "reviewed_by_id": user.id,
                    "date_reviewed": now,
                }
            )
        self.request_id._b2b_after_review(self, "accepted")
        return documents

    def _b2b_prepare_document_values(self, user, now):
        self.ensure_one()
        return {
            "supplier_id": self.partner_id.id,
            "product_tmpl_id": self.sudo().product_tmpl_id.id,
            "document_type_id": self.document_type_id.id,
            "date_issue": self.date_issue,
            "date_valid_until": self.date_valid_until,
            "source_line_id": self.id,
            "company_id": self.company_id.id,
            "accepted_by_id": user.id,
            "date_accepted": now,
        }

    def _b2b_reject(self, reason):
        """Send these lines back to the supplier with ``reason``; the request's
        person of contact is notified."""
        self.check_access("write")
        # sudo: the review's record (b2b.document.audit.mixin), by a reviewer
        # who may change these lines (checked above)
        self.sudo().write(
            {
                "state": "rejected",
                "rejection_reason": reason,
                "reviewed_by_id": self.env.user.id,
                "date_reviewed": fields.Datetime.now(),
            }
        )
        self.request_id._b2b_after_review(self, "rejected")

    def _b2b_prepare_answer_values(self, answer, author, now):
        """The values of an answer of the supplier (see
        b2b.document.request._b2b_parse_answer)."""
        self.ensure_one()
        if answer.get("not_applicable"):
            return {
                "state": "not_applicable",
                "reason": answer["reason"],
                "answered_by_id": author.id,
                "date_answered": now,
                "rejection_reason": False,
            }
        return {
            "state": "answered",
            "date_issue": answer["date_issue"],
            "date_valid_until": answer["date_valid_until"],
            "reason": answer.get("reason") or False,
            "answered_by_id": author.id,
            "date_answered": now,
            "rejection_reason": False,
        }
