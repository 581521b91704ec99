# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class B2bTopicMixin(models.AbstractModel):
    """A record whose subject can be picked from the predefined topics: picking
    one fills the subject, which stays editable, and a record created with a
    topic but no subject gets the topic's. The models offer their own topics
    (the ``domain`` of ``topic_id`` on a ``use_on_*`` flag of b2b.topic), those
    of their company (``check_company``)."""

    _name = "b2b.topic.mixin"
    _description = "B2B: subject from a predefined topic"
    # the field holding the record's subject
    _b2b_topic_subject_field = "name"

    # our users only: partners may not read topics (the subject carries it)
    topic_id = fields.Many2one(
        comodel_name="b2b.topic", ondelete="restrict", groups="base.group_user"
    )

    @api.onchange("topic_id")
    def _onchange_topic_id(self):
        if self.topic_id:
            self[self._b2b_topic_subject_field] = self.topic_id.name

    @api.model_create_multi
    def create(self, vals_list):
        subject = self._b2b_topic_subject_field
        topics = self.env["b2b.topic"]
        for vals in vals_list:
            if not vals.get(subject) and vals.get("topic_id"):
                vals[subject] = topics.browse(vals["topic_id"]).name
        return super().create(vals_list)
