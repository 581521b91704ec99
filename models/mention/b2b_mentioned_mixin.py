# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class B2bMentionedMixin(models.AbstractModel):
    """For records that descriptions may mention: the "Mentioned in" smart button."""

    _name = "b2b.mentioned.mixin"
    _description = "B2B: where a record is mentioned"

    b2b_mentioned_count = fields.Integer(
        string="Mentioned In",
        compute="_compute_b2b_mentioned_count",
        groups="b2b_communication.group_b2b_user",
    )

    def _b2b_mentioned_domain(self):
        return [
            ("mentioned_model", "=", self._name),
            ("mentioned_id", "in", self._origin.ids),
        ]

    def _b2b_mentioned_owners(self):
        """{(model, id): id of the record of ``self`` it counts for}, for mentions
        of other models than ``self._name`` (e.g. variants of a template)."""
        return {}

    def _compute_b2b_mentioned_count(self):
        # one grouped query for the whole recordset
        counts = {}
        owners = self._b2b_mentioned_owners()
        for model, mentioned_id, count in self.env["b2b.mention"]._read_group(
            self._b2b_mentioned_domain(),
            ["mentioned_model", "mentioned_id"],
            ["__count"],
        ):
            owner = owners.get((model, mentioned_id), mentioned_id)
            counts[owner] = counts.get(owner, 0) + count
        for record in self:
            record.b2b_mentioned_count = counts.get(record._origin.id, 0)

    def action_view_b2b_mentioned_in(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mentioned in"),
            "res_model": "b2b.mention",
            "views": [
                (
                    self.env.ref("b2b_communication.b2b_mention_view_list_sources").id,
                    "list",
                )
            ],
            "domain": self._b2b_mentioned_domain(),
            "context": {"create": False},
        }
