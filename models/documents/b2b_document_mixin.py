# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools.sql import create_index

# the view's id of a document is its id * 10 + the offset of its table (indexed
# by init() below; b2b.thread.document builds these ids)
DOCUMENT_ID_OFFSETS = {
    "sale_order": 1,
    "purchase_order": 2,
    "mrp_production": 3,
    "stock_picking": 4,
    "account_move": 5,
    "account_payment": 6,
}


class B2bDocumentMixin(models.AbstractModel):
    """A business document that can sit on a communication thread.

    A document is linked explicitly (someone chose the thread) or derived (it was
    created from, or paid, a document that is on a thread). Derived links follow
    their origin: when the origin is linked, moved or unlinked, so are the
    documents derived from it, unless they were linked explicitly themselves.
    """

    _name = "b2b.document.mixin"
    _description = "B2B: business document on a thread"

    b2b_thread_id = fields.Many2one(
        comodel_name="b2b.thread",
        string="Communication Thread",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        tracking=True,
        help="The communication thread this document belongs to.",
        # our users only: a partner reading its order must not read the
        # reference and subject of an internal thread, or of another
        # partner's (an order of B on a thread shared with A)
        groups="base.group_user",
    )
    b2b_thread_derived = fields.Boolean(
        string="Derived from a Linked Document",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="Set when the thread link comes from the document this one was created "
        "from; it follows that document.",
    )

    def _auto_init(self):
        """Index the document table on the id b2b.thread.document gives its
        rows: reading documents by id (e.g. the row whose button was clicked)
        then looks them up instead of scanning the table. Partial: documents on
        a thread only. In _auto_init, once the table has its b2b_thread_id
        column (init() is not reached: sale.order's does not call super)."""
        result = super()._auto_init()
        offset = DOCUMENT_ID_OFFSETS.get(self._table)
        if offset and not self._abstract:
            create_index(
                self.env.cr,
                indexname=f"{self._table}_b2b_document_id_idx",
                tablename=self._table,
                expressions=[f"(id * 10 + {offset})"],
                where="b2b_thread_id IS NOT NULL",
            )
        return result

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("b2b_propagating"):
            for vals in vals_list:
                if vals.get("b2b_thread_id"):
                    vals["b2b_thread_derived"] = False
        records = super().create(vals_list)
        # sudo: see write()
        records.filtered("b2b_thread_id").sudo()._b2b_propagate_thread()
        return records

    def write(self, vals):
        if "b2b_thread_id" in vals and not self.env.context.get("b2b_propagating"):
            vals = dict(vals, b2b_thread_derived=False)
            previous = {rec: rec.b2b_thread_id for rec in self}
            res = super().write(vals)
            # sudo: bookkeeping of the thread link only; the user just changed the
            # origin document, its derived documents may belong to other apps
            # (a salesperson confirming an order does not read purchases)
            self.sudo()._b2b_propagate_thread(previous)
            return res
        return super().write(vals)

    # ------------------------------------------------------------------
    # PROPAGATION
    # ------------------------------------------------------------------

    def _b2b_derived_documents(self):
        """Documents derived from ``self``: a list of recordsets (to extend)."""
        return []

    def _b2b_propagate_thread(self, previous=None):
        """Put the documents derived from ``self`` on the same thread as ``self``.

        A derived document is moved only when it has no thread yet or when its
        link is itself derived; explicit links are kept. When an origin leaves
        its thread, documents that were only derived from it leave too.
        """
        previous = previous or {}
        by_thread = {}
        for record in self:
            by_thread.setdefault(record.b2b_thread_id, self.browse())
            by_thread[record.b2b_thread_id] |= record
        for thread, origins in by_thread.items():
            old_threads = {previous.get(rec) for rec in origins} - {None}
            for documents in origins._b2b_derived_documents():
                documents = documents.exists()
                if thread:
                    todo = documents.filtered(
                        lambda d, t=thread: (
                            d.b2b_thread_id != t
                            and (not d.b2b_thread_id or d.b2b_thread_derived)
                        )
                    )
                    values = {"b2b_thread_id": thread.id, "b2b_thread_derived": True}
                else:
                    todo = documents.filtered(
                        lambda d, olds=old_threads: (
                            d.b2b_thread_derived
                            and (not olds or d.b2b_thread_id in olds)
                        )
                    )
                    values = {"b2b_thread_id": False, "b2b_thread_derived": False}
                if todo:
                    todo.with_context(b2b_propagating=True).write(values)
                    # documents derived from derived documents (receipts of a PO
                    # bought for a sale, payments of an invoice...)
                    todo._b2b_propagate_thread()

    def _b2b_sync_derived(self):
        """Hook for actions that create derived documents (confirm, invoice...)."""
        # sudo: see write()
        self.filtered("b2b_thread_id").sudo()._b2b_propagate_thread()

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------

    def action_open_b2b_thread(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "b2b.thread",
            "res_id": self.b2b_thread_id.id,
            "view_mode": "form",
        }
