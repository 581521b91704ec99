# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class PurchaseOrder(models.Model):
    """Confirming an order for products whose required documents from that
    supplier are missing or expired asks the buyer to confirm anyway (or to ask
    the supplier first); a setting makes it refuse."""

    _inherit = "purchase.order"

    b2b_document_request_ids = fields.One2many(
        comodel_name="b2b.document.request",
        inverse_name="purchase_order_id",
        string="Document Requests",
        groups="b2b_communication.group_b2b_user",
    )
    b2b_document_request_count = fields.Integer(
        string="Document Request Count",
        compute="_compute_b2b_document_request_count",
        groups="b2b_communication.group_b2b_user",
    )

    @api.depends("b2b_document_request_ids")
    def _compute_b2b_document_request_count(self):
        for order in self:
            order.b2b_document_request_count = len(order.b2b_document_request_ids)

    def button_confirm(self):
        """Check the suppliers' documents first (see class docstring); the
        warning's "Confirm Anyway" confirms with ``b2b_skip_document_check``."""
        if self.env.context.get("b2b_skip_document_check"):
            return super().button_confirm()
        missing = self._b2b_missing_documents()
        if not missing:
            return super().button_confirm()
        blocking = [
            order for order in missing if order.company_id.b2b_document_purchase_block
        ]
        if blocking:
            raise UserError(self._b2b_missing_documents_text(missing))
        return self.env["b2b.purchase.document.warning"]._b2b_action(self)

    def _b2b_missing_documents(self):
        """``{order: needs}`` of the orders to confirm whose products miss a
        required document of their supplier, or whose document expired (see
        b2b.document.request._b2b_document_needs; an open request does not
        count: the document is still missing)."""
        # sudo: whoever confirms an order (a purchase user, an approver, an
        # automated flow) is warned by the requirements and documents on file;
        # only their labels are shown
        Request = self.env["b2b.document.request"].sudo()
        missing = {}
        for order in self.filtered(lambda o: o.state in ("draft", "sent")):
            needs = Request._b2b_document_needs(
                order.partner_id.sudo(),
                order.order_line.product_id.product_tmpl_id.sudo(),
                company=order.company_id,
            )
            needs = [need for need in needs if need["status"] != "expiring"]
            if needs:
                missing[order] = needs
        return missing

    @api.model
    def _b2b_need_label(self, need):
        statuses = {
            "missing": self.env._("missing"),
            "expired": self.env._("expired"),
        }
        what = need["type"].name
        if need["product"]:
            what = f"{need['product'].display_name}: {what}"
        return f"{what} ({statuses[need['status']]})"

    @api.model
    def _b2b_missing_documents_text(self, missing):
        lines = [
            self.env._(
                "The supplier's documents are missing or expired; ask for them "
                "(Ask for Documents) before confirming:"
            )
        ]
        for order, needs in missing.items():
            lines.append(f"{order.name} - {order.partner_id.display_name}:")
            lines += [f"  - {self._b2b_need_label(need)}" for need in needs]
        return "\n".join(lines)

    def _b2b_log_confirmed_with_missing_documents(self, missing):
        for order, needs in missing.items():
            items = Markup("").join(
                Markup("<li>%s</li>") % self._b2b_need_label(need) for need in needs
            )
            order.message_post(
                body=Markup("%s<ul>%s</ul>")
                % (
                    self.env._("Confirmed without these supplier documents:"),
                    items,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_b2b_ask_documents(self):
        """The "Ask for documents" wizard for this order's supplier and products."""
        self.ensure_one()
        return self.env["b2b.document.request.wizard"]._b2b_action(
            purchase_order_id=self.id
        )

    def action_view_b2b_document_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_document_request_action"
        )
        action["domain"] = [("purchase_order_id", "=", self.id)]
        action["context"] = {}
        return action
