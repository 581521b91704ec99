# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL, ormcache
from odoo.tools.misc import hmac

_logger = logging.getLogger(__name__)

REMINDER_CHUNK = 200
PAUSE_SCOPE = "b2b-reminder-pause"
DIGEST_FIELDS = [
    "b2b_reminder_recipient_id",
    "b2b_digest_task_ids",
    "b2b_digest_thread_ids",
    "b2b_digest_contact_request_ids",
    # orders awaiting confirmation (models/order_confirmation/res_partner.py)
    "b2b_digest_order_confirmation_ids",
]
# the placeholders of the digest template (subject, sender, recipient, language)
DIGEST_EXPRESSIONS = (
    "object.b2b_reminder_sender_company",
    "object.b2b_digest_request_count",
    "object.b2b_reminder_email_from",
    "object.b2b_reminder_recipient_id.email_formatted",
    "object.b2b_reminder_lang",
)
# what the digest reads of its tasks and threads (sharing, link, row): read for
# the whole chunk at once, not every column (a description may be long)
DIGEST_RECORD_FIELDS = {
    "b2b_digest_task_ids": [
        "name",
        "date_deadline",
        "state",
        "is_shared",
        "commercial_partner_id",
        "access_token",
    ],
    "b2b_digest_thread_ids": [
        "subject",
        "state",
        "is_shared",
        "commercial_partner_id",
        "access_token",
    ],
}


class ResPartner(models.Model):
    """The reminder digest of res.partner: the cron entry point, the partners due
    (time-zone SQL), the claim in b2b.reminder.log, the recipients, the digest's
    content (open requests, links, pause and unsubscribe) and its sending."""

    _inherit = "res.partner"

    # what the reminder digest shows, computed for a whole batch of partners
    b2b_reminder_recipient_id = fields.Many2one(
        comodel_name="res.partner",
        string="Reminder Recipient",
        compute="_compute_b2b_reminder_recipient_id",
        groups="base.group_user",
    )
    b2b_digest_task_ids = fields.Many2many(
        comodel_name="b2b.task",
        string="Digest: Open Requests",
        compute="_compute_b2b_digest",
        groups="base.group_user",
    )
    b2b_digest_thread_ids = fields.Many2many(
        comodel_name="b2b.thread",
        string="Digest: Awaiting Decision",
        compute="_compute_b2b_digest",
        groups="base.group_user",
    )
    b2b_digest_contact_request_ids = fields.Many2many(
        comodel_name="b2b.contact.request",
        string="Digest: Contact Requests",
        compute="_compute_b2b_digest",
        groups="base.group_user",
    )
    # what the digest template's subject, sender and language print: field
    # paths, which Odoo renders without evaluating a Python expression per
    # email (see mail_allowed_qweb_expressions)
    b2b_digest_request_count = fields.Integer(
        string="Digest: Open Request Count",
        compute="_compute_b2b_digest_request_count",
        groups="base.group_user",
    )
    b2b_reminder_lang = fields.Char(
        string="Reminder Language",
        compute="_compute_b2b_reminder_lang",
        groups="base.group_user",
    )
    b2b_reminder_sender_company = fields.Char(
        string="Reminder Sender Company",
        compute="_compute_b2b_reminder_sender",
        groups="base.group_user",
    )
    b2b_reminder_email_from = fields.Char(
        string="Reminder Sender Email",
        compute="_compute_b2b_reminder_sender",
        groups="base.group_user",
    )

    @api.depends(
        "email",
        "b2b_reminder_contact_id.email",
        "b2b_reminder_contact_id.active",
        "b2b_reminder_contact_id.commercial_partner_id",
        "child_ids.user_ids.share",
        "child_ids.email",
    )
    def _compute_b2b_reminder_recipient_id(self):
        recipients = self._b2b_reminder_recipients()
        for partner in self:
            partner.b2b_reminder_recipient_id = recipients[partner]

    @api.depends(
        "b2b_task_ids.state",
        "b2b_task_ids.is_shared",
        "b2b_task_ids.date_deadline",
        "b2b_thread_ids.state",
        "b2b_thread_ids.is_shared",
        "b2b_contact_request_ids.state",
    )
    # read as the caller, contact requests as superuser for the cron only
    @api.depends_context("uid")
    def _compute_b2b_digest(self):
        """Open requests of every partner of the batch in a fixed number of
        queries (the digest template reads them for each partner)."""
        open_requests = self._b2b_open_requests(self.ids)
        partner_ids = [partner.id for partner in self]
        for kind, field_name in (
            ("tasks", "b2b_digest_task_ids"),
            ("threads", "b2b_digest_thread_ids"),
            ("contacts", "b2b_digest_contact_request_ids"),
        ):
            # the whole batch at once, as Odoo's own bulk computes write the
            # cache (assigning partner by partner costs 30 us per field)
            self.env.cache.update(
                self,
                self._fields[field_name],
                [open_requests[partner_id][kind]._ids for partner_id in partner_ids],
            )

    @api.depends(
        "b2b_digest_task_ids",
        "b2b_digest_thread_ids",
        "b2b_digest_contact_request_ids",
        "b2b_digest_order_confirmation_ids",
    )
    @api.depends_context("uid")
    def _compute_b2b_digest_request_count(self):
        for partner in self:
            partner.b2b_digest_request_count = (
                len(partner.b2b_digest_task_ids)
                + len(partner.b2b_digest_thread_ids)
                + len(partner.b2b_digest_contact_request_ids)
                + len(partner.b2b_digest_order_confirmation_ids)
            )

    # not stored: computed when read (a recipient of a chunk read once)
    @api.depends("lang", "b2b_reminder_recipient_id")
    def _compute_b2b_reminder_lang(self):
        for partner in self:
            partner.b2b_reminder_lang = (
                partner.b2b_reminder_recipient_id.lang or partner.lang
            )

    @api.depends_context("uid")
    def _compute_b2b_reminder_sender(self):
        """The company of the user sending the digest (the scheduled action's
        user), as the template's ``user.company_id`` gave it."""
        user = self.env.user
        name = user.company_id.name
        email_from = user.company_id.email_formatted or user.email_formatted
        for partner in self:
            partner.b2b_reminder_sender_company = name
            partner.b2b_reminder_email_from = email_from

    @api.model
    def mail_allowed_qweb_expressions(self):
        """The digest's placeholders are plain field paths: Odoo renders them
        without evaluating an expression per email ("regex mode"), and users
        who are no template editors may use them."""
        return super().mail_allowed_qweb_expressions() + DIGEST_EXPRESSIONS

    # ------------------------------------------------------------------
    # REMINDERS
    # ------------------------------------------------------------------

    def _b2b_reminder_recipient(self):
        """Who receives the digest and the requests of this company."""
        self.ensure_one()
        return self._b2b_reminder_recipients()[self]

    def _b2b_reminder_recipients(self):
        """Recipient per company, in a fixed number of queries for the whole
        batch: the person of contact, else the company's first portal user,
        else the company itself; nobody without an email."""
        # sudo: finds the partner company's portal users to address the digest;
        # only their partner (name, email) is used
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("share", "=", True),
                    ("partner_id.commercial_partner_id", "in", self.ids),
                ],
                order="id",
            )
        )
        first_user_partner = {}
        for user in users:
            first_user_partner.setdefault(
                user.partner_id.commercial_partner_id, user.partner_id
            )
        # read the candidates' emails for the whole batch (the unions below
        # are new recordsets, without the batch's prefetch)
        (self | self.b2b_reminder_contact_id | users.partner_id).fetch(["email"])
        self.b2b_reminder_contact_id.fetch(["active", "commercial_partner_id"])
        result = {}
        for partner in self:
            contact = partner.b2b_reminder_contact_id
            if not (contact.active and contact.commercial_partner_id == partner):
                # a person of contact who left the company or was archived
                # receives nothing of it any more
                contact = self.browse()
            candidates = (
                contact | first_user_partner.get(partner, self.browse()) | partner
            )
            result[partner] = candidates.filtered("email")[:1]
        return result

    def _b2b_reminder_pause_token(self):
        self.ensure_one()
        # signed once per digest (its pause link and its List-Unsubscribe header)
        return self.env["mail.render.mixin"]._b2b_batch_cached(
            ("pause_token", self.id),
            lambda: hmac(self.env(su=True), PAUSE_SCOPE, self.id),
        )

    def _b2b_reminder_base_url(self):
        self.ensure_one()
        # the links of the same digest
        return self.env["mail.render.mixin"]._b2b_base_url(self)

    def _b2b_reminder_pause_url(self):
        """The digest's "Pause reminders" link: a page with a button (a GET by a
        mail scanner changes nothing)."""
        self.ensure_one()
        return (
            f"{self._b2b_reminder_base_url()}/b2b/reminders/pause/{self.id}/"
            f"{self._b2b_reminder_pause_token()}"
        )

    def _b2b_reminder_unsubscribe_url(self):
        """The RFC 8058 one-click endpoint of the List-Unsubscribe header (POST)."""
        self.ensure_one()
        return (
            f"{self._b2b_reminder_base_url()}/b2b/reminders/unsubscribe/{self.id}/"
            f"{self._b2b_reminder_pause_token()}"
        )

    def _b2b_reminder_preferences_url(self):
        self.ensure_one()
        return f"{self._b2b_reminder_base_url()}/my/b2b/reminders"

    def _b2b_reminder_mail_headers(self):
        """Extra headers of the digest: mail clients offer a one-click
        "Unsubscribe" that pauses the digests (RFC 2369 and RFC 8058)."""
        self.ensure_one()
        return {
            "X-B2B-Reminder-Partner": str(self.id),
            "List-Unsubscribe": f"<{self._b2b_reminder_unsubscribe_url()}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }

    def _b2b_reminder_pause(self):
        """Pause the digests (pause page button, one-click unsubscribe)."""
        self.write({"b2b_reminder_frequency": "never"})

    @api.model
    def _b2b_open_requests(self, partner_ids):
        """Open requests per commercial partner, as recordsets (``{partner id:
        {"tasks", "threads", "contacts"}}``), read in one query per kind for all
        ``partner_ids``: shared tasks addressed to it (by deadline), shared
        threads awaiting its decision, contact requests sent to it and not
        answered yet. Nothing internal is read."""
        kinds = {
            "tasks": (
                "b2b.task",
                "commercial_partner_id",
                [("is_shared", "=", True), ("is_closed", "=", False)],
                "date_deadline asc nulls last, id",
                DIGEST_RECORD_FIELDS["b2b_digest_task_ids"],
            ),
            "threads": (
                "b2b.thread",
                "commercial_partner_id",
                [("is_shared", "=", True), ("state", "=", "waiting")],
                "id",
                DIGEST_RECORD_FIELDS["b2b_digest_thread_ids"],
            ),
            # contact requests have no portal rights: read for the digest of that
            # very company
            "contacts": (
                "b2b.contact.request",
                "partner_id",
                [("state", "=", "sent")],
                "id",
                [],
            ),
        }
        empty = {kind: self.env[model] for kind, (model, *_rest) in kinds.items()}
        requests = defaultdict(lambda: dict(empty))
        for kind, (model, partner_field, domain, order, fnames) in kinds.items():
            # sudo: contact requests only (see above), and only when the cron
            # (superuser) renders the digest; the others, and any preview or RPC,
            # as the caller
            Model = self.env[model]
            if kind == "contacts" and self.env.su:
                Model = Model.sudo()
            # what the digest shows of them read by the same query (by id, the
            # planner of a second query may scan the whole table)
            records = Model.search_fetch(
                [(partner_field, "in", partner_ids), *domain],
                [partner_field, *fnames],
                order=order,
            )
            ids_by_partner = defaultdict(list)
            for record in records:
                ids_by_partner[record[partner_field].id].append(record.id)
            # one prefetch set: what else the template reads, in one query
            for partner_id, ids in ids_by_partner.items():
                requests[partner_id][kind] = records.browse(ids).with_prefetch(
                    records._ids
                )
        return requests

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
                               WHEN p.tz IN (SELECT unnest(%(valid_tz)s::varchar[]))
                               THEN p.tz
                               ELSE 'UTC' END AS local_now
                    -- OFFSET 0: computed once per partner, planned once
                    OFFSET 0) l
             CROSS JOIN LATERAL (
                   SELECT CASE
                          WHEN p.b2b_reminder_frequency = 'daily'
                          THEN 'D' || to_char(l.local_now, 'YYYY-MM-DD')
                          WHEN EXTRACT(ISODOW FROM l.local_now)::int - 1
                               = COALESCE(p.b2b_reminder_weekday, '0')::int
                          THEN 'W' || to_char(l.local_now, 'IYYY-IW')
                          END AS period_key
                   OFFSET 0) k
             WHERE %(id_condition)s
               AND p.b2b_reminder_frequency IN ('daily', 'weekly')
               AND k.period_key IS NOT NULL
               -- OFFSET 0: one index probe per partner looked at; without it
               -- PostgreSQL may hash every open request of the database first
               AND (EXISTS (SELECT 1 FROM b2b_task t
                             WHERE t.commercial_partner_id = p.id AND t.is_shared
                               AND t.state NOT IN ('done', 'cancelled') OFFSET 0)
                    OR EXISTS (SELECT 1 FROM b2b_thread th
                                WHERE th.commercial_partner_id = p.id
                                  AND th.is_shared AND th.state = 'waiting'
                                OFFSET 0)
                    OR EXISTS (SELECT 1 FROM b2b_contact_request cr
                                WHERE cr.partner_id = p.id AND cr.state = 'sent'
                                OFFSET 0)
                    OR %(orders_due)s)
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
            orders_due=self.env["b2b.order.line.confirmation"]._b2b_digest_due_sql(
                SQL("p.id"), now
            ),
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
            (
                "purchase.order.line",
                ["b2b_supplier_id", "b2b_is_open", "b2b_confirmation_state"],
            ),
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

    def _b2b_claim_reminder_periods(self, period_keys, recipients, now):
        """Claim the period of each partner of ``self`` in b2b.reminder.log,
        with its digest's recipient (``{partner: recipient}``), and return
        those claimed here: a concurrent run skips them, and any other run
        skips what it claimed. Partners without recipient are claimed too, so
        that they do not stay due (and first in line) for the whole period."""
        self.env["b2b.reminder.log"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO b2b_reminder_log
                       (partner_id, period_key, recipient_id, date, create_uid,
                        create_date, write_uid, write_date)
                SELECT p, k, r, %(now)s, %(uid)s, now() AT TIME ZONE 'UTC',
                       %(uid)s, now() AT TIME ZONE 'UTC'
                  FROM unnest(%(partner_ids)s::int[], %(keys)s::varchar[],
                              %(recipient_ids)s::int[])
                       WITH ORDINALITY AS t(p, k, r, n)
                 ORDER BY n
                ON CONFLICT (partner_id, period_key) DO NOTHING
                RETURNING partner_id
                """,
                uid=self.env.uid,
                now=now,
                partner_ids=self.ids,
                keys=[period_keys[partner_id] for partner_id in self.ids],
                recipient_ids=[recipients[partner].id or None for partner in self],
            )
        )
        claimed = {partner_id for (partner_id,) in self.env.cr.fetchall()}
        return self.filtered(lambda p: p.id in claimed)

    def _b2b_send_reminder_chunk(self, period_keys, now):
        # who receives each digest, found before the claim that records it
        recipients = self._b2b_reminder_recipients()
        # claim the periods first: a concurrent run skips what we claimed
        partners = self._b2b_claim_reminder_periods(period_keys, recipients, now)
        partners = partners.filtered(lambda p: recipients[p])
        if not partners:
            return 0
        # sudo: the cron renders the digest of every partner; the template only
        # reads what the partner's users may see (shared, open records)
        partners = partners.sudo()
        # read now, for the whole chunk at once (what another transaction changed
        # since this one started is not in the cache)
        partners.invalidate_recordset(DIGEST_FIELDS)
        # the recipients just found, for the template (not computed again)
        self.env.cache.update(
            partners,
            partners._fields["b2b_reminder_recipient_id"],
            [recipients[partner].id or None for partner in partners],
        )
        partners = partners.filtered(
            lambda p: (
                p.b2b_digest_task_ids
                or p.b2b_digest_thread_ids
                or p.b2b_digest_contact_request_ids
                or p.b2b_digest_order_confirmation_ids
            )
        )
        # the digest signs its links for recipients without an account: sign
        # against tokens given in one query per model, not one write per record
        for field_name, fnames in DIGEST_RECORD_FIELDS.items():
            records = partners.mapped(field_name)
            records.fetch(fnames)
            records._b2b_ensure_access_tokens()
        # the kind of link depends on whether the recipient has a user
        partners.b2b_reminder_recipient_id.fetch(
            ["user_ids", "active", "commercial_partner_id"]
        )
        mails = partners._b2b_send_reminder_mails()
        _logger.info("B2B reminders: %s digests queued", len(mails))
        return len(mails)

    def _b2b_digest_urls(self):
        """The links of this partner's digest for its recipient, ``{record:
        URL}``: built per kind of record for the whole digest at once."""
        self.ensure_one()
        recipient = self.b2b_reminder_recipient_id
        if not self.env.su:
            # a preview (template, composer) gets plain login links: a link
            # signed for the recipient lets its holder act as that person, it
            # goes to the recipient only, from the cron (superuser)
            recipient = recipient.browse()
        urls = {}
        for records in (
            self.b2b_digest_task_ids,
            self.b2b_digest_contact_request_ids,
            self.b2b_digest_thread_ids,
            self.b2b_digest_order_confirmation_ids,
        ):
            if not records:
                continue
            urls.update(
                (records.browse(record_id), url)
                for record_id, url in records._b2b_recipient_urls(recipient).items()
            )
        return urls

    def _b2b_reminder_frequency_label(self):
        """How often the partner receives its digest, in the email's language."""
        self.ensure_one()
        # the labels of the email's language, read once per batch of emails
        labels = self.env["mail.render.mixin"]._b2b_batch_cached(
            ("frequency_labels", self.env.lang),
            lambda: dict(
                self._fields["b2b_reminder_frequency"]._description_selection(self.env)
            ),
        )
        return labels.get(self.b2b_reminder_frequency, "")

    def _b2b_send_reminder_mails(self):
        """Render the digest template for the whole batch, in each recipient's
        language and inside the company layout."""
        template = self.env.ref("b2b_communication.mail_template_b2b_reminder_digest")
        return template._b2b_send_mail_batch(
            self.ids,
            mail_headers=lambda partners: {
                partner.id: partner._b2b_reminder_mail_headers() for partner in partners
            },
            keep_in_chatter=False,
        )
