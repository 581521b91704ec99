# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

# what makes a person's company (commercial partner) another
COMPANY_FIELDS = {"parent_id", "is_company"}


class ResPartner(models.Model):
    """Who speaks for a partner company, for sharing: the one predicate of
    signed links, follower emails, the screening of email replies, the digest
    and contact requests; a person with an account who moves to another
    company reads by RPC what her new company may, at once."""

    _inherit = "res.partner"

    def write(self, vals):
        """A person with an account (or a company with people who have one)
        moving to another company loses what the record rules of her former
        company gave her at once, by every route: Odoo caches a user's rule
        domains (``user.partner_id.commercial_partner_id`` of the portal rules
        of threads, tasks, requests, order lines...) and clears them when the
        user changes, not her partner."""
        moved = COMPANY_FIELDS & vals.keys() and self._b2b_have_accounts()
        res = super().write(vals)
        if moved:
            self.env.registry.clear_cache()
        return res

    def _b2b_have_accounts(self):
        """Whether any of these partners, or of the contacts under them, has a
        user (archived ones included: her access may be given back)."""
        # sudo: whether such users exist, nothing else is read
        return bool(
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("partner_id", "child_of", self.ids)], limit=1)
        )

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
