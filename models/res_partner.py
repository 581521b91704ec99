# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from odoo.addons.mail.tools.discuss import Store

from .res_company import REMINDER_FREQUENCIES

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class ResPartner(models.Model):
    """The partner's B2B settings (reminder frequency and day, person of
    contact, messenger), its counters and actions. The reminder digest is in
    res_partner_reminder_digest.py, the unread-chat email in
    res_partner_unread_chat.py."""

    _name = "res.partner"
    _inherit = ["res.partner", "b2b.mentioned.mixin"]

    b2b_reminder_frequency = fields.Selection(
        selection=REMINDER_FREQUENCIES,
        string="Reminder Frequency",
        default=lambda self: self.env.company.b2b_reminder_frequency_default,
        help="How often the company receives the digest of its open requests.",
    )
    b2b_reminder_weekday = fields.Selection(
        selection=WEEKDAYS, string="Reminder Day", default="0"
    )
    b2b_reminder_contact_id = fields.Many2one(
        comodel_name="res.partner",
        string="Person of Contact",
        domain="[('id', 'child_of', id), ('email', '!=', False)]",
        ondelete="set null",
        help="Receives the reminders and the contact requests. Default: the "
        "company's first portal user, else the company's own email.",
    )
    b2b_messenger = fields.Selection(
        selection=[
            ("auto", "Automatic"),
            ("always", "Connected"),
            ("never", "Not connected"),
        ],
        string="Messenger",
        default="auto",
        required=True,
        help="Whether our users and this company's portal users may write to each "
        "other and see each other in the address book. Automatic: connected once "
        "there is a confirmed sales or purchase order, or a thread shared with it.",
    )
    b2b_last_reminder_date = fields.Datetime(
        string="Last Reminder Sent",
        compute="_compute_b2b_last_reminder_date",
        help="When the partner's last reminder digest was sent.",
    )
    b2b_thread_ids = fields.One2many(
        comodel_name="b2b.thread", inverse_name="commercial_partner_id"
    )
    b2b_contact_request_ids = fields.One2many(
        comodel_name="b2b.contact.request", inverse_name="partner_id"
    )
    b2b_overview_ids = fields.One2many(
        comodel_name="b2b.partner.overview",
        inverse_name="partner_id",
        string="Responsiveness",
        readonly=True,
        groups="b2b_communication.group_b2b_user",
    )
    b2b_task_ids = fields.One2many(
        comodel_name="b2b.task", inverse_name="commercial_partner_id"
    )
    b2b_thread_count = fields.Integer(compute="_compute_b2b_counts")
    b2b_open_task_count = fields.Integer(compute="_compute_b2b_counts")

    @api.readonly
    @api.model
    def im_search(self, name, limit=20, excluded_ids=None):
        """Discuss's people search, extended to the portal users of connected
        partner companies (the address book) for B2B users."""
        result = super().im_search(name, limit=limit, excluded_ids=excluded_ids)
        if not self.env.user.has_group("b2b_communication.group_b2b_user"):
            return result
        external = self.env["b2b.address.book"].search_fetch(
            [
                ("is_internal", "=", False),
                ("name", "ilike", name),
                ("partner_id", "not in", excluded_ids or []),
            ],
            ["partner_id"],
            limit=limit,
        )
        if not external:
            return result
        internal_ids = [partner["id"] for partner in result.get("res.partner", [])]
        partners = self.browse(internal_ids) | external.partner_id
        return Store(partners).get_result()

    def _compute_b2b_counts(self):
        if not self.env["b2b.thread"].has_access("read"):
            self.b2b_thread_count = self.b2b_open_task_count = 0
            return
        commercial = self.commercial_partner_id
        threads = dict(
            self.env["b2b.thread"]._read_group(
                [("commercial_partner_id", "in", commercial.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        tasks = dict(
            self.env["b2b.task"]._read_group(
                [
                    ("commercial_partner_id", "in", commercial.ids),
                    ("is_closed", "=", False),
                ],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.b2b_thread_count = threads.get(partner.commercial_partner_id, 0)
            partner.b2b_open_task_count = tasks.get(partner.commercial_partner_id, 0)

    def _compute_b2b_last_reminder_date(self):
        """The date of the newest digest sent, from b2b.reminder.log (one query
        for the whole batch)."""
        # sudo: the log is the managers'; only the dates of sent digests are read
        last_dates = dict(
            self.env["b2b.reminder.log"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.ids), ("recipient_id", "!=", False)],
                ["partner_id"],
                ["date:max"],
            )
        )
        for partner in self:
            partner.b2b_last_reminder_date = last_dates.get(partner._origin, False)

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------

    def _b2b_action_of_company(self, xmlid):
        """The window action ``xmlid`` on the records of this partner's company
        (threads, tasks: their ``commercial_partner_id``)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        return action

    def action_view_b2b_threads(self):
        action = self._b2b_action_of_company("b2b_communication.b2b_thread_action")
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_b2b_overview(self):
        """The partner overview, on this partner company."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_partner_overview_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["display_name"] = self.env._(
            "Partner Overview: %(partner)s",
            partner=self.commercial_partner_id.display_name,
        )
        return action

    def action_view_b2b_tasks(self):
        return self._b2b_action_of_company("b2b_communication.b2b_task_action")
