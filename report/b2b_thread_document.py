# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from ..models.documents.b2b_document_mixin import DOCUMENT_ID_OFFSETS

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
# what the rows of each document model show that differs between the models:
# the alias of its table, the SQL of these columns (NULL when missing; no user
# input goes into this SQL) and a join. What every document shows (thread,
# company, name, status...) is in B2bThreadDocument._b2b_document_query.
DOCUMENT_COLUMNS = {
    "sale.order": {
        "alias": "so",
        "document_type": """CASE WHEN so.state IN ('draft', 'sent') THEN 'quotation'
                ELSE 'sale_order' END""",
        "partner_id": "so.partner_id",
        "date": "so.date_order",
        "amount": "so.amount_total",
        "currency_id": "so.currency_id",
    },
    "purchase.order": {
        "alias": "po",
        "document_type": """CASE WHEN po.state IN ('draft', 'sent', 'to approve')
                THEN 'rfq' ELSE 'purchase_order' END""",
        "partner_id": "po.partner_id",
        "date": "po.date_order",
        "amount": "po.amount_total",
        "currency_id": "po.currency_id",
    },
    "mrp.production": {
        "alias": "mp",
        "document_type": "'production'",
        "date": "mp.date_start",
    },
    "stock.picking": {
        "alias": "sp",
        "document_type": """CASE spt.code WHEN 'outgoing' THEN 'delivery'
                WHEN 'incoming' THEN 'receipt' ELSE 'transfer' END""",
        "partner_id": "sp.partner_id",
        "date": "sp.scheduled_date",
        "join": "JOIN stock_picking_type spt ON spt.id = sp.picking_type_id",
    },
    "account.move": {
        "alias": "am",
        "document_type": """CASE am.move_type
                WHEN 'out_invoice' THEN 'invoice'
                WHEN 'out_refund' THEN 'credit_note'
                WHEN 'in_invoice' THEN 'bill'
                WHEN 'in_refund' THEN 'refund' ELSE 'entry' END""",
        "partner_id": "am.partner_id",
        "date": "COALESCE(am.invoice_date, am.date)::timestamp",
        "amount": "am.amount_total",
        "currency_id": "am.currency_id",
    },
    "account.payment": {
        "alias": "ap",
        "document_type": "'payment'",
        "partner_id": "ap.partner_id",
        "date": "ap.date::timestamp",
        "amount": "ap.amount",
        "currency_id": "ap.currency_id",
    },
}
DOCUMENT_MODELS = list(DOCUMENT_COLUMNS)
# what the view reads of every document model (see _depends)
DOCUMENT_FIELDS = ["b2b_thread_id", "b2b_thread_derived", "company_id", "name", "state"]


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
            *DOCUMENT_FIELDS,
            "partner_id",
            "date_order",
            "amount_total",
            "currency_id",
        ],
        "purchase.order": [
            *DOCUMENT_FIELDS,
            "partner_id",
            "date_order",
            "amount_total",
            "currency_id",
        ],
        "mrp.production": [*DOCUMENT_FIELDS, "date_start"],
        "stock.picking": [
            *DOCUMENT_FIELDS,
            "picking_type_id",
            "partner_id",
            "scheduled_date",
        ],
        "stock.picking.type": ["code"],
        "account.move": [
            *DOCUMENT_FIELDS,
            "move_type",
            "partner_id",
            "invoice_date",
            "date",
            "amount_total",
            "currency_id",
        ],
        "account.payment": [
            *DOCUMENT_FIELDS,
            "partner_id",
            "date",
            "amount",
            "currency_id",
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
            self._b2b_document_query(model) for model in DOCUMENT_COLUMNS
        )

    def _b2b_document_query(self, model):
        """The SELECT of the documents of ``model`` on a thread that the user
        may read (what differs between the models: DOCUMENT_COLUMNS). A row's
        id is the document's id * 10 + the offset of its table, the expression
        of the index of b2b.document.mixin."""
        columns = DOCUMENT_COLUMNS[model]
        alias = columns["alias"]
        table = self.env[model]._table
        return SQL(
            """
    SELECT %(alias)s.id * 10 + %(offset)s AS id,
           %(alias)s.b2b_thread_id AS thread_id, %(alias)s.company_id,
           %(model)s AS res_model, %(alias)s.id AS res_id,
           %(document_type)s AS document_type, %(alias)s.name,
           %(partner_id)s AS partner_id, %(date)s AS date, %(amount)s AS amount,
           %(currency_id)s AS currency_id, %(alias)s.state,
           %(alias)s.b2b_thread_derived AS is_derived,
           %(model)s || '/' || %(alias)s.state AS state_label
      FROM %(table)s %(alias)s %(join)s
     WHERE %(alias)s.b2b_thread_id IS NOT NULL%(rules)s""",
            alias=SQL.identifier(alias),
            offset=DOCUMENT_ID_OFFSETS[table],
            model=model,
            document_type=SQL(columns["document_type"]),
            partner_id=SQL(columns.get("partner_id", "NULL")),
            date=SQL(columns["date"]),
            amount=SQL(columns.get("amount", "NULL")),
            currency_id=SQL(columns.get("currency_id", "NULL")),
            table=SQL.identifier(table),
            join=SQL(columns.get("join", "")),
            rules=self._b2b_rules_condition(model, alias),
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
    def _search(self, domain, *args, **kwargs):
        """Only list the kinds of documents the user may read."""
        readable = self._b2b_readable_models()
        domain = [("res_model", "in", readable), *domain]
        return super()._search(domain, *args, **kwargs)

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
