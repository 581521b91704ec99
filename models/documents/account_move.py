# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "b2b.document.mixin"]

    def _b2b_derived_documents(self):
        return super()._b2b_derived_documents() + [self._get_reconciled_payments()]
