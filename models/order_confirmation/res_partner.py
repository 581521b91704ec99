# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    """Order confirmation on the partner: the orders the supplier's reminder
    digest lists, and the record rules of a user moving company."""

    _inherit = "res.partner"

    b2b_digest_order_confirmation_ids = fields.Many2many(
        comodel_name="b2b.order.line.confirmation",
        string="Digest: Orders to Confirm",
        compute="_compute_b2b_digest_order_confirmation_ids",
        groups="base.group_user",
    )

    @api.depends_context("uid")
    def _compute_b2b_digest_order_confirmation_ids(self):
        """The orders of every partner of the batch in one query."""
        Confirmation = self.env["b2b.order.line.confirmation"]
        orders = Confirmation._b2b_digest_orders(self.ids)
        for partner in self:
            partner.b2b_digest_order_confirmation_ids = orders.get(
                partner.id, Confirmation
            )

    def write(self, vals):
        """A person with an account who moves to another company loses what
        its former company's record rules gave it at once (the supplier's
        order line confirmations by RPC, and every portal rule keyed on
        ``user.partner_id.commercial_partner_id``): Odoo caches a user's
        rule domains, and clears them when the user changes, not its
        partner."""
        # sudo: whether the partners have users, only to decide the clearing
        moved = "parent_id" in vals and any(
            self.sudo().with_context(active_test=False).user_ids
        )
        res = super().write(vals)
        if moved:
            self.env.registry.clear_cache()
        return res
