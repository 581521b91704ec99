# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree, html
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import html_escape

from ..porting import USER_GROUPS
from .b2b_mention import MENTIONABLE_MODELS, PEOPLE_MODELS, URL_RECORD


class B2bMentionMixin(models.AbstractModel):
    """Mentions in the Html description, extracted on the server from the saved
    markup (the client is not trusted): links carrying data-oe-model/data-oe-id
    (what the editor inserts) or pointing at /odoo/<model>/<id>."""

    _name = "b2b.mention.mixin"
    # overrides and calls mail.thread API (like mail.thread.cc): declared, so
    # the order of _inherit in the models using it cannot break it
    _inherit = ["mail.thread"]
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

    # not per b2b_preview_uid (Odoo hashes a cache key's context values, and a
    # client's nested list would be a server error): the preview clears what
    # was computed without it (controllers/preview.py), and the key can only
    # hide more
    @api.depends("description")
    @api.depends_context("uid")
    def _compute_description_portal(self):
        for record in self:
            # sudo: the raw description is for our users only (field groups);
            # it is filtered here for the current user before anyone sees it
            # (sudo keeps the user: mentioned records are checked as that user)
            record.description_portal = record._b2b_html_for_reader(
                record.sudo().description
            )

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
        # Preview as partner: only what the previewing user may read too (a
        # context key can only hide more)
        previewer = self.env.context.get("b2b_preview_uid")
        if previewer is not None:
            # sudo: whether the previewing user exists, nothing else (any other
            # value shows no record)
            previewer = (
                self.env["res.users"]
                .sudo()
                .browse(previewer if isinstance(previewer, int) else [])
                .exists()
            )
        for model, ids in by_model.items():
            if model in PEOPLE_MODELS:
                continue
            records = user_env[model].browse(ids).exists()._filtered_access("read")
            if previewer is not None:
                records = records.browse(
                    records.with_user(previewer)._filtered_access("read").ids
                    if previewer
                    else []
                )
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
        # sudo: the author may edit the record; the mentions are derived from its
        # saved description, never from client input
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
            # sudo: group members are read to notify them; each is checked as a
            # reader of the record before anything is sent
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
        # sudo: reads the record rules' definitions to group readers, not data
        rules = (
            self.env["ir.rule"]
            .sudo()
            .search([("model_id.model", "=", self._name), ("perm_read", "=", True)])
        )
        profiles = {}
        for user in users:
            groups = frozenset(user[USER_GROUPS].ids)
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
