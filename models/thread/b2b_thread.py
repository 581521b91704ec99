# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.tools.sql import create_index

THREAD_STATES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("waiting", "Awaiting Decision"),
    ("cancelled", "Cancelled"),
    ("confirmed", "Confirmed"),
    ("done", "Closed"),
]
OPEN_THREAD_STATES = ("new", "in_progress", "waiting")
DOCUMENT_COUNTS = {
    "sale_order_count": "sale.order",
    "purchase_order_count": "purchase.order",
    "production_count": "mrp.production",
    "picking_count": "stock.picking",
    "invoice_count": "account.move",
    "payment_count": "account.payment",
}


class B2bThread(models.Model):
    _name = "b2b.thread"
    _description = "B2B Communication Thread"
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
    _order = "priority desc, create_date desc, id desc"
    _rec_names_search = ["name", "subject", "partner_id.name"]
    _check_company_auto = True
    _b2b_portal_path = "/my/b2b/threads"
    _b2b_topic_subject_field = "subject"

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: _("New"),
    )
    subject = fields.Char(required=True, tracking=True, index="trigram")
    topic_id = fields.Many2one(
        check_company=True, domain="[('use_on_thread', '=', True)]", tracking=True
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Counterparty",
        required=True,
        check_company=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    commercial_partner_id = fields.Many2one(
        comodel_name="res.partner",
        compute="_compute_commercial_partner_id",
        store=True,
        precompute=True,
        index=True,
        string="Partner Company",
        help="The company whose portal users see the thread when it is shared: "
        "the counterparty's company when the counterparty was set. A person "
        "moving to another company later does not take the thread along.",
    )
    contact_id = fields.Many2one(
        comodel_name="res.partner",
        string="Contact Person",
        check_company=True,
        domain="[('id', 'child_of', commercial_partner_id), "
        "('is_company', '=', False)]",
        ondelete="set null",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    # the raw markup names every record it mentions: our users only; partners
    # read description_portal, filtered for the reader (b2b.mention.mixin)
    description = fields.Html(groups="base.group_user")
    state = fields.Selection(
        selection=THREAD_STATES,
        string="Status",
        required=True,
        default="new",
        index=True,
        copy=False,
        tracking=True,
        group_expand=True,
    )
    is_shared = fields.Boolean(
        string="Shared with Partner",
        tracking=True,
        help="Shared threads are visible in the portal to every user of the partner "
        "company, with the messages sent to them. Log notes stay internal.",
    )
    priority = fields.Selection(
        selection=[("0", "Normal"), ("1", "Important")],
        default="0",
    )
    color = fields.Integer()
    is_open = fields.Boolean(compute="_compute_is_open", search="_search_is_open")
    communication_ids = fields.One2many(
        comodel_name="b2b.communication", inverse_name="thread_id"
    )
    # our users only, as a task's thread_id (a task of B may sit in a thread
    # shared with A); partners' pages list the tasks they may read
    task_ids = fields.One2many(
        comodel_name="b2b.task", inverse_name="thread_id", groups="base.group_user"
    )
    # the documents on the thread and their counts: our users only, as the
    # documents' own link to the thread (b2b.document.mixin); partners see
    # the documents of their company on the thread's portal page
    sale_order_ids = fields.One2many(
        comodel_name="sale.order",
        inverse_name="b2b_thread_id",
        string="Sales",
        groups="base.group_user",
    )
    purchase_order_ids = fields.One2many(
        comodel_name="purchase.order",
        inverse_name="b2b_thread_id",
        string="Purchases",
        groups="base.group_user",
    )
    production_ids = fields.One2many(
        comodel_name="mrp.production",
        inverse_name="b2b_thread_id",
        string="Manufacturing Orders",
        groups="base.group_user",
    )
    document_ids = fields.One2many(
        comodel_name="b2b.thread.document",
        inverse_name="thread_id",
        string="Documents",
        groups="base.group_user",
    )
    sale_order_count = fields.Integer(
        compute="_compute_document_counts", groups="base.group_user"
    )
    purchase_order_count = fields.Integer(
        compute="_compute_document_counts", groups="base.group_user"
    )
    production_count = fields.Integer(
        compute="_compute_document_counts", groups="base.group_user"
    )
    picking_count = fields.Integer(
        compute="_compute_document_counts", groups="base.group_user"
    )
    invoice_count = fields.Integer(
        compute="_compute_document_counts", groups="base.group_user"
    )
    payment_count = fields.Integer(
        compute="_compute_document_counts", groups="base.group_user"
    )
    communication_count = fields.Integer(
        compute="_compute_counts", groups="base.group_user"
    )
    task_count = fields.Integer(compute="_compute_counts", groups="base.group_user")
    open_task_count = fields.Integer(
        compute="_compute_counts", groups="base.group_user"
    )

    # ------------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------------

    def init(self):
        # the reminder job looks up "has this company a thread awaiting it?"
        create_index(
            self.env.cr,
            indexname="b2b_thread_waiting_shared_commercial_partner_idx",
            tablename=self._table,
            expressions=["commercial_partner_id"],
            where="is_shared AND state = 'waiting'",
        )
        return super().init()

    @api.depends("partner_id")
    def _compute_commercial_partner_id(self):
        # on purpose not on partner_id.commercial_partner_id: the audience is
        # the company the thread was addressed to, whoever moves later
        for thread in self:
            thread.commercial_partner_id = thread.partner_id.commercial_partner_id

    @api.depends("name", "subject")
    def _compute_display_name(self):
        for thread in self:
            thread.display_name = (
                f"{thread.name} - {thread.subject}" if thread.subject else thread.name
            )

    def _b2b_dependent_shared_records(self):
        # tasks and communications follow the thread's partner and sharing
        return [self.task_ids, self.communication_ids]

    @api.depends("state")
    def _compute_is_open(self):
        for thread in self:
            thread.is_open = thread.state in OPEN_THREAD_STATES

    def _search_is_open(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        positive = (operator == "=") == bool(value)
        return [("state", "in" if positive else "not in", OPEN_THREAD_STATES)]

    @api.depends("communication_ids", "task_ids.state")
    def _compute_counts(self):
        comm_data = dict(
            self.env["b2b.communication"]._read_group(
                [("thread_id", "in", self.ids)], ["thread_id"], ["__count"]
            )
        )
        task_data = {}
        for thread, state, count in self.env["b2b.task"]._read_group(
            [("thread_id", "in", self.ids)], ["thread_id", "state"], ["__count"]
        ):
            task_data.setdefault(thread, {})[state] = count
        for thread in self:
            per_state = task_data.get(thread, {})
            thread.communication_count = comm_data.get(thread, 0)
            thread.task_count = sum(per_state.values())
            thread.open_task_count = sum(
                count
                for state, count in per_state.items()
                if state not in ("done", "cancelled")
            )

    def _compute_document_counts(self):
        """One grouped query per document type for all threads (none if the user
        may not read that type)."""
        for fname, model in DOCUMENT_COUNTS.items():
            counts = {}
            if self.env[model].has_access("read"):
                counts = dict(
                    self.env[model]._read_group(
                        [("b2b_thread_id", "in", self.ids)],
                        ["b2b_thread_id"],
                        ["__count"],
                    )
                )
            for thread in self:
                thread[fname] = counts.get(thread, 0)

    # ------------------------------------------------------------------
    # ONCHANGE METHODS
    # ------------------------------------------------------------------

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.contact_id and self.contact_id.commercial_partner_id != (
            self.partner_id.commercial_partner_id
        ):
            self.contact_id = False
        if self.partner_id and not self.partner_id.is_company and not self.contact_id:
            self.contact_id = self.partner_id

    # ------------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == _("New"):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("b2b.thread") or _("New")
        threads = super().create(vals_list)
        threads._subscribe_responsible()
        return threads

    def write(self, vals):
        res = super().write(vals)
        if vals.get("user_id"):
            self._subscribe_responsible()
        return res

    def _subscribe_responsible(self):
        for thread in self.filtered("user_id"):
            thread.message_subscribe(partner_ids=thread.user_id.partner_id.ids)

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------

    def action_start(self):
        self.write({"state": "in_progress"})

    def action_request_decision(self):
        self.write({"state": "waiting"})

    def action_confirm(self):
        self.write({"state": "confirmed"})

    def action_close(self):
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reopen(self):
        self.write({"state": "in_progress"})

    def action_reset_to_new(self):
        self.write({"state": "new"})

    def _action_view_b2b_documents(self, model):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env[model]._description,
            "res_model": model,
            "view_mode": "list,form",
            "domain": [("b2b_thread_id", "=", self.id)],
            "context": {
                "default_b2b_thread_id": self.id,
                "default_partner_id": self.partner_id.id,
            },
        }

    def action_view_sale_orders(self):
        return self._action_view_b2b_documents("sale.order")

    def action_view_purchase_orders(self):
        return self._action_view_b2b_documents("purchase.order")

    def action_view_productions(self):
        return self._action_view_b2b_documents("mrp.production")

    def action_view_pickings(self):
        return self._action_view_b2b_documents("stock.picking")

    def action_view_invoices(self):
        return self._action_view_b2b_documents("account.move")

    def action_view_payments(self):
        return self._action_view_b2b_documents("account.payment")

    def _action_new_b2b_document(self, model, extra_context=None):
        self.ensure_one()
        context = {"default_b2b_thread_id": self.id, **(extra_context or {})}
        return {
            "type": "ir.actions.act_window",
            "res_model": model,
            "view_mode": "form",
            "views": [(False, "form")],
            "context": context,
        }

    def action_new_quotation(self):
        return self._action_new_b2b_document(
            "sale.order", {"default_partner_id": self.partner_id.id}
        )

    def action_new_rfq(self):
        return self._action_new_b2b_document(
            "purchase.order", {"default_partner_id": self.partner_id.id}
        )

    def action_new_production(self):
        return self._action_new_b2b_document("mrp.production")

    def action_view_communications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_communication_action"
        )
        action["domain"] = [("thread_id", "=", self.id)]
        action["context"] = {
            "default_thread_id": self.id,
            "default_contact_id": self.contact_id.id,
        }
        return action

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_task_action"
        )
        action["domain"] = [("thread_id", "=", self.id)]
        action["context"] = {"default_thread_id": self.id}
        return action

    # ------------------------------------------------------------------
    # MAIL
    # ------------------------------------------------------------------

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values:
            return self.env.ref("b2b_communication.mt_b2b_thread_state_change")
        return super()._track_subtype(init_values)
