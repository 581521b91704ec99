# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from odoo.addons.base.models.res_users import is_boolean_group, is_selection_groups


class ResUsers(models.Model):
    """A person whose account is archived, deleted or changes kind of access
    (portal user, one of ours, revoked by the portal wizard) leaves the chats
    and groups the connection rule no longer allows."""

    _inherit = "res.users"

    def write(self, vals):
        if not self._b2b_changes_membership(vals):
            return super().write(vals)
        partners = self.partner_id
        res = super().write(vals)
        (partners | self.partner_id)._b2b_messenger_check_members()
        return res

    def unlink(self):
        partners = self.partner_id
        res = super().unlink()
        partners.exists()._b2b_messenger_check_members()
        return res

    def _b2b_changes_membership(self, vals):
        return any(
            name in ("active", "groups_id", "partner_id")
            or is_boolean_group(name)
            or is_selection_groups(name)
            for name in vals
        )
