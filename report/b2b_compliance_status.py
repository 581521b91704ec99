# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

COMPLIANCE_STATUSES = [
    ("valid", "Valid"),
    ("expiring", "Expiring Soon"),
    ("expired", "Expired"),
    ("requested", "Requested"),
    ("missing", "Missing"),
]
# ids: the supplier's id times this, plus the row's rank within the supplier
# (a filter on the supplier reaches the rows of that supplier only)
ROWS_PER_SUPPLIER = 2**21


class B2bComplianceStatus(models.Model):
    """Where each supplier stands with each document it owes us: one row per
    supplier, product (empty for documents covering the supplier) and document
    type that is required (the product's or its category's types, for every
    supplier of the product in its vendor pricelist), on file or asked.

    Status: valid, expiring soon (within the type's renewal lead time), expired
    (the current document), requested (nothing on file, asked) or missing."""

    _name = "b2b.compliance.status"
    _description = "B2B Compliance Status"
    _auto = False
    _order = "id"
    _rec_name = "document_type_id"
    _depends = {
        "b2b.product.document": [
            "company_id",
            "supplier_id",
            "product_tmpl_id",
            "document_type_id",
            "is_current",
            "date_issue",
            "date_valid_until",
            "date_renewal_due",
        ],
        "b2b.document.request.line": [
            "company_id",
            "partner_id",
            "product_tmpl_id",
            "document_type_id",
            "state",
            "request_id",
        ],
        "b2b.document.request": ["state"],
        "b2b.document.type": ["active", "scope", "company_id"],
        "product.supplierinfo": ["partner_id", "product_tmpl_id", "company_id"],
        "product.template": [
            "active",
            "categ_id",
            "company_id",
            "b2b_document_type_ids",
        ],
        "product.category": ["parent_path", "b2b_document_type_ids"],
        "res.partner": ["commercial_partner_id", "active"],
    }

    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    supplier_id = fields.Many2one(comodel_name="res.partner", readonly=True)
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template", string="Product", readonly=True
    )
    document_type_id = fields.Many2one(comodel_name="b2b.document.type", readonly=True)
    scope = fields.Selection(
        selection=[("product", "Per Product"), ("supplier", "Per Supplier")],
        readonly=True,
    )
    status = fields.Selection(selection=COMPLIANCE_STATUSES, readonly=True)
    is_required = fields.Boolean(
        string="Required",
        readonly=True,
        help="Required by the product or its category (not only on file).",
    )
    is_requested = fields.Boolean(
        string="Requested",
        readonly=True,
        help="An open request asks the supplier for this document.",
    )
    document_id = fields.Many2one(
        comodel_name="b2b.product.document", string="Document on File", readonly=True
    )
    date_issue = fields.Date(string="Issue Date", readonly=True)
    date_valid_until = fields.Date(string="Valid Until", readonly=True)
    request_line_id = fields.Many2one(
        comodel_name="b2b.document.request.line", readonly=True
    )
    request_id = fields.Many2one(comodel_name="b2b.document.request", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT r.supplier_id::bigint * %(rows)s + row_number() OVER (
                       PARTITION BY r.supplier_id
                       ORDER BY r.company_id, r.product_tmpl_id NULLS FIRST,
                                r.document_type_id) AS id,
                   r.*
              FROM (%(rows_query)s) r
            """,
            rows=ROWS_PER_SUPPLIER,
            rows_query=self._b2b_rows_query(),
        )

    @api.model
    def _b2b_rows_query(self, supplier_ids=None, product_tmpl_ids=None):
        """The rows (without id) in one query, as of today (the user's day),
        restricted to ``supplier_ids`` or ``product_tmpl_ids`` when given (the
        counters of the supplier and product forms).

        Keys come from three places, merged by one aggregate: what is required
        (the vendor pricelists of active products times the types of the
        product and of its category and parent categories; documents per
        supplier once per supplier, for every company when the pricelist line
        has none), the current documents on file and the lines of open
        requests. Then the document and the line are read by their id."""
        today = fields.Date.context_today(self)

        def restrict(supplier_column, product_column):
            conditions = []
            if supplier_ids is not None:
                conditions.append(
                    SQL("%s IN %s", supplier_column, tuple(supplier_ids) or (0,))
                )
            if product_tmpl_ids is not None:
                conditions.append(
                    SQL("%s IN %s", product_column, tuple(product_tmpl_ids) or (0,))
                )
            return SQL(" AND ").join(conditions) if conditions else SQL("TRUE")

        return SQL(
            """
            WITH category_types AS (
                SELECT c.id AS category_id, rel.document_type_id
                  FROM product_category c
                  JOIN product_category ancestor
                    ON starts_with(c.parent_path, ancestor.parent_path)
                  JOIN b2b_document_type_product_category_rel rel
                    ON rel.category_id = ancestor.id
            ), supplied AS (
                SELECT DISTINCT partner.commercial_partner_id AS supplier_id,
                       info.product_tmpl_id, company.id AS company_id
                  FROM product_supplierinfo info
                  JOIN res_partner partner ON partner.id = info.partner_id
                  JOIN product_template template ON template.id = info.product_tmpl_id
                  JOIN res_company company
                    ON company.id = COALESCE(info.company_id, template.company_id,
                                             company.id)
                 WHERE template.active AND partner.active AND %(supplied)s
            ), required AS (
                SELECT s.company_id, s.supplier_id,
                       CASE WHEN t.scope = 'product' THEN s.product_tmpl_id END
                           AS product_tmpl_id,
                       t.id AS document_type_id
                  FROM supplied s
                  JOIN product_template template ON template.id = s.product_tmpl_id
                  JOIN (SELECT product_tmpl_id, document_type_id
                          FROM b2b_document_type_product_template_rel
                         UNION
                        SELECT template.id, category_types.document_type_id
                          FROM product_template template
                          JOIN category_types
                            ON category_types.category_id = template.categ_id
                       ) needed ON needed.product_tmpl_id = s.product_tmpl_id
                  JOIN b2b_document_type t
                    ON t.id = needed.document_type_id AND t.active
                   AND (t.company_id IS NULL OR t.company_id = s.company_id)
                 WHERE t.scope = 'product' OR %(supplier_scope)s
            ), keyed AS (
                SELECT company_id, supplier_id, product_tmpl_id, document_type_id,
                       bool_or(is_required) AS is_required,
                       max(document_id) AS document_id,
                       max(line_id) AS request_line_id
                  FROM (SELECT company_id, supplier_id, product_tmpl_id,
                               document_type_id, TRUE AS is_required,
                               NULL::int AS document_id, NULL::int AS line_id
                          FROM required
                         UNION ALL
                        SELECT d.company_id, d.supplier_id, d.product_tmpl_id,
                               d.document_type_id, FALSE, d.id, NULL
                          FROM b2b_product_document d
                         WHERE d.is_current AND %(documents)s
                         UNION ALL
                        SELECT l.company_id, l.partner_id, l.product_tmpl_id,
                               l.document_type_id, FALSE, NULL, l.id
                          FROM b2b_document_request_line l
                          JOIN b2b_document_request request
                            ON request.id = l.request_id
                         WHERE l.state IN ('requested', 'rejected', 'answered')
                           AND request.state IN ('sent', 'partial', 'answered')
                           AND %(lines)s
                       ) k
                 GROUP BY company_id, supplier_id, product_tmpl_id, document_type_id
            )
            SELECT k.company_id, k.supplier_id, k.product_tmpl_id, k.document_type_id,
                   t.scope, k.is_required,
                   k.request_line_id IS NOT NULL AS is_requested,
                   k.document_id, d.date_issue, d.date_valid_until,
                   k.request_line_id, line.request_id,
                   CASE WHEN d.id IS NULL AND k.request_line_id IS NOT NULL
                            THEN 'requested'
                        WHEN d.id IS NULL THEN 'missing'
                        WHEN d.date_valid_until < %(today)s THEN 'expired'
                        WHEN d.date_renewal_due <= %(today)s THEN 'expiring'
                        ELSE 'valid' END AS status
              FROM keyed k
              JOIN b2b_document_type t ON t.id = k.document_type_id
              LEFT JOIN b2b_product_document d ON d.id = k.document_id
              LEFT JOIN b2b_document_request_line line ON line.id = k.request_line_id
            """,
            supplied=restrict(
                SQL("partner.commercial_partner_id"), SQL("info.product_tmpl_id")
            ),
            # a product's counters list its own documents
            supplier_scope=SQL("FALSE")
            if product_tmpl_ids is not None
            else SQL("TRUE"),
            documents=restrict(SQL("d.supplier_id"), SQL("d.product_tmpl_id")),
            lines=restrict(SQL("l.partner_id"), SQL("l.product_tmpl_id")),
            today=today,
        )

    @api.model
    def _b2b_counts(self, field_name, ids):
        """``{id: {"required": n, "valid": n, "issues": n}}`` of the suppliers
        (``field_name`` ``supplier_id``) or products (``product_tmpl_id``) of
        ``ids`` in the user's companies: the required documents, those valid
        (expiring soon included) and those needing something (missing,
        requested, expired, expiring soon)."""
        counts = defaultdict(lambda: {"required": 0, "valid": 0, "issues": 0})
        if not ids:
            return counts
        restriction = (
            {"supplier_ids": ids}
            if field_name == "supplier_id"
            else {"product_tmpl_ids": ids}
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT r.%(column)s, r.status, count(*)
                  FROM (%(rows)s) r
                 WHERE r.company_id IN %(companies)s AND r.is_required
                 GROUP BY r.%(column)s, r.status
                """,
                column=SQL.identifier(field_name),
                rows=self._b2b_rows_query(**restriction),
                companies=tuple(self.env.companies.ids),
            )
        )
        for record_id, status, count in self.env.cr.fetchall():
            entry = counts[record_id]
            entry["required"] += count
            if status in ("valid", "expiring"):
                entry["valid"] += count
            if status != "valid":
                entry["issues"] += count
        return counts
