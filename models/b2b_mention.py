# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from lxml import etree, html
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
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
SUGGESTION_LIMIT = 8


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

    source_name = fields.Char(string="Mentioned In", compute="_compute_names")
    mentioned_name = fields.Char(string="Mentions", compute="_compute_names")
    mentioned_type = fields.Char(string="Type", compute="_compute_names")
    source_type = fields.Char(compute="_compute_names")

    @api.depends("res_model", "res_id", "mentioned_model", "mentioned_id")
    @api.depends_context("uid")
    def _compute_names(self):
        names = self._b2b_readable_names(
            {(m.res_model, m.res_id) for m in self}
            | {(m.mentioned_model, m.mentioned_id) for m in self}
        )
        descriptions = {
            model: self.env["ir.model"]._get(model).name
            for model in set(self.mapped("mentioned_model") + self.mapped("res_model"))
        }
        for mention in self:
            mention.source_name = names[(mention.res_model, mention.res_id)]
            mention.mentioned_name = names[
                (mention.mentioned_model, mention.mentioned_id)
            ]
            mention.mentioned_type = descriptions.get(mention.mentioned_model)
            mention.source_type = descriptions.get(mention.res_model)

    @api.model
    def _b2b_readable_names(self, pairs):
        """Display name of each (model, id) the current user may read, one
        search per model; other records are shown as restricted."""
        by_model = {}
        for model, res_id in pairs:
            by_model.setdefault(model, set()).add(res_id)
        names = dict.fromkeys(pairs, self.env._("Restricted record"))
        for model, ids in by_model.items():
            if model not in self.env:
                continue
            records = self.env[model].browse(ids).exists()._filtered_access("read")
            names.update({(model, rec.id): rec.display_name for rec in records})
        return names

    def _b2b_open(self, model, res_id):
        record = self.env[model].browse(res_id).exists()
        if not record:
            raise UserError(self.env._("This record has been deleted."))
        record.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": model,
            "res_id": res_id,
            "views": [(False, "form")],
        }

    def action_open_source(self):
        self.ensure_one()
        return self._b2b_open(self.res_model, self.res_id)

    def action_open_mentioned(self):
        self.ensure_one()
        return self._b2b_open(self.mentioned_model, self.mentioned_id)

    # ------------------------------------------------------------------
    # Suggestions for the editor ('@' people and groups, '#' records)
    # ------------------------------------------------------------------

    @api.model
    def get_mention_suggestions(self, delimiter, term="", limit=SUGGESTION_LIMIT):
        """Options for the description editor: ``@`` users and groups, ``#``
        records of MENTIONABLE_MODELS; searched as the current user, so record
        rules decide what is offered. Groups carry their number of internal
        members and the configured limit, for the confirmation in the UI."""
        if not self.env.user.has_group("b2b_communication.group_b2b_user"):
            raise AccessError(self.env._("Only B2B users can mention."))
        if delimiter not in ("@", "#") or not isinstance(term, str):
            raise UserError(self.env._("Unknown kind of mention."))
        limit = max(1, min(int(limit), 50))
        if delimiter == "@":
            options = self._b2b_people_suggestions(term.strip(), limit)
        else:
            options = self._b2b_record_suggestions(term.strip(), limit)
        return {"options": options, "group_limit": self._b2b_group_limit()}

    @api.model
    def _b2b_group_limit(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("b2b_communication.mention_group_limit", DEFAULT_GROUP_LIMIT)
        )

    @api.model
    def _b2b_people_suggestions(self, term, limit):
        users = self.env["res.users"].search_fetch(
            [("share", "=", False), ("name", "ilike", term)], ["name"], limit=limit
        )
        groups = self.env["res.groups"].search_fetch(
            [("full_name", "ilike", term)], ["full_name"], limit=limit
        )
        # member counts of all proposed groups in one query
        counts = dict(
            self.env["res.users"]
            .sudo()
            ._read_group(
                [("groups_id", "in", groups.ids), ("share", "=", False)],
                ["groups_id"],
                ["__count"],
            )
        )
        group_label = self.env._("Groups")
        return [
            {"model": "res.users", "id": user.id, "label": user.name, "group": ""}
            for user in users
        ] + [
            {
                "model": "res.groups",
                "id": group.id,
                "label": group.full_name,
                "group": group_label,
                "count": counts.get(group, 0),
            }
            for group in groups
        ]

    @api.model
    def _b2b_record_suggestions(self, term, limit):
        options = []
        for model in MENTIONABLE_MODELS:
            if model == "product.template":  # products are offered as variants
                continue
            Model = self.env[model]
            if not Model.has_access("read"):
                continue
            label = self.env["ir.model"]._get(model).name
            options += [
                {"model": model, "id": res_id, "label": name, "group": label}
                for res_id, name in Model.name_search(term, limit=limit)
            ]
        return options


