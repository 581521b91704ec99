# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

DOCUMENT_TYPES = [
    ("quotation", "Quotation"),
    ("sale_order", "Sales Order"),
    ("rfq", "Request for Quotation"),
    ("purchase_order", "Purchase Order"),
    ("production", "Manufacturing Order"),
    ("delivery", "Delivery"),
    ("receipt", "Receipt"),
    ("transfer", "Transfer"),
    ("invoice", "Invoice"),
    ("credit_note", "Credit Note"),
    ("bill", "Vendor Bill"),
    ("refund", "Vendor Refund"),
    ("entry", "Journal Entry"),
    ("payment", "Payment"),
]
DOCUMENT_MODELS = [
    "sale.order",
    "purchase.order",
    "mrp.production",
    "stock.picking",
    "account.move",
    "account.payment",
]

# one SELECT per document table (model, its alias, the SELECT); no user input
# goes into this SQL; each one ends with its WHERE clause, to which the view
# adds the record rules of the document model for the user
DOCUMENT_QUERIES = [
    (
        "sale.order",
        "so",
        """
    SELECT so.id * 10 + 1 AS id, so.b2b_thread_id AS thread_id,
           so.company_id, 'sale.order' AS res_model, so.id AS res_id,
           CASE WHEN so.state IN ('draft', 'sent') THEN 'quotation'
                ELSE 'sale_order' END AS document_type,
           so.name, so.partner_id, so.date_order AS date,
           so.amount_total AS amount, so.currency_id, so.state,
           so.b2b_thread_derived AS is_derived,
           'sale.order/' || so.state AS state_label
      FROM sale_order so WHERE so.b2b_thread_id IS NOT NULL""",
    ),
    (
        "purchase.order",
        "po",
        """
    SELECT po.id * 10 + 2,
           po.b2b_thread_id, po.company_id, 'purchase.order', po.id,
           CASE WHEN po.state IN ('draft', 'sent', 'to approve') THEN 'rfq'
                ELSE 'purchase_order' END,
           po.name, po.partner_id, po.date_order, po.amount_total,
           po.currency_id, po.state, po.b2b_thread_derived,
           'purchase.order/' || po.state
      FROM purchase_order po WHERE po.b2b_thread_id IS NOT NULL""",
    ),
    (
        "mrp.production",
        "mp",
        """
    SELECT mp.id * 10 + 3,
           mp.b2b_thread_id, mp.company_id, 'mrp.production', mp.id,
           'production', mp.name, NULL, mp.date_start, NULL, NULL, mp.state,
           mp.b2b_thread_derived, 'mrp.production/' || mp.state
      FROM mrp_production mp WHERE mp.b2b_thread_id IS NOT NULL""",
    ),
    (
        "stock.picking",
        "sp",
        """
    SELECT sp.id * 10 + 4,
           sp.b2b_thread_id, sp.company_id, 'stock.picking', sp.id,
           CASE spt.code WHEN 'outgoing' THEN 'delivery'
                         WHEN 'incoming' THEN 'receipt' ELSE 'transfer' END,
           sp.name, sp.partner_id, sp.scheduled_date, NULL, NULL, sp.state,
           sp.b2b_thread_derived, 'stock.picking/' || sp.state
      FROM stock_picking sp
      JOIN stock_picking_type spt ON spt.id = sp.picking_type_id
     WHERE sp.b2b_thread_id IS NOT NULL""",
    ),
    (
        "account.move",
        "am",
        """
    SELECT am.id * 10 + 5,
           am.b2b_thread_id, am.company_id, 'account.move', am.id,
           CASE am.move_type
                WHEN 'out_invoice' THEN 'invoice'
                WHEN 'out_refund' THEN 'credit_note'
                WHEN 'in_invoice' THEN 'bill'
                WHEN 'in_refund' THEN 'refund' ELSE 'entry' END,
           am.name, am.partner_id,
           COALESCE(am.invoice_date, am.date)::timestamp,
           am.amount_total, am.currency_id, am.state, am.b2b_thread_derived,
           'account.move/' || am.state
      FROM account_move am WHERE am.b2b_thread_id IS NOT NULL""",
    ),
    (
        "account.payment",
        "ap",
        """
    SELECT ap.id * 10 + 6,
           ap.b2b_thread_id, ap.company_id, 'account.payment', ap.id,
           'payment', ap.name, ap.partner_id, ap.date::timestamp, ap.amount,
           ap.currency_id, ap.state, ap.b2b_thread_derived,
           'account.payment/' || ap.state
      FROM account_payment ap WHERE ap.b2b_thread_id IS NOT NULL""",
    ),
]


