# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class B2bCommunication(models.Model):
    _name = "b2b.communication"
    _description = "B2B Communication"
    # the share mixin first: it overrides mail.thread's notification methods
    _inherit = [
        "b2b.signed.link.mixin",
        "b2b.mail.screening.mixin",
        "b2b.mention.mixin",
        "b2b.mentioned.mixin",
        "b2b.topic.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, tracking=True)
    topic_id = fields.Many2one(
        check_company=True, domain="[('use_on_communication', '=', True)]"
    )
    thread_id = fields.Many2one(
        comodel_name="b2b.thread",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        related="thread_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        related="thread_id.partner_id", string="Counterparty", store=True, index=True
    )
    commercial_partner_id = fields.Many2one(
        related="thread_id.commercial_partner_id", string="Partner Company"
    )
    contact_id = fields.Many2one(
        comodel_name="res.partner",
        string="Contact Person",
        domain="[('id', 'child_of', commercial_partner_id)]",
        ondelete="set null",
        tracking=True,
    )
    direction = fields.Selection(
        selection=[("incoming", "Incoming"), ("outgoing", "Outgoing")],
        required=True,
        default="outgoing",
        tracking=True,
    )
    channel = fields.Selection(
        selection=[
            ("phone", "Phone"),
            ("meeting", "Meeting"),
            ("email", "Email"),
            ("other", "Other"),
        ],
        required=True,
        default="phone",
        tracking=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Author",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        index=True,
    )
    # the raw markup names every record it mentions: our users only; partners
    # read description_portal, filtered for the reader (b2b.mention.mixin)
    description = fields.Html(groups="base.group_user")
    is_shared = fields.Boolean(
        string="Shared with Partner",
        tracking=True,
        help="Call and meeting logs are internal unless shared explicitly.",
    )

    def _b2b_share_partner(self):
        self.ensure_one()
        return self.thread_id.commercial_partner_id

    def _b2b_is_shared(self):
        self.ensure_one()
        return self.is_shared and self.thread_id.is_shared

    @api.onchange("thread_id")
    def _onchange_thread_id(self):
        if self.thread_id and not self.contact_id:
            self.contact_id = self.thread_id.contact_id
