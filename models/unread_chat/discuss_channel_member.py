# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

DEFAULT_UNREAD_DELAY = 60  # minutes
UNREAD_CHUNK = 200  # recipients per cron call
UNREAD_MAX_AGE_DAYS = 7  # older unread messages are not emailed (e.g. at install)
# the unread-chat email lists the newest messages of each conversation only
UNREAD_CHAT_LINES = 5


class DiscussChannelMember(models.Model):
    """The unread-chat email's cron: the recipients whose chat messages stayed
    unread longer than the delay (SQL), the claim on the member (never emailed
    twice) and the sending, one chunk of recipients per call. What each email
    lists is computed on res.partner (res_partner.py of this folder)."""

    _inherit = "discuss.channel.member"

    # the scheduled action's bookkeeping, written by its SQL only: no user reads
    # or writes it (members may write their own member row, and a message's
    # name shown through the Many2one is computed as superuser)
    b2b_unread_notified_message_id = fields.Many2one(
        comodel_name="mail.message",
        string="Last Message Emailed as Unread",
        ondelete="set null",
        readonly=True,
        groups="base.group_system",
        help="The newest message of the conversation already sent to this member "
        "by email because it stayed unread; never sent twice.",
    )
    b2b_unread_notified_date = fields.Datetime(
        string="Last Unread Email",
        readonly=True,
        index="btree_not_null",
        groups="base.group_system",
        help="When the unread chat messages were last emailed to this member: the "
        "unread email job goes on after the member it emailed last.",
    )

    @api.model
    def _b2b_unread_delay(self):
        # sudo: reads one system parameter, a number of minutes
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("b2b_communication.unread_chat_delay", DEFAULT_UNREAD_DELAY)
        )

    @api.model
    def _b2b_unread_sql(self, threshold, partner_ids=None):
        """Unread chat messages older than ``threshold`` and not emailed yet,
        recipients with an active user only, own messages excluded: rows
        (member id, recipient partner id, message id, unread count of that
        member), the newest ``UNREAD_CHAT_LINES`` messages of each member (one
        conversation) only, the email lists no more, but counted all."""
        return SQL(
            """
            SELECT member_id, partner_id, message_id, unread_count
              FROM (
                SELECT m.id AS member_id, m.partner_id, msg.id AS message_id,
                       row_number() OVER (PARTITION BY m.id ORDER BY msg.id DESC)
                           AS position,
                       count(*) OVER (PARTITION BY m.id) AS unread_count
                  FROM discuss_channel_member m
                 %(member_probes)s
                  JOIN mail_message msg
                    ON msg.model = 'discuss.channel' AND msg.res_id = m.channel_id
                 WHERE m.partner_id IS NOT NULL
                   AND %(unread_message)s
                   %(partner_filter)s
                   ) unread
             WHERE position <= %(lines)s
             ORDER BY partner_id, message_id
            """,
            member_probes=self._b2b_chat_member_probes_sql(),
            unread_message=self._b2b_unread_message_sql(threshold),
            partner_filter=SQL("AND m.partner_id IN %s", tuple(partner_ids))
            if partner_ids
            else SQL(""),
            lines=UNREAD_CHAT_LINES,
        )

    @api.model
    def _b2b_unread_recipients_sql(self, threshold, id_condition, limit):
        """The next ``limit`` recipients (partner ids, in order) matching
        ``id_condition`` with chat messages unread since ``threshold`` and not
        emailed yet; walks the members by partner and probes each member's
        conversation through the (model, res_id, id) index of mail_message, so
        its cost does not depend on the number of unread messages elsewhere.

        The probes are lateral subqueries of one row (``LIMIT 1``): the planner
        cannot turn them into joins that scan every message of every
        conversation, or every user, whatever its statistics say."""
        return SQL(
            """
            SELECT DISTINCT m.partner_id
              FROM discuss_channel_member m
             %(member_probes)s
             CROSS JOIN LATERAL (
                   SELECT 1 FROM mail_message msg
                    WHERE msg.model = 'discuss.channel'
                      AND msg.res_id = m.channel_id
                      AND %(unread_message)s
                    LIMIT 1) unread
             WHERE %(id_condition)s
             ORDER BY m.partner_id
             LIMIT %(limit)s
            """,
            member_probes=self._b2b_chat_member_probes_sql(),
            unread_message=self._b2b_unread_message_sql(threshold),
            id_condition=id_condition,
            limit=limit,
        )

    @api.model
    def _b2b_chat_member_probes_sql(self):
        """Joins keeping the members ``m`` of chats and groups whose partner has
        an active user, as one-row lateral probes per member (see
        :meth:`_b2b_unread_recipients_sql`)."""
        return SQL(
            """
            CROSS JOIN LATERAL (
                  SELECT 1 FROM discuss_channel c
                   WHERE c.id = m.channel_id
                     AND c.channel_type IN ('chat', 'group')
                   LIMIT 1) chat
            CROSS JOIN LATERAL (
                  SELECT 1 FROM res_users u
                   WHERE u.partner_id = m.partner_id AND u.active
                   LIMIT 1) active_user
            """
        )

    @api.model
    def _b2b_unread_message_sql(self, threshold):
        """Whether the message ``msg`` of the conversation of the member ``m``
        is one to email: a comment by someone else, after what the member saw
        and what was emailed, older than ``threshold`` and not older than
        UNREAD_MAX_AGE_DAYS before it."""
        return SQL(
            """
            msg.message_type = 'comment'
            AND msg.author_id IS DISTINCT FROM m.partner_id
            AND msg.id > GREATEST(COALESCE(m.seen_message_id, 0),
                                  COALESCE(m.b2b_unread_notified_message_id, 0))
            AND msg.create_date <= %(threshold)s
            AND msg.create_date > %(oldest)s
            """,
            threshold=threshold,
            oldest=threshold - timedelta(days=UNREAD_MAX_AGE_DAYS),
        )

    @api.model
    def _b2b_unread_recipients(self, threshold, limit):
        """The next ``limit`` recipients in one query: by partner id after the
        one emailed last, then from the first (a recipient whose message became
        due behind that cursor is found by the end of the run at the latest)."""
        self.env.flush_all()
        cursor = SQL(
            """COALESCE((SELECT partner_id FROM discuss_channel_member
                          WHERE b2b_unread_notified_date IS NOT NULL
                          ORDER BY b2b_unread_notified_date DESC, partner_id DESC
                          LIMIT 1), 0)"""
        )
        self.env.cr.execute(
            SQL(
                "(%s) UNION ALL (%s) LIMIT %s",
                self._b2b_unread_recipients_sql(
                    threshold, SQL("m.partner_id > %s", cursor), limit
                ),
                self._b2b_unread_recipients_sql(
                    threshold, SQL("m.partner_id <= %s", cursor), limit
                ),
                limit,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _cron_b2b_email_unread(self, chunk_size=UNREAD_CHUNK):
        """Email each recipient whose chat messages stayed unread longer than
        the delay set in Settings: one email per recipient and run, one chunk
        of recipients per call (ir.cron calls again while work remains and
        commits in between). A message is never emailed twice. The remaining
        count reported is bounded: the recipients found within one more chunk."""
        threshold = fields.Datetime.now() - timedelta(minutes=self._b2b_unread_delay())
        todo = self._b2b_unread_recipients(threshold, 2 * chunk_size)
        chunk = todo[:chunk_size]
        sent = self._b2b_email_unread_chunk(threshold, chunk) if chunk else 0
        self.env["ir.cron"]._notify_progress(
            done=len(chunk), remaining=len(todo) - len(chunk)
        )
        return sent

    @api.model
    def _b2b_email_unread_chunk(self, threshold, partner_ids):
        self.env.cr.execute(self._b2b_unread_sql(threshold, partner_ids))
        rows = self.env.cr.fetchall()
        newest = {}
        for member_id, __, message_id, __ in rows:
            newest[member_id] = max(newest.get(member_id, 0), message_id)
        # claim first: a concurrent run skips what is claimed here
        self.env.cr.execute(
            SQL(
                """
                UPDATE discuss_channel_member m
                   SET b2b_unread_notified_message_id = t.message_id,
                       b2b_unread_notified_date = now() AT TIME ZONE 'UTC'
                  FROM unnest(%s::int[], %s::int[]) AS t(member_id, message_id)
                 WHERE m.id = t.member_id
                   AND COALESCE(m.b2b_unread_notified_message_id, 0) < t.message_id
                RETURNING m.id
                """,
                list(newest),
                list(newest.values()),
            )
        )
        claimed = {row[0] for row in self.env.cr.fetchall()}
        self.invalidate_model(
            ["b2b_unread_notified_message_id", "b2b_unread_notified_date"]
        )
        # claimed but not emailed: a member who may no longer be in the
        # conversation (about to be removed, see models/messenger/)
        claimed -= set(self.browse(claimed)._b2b_outsiders().ids)
        by_partner = {}
        for member_id, partner_id, message_id, unread_count in rows:
            if member_id in claimed:
                by_partner.setdefault(partner_id, []).append((message_id, unread_count))
        # sudo: the cron emails every recipient its own unread messages
        recipients = (
            self.env["res.partner"]
            .sudo()
            .browse(list(by_partner))
            .with_context(
                b2b_unread_chat=tuple(
                    (partner_id, message_id, unread_count)
                    for partner_id, messages in by_partner.items()
                    for message_id, unread_count in messages
                )
            )
            .filtered("email")
        )
        mails = recipients._b2b_send_unread_chat_mails()
        # what was computed from this batch's rows is not for the next one
        recipients.invalidate_recordset(
            [
                "b2b_unread_chat_message_ids",
                "b2b_unread_chat_count",
                "b2b_unread_chat_hidden_counts",
            ]
        )
        _logger.info("B2B unread chat: %s emails queued", len(mails))
        return len(mails)
