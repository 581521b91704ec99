# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.sql import create_index

from ..porting import chat_with

TASK_STATES = [
    ("todo", "To Do"),
    ("in_progress", "In Progress"),
    ("waiting", "Waiting"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
CLOSED_TASK_STATES = ("done", "cancelled")


class B2bTask(models.Model):
    _name = "b2b.task"
    _description = "B2B Communication Task"
    # the portal page first: its share mixin overrides mail.thread's notification
    # methods
    _inherit = [
        "b2b.portal.page.mixin",
        "b2b.mention.mixin",
        "b2b.mentioned.mixin",
        "b2b.topic.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_deadline asc nulls last, id desc"
    _check_company_auto = True
    _b2b_portal_path = "/my/b2b/tasks"

    name = fields.Char(string="Subject", required=True, tracking=True)
    topic_id = fields.Many2one(
        check_company=True, domain="[('use_on_task', '=', True)]"
    )
    # the raw markup names every record it mentions: our users only; partners
    # read description_portal, filtered for the reader (b2b.mention.mixin)
    description = fields.Html(groups="base.group_user")
    # our users only: the thread may be internal or another company's (a
    # request to B in A's thread); partners' pages show _b2b_portal_thread()
    thread_id = fields.Many2one(
        comodel_name="b2b.thread",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
        groups="base.group_user",
    )
    company_id = fields.Many2one(
        related="thread_id.company_id", store=True, index=True, precompute=True
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Assignee",
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Addressed To",
        index=True,
        tracking=True,
        help="Set when the task is a request addressed to the partner company.",
    )
    commercial_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Partner Company",
        compute="_compute_commercial_partner_id",
        store=True,
        precompute=True,
        index=True,
        help="The company whose portal users see the task when it is shared: the "
        "company of the partner it was addressed to, else the thread's.",
    )
    is_shared = fields.Boolean(
        string="Shared with Partner",
        compute="_compute_is_shared",
        store=True,
        readonly=False,
        tracking=True,
        help="Shared tasks are visible in the portal to every user of the partner "
        "company. On by default for tasks addressed to the partner.",
    )
    date_deadline = fields.Date(string="Deadline", index=True, tracking=True)
    state = fields.Selection(
        selection=TASK_STATES,
        string="Status",
        required=True,
        default="todo",
        index=True,
        copy=False,
        tracking=True,
        group_expand=True,
    )
    date_done = fields.Datetime(
        string="Done On",
        readonly=True,
        copy=False,
        index=True,
        help="When the task was last marked done: the partner overview measures "
        "answer times from it.",
    )
    is_closed = fields.Boolean(compute="_compute_is_closed", search="_search_is_closed")
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )
    color = fields.Integer()

    def init(self):
        # the reminder job looks up "has this company an open shared task?"
        create_index(
            self.env.cr,
            indexname="b2b_task_open_shared_commercial_partner_idx",
            tablename=self._table,
            expressions=["commercial_partner_id"],
            where="is_shared AND state NOT IN ('done', 'cancelled')",
        )
        return super().init()

    # ------------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------------

    # on purpose not on partner_id.commercial_partner_id: the audience is the
    # company the task was addressed to, whoever moves later
    @api.depends("partner_id", "thread_id.commercial_partner_id")
    def _compute_commercial_partner_id(self):
        for task in self:
            task.commercial_partner_id = (
                task.partner_id.commercial_partner_id
                or task.thread_id.commercial_partner_id
            )

    def _b2b_portal_thread(self):
        """The task's thread if the task's partner may see it, else nothing: a task
        addressed to the partner must not reveal the subject of an internal thread."""
        self.ensure_one()
        # sudo: the thread is only returned when it may be shown (checks below)
        thread = self.sudo().thread_id
        same_company = thread.commercial_partner_id == self.commercial_partner_id
        if thread.is_shared and same_company:
            return thread
        return thread.browse()

    @api.depends("partner_id")
    def _compute_is_shared(self):
        for task in self:
            task.is_shared = bool(task.partner_id)

    @api.depends("state")
    def _compute_is_closed(self):
        for task in self:
            task.is_closed = task.state in CLOSED_TASK_STATES

    def _search_is_closed(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        positive = (operator == "=") == bool(value)
        return [("state", "in" if positive else "not in", CLOSED_TASK_STATES)]

    @api.depends("state", "date_deadline")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        # assigned per value, not per task: a digest shows many tasks at once
        overdue_ids = [
            task_id
            for task_id, deadline, state in zip(
                self._ids,
                self.mapped("date_deadline"),
                self.mapped("state"),
                strict=True,
            )
            if deadline and deadline < today and state not in CLOSED_TASK_STATES
        ]
        overdue = self.browse(overdue_ids)
        overdue.is_overdue = True
        (self - overdue).is_overdue = False

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        today = fields.Date.context_today(self)
        overdue = [
            ("date_deadline", "<", today),
            ("state", "not in", CLOSED_TASK_STATES),
        ]
        if (operator == "=") == bool(value):
            return overdue
        return [
            "|",
            "|",
            ("date_deadline", "=", False),
            ("date_deadline", ">=", today),
            ("state", "in", CLOSED_TASK_STATES),
        ]

    # ------------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------------

    @api.model
    def _prepare_date_done_values(self, vals):
        """``vals`` with the date the task is marked done (cleared on reopening)."""
        if "state" not in vals or "date_done" in vals:
            return vals
        done = vals["state"] == "done"
        return {**vals, "date_done": fields.Datetime.now() if done else False}

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._prepare_date_done_values(vals) for vals in vals_list]
        tasks = super().create(vals_list)
        tasks._sync_assignee_activity()
        return tasks

    def write(self, vals):
        if "state" in vals and "date_done" not in vals:
            unchanged = self.filtered(lambda task: task.state == vals["state"])
            if unchanged and unchanged != self:
                # a task already in that state keeps its done date
                return (self - unchanged).write(vals) and unchanged.write(vals)
            if not unchanged:
                vals = self._prepare_date_done_values(vals)
        res = super().write(vals)
        if {"user_id", "date_deadline", "state", "name"} & vals.keys():
            self._sync_assignee_activity()
        return res

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------

    def action_start(self):
        self.write({"state": "in_progress"})

    def action_wait(self):
        self.write({"state": "waiting"})

    def action_done(self):
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reset(self):
        self.write({"state": "todo"})

    def _b2b_partner_responsible_user(self):
        """The partner's user responsible for this task: the addressed person
        if they have a portal account, else the company's person of contact,
        else its first portal user."""
        self.ensure_one()
        Users = self.env["res.users"].sudo()  # sudo: portal users are not readable
        for person in (
            self.partner_id,
            self.commercial_partner_id.b2b_reminder_contact_id,
        ):
            user = person and Users.search(
                [("partner_id", "=", person.id), ("share", "=", True)], limit=1
            )
            if user:
                return user
        return Users.search(
            [
                ("partner_id", "child_of", self.commercial_partner_id.id),
                ("share", "=", True),
            ],
            order="id",
            limit=1,
        )

    def action_b2b_contact_responsible(self):
        """Open the chat with the partner's responsible user (connection rule
        enforced when the chat is created)."""
        self.ensure_one()
        user = self._b2b_partner_responsible_user()
        if not user:
            raise UserError(
                _(
                    "Nobody at %(partner)s has a portal account yet: grant one from "
                    "the contact (Action > Grant portal access).",
                    partner=self.commercial_partner_id.display_name,
                )
            )
        channel = chat_with(self.env["discuss.channel"], [user.partner_id.id])
        return channel._b2b_action_open()

    def action_open_thread(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "b2b.thread",
            "res_id": self.thread_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------------

    def _sync_assignee_activity(self):
        """Keep exactly one 'B2B Task' activity for the assignee of each open task.

        The activity is what puts the task in the assignee's activity menu and
        sends the assignment notification; it follows reassignment and
        rescheduling, is marked done with the task and dropped on cancel.
        """
        activity_type = self.env.ref(
            "b2b_communication.mail_activity_type_b2b_task", raise_if_not_found=False
        )
        if not activity_type:
            return
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        activities_by_task = {}
        for activity in activities:
            activities_by_task.setdefault(activity.res_id, activity)
        for task in self:
            activity = activities_by_task.get(task.id)
            if task.state == "done":
                if activity:
                    activity.action_feedback(feedback=_("Task done"))
            elif task.state == "cancelled" or not task.user_id:
                if activity:
                    activity.unlink()
            elif not activity:
                task.message_subscribe(partner_ids=task.user_id.partner_id.ids)
                task.activity_schedule(
                    act_type_xmlid="b2b_communication.mail_activity_type_b2b_task",
                    date_deadline=task.date_deadline or fields.Date.context_today(task),
                    summary=task.name,
                    user_id=task.user_id.id,
                )
            else:
                task._update_assignee_activity(activity)

    def _update_assignee_activity(self, activity):
        self.ensure_one()
        vals = {}
        if activity.user_id != self.user_id:
            vals["user_id"] = self.user_id.id
            self.message_subscribe(partner_ids=self.user_id.partner_id.ids)
        deadline = self.date_deadline or activity.date_deadline
        if activity.date_deadline != deadline:
            vals["date_deadline"] = deadline
        if activity.summary != self.name:
            vals["summary"] = self.name
        if vals:
            # writing user_id on mail.activity notifies the new assignee
            activity.write(vals)

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values:
            return self.env.ref("b2b_communication.mt_b2b_task_state_change")
        return super()._track_subtype(init_values)

    # ------------------------------------------------------------------
    # DASHBOARD
    # ------------------------------------------------------------------

    @api.model
    def get_my_work_data(self, limit=20):
        """Everything the 'My Work' dashboard shows, in a fixed number of queries."""
        user = self.env.user
        today = fields.Date.context_today(self)
        task_domain = [("user_id", "=", user.id), ("is_closed", "=", False)]
        tasks = self.search(task_domain, order="date_deadline asc nulls last, id")
        overdue = tasks.filtered(lambda t: t.date_deadline and t.date_deadline < today)
        ordered = (overdue + (tasks - overdue))[:limit]
        Thread = self.env["b2b.thread"]
        my_threads_by_state = dict(
            Thread._read_group([("user_id", "=", user.id)], ["state"], ["__count"])
        )
        waiting = Thread.search(
            [("state", "=", "waiting"), ("user_id", "=", user.id)],
            order="write_date desc",
            limit=limit,
        )
        state_labels = dict(Thread._fields["state"]._description_selection(self.env))
        task_state_labels = dict(self._fields["state"]._description_selection(self.env))
        return {
            "tasks": [
                {
                    "id": task.id,
                    "name": task.name,
                    "thread": task.thread_id.display_name,
                    "thread_id": task.thread_id.id,
                    "partner": task.thread_id.partner_id.display_name,
                    "date_deadline": fields.Date.to_string(task.date_deadline),
                    "state": task.state,
                    "state_label": task_state_labels[task.state],
                    "is_overdue": task in overdue,
                }
                for task in ordered
            ],
            "task_count": len(tasks),
            "overdue_count": len(overdue),
            "threads_by_state": [
                {
                    "state": state,
                    "label": state_labels[state],
                    "count": my_threads_by_state.get(state, 0),
                }
                for state, _label in Thread._fields["state"].selection
            ],
            "waiting_threads": [
                {
                    "id": thread.id,
                    "name": thread.display_name,
                    "partner": thread.partner_id.display_name,
                }
                for thread in waiting
            ],
        }
