# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResPartner(models.Model):
    """Who speaks for a partner company, for sharing: the one predicate of
    signed links, follower emails, the screening of email replies, the digest
    and contact requests."""

    _inherit = "res.partner"

    def _b2b_is_active_contact_of(self, company):
        """Whether this person is an active contact of the partner company
        ``company`` (a commercial partner) who has not lost portal access: a
        contact without an account, or with an account still active (Odoo's
        portal wizard revokes access by archiving the user)."""
        if len(self) != 1 or not company:
            return False
        # sudo: reads the person's company and whether her account, if any, is
        # still active; nothing else
        partner = self.sudo().with_context(active_test=False)
        if not (partner.active and partner.commercial_partner_id == company):
            return False
        users = partner.user_ids
        return not users or any(users.mapped("active"))