class B2bThreadDocument(models.Model):
    """Every business document on a thread, linked or derived, in one list.

    A read-only SQL view over the six document tables: reading a thread's
    documents is one indexed query whatever their number.
    """

    _name = "b2b.thread.document"
    _description = "B2B Thread Document"
    _auto = False
    _order = "date desc, id desc"
    # what the view reads: searching it first writes pending changes of these
    _depends = {
        "sale.order": [
            "b2b_thread_id",
            "company_id",
            "state",
            "name",
            "partner_id",
            "date_order",
            "amount_total",
            "currency_id",
            "b2b_thread_derived",
        ],
        "purchase.order": [
            "b2b_thread_id",
            "company_id",
            "state",
            "name",
            "partner_id",
            "date_order",
            "amount_total",
            "currency_id",
            "b2b_thread_derived",
        ],
        "mrp.production": [
            "b2b_thread_id",
            "company_id",
            "name",
            "date_start",
            "state",
            "b2b_thread_derived",
        ],
        "stock.picking": [
            "b2b_thread_id",
            "company_id",
            "picking_type_id",
            "name",
            "partner_id",
            "scheduled_date",
            "state",
            "b2b_thread_derived",
        ],
        "stock.picking.type": ["code"],
        "account.move": [
            "b2b_thread_id",
            "company_id",
            "move_type",
            "name",
            "partner_id",
            "invoice_date",
            "date",
            "amount_total",
            "currency_id",
            "state",
            "b2b_thread_derived",
        ],
        "account.payment": [
            "b2b_thread_id",
            "company_id",
            "name",
            "partner_id",
            "date",
            "amount",
            "currency_id",
            "state",
            "b2b_thread_derived",
        ],
    }

    thread_id = fields.Many2one(comodel_name="b2b.thread", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Document", model_field="res_model", readonly=True
    )
    document_type = fields.Selection(
        selection=DOCUMENT_TYPES, string="Type", readonly=True
    )
    name = fields.Char(string="Reference", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", readonly=True)
    date = fields.Datetime(readonly=True)
    amount = fields.Monetary(currency_field="currency_id", readonly=True)
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    state = fields.Char(string="Technical Status", readonly=True)
    state_label = fields.Selection(
        selection="_selection_state_label", string="Status", readonly=True
    )
    is_derived = fields.Boolean(string="Derived", readonly=True)

    @property
    def _table_query(self):
        return SQL(" UNION ALL ").join(
            SQL("%s%s", SQL(query), self._b2b_rules_condition(model, alias))
            for model, alias, query in DOCUMENT_QUERIES
        )

    def _b2b_rules_condition(self, model, alias):
        """What the SELECT of ``model`` (its table as ``alias``) adds to its WHERE
        clause: only the documents the user may read by the record rules of
        their own model (e.g. a salesperson's own orders and invoices), as a
        subquery of that model's _search, in the same SQL query. Nothing under
        sudo or without rules for the user; the kinds of documents the user may
        not read at all are left out by _search."""
        if self.env.su or not self.env["ir.rule"]._compute_domain(model, "read"):
            return SQL()
        if not self.env[model].has_access("read"):
            return SQL(" AND FALSE")
        accessible = self.env[model]._search([])
        return SQL(" AND %s IN %s", SQL.identifier(alias, "id"), accessible.subselect())

    @api.model
    def _selection_state_label(self):
        """Every status of the document models, in the user's language, keyed
        'model/state': the view gives each document its key, so the list shows
        the status without computing anything per document."""
        return [
            (f"{model}/{state}", label)
            for model in DOCUMENT_MODELS
            for state, label in self.env[model]
            ._fields["state"]
            ._description_selection(self.env)
        ]

    @api.model
    def _b2b_readable_models(self):
        return [
            model for model in DOCUMENT_MODELS if self.env[model].has_access("read")
        ]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Only list the kinds of documents the user may read."""
        readable = self._b2b_readable_models()
        domain = [("res_model", "in", readable), *domain]
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        """Fetch every column with the search: documents are searched to be
        shown (the thread's list reads them all right after), and a second
        query by id would filter the view on computed ids."""
        columns = [name for name, field in self._fields.items() if field.column_type]
        return super().search_fetch(
            domain, list({*field_names, *columns}), offset, limit, order
        )

    def action_open_document(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }
