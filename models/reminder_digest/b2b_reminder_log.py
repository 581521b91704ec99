# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict
from typing import NamedTuple

from odoo import api, fields, models
from odoo.tools import SQL, ormcache

_logger = logging.getLogger(__name__)

REMINDER_CHUNK = 200
DIGEST_TEMPLATE = "b2b_communication.mail_template_b2b_reminder_digest"
# the placeholders of the digest template (subject, sender, recipient, language):
# field paths, which Odoo renders without evaluating a Python expression
DIGEST_EXPRESSIONS = (
    "object.sender_company",
    "object.request_count",
    "object.email_from",
    "object.recipient_id.email_formatted",
    "object.lang",
)


class DigestSection(NamedTuple):
    """A section of the reminder digest: the rows of a model the partner
    company still owes an answer to (see ``b2b.reminder.log._digest_sections``).

    - ``field``: the digest's Many2many field holding the section's rows,
      declared with ``compute="_compute_sections"`` (its comodel is the rows'
      model);
    - ``partner_field``: the field (or path) of the rows naming the partner
      company (a commercial partner);
    - ``domain``: the rows the digest lists: the same domain finds the partner
      companies that are due for a digest (see ``_due_partners_sql``);
    - ``order``: the order of the rows in the email;
    - ``fields``: what the email reads of the rows, fetched with them;
    - ``template``: the QWeb template (XML id) of the section's block, called
      by the digest's body with ``object`` (the digest) and ``digest_urls``
      (``{record: link for the recipient}``); ``None`` for the sections whose
      block is written in the digest's email template itself.
    """

    field: str
    partner_field: str
    domain: list
    order: str = "id"
    fields: tuple = ()
    template: str | None = None


