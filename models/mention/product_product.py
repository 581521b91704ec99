# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ProductProduct(models.Model):
    _name = "product.product"
    _inherit = ["product.product", "b2b.mentioned.mixin"]
