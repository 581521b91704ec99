# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import html2plaintext

# the activities of order confirmation on My Work
ORDER_ACTIVITY_TYPES = (
    "b2b_communication.mail_activity_type_b2b_order_proposal",
    "b2b_communication.mail_activity_type_b2b_order_late",
    "b2b_communication.mail_activity_type_b2b_order_delay",
)


class B2bTask(models.Model):
    """My Work (the dashboard's data is read through b2b.task): the buyer's
    order lines to look at, i.e. its open activities of order confirmation
    (changes to decide, late lines, delays)."""

    _inherit = "b2b.task"

    @api.model
    def get_my_work_data(self, limit=20):
        data = super().get_my_work_data(limit=limit)
        data["order_alerts"] = self._b2b_order_alerts(limit)
        return data

    @api.model
    def _b2b_order_alerts(self, limit):
        types = [
            self.env.ref(xmlid, raise_if_not_found=False)
            for xmlid in ORDER_ACTIVITY_TYPES
        ]
        type_ids = [activity_type.id for activity_type in types if activity_type]
        if not type_ids or not self.env["purchase.order"].has_access("read"):
            return []
        activities = self.env["mail.activity"].search(
            [
                ("user_id", "=", self.env.uid),
                ("res_model", "=", "purchase.order"),
                ("activity_type_id", "in", type_ids),
            ],
            order="date_deadline, id",
            limit=limit,
        )
        orders = self.env["purchase.order"].browse(activities.mapped("res_id"))
        readable = orders._filtered_access("read")
        names = {order.id: order.display_name for order in readable}
        return [
            {
                "id": activity.id,
                "order_id": activity.res_id,
                "order": names.get(activity.res_id, ""),
                "summary": activity.summary or activity.activity_type_id.name,
                "icon": activity.icon,
                "note": html2plaintext(activity.note or "")[:200],
                "date_deadline": fields.Date.to_string(activity.date_deadline),
            }
            for activity in activities
            if activity.res_id in names
        ]
