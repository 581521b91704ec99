# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class B2bTopic(models.Model):
    _name = "b2b.topic"
    _description = "B2B Communication Topic"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Leave empty to offer the topic in every company.",
    )
    use_on_thread = fields.Boolean(string="Threads", default=True)
    use_on_communication = fields.Boolean(string="Communications", default=True)
    use_on_task = fields.Boolean(string="Tasks", default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A topic with this name already exists in this company.",
        ),
    ]
