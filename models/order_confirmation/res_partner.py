# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

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
