# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import Counter, defaultdict

from odoo import api, fields, models


class ResPartner(models.Model):
    """The unread-chat email, res.partner side: the unread messages each
    recipient's email lists (computed for the whole batch), grouped per
    conversation for the template, and the sending. The cron that finds and claims
    them is in discuss_channel_member.py of this folder."""

    _inherit = "res.partner"

    b2b_unread_chat_message_ids = fields.Many2many(
        comodel_name="mail.message",
        string="Unread Chat Messages",
        compute="_compute_b2b_unread_chat",
        groups="base.group_user",
        help="The unread chat messages the unread-chat email lists: the newest of "
        "each conversation.",
    )
    b2b_unread_chat_count = fields.Integer(
        string="Unread Chat Message Count",
        compute="_compute_b2b_unread_chat",
        groups="base.group_user",
    )
    b2b_unread_chat_hidden_counts = fields.Json(
        string="Unread Chat Messages Not Listed",
        compute="_compute_b2b_unread_chat",
        groups="base.group_user",
        help="Per conversation (discuss.channel id), how many earlier unread "
        "messages the unread-chat email does not list.",
    )

    # per user (and superuser or not): what the cron computed as superuser is
    # never read from the cache by a user of the same transaction; not per
    # ``b2b_unread_chat``: Odoo hashes a cache key's context values, and a
    # client's nested list would be a server error (the cron clears the values
    # it computed after each batch instead)
    @api.depends_context("uid")
    def _compute_b2b_unread_chat(self):
        """The chat messages of the unread-chat email, for the whole batch: the
        ones the cron claimed (context ``b2b_unread_chat``: triples of partner,
        message and the unread count of its conversation), else (template
        preview) those unread now; the newest of each conversation are listed,
        all are counted."""
        rows = self.env.context.get("b2b_unread_chat")
        # the claimed rows count only from the cron's path: it runs as superuser
        # and passes a tuple, which no client context (JSON-RPC, XML-RPC: lists
        # only) can hold; any other caller (template preview, composer, RPC)
        # gets what is unread now, and of its own conversations only
        if not (self.env.su and isinstance(rows, tuple)):
            partner_ids = self.ids
            if not self.env.su:
                own_id = self.env.user.partner_id.id
                partner_ids = [pid for pid in self.ids if pid == own_id]
            Member = self.env["discuss.channel.member"]
            self.env.flush_all()
            self.env.cr.execute(
                Member._b2b_unread_sql(fields.Datetime.now(), partner_ids or [0])
            )
            rows = self.env.cr.fetchall()
            outsiders = set(
                Member.browse({row[0] for row in rows})._b2b_outsiders().ids
            )
            rows = [row[1:] for row in rows if row[0] not in outsiders]
        # sudo: only the recipient's own conversations are listed (the rows of
        # the cron's claim, else the caller's own unread messages, see above)
        messages = self.env["mail.message"].sudo().browse([row[1] for row in rows])
        # warm the cache for the whole batch: the template reads them per partner
        messages.fetch(["res_id", "date", "body", "author_id"])
        messages.author_id.fetch(["name"])
        channel_ids = {message.id: message.res_id for message in messages}
        self.env["discuss.channel"].sudo().browse(set(channel_ids.values())).fetch(
            ["name"]
        )
        self.user_ids.fetch(["share"])
        listed = defaultdict(list)
        unread_counts = defaultdict(dict)
        for partner_id, message_id, unread_count in rows:
            listed[partner_id].append(message_id)
            unread_counts[partner_id][channel_ids[message_id]] = unread_count
        fields_to_set = [
            self._fields[name]
            for name in (
                "b2b_unread_chat_message_ids",
                "b2b_unread_chat_count",
                "b2b_unread_chat_hidden_counts",
            )
        ]
        cache_values = {field: [] for field in fields_to_set}
        for partner in self:
            message_ids = sorted(listed.get(partner.id, []))
            counts = unread_counts.get(partner.id, {})
            shown = Counter(channel_ids[message_id] for message_id in message_ids)
            hidden_counts = {
                str(channel_id): count - shown[channel_id]
                for channel_id, count in counts.items()
                if count > shown[channel_id]
            }
            for field, value in zip(
                fields_to_set,
                (messages.browse(message_ids), sum(counts.values()), hidden_counts),
                strict=True,
            ):
                cache_values[field].append(field.convert_to_cache(value, partner))
        # the whole batch at once (see b2b.mail.batch._set_computed)
        for field, values in cache_values.items():
            self.env["b2b.mail.batch"]._set_computed(self, field.name, values)

    def _b2b_send_unread_chat_mails(self):
        """Render the unread-chat template for the whole batch of recipients."""
        template = self.env.ref("b2b_communication.mail_template_b2b_unread_chat")
        return self.env["b2b.mail.batch"]._send(
            template,
            self.ids,
            mail_headers=lambda partners: {
                partner_id: {"X-B2B-Unread-Chat": str(partner_id)}
                for partner_id in partners.ids
            },
            keep_in_chatter=False,
        )

    def _b2b_unread_chat_conversations(self):
        """The unread messages of the email grouped per conversation, with the
        link to answer: portal users their Messages page, our users Discuss.
        Each conversation lists its newest messages only (the email stays short
        and its cost does not grow with a flood of messages); ``more`` says how
        many earlier ones it does not list."""
        self.ensure_one()
        messages = self.b2b_unread_chat_message_ids
        hidden_counts = self.b2b_unread_chat_hidden_counts or {}
        portal = all(user.share for user in self.user_ids)
        by_channel = defaultdict(list)
        for message in messages:
            by_channel[message.res_id].append(message.id)
        conversations = []
        for channel in self.env["discuss.channel"].browse(sorted(by_channel)):
            hidden = hidden_counts.get(str(channel.id), 0)
            conversations.append(
                {
                    "channel": channel,
                    "url": channel._b2b_unread_chat_url(portal),
                    "messages": messages.browse(by_channel[channel.id]),
                    "more": self.env._(
                        "%(count)s earlier unread message(s) not shown",
                        count=hidden,
                    )
                    if hidden
                    else "",
                }
            )
        return conversations
