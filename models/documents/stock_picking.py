# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "b2b.document.mixin"]

    # backorders and returns stay on the thread of the transfer they come from
    b2b_thread_id = fields.Many2one(copy=True)
    b2b_thread_derived = fields.Boolean(copy=True)