class B2bMentionMixin(models.AbstractModel):
    """Mentions in the Html description, extracted on the server from the saved
    markup (the client is not trusted): links carrying data-oe-model/data-oe-id
    (what the editor inserts) or pointing at /odoo/<model>/<id>."""

    _name = "b2b.mention.mixin"
    _description = "B2B: mentions in the description"

    mention_ids = fields.One2many(
        comodel_name="b2b.mention",
        inverse_name="res_id",
        string="Mentions",
        domain=lambda self: [("res_model", "=", self._name)],
        readonly=True,
    )
    description_portal = fields.Html(
        string="Description (as the reader sees it)",
        compute="_compute_description_portal",
        sanitize=False,
    )

    @api.depends("description")
    @api.depends_context("uid")
    def _compute_description_portal(self):
        for record in self:
            record.description_portal = record._b2b_html_for_reader(record.description)

    @api.model
    def _b2b_html_for_reader(self, markup):
        """``markup`` as the current user may see it: people and groups become
        plain text; a mentioned record becomes a link to its portal page when the
        user may read it and it has one, plain text when the user may read it
        otherwise, and a neutral placeholder when the user may not read it (its
        name alone could tell a partner about another partner's order)."""
        root = self._b2b_parse(markup)
        links = self._b2b_record_links(root) if root is not None else []
        if not links:
            return markup
        readable = self._b2b_readable_for_reader({(m, i) for __, m, i in links})
        for link, model, res_id in links:
            record = readable.get((model, res_id))
            if model in PEOPLE_MODELS:
                self._b2b_unlink(link)
            elif record is None:
                self._b2b_unlink(link, self.env._("[internal reference]"))
            elif self.env.user.share and "access_url" in record:
                link.attrib.clear()
                link.set("href", record.access_url)
            elif self.env.user.share:
                self._b2b_unlink(link)
        result = "".join(
            etree.tostring(child, encoding="unicode", method="html") for child in root
        )
        return Markup((html_escape(root.text) if root.text else "") + result)

    @api.model
    def _b2b_readable_for_reader(self, pairs):
        by_model = {}
        for model, res_id in pairs:
            if model in self.env:
                by_model.setdefault(model, set()).add(res_id)
        readable = {}
        user_env = self.with_user(self.env.user).env  # drop sudo: reader's rights
        for model, ids in by_model.items():
            if model in PEOPLE_MODELS:
                continue
            records = user_env[model].browse(ids).exists()._filtered_access("read")
            readable.update({(model, rec.id): rec for rec in records})
        return readable

    @staticmethod
    def _b2b_unlink(link, text=None):
        """Replace the link by a span holding its text (or ``text``)."""
        label = text if text is not None else link.text_content()
        for child in list(link):
            link.remove(child)
        link.attrib.clear()
        link.tag = "span"
        link.text = label

    @api.model
    def _b2b_extract_mentions(self, markup):
        """Set of (model, id) linked in ``markup``; broken markup is tolerated."""
        root = self._b2b_parse(markup)
        if root is None:
            return set()
        return {
            (model, res_id)
            for __, model, res_id in self._b2b_record_links(root)
            if model in MENTIONABLE_MODELS + PEOPLE_MODELS
        }

    @staticmethod
    def _b2b_parse(markup):
        """Html fragment wrapped in a <div>, or None (empty or broken beyond repair)."""
        if not markup or not str(markup).strip():
            return None
        try:
            return html.fragment_fromstring(str(markup), create_parent="div")
        except (etree.ParserError, ValueError):
            return None

    @staticmethod
    def _b2b_record_links(root):
        """[(<a> element, model, id)] of the links to records under ``root``:
        data-oe-model/data-oe-id (what the editor inserts) or /odoo/<model>/<id>."""
        links = []
        for link in root.iter("a"):
            model, res_id = link.get("data-oe-model"), link.get("data-oe-id")
            if not (model and res_id):
                match = URL_RECORD.search(link.get("href") or "")
                model, res_id = match.groups() if match else (None, None)
            if model and str(res_id).isdigit():
                links.append((link, model, int(res_id)))
        return links

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
        # the inverse of mention_ids is a Many2oneReference: refresh by hand
        self.invalidate_recordset(["mention_ids"])

    def _b2b_notify_mentioned(self, new_mentions):
        """Notification in each one's chosen channel (inbox or email) plus a live
        toast to newly mentioned users and to the users of newly mentioned
        groups, capped. People who cannot
        read the record are not notified: a notification would leak its content."""
        self.ensure_one()
        users = self.env["res.users"]
        group_ids = [rid for model, rid in new_mentions if model == "res.groups"]
        user_ids = [rid for model, rid in new_mentions if model == "res.users"]
        users |= self.env["res.users"].browse(user_ids)
        if group_ids:
            limit = self.env["b2b.mention"]._b2b_group_limit()
            members = self.env["res.groups"].browse(group_ids).sudo().users
            users |= members.filtered(lambda u: not u.share)[:limit]
        users = (users - self.env.user).filtered(lambda u: u.active and not u.share)
        readers = self._b2b_readers(users)
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
        self._b2b_push_mention_toast(readers)

    def _b2b_push_mention_toast(self, readers):
        """Live toast for everyone mentioned, whatever their notification
        preference: users handling notifications by email get nothing in the
        app from ``message_notify``. The bus collects the notifications and
        writes them in one insert at commit; users who are offline simply
        miss the toast (their inbox or email still tells them)."""
        self.ensure_one()
        url = f"/odoo/{self._name}/{self.id}"
        for lang, users in readers.grouped("lang").items():
            translate = self.with_context(lang=lang).env._
            title = translate("You were mentioned in %(name)s", name=self.display_name)
            message = translate(
                "%(author)s mentioned you in %(name)s.",
                author=self.env.user.name,
                name=self.display_name,
            )
            for partner in users.partner_id:
                partner._bus_send(
                    "b2b_communication.mention",
                    {
                        "title": title,
                        "message": message,
                        "author": self.env.user.name,
                        "record_name": self.display_name,
                        "model": self._name,
                        "res_id": self.id,
                        "url": url,
                    },
                )

    def _b2b_readers(self, users):
        """The users among ``users`` who may read the record. Access depends on
        groups and companies, so users sharing them are checked once (the cost
        does not grow with the number of people mentioned), unless a record
        rule that applies to them looks at the user itself."""
        self.ensure_one()
        rules = (
            self.env["ir.rule"]
            .sudo()
            .search([("model_id.model", "=", self._name), ("perm_read", "=", True)])
        )
        profiles = {}
        for user in users:
            groups = frozenset(user.groups_id.ids)
            personal = any(
                "user" in (rule.domain_force or "")
                for rule in rules
                if rule["global"] or groups & set(rule.groups.ids)
            )
            key = (groups, frozenset(user.company_ids.ids), user.company_id.id)
            key += (user.id,) if personal else ()
            profiles[key] = profiles.get(key, user.browse()) | user
        readers = users.browse()
        for same in profiles.values():
            if self.with_user(same[0]).has_access("read"):
                readers |= same
        return readers

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
