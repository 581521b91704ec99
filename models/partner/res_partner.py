# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResPartner(models.Model):
    """The partner company's B2B page: its person of contact, its threads and
    tasks (counters, actions) and its overview. What a subsystem adds to the
    partner is in that subsystem's folder (reminder_digest/, messenger/,
    unread_chat/, mention/)."""

    _inherit = "res.partner"

    b2b_reminder_contact_id = fields.Many2one(
        comodel_name="res.partner",
        string="Person of Contact",
        domain="[('id', 'child_of', id), ('email', '!=', False)]",
        ondelete="set null",
        help="Receives the reminders and the contact requests. Default: the "
        "company's first portal user, else the company's own email.",
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

    # ------------------------------------------------------------------
    # WHO RECEIVES OUR REQUESTS
    # ------------------------------------------------------------------

    def _b2b_reminder_recipient(self):
        """Who receives the digest and the requests of this company."""
        self.ensure_one()
        return self._b2b_reminder_recipients()[self]

    def _b2b_reminder_recipients(self):
        """Recipient per company, in a fixed number of queries for the whole
        batch: the person of contact, else the company's first portal user,
        else the company itself; nobody without an email."""
        # sudo: finds the partner company's portal users to address the digest;
        # only their partner (name, email) is used
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("share", "=", True),
                    ("partner_id.commercial_partner_id", "in", self.ids),
                ],
                order="id",
            )
        )
        first_user_partner = {}
        for user in users:
            first_user_partner.setdefault(
                user.partner_id.commercial_partner_id, user.partner_id
            )
        # read the candidates' emails for the whole batch (the unions below
        # are new recordsets, without the batch's prefetch)
        (self | self.b2b_reminder_contact_id | users.partner_id).fetch(["email"])
        self.b2b_reminder_contact_id.fetch(["active", "commercial_partner_id"])
        # whether each person of contact kept portal access, for the whole batch
        # (read by _b2b_is_active_contact_of in that very environment); sudo:
        # whether their accounts are active, nothing else
        contacts = self.b2b_reminder_contact_id.sudo().with_context(active_test=False)
        contacts.user_ids.fetch(["active"])
        result = {}
        for partner in self:
            contact = partner.b2b_reminder_contact_id
            if not contact._b2b_is_active_contact_of(partner):
                # a person of contact who left the company, was archived or
                # lost portal access receives nothing of it any more
                contact = self.browse()
            candidates = (
                contact | first_user_partner.get(partner, self.browse()) | partner
            )
            result[partner] = candidates.filtered("email")[:1]
        return result

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
