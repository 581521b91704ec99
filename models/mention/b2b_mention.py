# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..porting import USER_GROUPS

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
    company_id = fields.Many2one(
        comodel_name="res.company",
        compute="_compute_company_id",
        store=True,
        index=True,
        help="The company of the mentioning record: the mention is listed to "
        "the users of that company only (multi-company rule).",
    )

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

    @api.depends("res_model", "res_id")
    def _compute_company_id(self):
        for model, mentions in self.grouped("res_model").items():
            Model = self.env.get(model)
            if Model is None or "company_id" not in Model._fields:
                mentions.company_id = False
                continue
            # sudo: the company of the mentioning record, to scope the mention
            records = Model.sudo().browse(mentions.mapped("res_id")).exists()
            companies = {record.id: record.company_id for record in records}
            for mention in mentions:
                mention.company_id = companies.get(mention.res_id, False)

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
        # sudo: reads one system parameter, a number
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
        # member counts of all proposed groups in one query (sudo: counts only,
        # no user is listed; users may not read every user record)
        counts = dict(
            self.env["res.users"]
            .sudo()
            ._read_group(
                [(USER_GROUPS, "in", groups.ids), ("share", "=", False)],
                [USER_GROUPS],
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
