# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from lxml import etree, html

from odoo import api, fields, models
from odoo.tools import html_escape

# records that may be mentioned with '#', people and groups with '@'
MENTIONABLE_MODELS = (
    "b2b.thread",
    "b2b.communication",
    "b2b.task",
    "product.product",
    "product.template",
    "sale.order",
    "purchase.order",
    "mrp.production",
    "res.partner",
)
PEOPLE_MODELS = ("res.users", "res.groups")
URL_RECORD = re.compile(r"/odoo/([a-z0-9_.]+)/(\d+)(?:[/?#]|$)")
DEFAULT_GROUP_LIMIT = 50


class B2bMention(models.Model):
    """Who and what a thread, communication or task mentions in its description."""

    _name = "b2b.mention"
    _description = "B2B Mention"
    _order = "id"

    res_model = fields.Char(string="Mentioning Model", required=True, index=True)
    res_id = fields.Many2oneReference(
        string="Mentioning Record", model_field="res_model", required=True, index=True
    )
    mentioned_model = fields.Char(required=True, index=True)
    mentioned_id = fields.Many2oneReference(
        model_field="mentioned_model", required=True, index=True
    )
    author_id = fields.Many2one(comodel_name="res.users", ondelete="set null")

    _sql_constraints = [
        (
            "mention_uniq",
            "unique(res_model, res_id, mentioned_model, mentioned_id)",
            "A record mentions another one only once.",
        )
    ]


class B2bMentionMixin(models.AbstractModel):
    """Mentions in the Html description, extracted on the server from the saved
    markup (the client is not trusted): links carrying data-oe-model/data-oe-id
    (what the editor inserts) or pointing at /odoo/<model>/<id>."""

    _name = "b2b.mention.mixin"
    _description = "B2B: mentions in the description"

    @api.model
    def _b2b_extract_mentions(self, markup):
        """Set of (model, id) linked in ``markup``; broken markup is tolerated."""
        if not markup or not str(markup).strip():
            return set()
        try:
            root = html.fragment_fromstring(str(markup), create_parent="div")
        except (etree.ParserError, ValueError):
            return set()
        found = set()
        for link in root.iter("a"):
            model, res_id = link.get("data-oe-model"), link.get("data-oe-id")
            if not (model and res_id):
                match = URL_RECORD.search(link.get("href") or "")
                model, res_id = match.groups() if match else (None, None)
            if model in MENTIONABLE_MODELS + PEOPLE_MODELS and str(res_id).isdigit():
                found.add((model, int(res_id)))
        return found

    def _b2b_valid_mentions(self, pairs):
        """Keep mentions of records that exist and that the author may read."""
        by_model = {}
        for model, res_id in pairs:
            by_model.setdefault(model, set()).add(res_id)
        valid = set()
        for model, ids in by_model.items():
            records = self.env[model].browse(ids).exists()._filtered_access("read")
            valid |= {(model, rid) for rid in records.ids}
        return valid

    def _b2b_sync_mentions(self):
        """Store the mentions of each record and notify the newly mentioned people."""
        Mention = self.env["b2b.mention"].sudo()
        existing = Mention.search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        )
        stored = {}
        for mention in existing:
            stored.setdefault(mention.res_id, {})[
                (mention.mentioned_model, mention.mentioned_id)
            ] = mention
        to_create, to_delete = [], Mention
        for record in self:
            current = record._b2b_valid_mentions(
                record._b2b_extract_mentions(record.description)
            )
            old = stored.get(record.id, {})
            to_delete |= Mention.union(
                *[m for key, m in old.items() if key not in current]
            )
            new = current - set(old)
            to_create += [
                {
                    "res_model": record._name,
                    "res_id": record.id,
                    "mentioned_model": model,
                    "mentioned_id": res_id,
                    "author_id": self.env.uid,
                }
                for model, res_id in sorted(new)
            ]
            record._b2b_notify_mentioned(new)
        to_delete.unlink()
        Mention.create(to_create)

    def _b2b_notify_mentioned(self, new_mentions):
        """Inbox notification (pushed in real time by the bus) to newly mentioned
        users and to the users of newly mentioned groups, capped. People who cannot
        read the record are not notified: a notification would leak its content."""
        self.ensure_one()
        users = self.env["res.users"]
        group_ids = [rid for model, rid in new_mentions if model == "res.groups"]
        user_ids = [rid for model, rid in new_mentions if model == "res.users"]
        users |= self.env["res.users"].browse(user_ids)
        if group_ids:
            limit = int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("b2b_communication.mention_group_limit", DEFAULT_GROUP_LIMIT)
            )
            members = self.env["res.groups"].browse(group_ids).sudo().users
            users |= members.filtered(lambda u: not u.share)[:limit]
        users = (users - self.env.user).filtered(lambda u: u.active and not u.share)
        readers = users.filtered(lambda u: self.with_user(u).has_access("read"))
        if not readers:
            return
        self.message_notify(
            partner_ids=readers.partner_id.ids,
            subject=self.env._(
                "You were mentioned in %(name)s", name=self.display_name
            ),
            body=self.env._(
                "%(author)s mentioned you in %(name)s.",
                author=html_escape(self.env.user.name),
                name=html_escape(self.display_name),
            ),
            model_description=self._description,
        )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.filtered("description")._b2b_sync_mentions()
        return records

    def write(self, vals):
        res = super().write(vals)
        if "description" in vals:
            self._b2b_sync_mentions()
        return res
