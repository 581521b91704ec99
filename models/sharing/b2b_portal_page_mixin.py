# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import uuid

from odoo import api, fields, models


class B2bPortalPageMixin(models.AbstractModel):
    """A shared record with a portal page of its own (threads, tasks): shown at
    ``<_b2b_portal_path>/<id>`` to the portal users of the partner company in
    ``commercial_partner_id`` while it is shared, and through links signed for
    its contacts without an account (``b2b.signed.link.mixin``)."""

    _name = "b2b.portal.page.mixin"
    _description = "B2B: portal page of a shared record"
    # the share mixins first: they override mail.thread's notification methods
    _inherit = ["b2b.signed.link.mixin", "b2b.mail.screening.mixin", "portal.mixin"]
    # partner users reply on what is shared with them: reading is enough to post
    # (record rules decide what they can read)
    _mail_post_access = "read"
    _b2b_share_partner_field = "commercial_partner_id"
    # the portal page of a record is <_b2b_portal_path>/<id>
    _b2b_portal_path = None

    # a new audience gets new links (see _compute_access_token); read by our
    # users only: a partner user holding it would keep it after leaving
    access_token = fields.Char(
        compute="_compute_access_token",
        store=True,
        readonly=False,
        groups="base.group_user",
    )

    @api.depends(
        "is_shared",
        "partner_id",
        "partner_id.commercial_partner_id",
        "commercial_partner_id",
    )
    def _compute_access_token(self):
        """Sharing, un-sharing, another partner or the addressed person moving
        to another company revokes the links handed out before. A shared record
        gets a new token (in the same write, so that emails sign their links
        without writing), an unshared one none."""
        for record in self:
            record.access_token = str(uuid.uuid4()) if record.is_shared else False

    def _compute_access_url(self):
        self._b2b_cache_access_urls(self._b2b_portal_path)

    def action_preview_as_partner(self):
        """Open the page the partner's users see, rendered with their access."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"{self._b2b_portal_path}/{self.id}/preview",
            "target": "new",
        }
