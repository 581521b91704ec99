# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL

from ..models.reminder_digest.res_company import REMINDER_FREQUENCIES
from ..models.thread.b2b_task import CLOSED_TASK_STATES

ANSWER_WINDOW_DAYS = 90
# ids of the (partner, company) rows: partner id * ROW_ID_FACTOR + company id
ROW_ID_FACTOR = 100000


class B2bPartnerOverview(models.Model):
    """How responsive each partner company is: one row per partner company and
    company of ours (tasks, threads and contact requests belong to a company, so
    each company sees its own numbers). Partner companies appear once they have
    a B2B record (thread, shared request, contact request) or a person of
    contact: every customer of the database would drown the few that matter.
    A partner with a person of contact and no B2B record yet gets a row without
    company (visible to every company, as the partner is)."""

    _name = "b2b.partner.overview"
    _description = "B2B Partner Overview"
    _auto = False
    _order = "overdue_request_count desc, open_request_count desc, partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Partner Company", readonly=True
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    contact_id = fields.Many2one(
        comodel_name="res.partner", string="Person of Contact", readonly=True
    )
    last_reminder_date = fields.Datetime(string="Last Reminder Sent", readonly=True)
    reminder_frequency = fields.Selection(selection=REMINDER_FREQUENCIES, readonly=True)
    open_request_count = fields.Integer(
        string="Open Requests",
        readonly=True,
        help="Open tasks shared with the partner.",
    )
    overdue_request_count = fields.Integer(
        string="Overdue Requests",
        readonly=True,
        help="Open shared tasks whose deadline has passed.",
    )
    answered_count = fields.Integer(
        string="Answered (90 Days)",
        readonly=True,
        help="Shared tasks done in the last 90 days.",
    )
    median_answer_days = fields.Float(
        string="Median Answer Time (Days)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Median time from the creation of a shared task to its completion, "
        "over the tasks done in the last 90 days.",
    )
    open_contact_request_count = fields.Integer(
        string="Open Contact Requests", readonly=True
    )
    waiting_thread_count = fields.Integer(
        string="Threads Awaiting Decision",
        readonly=True,
        help="Shared threads awaiting the partner's decision.",
    )

    @property
    def _table_query(self):
        """Subqueries rather than CTEs: a filter on the partner (partner form)
        is pushed down by PostgreSQL into each of them and into the keys, so
        one partner's row does not aggregate every partner's requests. Tasks,
        threads and requests always have a company: rows without company
        (person of contact only) join nothing and count zero."""
        return SQL(
            """
            SELECT keys.partner_id::bigint * %(factor)s
                       + COALESCE(keys.company_id, 0) AS id,
                   keys.partner_id,
                   keys.company_id,
                   partner.b2b_reminder_contact_id AS contact_id,
                   last_digest.date AS last_reminder_date,
                   COALESCE(partner.b2b_reminder_frequency, 'never')
                       AS reminder_frequency,
                   COALESCE(tasks.open_count, 0) AS open_request_count,
                   COALESCE(tasks.overdue_count, 0) AS overdue_request_count,
                   COALESCE(tasks.answered_count, 0) AS answered_count,
                   tasks.median_days AS median_answer_days,
                   COALESCE(contact_requests.open_count, 0)
                       AS open_contact_request_count,
                   COALESCE(threads.waiting_count, 0) AS waiting_thread_count
              FROM (%(keys)s) AS keys
              JOIN res_partner partner ON partner.id = keys.partner_id
         LEFT JOIN LATERAL (SELECT max(log.date) AS date
                              FROM b2b_reminder_log log
                             WHERE log.partner_id = keys.partner_id
                               AND log.recipient_id IS NOT NULL) AS last_digest
                ON true
         LEFT JOIN (%(tasks)s) AS tasks
                ON tasks.partner_id = keys.partner_id
               AND tasks.company_id = keys.company_id
         LEFT JOIN (%(threads)s) AS threads
                ON threads.partner_id = keys.partner_id
               AND threads.company_id = keys.company_id
         LEFT JOIN (%(contact_requests)s) AS contact_requests
                ON contact_requests.partner_id = keys.partner_id
               AND contact_requests.company_id = keys.company_id
            """,
            factor=ROW_ID_FACTOR,
            keys=self._b2b_keys_query(),
            tasks=self._b2b_tasks_query(),
            threads=self._b2b_threads_query(),
            contact_requests=self._b2b_contact_requests_query(),
        )

    def _b2b_keys_query(self):
        """(partner, company) of every B2B record, and (partner, NULL) for the
        partner companies with a person of contact and no B2B record yet."""
        return SQL(
            """
            SELECT commercial_partner_id AS partner_id, company_id
              FROM b2b_task
             WHERE is_shared AND commercial_partner_id IS NOT NULL
             UNION
            SELECT commercial_partner_id, company_id FROM b2b_thread
             UNION
            SELECT requested.commercial_partner_id, request.company_id
              FROM b2b_contact_request request
              JOIN res_partner requested ON requested.id = request.partner_id
             UNION
            SELECT partner.id, NULL
              FROM res_partner partner
             WHERE partner.b2b_reminder_contact_id IS NOT NULL
               AND partner.id = partner.commercial_partner_id
               AND NOT EXISTS (
                   SELECT 1 FROM b2b_task
                    WHERE is_shared AND commercial_partner_id = partner.id)
               AND NOT EXISTS (
                   SELECT 1 FROM b2b_thread
                    WHERE commercial_partner_id = partner.id)
               AND NOT EXISTS (
                   SELECT 1
                     FROM b2b_contact_request request
                     JOIN res_partner requested ON requested.id = request.partner_id
                    WHERE requested.commercial_partner_id = partner.id)
            """
        )

    def _b2b_tasks_query(self):
        today = fields.Date.context_today(self)
        since = fields.Datetime.now() - timedelta(days=ANSWER_WINDOW_DAYS)
        return SQL(
            """
            SELECT commercial_partner_id AS partner_id, company_id,
                   count(*) FILTER (WHERE state NOT IN %(closed)s) AS open_count,
                   count(*) FILTER (
                       WHERE state NOT IN %(closed)s AND date_deadline < %(today)s
                   ) AS overdue_count,
                   count(*) FILTER (
                       WHERE state = 'done' AND date_done >= %(since)s
                   ) AS answered_count,
                   percentile_cont(0.5) WITHIN GROUP (
                       ORDER BY EXTRACT(EPOCH FROM date_done - create_date) / 86400
                   ) FILTER (
                       WHERE state = 'done' AND date_done >= %(since)s
                   ) AS median_days
              FROM b2b_task
             WHERE is_shared AND commercial_partner_id IS NOT NULL
          GROUP BY commercial_partner_id, company_id
            """,
            closed=CLOSED_TASK_STATES,
            today=today,
            since=since,
        )

    def _b2b_threads_query(self):
        return SQL(
            """
            SELECT commercial_partner_id AS partner_id, company_id,
                   count(*) FILTER (
                       WHERE is_shared AND state = 'waiting'
                   ) AS waiting_count
              FROM b2b_thread
          GROUP BY commercial_partner_id, company_id
            """
        )

    def _b2b_contact_requests_query(self):
        return SQL(
            """
            SELECT requested.commercial_partner_id AS partner_id,
                   request.company_id,
                   count(*) FILTER (WHERE request.state = 'sent') AS open_count
              FROM b2b_contact_request request
              JOIN res_partner requested ON requested.id = request.partner_id
          GROUP BY requested.commercial_partner_id, request.company_id
            """
        )

    _depends = {
        "b2b.reminder.log": ["partner_id", "recipient_id", "date"],
        "res.partner": [
            "commercial_partner_id",
            "b2b_reminder_contact_id",
            "b2b_reminder_frequency",
        ],
        "b2b.task": [
            "commercial_partner_id",
            "company_id",
            "is_shared",
            "state",
            "date_deadline",
            "date_done",
            "create_date",
        ],
        "b2b.thread": ["commercial_partner_id", "company_id", "is_shared", "state"],
        "b2b.contact.request": ["partner_id", "company_id", "state"],
    }

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "views": [(False, "form")],
        }
