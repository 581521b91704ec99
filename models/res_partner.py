# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL, ormcache
from odoo.tools.misc import hmac

from odoo.addons.mail.tools.discuss import Store

from .res_company import REMINDER_FREQUENCIES

_logger = logging.getLogger(__name__)

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]
REMINDER_CHUNK = 200
PAUSE_SCOPE = "b2b-reminder-pause"


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "b2b.mentioned.mixin"]

    b2b_reminder_frequency = fields.Selection(
        selection=REMINDER_FREQUENCIES,
        string="Reminder Frequency",
        default=lambda self: self.env.company.b2b_reminder_frequency_default,
        help="How often the company receives the digest of its open requests.",
    )
    b2b_reminder_weekday = fields.Selection(
        selection=WEEKDAYS, string="Reminder Day", default="0"
    )
    b2b_reminder_contact_id = fields.Many2one(
        comodel_name="res.partner",
        string="Person of Contact",
        domain="[('id', 'child_of', id), ('email', '!=', False)]",
        ondelete="set null",
        help="Receives the reminders and the contact requests. Default: the "
        "company's first portal user, else the company's own email.",
    )
    b2b_messenger = fields.Selection(
        selection=[
            ("auto", "Automatic"),
            ("always", "Connected"),
            ("never", "Not connected"),
        ],
        string="Messenger",
        default="auto",
        required=True,
        help="Whether our users and this company's portal users may write to each "
        "other and see each other in the address book. Automatic: connected once "
        "there is a confirmed sales or purchase order, or a thread shared with it.",
    )
    b2b_last_reminder_date = fields.Datetime(string="Last Reminder Sent", readonly=True)
    b2b_thread_ids = fields.One2many(
        comodel_name="b2b.thread", inverse_name="commercial_partner_id"
    )
    b2b_contact_request_ids = fields.One2many(
        comodel_name="b2b.contact.request", inverse_name="partner_id"
    )
    b2b_thread_count = fields.Integer(compute="_compute_b2b_counts")
    b2b_open_task_count = fields.Integer(compute="_compute_b2b_counts")

    @api.readonly
    @api.model
    def im_search(self, name, limit=20, excluded_ids=None):
        """Discuss's people search, extended to the portal users of connected
        partner companies (the address book) for B2B users."""
        result = super().im_search(name, limit=limit, excluded_ids=excluded_ids)
        if not self.env.user.has_group("b2b_communication.group_b2b_user"):
            return result
        external = self.env["b2b.address.book"].search_fetch(
            [
                ("is_internal", "=", False),
                ("name", "ilike", name),
                ("partner_id", "not in", excluded_ids or []),
            ],
            ["partner_id"],
            limit=limit,
        )
        if not external:
            return result
        internal_ids = [partner["id"] for partner in result.get("res.partner", [])]
        partners = self.browse(internal_ids) | external.partner_id
        return Store(partners).get_result()

    def _compute_b2b_counts(self):
        if not self.env["b2b.thread"].has_access("read"):
            self.b2b_thread_count = self.b2b_open_task_count = 0
            return
        commercial = self.commercial_partner_id
        threads = dict(
            self.env["b2b.thread"]._read_group(
                [("commercial_partner_id", "in", commercial.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        tasks = dict(
            self.env["b2b.task"]._read_group(
                [
                    ("commercial_partner_id", "in", commercial.ids),
                    ("is_closed", "=", False),
                ],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.b2b_thread_count = threads.get(partner.commercial_partner_id, 0)
            partner.b2b_open_task_count = tasks.get(partner.commercial_partner_id, 0)

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------

    def action_view_b2b_threads(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_thread_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_b2b_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_task_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        return action

    # ------------------------------------------------------------------
    # REMINDERS
    # ------------------------------------------------------------------

    def _b2b_reminder_recipient(self):
        """Who receives the digest and the requests of this company."""
        self.ensure_one()
        return self._b2b_reminder_recipients()[self]

    def _b2b_reminder_recipients(self):
        """Recipient per company, in two queries for the whole batch: the person
        of contact, else the company's first portal user, else the company
        itself; nobody without an email."""
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [("share", "=", True), ("partner_id", "child_of", self.ids)], order="id"
            )
        )
        first_user_partner = {}
        for user in users:
            first_user_partner.setdefault(
                user.partner_id.commercial_partner_id, user.partner_id
            )
        result = {}
        for partner in self:
            candidates = (
                partner.b2b_reminder_contact_id
                | first_user_partner.get(partner, self.browse())
                | partner
            )
            result[partner] = candidates.filtered("email")[:1]
        return result

    def _b2b_reminder_pause_token(self):
        self.ensure_one()
        return hmac(self.env(su=True), PAUSE_SCOPE, self.id)

    @api.model
    def _b2b_open_requests(self, partner_ids):
        """Open requests per commercial partner, read in a fixed number of queries:
        shared tasks addressed to it, contact requests sent to it, shared threads
        awaiting its decision. Nothing internal is read."""
        tasks = self.env["b2b.task"].search(
            [
                ("commercial_partner_id", "in", partner_ids),
                ("is_shared", "=", True),
                ("is_closed", "=", False),
            ],
            order="date_deadline asc nulls last, id",
        )
        threads = self.env["b2b.thread"].search(
            [
                ("commercial_partner_id", "in", partner_ids),
                ("is_shared", "=", True),
                ("state", "=", "waiting"),
            ]
        )
        requests = defaultdict(lambda: {"tasks": [], "threads": [], "contacts": []})
        for task in tasks:
            requests[task.commercial_partner_id.id]["tasks"].append(task)
        for thread in threads:
            requests[thread.commercial_partner_id.id]["threads"].append(thread)
        for partner_id, contact_requests in self._b2b_open_contact_requests(
            partner_ids
        ).items():
            requests[partner_id]["contacts"].extend(contact_requests)
        return requests

    @api.model
    def _b2b_open_contact_requests(self, partner_ids):
        """Contact requests sent to these companies and not answered yet."""
        result = defaultdict(list)
        for request in (
            self.env["b2b.contact.request"]
            .sudo()
            .search([("partner_id", "in", partner_ids), ("state", "=", "sent")])
        ):
            result[request.partner_id.id].append(request)
        return result

    @api.model
    @ormcache()
    def _b2b_valid_time_zones(self):
        """The time zone names PostgreSQL knows, read once per worker (the
        pg_timezone_names view costs ~100 ms per query)."""
        self.env.cr.execute(SQL("SELECT name FROM pg_timezone_names"))
        return tuple(sorted(name for (name,) in self.env.cr.fetchall()))

    @api.model
    def _b2b_due_reminders_sql(self, now, id_condition, limit):
        """Partners whose digest is due at ``now`` (naive UTC) and not claimed
        yet, among those matching ``id_condition``, in id order: frequency daily
        or weekly, at least one open request (shared open task, shared thread
        awaiting a decision, sent contact request) and no b2b.reminder.log row
        for the period. The period is the partner's local day or ISO week (its
        time zone, else the company's, else UTC; unknown names count as UTC):
        rows (partner id, period key 'D2026-11-22' or 'W2026-47')."""
        valid_tz = list(self._b2b_valid_time_zones())
        company_tz = self.env.company.partner_id.tz
        if company_tz not in valid_tz:
            company_tz = "UTC"
        return SQL(
            """
            SELECT p.id, k.period_key
              FROM res_partner p
             CROSS JOIN LATERAL (
                   SELECT (%(now)s::timestamp AT TIME ZONE 'UTC') AT TIME ZONE
                          CASE WHEN COALESCE(p.tz, '') = '' THEN %(company_tz)s
                               WHEN p.tz = ANY(%(valid_tz)s) THEN p.tz
                               ELSE 'UTC' END AS local_now
                   ) l
             CROSS JOIN LATERAL (
                   SELECT CASE
                          WHEN p.b2b_reminder_frequency = 'daily'
                          THEN 'D' || to_char(l.local_now, 'YYYY-MM-DD')
                          WHEN EXTRACT(ISODOW FROM l.local_now)::int - 1
                               = COALESCE(p.b2b_reminder_weekday, '0')::int
                          THEN 'W' || to_char(l.local_now, 'IYYY-IW')
                          END AS period_key
                   ) k
             WHERE %(id_condition)s
               AND p.b2b_reminder_frequency IN ('daily', 'weekly')
               AND k.period_key IS NOT NULL
               AND (EXISTS (SELECT 1 FROM b2b_task t
                             WHERE t.commercial_partner_id = p.id AND t.is_shared
                               AND t.state NOT IN ('done', 'cancelled'))
                    OR EXISTS (SELECT 1 FROM b2b_thread th
                                WHERE th.commercial_partner_id = p.id
                                  AND th.is_shared AND th.state = 'waiting')
                    OR EXISTS (SELECT 1 FROM b2b_contact_request cr
                                WHERE cr.partner_id = p.id AND cr.state = 'sent'))
               AND NOT EXISTS (SELECT 1 FROM b2b_reminder_log r
                                WHERE r.partner_id = p.id
                                  AND r.period_key = k.period_key)
             ORDER BY p.id
             LIMIT %(limit)s
            """,
            now=now,
            company_tz=company_tz,
            valid_tz=valid_tz,
            id_condition=id_condition,
            limit=limit,
        )

    @api.model
    def _b2b_due_reminders(self, now, limit):
        """The next ``limit`` due partners and their period keys, found by the
        database in one query whose cost does not depend on how many partners
        exist or are done.

        Partners are taken in id order after the one claimed last (the newest
        b2b.reminder.log row), so a run does not walk again over the partners
        its previous chunks claimed; then from the first id, so a partner that
        became due behind that cursor (a time zone whose day starts later) is
        found by the last chunks of the run at the latest."""
        for model, fnames in (
            ("res.partner", ["tz", "b2b_reminder_frequency", "b2b_reminder_weekday"]),
            ("b2b.task", ["commercial_partner_id", "is_shared", "state"]),
            ("b2b.thread", ["commercial_partner_id", "is_shared", "state"]),
            ("b2b.contact.request", ["partner_id", "state"]),
            ("b2b.reminder.log", ["partner_id", "period_key"]),
        ):
            self.env[model].flush_model(fnames)
        cursor = SQL(
            "COALESCE((SELECT partner_id FROM b2b_reminder_log"
            " ORDER BY id DESC LIMIT 1), 0)"
        )
        self.env.cr.execute(
            SQL(
                "(%s) UNION ALL (%s) LIMIT %s",
                self._b2b_due_reminders_sql(now, SQL("p.id > %s", cursor), limit),
                self._b2b_due_reminders_sql(now, SQL("p.id <= %s", cursor), limit),
                limit,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _cron_b2b_send_reminders(self, chunk_size=REMINDER_CHUNK):
        """Send the digests that are due, one chunk per call.

        ir.cron calls the job again while it reports remaining work and commits
        between calls, so a timeout or a crash never restarts from zero; the
        unique claim in b2b.reminder.log prevents any second digest for a
        partner and period. The remaining count reported is bounded: the due
        partners found within one more chunk.
        """
        now = fields.Datetime.now()
        due = self._b2b_due_reminders(now, 2 * chunk_size)
        chunk = due[:chunk_size]
        period_keys = dict(chunk)
        partners = self.browse(list(period_keys))
        sent = partners._b2b_send_reminder_chunk(period_keys, now) if partners else 0
        self.env["ir.cron"]._notify_progress(
            done=len(chunk), remaining=len(due) - len(chunk)
        )
        return sent

    def _b2b_claim_reminder_periods(self, period_keys):
        """Claim the period of each partner of ``self`` in b2b.reminder.log and
        return those claimed here: a concurrent run skips them, and any other
        run skips what it claimed. Partners without recipient are claimed too,
        so that they do not stay due (and first in line) for the whole period."""
        self.env["b2b.reminder.log"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO b2b_reminder_log
                       (partner_id, period_key, create_uid, create_date,
                        write_uid, write_date)
                SELECT p, k, %(uid)s, now() AT TIME ZONE 'UTC',
                       %(uid)s, now() AT TIME ZONE 'UTC'
                  FROM unnest(%(partner_ids)s::int[], %(keys)s::varchar[])
                       WITH ORDINALITY AS t(p, k, n)
                 ORDER BY n
                ON CONFLICT (partner_id, period_key) DO NOTHING
                RETURNING partner_id
                """,
                uid=self.env.uid,
                partner_ids=self.ids,
                keys=[period_keys[partner_id] for partner_id in self.ids],
            )
        )
        claimed = {partner_id for (partner_id,) in self.env.cr.fetchall()}
        return self.filtered(lambda p: p.id in claimed)

    def _b2b_send_reminder_chunk(self, period_keys, now):
        # claim the periods first: a concurrent run skips what we claimed
        partners = self._b2b_claim_reminder_periods(period_keys)
        recipients = partners._b2b_reminder_recipients()
        partners = partners.filtered(lambda p: recipients[p])
        if not partners:
            return 0
        open_by_partner = self._b2b_open_requests(partners.ids)
        mail_values = []
        for partner in partners:
            open_requests = open_by_partner.get(partner.id)
            if not open_requests:
                continue
            mail_values.append(
                partner._b2b_prepare_reminder_values(recipients[partner], open_requests)
            )
        mails = self.env["mail.mail"].sudo().create(mail_values)
        partners.write({"b2b_last_reminder_date": now})
        _logger.info("B2B reminders: %s digests queued", len(mails))
        return len(mails)

    def _b2b_prepare_reminder_values(self, recipient, open_requests):
        """Values of the digest email, rendered in the partner's language."""
        self.ensure_one()
        lang = recipient.lang or self.lang or self.env.lang
        partner = self.with_context(lang=lang)
        base_url = partner.get_base_url()
        body = (
            self.env["ir.qweb"]
            .with_context(lang=lang)
            ._render(
                "b2b_communication.b2b_reminder_digest_email",
                {
                    "partner": partner,
                    "recipient": recipient,
                    "company": self.env.company,
                    "tasks": open_requests["tasks"],
                    "threads": open_requests["threads"],
                    "contact_requests": open_requests["contacts"],
                    "base_url": base_url,
                    "today": fields.Date.context_today(self),
                    "preferences_url": f"{base_url}/my/b2b/reminders",
                    "pause_url": f"{base_url}/b2b/reminders/pause/{self.id}/"
                    f"{self._b2b_reminder_pause_token()}",
                },
            )
        )
        count = sum(len(v) for v in open_requests.values())
        subject = partner.env._(
            "%(company)s: %(count)s open request(s) for %(partner)s",
            company=self.env.company.name,
            count=count,
            partner=self.name,
        )
        return {
            "subject": subject,
            "body_html": body,
            "email_from": self.env.company.email_formatted
            or self.env.user.email_formatted,
            "email_to": recipient.email_formatted,
            "recipient_ids": [],
            "auto_delete": False,
            # no model/res_id: the digest is not a chatter message of the partner
            # (and creating it then costs a fixed number of queries per batch)
            "headers": repr({"X-B2B-Reminder-Partner": str(self.id)}),
        }
