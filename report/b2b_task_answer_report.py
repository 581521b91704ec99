# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL


class B2bTaskAnswerReport(models.Model):
    """One row per shared task done: how long the partner took to answer it,
    to follow answer times by month (the partner overview has one row per
    partner and cannot be grouped by date)."""

    _name = "b2b.task.answer.report"
    _description = "B2B Answer Times"
    _auto = False
    _order = "date_done desc"
    _rec_name = "task_id"

    task_id = fields.Many2one(comodel_name="b2b.task", string="Request", readonly=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Partner Company", readonly=True
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    user_id = fields.Many2one(
        comodel_name="res.users", string="Assignee", readonly=True
    )
    date_created = fields.Datetime(string="Requested On", readonly=True)
    date_done = fields.Datetime(string="Answered On", readonly=True)
    answer_days = fields.Float(
        string="Answer Time (Days)", digits=(16, 1), aggregator="avg", readonly=True
    )
    was_late = fields.Boolean(string="Answered Late", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT id, id AS task_id, commercial_partner_id AS partner_id,
                   company_id, user_id, create_date AS date_created, date_done,
                   EXTRACT(EPOCH FROM date_done - create_date) / 86400 AS answer_days,
                   COALESCE(date_done::date > date_deadline, FALSE) AS was_late
              FROM b2b_task
             WHERE is_shared AND state = 'done' AND date_done IS NOT NULL
               AND commercial_partner_id IS NOT NULL
            """
        )

    _depends = {
        "b2b.task": [
            "commercial_partner_id",
            "company_id",
            "user_id",
            "create_date",
            "date_done",
            "date_deadline",
            "is_shared",
            "state",
        ]
    }
