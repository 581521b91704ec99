# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.porting import USER_GROUPS, chat_with

# A partner company is *connected* (its portal users may chat with our users and
# appear in the address book) when its Messenger setting is "always", or when it
# is "automatic" (the default) and we have a confirmed sales order or purchase
# order with it, or a thread shared with it. "never" disconnects it.
CONNECTED_SQL = """
    cp.b2b_messenger = 'always'
    OR (COALESCE(cp.b2b_messenger, 'auto') = 'auto' AND (
        EXISTS (SELECT 1 FROM sale_order so
                  JOIN res_partner sp ON sp.id = so.partner_id
                 WHERE sp.commercial_partner_id = cp.id AND so.state = 'sale')
        OR EXISTS (SELECT 1 FROM purchase_order po
                     JOIN res_partner pp ON pp.id = po.partner_id
                    WHERE pp.commercial_partner_id = cp.id
                      AND po.state IN ('purchase', 'done'))
        OR EXISTS (SELECT 1 FROM b2b_thread t
                    WHERE t.commercial_partner_id = cp.id AND t.is_shared)
    ))
"""


class B2bAddressBook(models.Model):
    """Everyone our users may write to: the active internal users, and the
    portal users of connected partner companies. A SQL view, so new users and
    new connections appear (and removed ones disappear) without any step."""

    _name = "b2b.address.book"
    _description = "B2B Address Book"
    _auto = False
    _order = "is_internal desc, company_name, name"
    _rec_name = "name"
    # searching the view first flushes pending writes to what it reads
    _depends = {
        "res.users": ["active", "share", "partner_id", "company_id", USER_GROUPS],
        "res.partner": [
            "name",
            "function",
            "email",
            "phone",
            "mobile",
            "active",
            "commercial_partner_id",
            "b2b_messenger",
        ],
        "res.company": ["name"],
        "sale.order": ["state", "partner_id"],
        "purchase.order": ["state", "partner_id"],
        "b2b.thread": ["commercial_partner_id", "is_shared"],
    }

    user_id = fields.Many2one(comodel_name="res.users", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", readonly=True)
    commercial_partner_id = fields.Many2one(
        comodel_name="res.partner", string="Partner Company", readonly=True
    )
    name = fields.Char(readonly=True)
    function = fields.Char(string="Job Position", readonly=True)
    company_name = fields.Char(string="Company", readonly=True)
    email = fields.Char(readonly=True)
    phone = fields.Char(readonly=True)
    mobile = fields.Char(readonly=True)
    is_internal = fields.Boolean(string="Our Company", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %s AS (
                SELECT u.id, u.id AS user_id, p.id AS partner_id,
                       CASE WHEN u.share THEN cp.id END AS commercial_partner_id,
                       p.name, p.function, p.email, p.phone, p.mobile,
                       CASE WHEN u.share THEN cp.name ELSE c.name END AS company_name,
                       NOT u.share AS is_internal
                  FROM res_users u
                  JOIN res_partner p ON p.id = u.partner_id
                  JOIN res_partner cp ON cp.id = p.commercial_partner_id
                  JOIN res_company c ON c.id = u.company_id
                 WHERE u.active AND p.active
                   AND u.id != 1
                   AND NOT EXISTS (
                       SELECT 1 FROM res_groups_users_rel r
                        WHERE r.uid = u.id AND r.gid = (
                            SELECT res_id FROM ir_model_data
                             WHERE module = 'base' AND name = 'group_public'))
                   AND (NOT u.share OR (%s))
            )""",
                SQL.identifier(self._table),
                SQL(CONNECTED_SQL),
            )
        )

    @api.model
    def _b2b_portal_entries(self, user):
        """The entries portal ``user`` may see: its colleagues and our B2B users,
        provided its company is connected (then the user is itself listed)."""
        # sudo: portal users have no access to this model; the domain below is
        # exactly what the connection rule lets them see
        book = self.sudo()
        if not book.search_count([("user_id", "=", user.id)], limit=1):
            return book.browse()
        return book.search(
            [
                ("user_id", "!=", user.id),
                "|",
                (
                    "commercial_partner_id",
                    "=",
                    user.partner_id.commercial_partner_id.id,
                ),
                "&",
                ("is_internal", "=", True),
                (
                    f"user_id.{USER_GROUPS}",
                    "in",
                    self.env.ref("b2b_communication.group_b2b_user").ids,
                ),
            ]
        )

    def action_message(self):
        """Open (or create) the chat with this person in Discuss."""
        self.ensure_one()
        channel = chat_with(self.env["discuss.channel"], [self.partner_id.id])
        return channel._b2b_action_open()
