# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class B2bDocumentRejectWizard(models.TransientModel):
    """Send documents back to the supplier with the reason it reads."""

    _name = "b2b.document.reject.wizard"
    _description = "B2B: send documents back to the supplier"

    line_ids = fields.Many2many(
        comodel_name="b2b.document.request.line", string="Documents", required=True
    )
    reason = fields.Text(
        required=True,
        help="The supplier reads it on its request page and in the email.",
    )

    def action_reject(self):
        self.ensure_one()
        self.line_ids._b2b_reject(self.reason.strip())
        return {"type": "ir.actions.act_window_close"}