class B2bReminderLog(models.Model):
    """One row per partner and period that got (or is getting) its digest, and
    the digest itself: the email template ``B2B: Reminder Digest`` renders on
    these rows.

    The row is claimed (INSERT ... ON CONFLICT DO NOTHING) in the same transaction
    that creates the email: a second run, a second worker or a rerun after a crash
    can never send the same period twice. A partner without anybody to write to
    is claimed too (no recipient), so that it does not stay due all period.
    The partner's "Last Reminder Sent" is read from here: the job writes
    nothing on the partner (no row lock on the partners a user may be editing).

    What the digest lists comes in sections (:class:`DigestSection`), computed
    for a whole chunk of digests at once; a subsystem adds its own section by
    extending :meth:`_digest_sections` (readme/FEATURES.md, "Reminder digest
    sections").
    """

    _name = "b2b.reminder.log"
    _description = "B2B Reminder Sent"
    _order = "id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        comodel_name="res.partner", required=True, index=True, ondelete="cascade"
    )
    period_key = fields.Char(required=True, help="D2026-11-22 or W2026-47")
    recipient_id = fields.Many2one(
        comodel_name="res.partner",
        string="Sent To",
        ondelete="set null",
        help="Who received the digest; empty when the partner had nobody with "
        "an email to send it to.",
    )
    date = fields.Datetime(string="Sent On", required=True, default=fields.Datetime.now)
    # the digest: what it lists (its sections), computed for a whole chunk
    task_ids = fields.Many2many(
        comodel_name="b2b.task",
        string="Open Requests",
        compute="_compute_sections",
    )
    contact_request_ids = fields.Many2many(
        comodel_name="b2b.contact.request",
        string="Contact Requests",
        compute="_compute_sections",
    )
    thread_ids = fields.Many2many(
        comodel_name="b2b.thread",
        string="Awaiting Decision",
        compute="_compute_sections",
    )
    # what the template's subject, sender and language print: field paths
    request_count = fields.Integer(
        string="Open Request Count", compute="_compute_sections"
    )
    lang = fields.Char(string="Language", compute="_compute_lang")
    sender_company = fields.Char(compute="_compute_sender")
    email_from = fields.Char(string="Sender Email", compute="_compute_sender")
    # the company whose layout the digest is in (mail's _mail_get_companies)
    company_id = fields.Many2one(related="partner_id.company_id")

    _sql_constraints = [
        (
            "partner_period_uniq",
            "unique(partner_id, period_key)",
            "A digest was already sent to this partner for this period.",
        )
    ]

    # ------------------------------------------------------------------
    # SECTIONS
    # ------------------------------------------------------------------

    @api.model
    def _digest_sections(self):
        """The sections of the digest, in the order the email shows them.

        A subsystem adds a section by extending this method (and declaring the
        section's field, ``compute="_compute_sections"``, and its block's QWeb
        template): the rows are then read for every digest of a chunk in one
        query, counted in the subject, linked for the recipient (signed when
        without an account), and a partner company with such a row is due for
        a digest."""
        return [
            DigestSection(
                field="task_ids",
                partner_field="commercial_partner_id",
                domain=[("is_shared", "=", True), ("is_closed", "=", False)],
                order="date_deadline asc nulls last, id",
                fields=(
                    "name",
                    "date_deadline",
                    "state",
                    "is_shared",
                    "commercial_partner_id",
                    "access_token",
                ),
            ),
            DigestSection(
                field="contact_request_ids",
                partner_field="partner_id",
                domain=[("state", "=", "sent")],
            ),
            DigestSection(
                field="thread_ids",
                partner_field="commercial_partner_id",
                domain=[("is_shared", "=", True), ("state", "=", "waiting")],
                fields=(
                    "subject",
                    "state",
                    "is_shared",
                    "commercial_partner_id",
                    "access_token",
                ),
            ),
        ]

    def _section_model(self, section):
        return self.env[self._fields[section.field].comodel_name]

    @api.model
    def _digest_rows(self, partner_ids):
        """The rows of every section for the partner companies ``partner_ids``:
        ``{section field: {partner id: records}}``, one query per section.
        Read as the caller: the cron (superuser) or a preview; nothing internal
        is listed (the sections' domains)."""
        return {
            section.field: self._section_rows(section, partner_ids)
            for section in self._digest_sections()
        }

    @api.model
    def _section_rows(self, section, partner_ids):
        Model = self._section_model(section)
        if not Model.has_access("read"):
            # a preview by a user who may not read the section's model (a B2B
            # user without purchase rights): nothing of that section
            return {}
        path = section.partner_field
        # what the email shows of them read by the same query (by id, the
        # planner of a second query may scan the whole table)
        records = Model.search_fetch(
            [(path, "in", partner_ids), *section.domain],
            [path.split(".")[0], *section.fields],
            order=section.order,
        )
        ids_by_partner = defaultdict(list)
        for record in records:
            partner = record[path] if "." not in path else record.mapped(path)[:1]
            ids_by_partner[partner.id].append(record.id)
        # one prefetch set: what else the email reads, in one query
        return {
            partner_id: records.browse(ids).with_prefetch(records._ids)
            for partner_id, ids in ids_by_partner.items()
        }

    @api.depends("partner_id")
    @api.depends_context("uid")
    def _compute_sections(self):
        """The rows of every section and their count (the subject's), for all
        the digests of ``self`` at once."""
        rows = self._digest_rows(self.partner_id.ids)
        partner_ids = [log.partner_id.id for log in self]
        counts = dict.fromkeys(partner_ids, 0)
        Batch = self.env["b2b.mail.batch"]
        for section in self._digest_sections():
            section_rows = rows[section.field]
            for partner_id, records in section_rows.items():
                counts[partner_id] = counts.get(partner_id, 0) + len(records)
            # the whole chunk at once (see b2b.mail.batch._set_computed)
            Batch._set_computed(
                self,
                section.field,
                [
                    section_rows[partner_id]._ids if partner_id in section_rows else ()
                    for partner_id in partner_ids
                ],
            )
        Batch._set_computed(
            self, "request_count", [counts[partner_id] for partner_id in partner_ids]
        )

    @api.depends("recipient_id.lang", "partner_id.lang")
    def _compute_lang(self):
        for log in self:
            log.lang = log.recipient_id.lang or log.partner_id.lang

    @api.depends_context("uid")
    def _compute_sender(self):
        """The company of the user sending the digest (the scheduled action's
        user), as the template's ``user.company_id`` gave it."""
        company = self.env.user.company_id
        email_from = company.email_formatted or self.env.user.email_formatted
        for log in self:
            log.sender_company = company.name
            log.email_from = email_from

    @api.model
    def mail_allowed_qweb_expressions(self):
        """The digest's placeholders are plain field paths: Odoo renders them
        without evaluating an expression per email ("regex mode"), and users
        who are no template editors may use them."""
        return super().mail_allowed_qweb_expressions() + DIGEST_EXPRESSIONS

    # ------------------------------------------------------------------
    # WHAT THE DIGEST'S EMAIL READS
    # ------------------------------------------------------------------

    def _digest_urls(self):
        """The links of this digest for its recipient, ``{record: URL}``: built
        per section for the whole digest at once."""
        self.ensure_one()
        recipient = self.recipient_id
        if not self.env.su:
            # a preview (template, composer) gets plain login links: a link
            # signed for the recipient lets its holder act as that person, it
            # goes to the recipient only, from the cron (superuser)
            recipient = recipient.browse()
        urls = {}
        for section in self._digest_sections():
            records = self[section.field]
            if records:
                urls.update(
                    (records.browse(record_id), url)
                    for record_id, url in records._b2b_recipient_urls(recipient).items()
                )
        return urls

    def _digest_section_templates(self):
        """The QWeb blocks of the sections with rows in this digest whose block
        is no part of the email template (see :class:`DigestSection`)."""
        self.ensure_one()
        return [
            section.template
            for section in self._digest_sections()
            if section.template and self[section.field]
        ]

    def _pause_token(self):
        self.ensure_one()
        # signed once per digest (its pause link and its List-Unsubscribe header)
        return self.env["b2b.mail.batch"]._cached(
            ("pause_token", self.partner_id.id),
            self.partner_id._b2b_reminder_pause_token,
        )

    def _base_url(self):
        self.ensure_one()
        # the links of the same digest
        return self.env["b2b.mail.batch"]._base_url(self.partner_id)

    def _pause_url(self):
        """The digest's "Pause reminders" link: a page with a button (a GET by a
        mail scanner changes nothing)."""
        self.ensure_one()
        return (
            f"{self._base_url()}/b2b/reminders/pause/{self.partner_id.id}/"
            f"{self._pause_token()}"
        )

    def _unsubscribe_url(self):
        """The RFC 8058 one-click endpoint of the List-Unsubscribe header (POST)."""
        self.ensure_one()
        return (
            f"{self._base_url()}/b2b/reminders/unsubscribe/{self.partner_id.id}/"
            f"{self._pause_token()}"
        )

    def _preferences_url(self):
        self.ensure_one()
        return f"{self._base_url()}/my/b2b/reminders"

    def _mail_headers(self):
        """Extra headers of the digest: mail clients offer a one-click
        "Unsubscribe" that pauses the digests (RFC 2369 and RFC 8058)."""
        self.ensure_one()
        return {
            "X-B2B-Reminder-Partner": str(self.partner_id.id),
            "List-Unsubscribe": f"<{self._unsubscribe_url()}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }

    # ------------------------------------------------------------------
    # THE PARTNERS DUE
    # ------------------------------------------------------------------

    @api.model
    @ormcache()
    def _valid_time_zones(self):
        """The time zone names PostgreSQL knows, read once per worker (the
        pg_timezone_names view is slow to query)."""
        self.env.cr.execute(SQL("SELECT name FROM pg_timezone_names"))
        return tuple(sorted(name for (name,) in self.env.cr.fetchall()))

    @api.model
    def _has_rows_sql(self):
        """SQL condition: the partner ``p`` has a row in a section of the
        digest, by the domains of the sections."""
        conditions = []
        for section in self._digest_sections():
            # sudo: the cron looks for every partner company with open rows;
            # only whether one exists is read
            query = (
                self._section_model(section)
                .sudo()
                ._search(
                    [*section.domain, (section.partner_field, "=", SQL('"p"."id"'))]
                )
            )
            # OFFSET 0: one index probe per partner looked at; without it
            # PostgreSQL may hash every open row of the database first
            conditions.append(SQL("EXISTS (%s OFFSET 0)", query.select(SQL("1"))))
        return SQL("(%s)", SQL(" OR ").join(conditions))

    @api.model
    def _due_partners_sql(self, now, id_condition, limit):
        """Partners whose digest is due at ``now`` (naive UTC) and not claimed
        yet, among those matching ``id_condition``, in id order: frequency daily
        or weekly, at least one row in a section of the digest and no row here
        for the period. The period is the partner's local day or ISO week (its
        time zone, else the company's, else UTC; unknown names count as UTC):
        rows (partner id, period key 'D2026-11-22' or 'W2026-47')."""
        valid_tz = list(self._valid_time_zones())
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
               AND %(has_rows)s
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
            has_rows=self._has_rows_sql(),
            limit=limit,
        )

    @api.model
    def _due_partners(self, now, limit):
        """The next ``limit`` due partners and their period keys, found by the
        database in one query whose cost does not depend on how many partners
        exist or are done.

        Partners are taken in id order after the one claimed last (the newest
        row here), so a run does not walk again over the partners its previous
        chunks claimed; then from the first id, so a partner that became due
        behind that cursor (a time zone whose day starts later) is found by the
        last chunks of the run at the latest."""
        self.env["res.partner"].flush_model(
            ["tz", "b2b_reminder_frequency", "b2b_reminder_weekday"]
        )
        for section in self._digest_sections():
            self._section_model(section).flush_model()
        self.flush_model(["partner_id", "period_key"])
        cursor = SQL(
            "COALESCE((SELECT partner_id FROM b2b_reminder_log"
            " ORDER BY id DESC LIMIT 1), 0)"
        )
        # execute_query flushes what the sections' domains read, on their
        # models and on those their paths lead to (the lines of an order)
        return self.env.execute_query(
            SQL(
                "(%s) UNION ALL (%s) LIMIT %s",
                self._due_partners_sql(now, SQL("p.id > %s", cursor), limit),
                self._due_partners_sql(now, SQL("p.id <= %s", cursor), limit),
                limit,
            )
        )

    # ------------------------------------------------------------------
    # SENDING
    # ------------------------------------------------------------------

    @api.model
    def _cron_send_reminders(self, chunk_size=REMINDER_CHUNK):
        """Send the digests that are due, one chunk per call.

        ir.cron calls the job again while it reports remaining work and commits
        between calls, so a timeout or a crash never restarts from zero; the
        unique claim here prevents any second digest for a partner and period.
        The remaining count reported is bounded: the due partners found within
        one more chunk.
        """
        now = fields.Datetime.now()
        due = self._due_partners(now, 2 * chunk_size)
        chunk = due[:chunk_size]
        logs = self._claim(dict(chunk), now) if chunk else self.browse()
        sent = logs._send_digests() if logs else 0
        self.env["ir.cron"]._notify_progress(
            done=len(chunk), remaining=len(due) - len(chunk)
        )
        return sent

    @api.model
    def _claim(self, period_keys, now):
        """Claim the period of each partner of ``period_keys`` (``{partner id:
        period key}``), with its digest's recipient, and return the rows
        claimed here: a concurrent run skips them, and any other run skips
        what it claimed. Partners without recipient are claimed too, so that
        they do not stay due (and first in line) for the whole period."""
        partners = self.env["res.partner"].browse(list(period_keys))
        # who receives each digest, found before the claim that records it
        recipients = partners._b2b_reminder_recipients()
        self.flush_model()
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
                RETURNING id
                """,
                uid=self.env.uid,
                now=now,
                partner_ids=partners.ids,
                keys=[period_keys[partner_id] for partner_id in partners.ids],
                recipient_ids=[recipients[partner].id or None for partner in partners],
            )
        )
        return self.browse(sorted(log_id for (log_id,) in self.env.cr.fetchall()))

    def _send_digests(self):
        """Queue the digests of the claimed rows that have a recipient and
        something to list; returns how many."""
        self.fetch(["partner_id", "recipient_id"])
        # sudo: the cron renders the digest of every partner; the template only
        # reads what the partner's users may see (the sections' domains)
        logs = self.filtered("recipient_id").sudo()
        logs = logs.filtered("request_count")
        if not logs:
            return 0
        for section in self._digest_sections():
            records = logs.mapped(section.field)
            # the digest signs its links for recipients without an account:
            # sign against tokens given in one query per model, not one write
            # per record
            if isinstance(records, self.env.registry["b2b.partner.share.mixin"]):
                records._b2b_ensure_access_tokens()
        # the kind of link depends on whether the recipient has a user
        logs.recipient_id.fetch(["user_ids", "active", "commercial_partner_id"])
        mails = logs._send_digest_mails()
        _logger.info("B2B reminders: %s digests queued", len(mails))
        return len(mails)

    def _send_digest_mails(self):
        """Render the digest template for the whole batch, in each recipient's
        language and inside the company layout."""
        return self.env["b2b.mail.batch"]._send(
            self.env.ref(DIGEST_TEMPLATE),
            self.ids,
            mail_headers=lambda logs: {log.id: log._mail_headers() for log in logs},
            keep_in_chatter=False,
        )
