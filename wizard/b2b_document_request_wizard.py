# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

# how many rows the wizard's preview lists (the requests get them all)
PREVIEW_LIMIT = 50
DEFAULT_DEADLINE_DAYS = 14


class B2bDocumentRequestWizard(models.TransientModel):
    """Ask for documents: from a supplier (its products), from products or a
    product category (their suppliers, one request each), or from a purchase
    order (its supplier and products). Only what is missing, expired or
    expiring soon and not asked already becomes a line."""

    _name = "b2b.document.request.wizard"
    _description = "B2B: ask suppliers for documents"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Supplier",
        domain="[('is_company', '=', True)]",
        help="Leave empty to ask every supplier of the products (from their "
        "vendor pricelists), one request each.",
    )
    product_tmpl_ids = fields.Many2many(
        comodel_name="product.template",
        string="Products",
        help="Leave empty to ask the supplier for all the products it supplies.",
    )
    categ_id = fields.Many2one(
        comodel_name="product.category",
        string="Product Category",
        help="Also the products of this category and its subcategories.",
    )
    purchase_order_id = fields.Many2one(comodel_name="purchase.order", readonly=True)
    document_type_ids = fields.Many2many(
        comodel_name="b2b.document.type",
        string="Only These Documents",
        help="Leave empty to ask for every document the products require.",
    )
    include_expiring = fields.Boolean(
        string="Renew Documents Expiring Soon",
        default=True,
        help="Also ask for the documents on file that expire within their "
        "type's renewal lead time.",
    )
    date_deadline = fields.Date(
        string="Deadline",
        default=lambda self: (
            fields.Date.context_today(self) + timedelta(days=DEFAULT_DEADLINE_DAYS)
        ),
    )
    contact_id = fields.Many2one(
        comodel_name="res.partner",
        string="Person of Contact",
        domain="[('id', 'child_of', partner_id)]",
        help="Default: the supplier's person of contact.",
    )
    thread_id = fields.Many2one(
        comodel_name="b2b.thread",
        domain="[('commercial_partner_id', '=', partner_id)]",
        help="The thread whose chatter follows the request.",
    )
    note = fields.Text(string="Message to the Supplier")
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda self: self.env.company
    )
    need_count = fields.Integer(
        string="Documents to Ask", compute="_compute_plan_preview"
    )
    supplier_count = fields.Integer(compute="_compute_plan_preview")
    plan_summary = fields.Char(compute="_compute_plan_preview")
    preview = fields.Html(compute="_compute_plan_preview", sanitize=False)

    @api.model
    def _b2b_action(self, **defaults):
        """The wizard's window, with ``defaults`` (field: value)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_document_request_wizard_action"
        )
        action["context"] = {
            f"default_{name}": value for name, value in defaults.items()
        }
        return action

    @api.model
    def default_get(self, fields_list):
        """From the action menus: the products, categories or order selected."""
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        ids = self.env.context.get("active_ids") or []
        if model == "product.template" and "product_tmpl_ids" not in values:
            values["product_tmpl_ids"] = [(6, 0, ids)]
        elif model == "product.product" and "product_tmpl_ids" not in values:
            products = self.env["product.product"].browse(ids)
            values["product_tmpl_ids"] = [(6, 0, products.product_tmpl_id.ids)]
        elif model == "product.category" and ids and "categ_id" not in values:
            values["categ_id"] = ids[0]
        elif model == "purchase.order" and ids and "purchase_order_id" not in values:
            values["purchase_order_id"] = ids[0]
        elif model == "res.partner" and ids and "partner_id" not in values:
            values["partner_id"] = (
                self.env["res.partner"].browse(ids[0]).commercial_partner_id.id
            )
        if values.get("purchase_order_id"):
            order = self.env["purchase.order"].browse(values["purchase_order_id"])
            values.setdefault("partner_id", order.partner_id.commercial_partner_id.id)
            values.setdefault("thread_id", order.b2b_thread_id.id)
            values.setdefault("company_id", order.company_id.id)
        return values

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.contact_id.commercial_partner_id != self.partner_id:
            self.contact_id = False
        if self.thread_id.commercial_partner_id != self.partner_id:
            self.thread_id = False

    # ------------------------------------------------------------------
    # THE PLAN: what to ask of whom
    # ------------------------------------------------------------------

    def _b2b_products(self):
        """The products the wizard is about (templates): chosen, of the
        category (and subcategories) and of the order."""
        self.ensure_one()
        products = self.product_tmpl_ids
        if self.categ_id:
            products |= self.env["product.template"].search(
                [("categ_id", "child_of", self.categ_id.id)]
            )
        if self.purchase_order_id:
            products |= self.purchase_order_id.order_line.product_id.product_tmpl_id
        return products

    def _b2b_products_by_supplier(self):
        """``{supplier: products}``: the chosen supplier with the products (or,
        none chosen, those of its vendor pricelists), else each product's
        suppliers."""
        self.ensure_one()
        products = self._b2b_products()
        SupplierInfo = self.env["product.supplierinfo"]
        supplier = self.partner_id.commercial_partner_id
        if supplier:
            if not products and not (self.categ_id or self.purchase_order_id):
                products = SupplierInfo.search(
                    [("partner_id", "child_of", supplier.id)]
                ).product_tmpl_id
            return {supplier: products} if products else {}
        by_supplier = {}
        for info in SupplierInfo.search([("product_tmpl_id", "in", products.ids)]):
            company = info.partner_id.commercial_partner_id
            by_supplier.setdefault(company, self.env["product.template"])
            by_supplier[company] |= info.product_tmpl_id
        return by_supplier

    def _b2b_plan(self):
        """``[(supplier, needs)]``: what to ask of each supplier (see
        b2b.document.request._b2b_document_needs), without what is asked
        already and, unless renewing, what is still valid but expiring."""
        self.ensure_one()
        Request = self.env["b2b.document.request"]
        types = self.document_type_ids or None
        plan = []
        for supplier, products in self._b2b_products_by_supplier().items():
            needs = [
                need
                for need in Request._b2b_document_needs(
                    supplier, products, company=self.company_id, types=types
                )
                if not need["line"]
                and (self.include_expiring or need["status"] != "expiring")
            ]
            if needs:
                plan.append((supplier, needs))
        return plan

    @api.depends(
        "partner_id",
        "product_tmpl_ids",
        "categ_id",
        "purchase_order_id",
        "document_type_ids",
        "include_expiring",
        "company_id",
    )
    def _compute_plan_preview(self):
        statuses = {
            "missing": self.env._("Missing"),
            "expired": self.env._("Expired"),
            "expiring": self.env._("Expiring soon"),
        }
        for wizard in self:
            plan = wizard._b2b_plan()
            rows = [(supplier, need) for supplier, needs in plan for need in needs]
            wizard.need_count = len(rows)
            wizard.supplier_count = len(plan)
            wizard.plan_summary = self.env._(
                "%(count)s document(s) to ask of %(suppliers)s supplier(s), one "
                "request each:",
                count=len(rows),
                suppliers=len(plan),
            )
            cells = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (
                    supplier.name,
                    need["product"].display_name or "",
                    need["type"].name,
                    statuses[need["status"]],
                )
                for supplier, need in rows[:PREVIEW_LIMIT]
            )
            more = (
                Markup("<p>%s</p>")
                % self.env._("... and %(count)s more.", count=len(rows) - PREVIEW_LIMIT)
                if len(rows) > PREVIEW_LIMIT
                else ""
            )
            wizard.preview = (
                Markup(
                    '<table class="table table-sm"><thead><tr><th>%s</th><th>%s</th>'
                    "<th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>%s"
                )
                % (
                    self.env._("Supplier"),
                    self.env._("Product"),
                    self.env._("Document"),
                    self.env._("Why"),
                    cells,
                    more,
                )
                if rows
                else False
            )

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------

    def _b2b_create_requests(self):
        """One request per supplier of the plan, in draft."""
        self.ensure_one()
        plan = self._b2b_plan()
        if not plan:
            raise UserError(
                self.env._(
                    "Nothing to ask: every required document is on file and valid, "
                    "or asked already."
                )
            )
        Request = self.env["b2b.document.request"]
        shared = {
            "date_deadline": self.date_deadline,
            "purchase_order_id": self.purchase_order_id.id,
            "note": self.note,
            "company_id": self.company_id.id,
        }
        if len(plan) == 1:
            # the person and thread chosen for the one supplier (else each
            # supplier's person of contact)
            if self.contact_id:
                shared["contact_id"] = self.contact_id.id
            shared["thread_id"] = self.thread_id.id
        return Request.create(
            [
                {
                    **shared,
                    "partner_id": supplier.id,
                    "line_ids": [
                        Command.create(Request._b2b_prepare_line_values(need))
                        for need in needs
                    ],
                }
                for supplier, needs in plan
            ]
        )

    def action_create_draft(self):
        return self._b2b_open(self._b2b_create_requests())

    def action_send(self):
        requests = self._b2b_create_requests()
        requests.action_send()
        return self._b2b_open(requests)

    def _b2b_open(self, requests):
        if len(requests) == 1:
            return requests._get_records_action(name=requests.name)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_document_request_action"
        )
        action["domain"] = [("id", "in", requests.ids)]
        return action
