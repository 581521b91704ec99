# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    b2b_document_purchase_block = fields.Boolean(
        string="Block Purchases Without Documents",
        help="Refuse to confirm a purchase order whose products miss a required "
        "document of the supplier (or whose document expired). Otherwise the "
        "buyer is warned and may confirm anyway.",
        # our purchasing policy: not for the partners' users, who read companies
        groups="base.group_user",
    )
