# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import Command, api, fields, models


class B2bPurchaseDocumentWarning(models.TransientModel):
    """The confirmation dialog of a purchase order whose supplier's documents
    are missing or expired: confirm anyway (noted in the order's chatter), ask
    the supplier for them and confirm, or go back."""

    _name = "b2b.purchase.document.warning"
    _description = "B2B: purchase order with missing supplier documents"

    order_ids = fields.Many2many(comodel_name="purchase.order", readonly=True)
    summary = fields.Html(compute="_compute_summary", sanitize=False)

    @api.model
    def _b2b_action(self, orders):
        wizard = self.create({"order_ids": [Command.set(orders.ids)]})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Supplier Documents Missing"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.depends("order_ids")
    def _compute_summary(self):
        Order = self.env["purchase.order"]
        for wizard in self:
            parts = []
            for order, needs in wizard.order_ids._b2b_missing_documents().items():
                items = Markup("").join(
                    Markup("<li>%s</li>") % Order._b2b_need_label(need)
                    for need in needs
                )
                parts.append(
                    Markup("<p><strong>%s</strong> - %s</p><ul>%s</ul>")
                    % (order.name, order.partner_id.display_name, items)
                )
            wizard.summary = Markup("").join(parts)

    def action_confirm_anyway(self):
        self.ensure_one()
        orders = self.order_ids
        missing = orders._b2b_missing_documents()
        orders._b2b_log_confirmed_with_missing_documents(missing)
        orders.with_context(b2b_skip_document_check=True).button_confirm()
        return {"type": "ir.actions.act_window_close"}

    def action_ask_and_confirm(self):
        """Ask each supplier for what is missing and not asked yet, then
        confirm."""
        self.ensure_one()
        Wizard = self.env["b2b.document.request.wizard"]
        for order in self.order_ids:
            wizard = Wizard.create(
                {
                    "purchase_order_id": order.id,
                    "partner_id": order.partner_id.commercial_partner_id.id,
                    "thread_id": order.b2b_thread_id.id,
                    "company_id": order.company_id.id,
                    "include_expiring": False,
                }
            )
            if wizard.need_count:
                wizard._b2b_create_requests().action_send()
        return self.action_confirm_anyway()
