# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug import urls

from odoo import api, fields, models


class B2bPartnerShareMixin(models.AbstractModel):
    """What the partner company's users see of a thread, task or communication.

    Shared records are readable in the portal by every portal user of the partner's
    commercial company (record rules in security/b2b_portal_security.xml). Log notes
    stay internal by every route: Odoo hides internal messages from share users on
    read and search, and this mixin also keeps them out of partners' mailboxes.
    """

    _name = "b2b.partner.share.mixin"
    _description = "B2B: sharing with the partner company"

    b2b_share_info = fields.Char(
        string="Audience", compute="_compute_b2b_share_info", compute_sudo=True
    )

    def _b2b_share_partner(self):
        """The commercial partner whose users may see the record (to override)."""
        self.ensure_one()
        return self.env["res.partner"]

    def _b2b_is_shared(self):
        self.ensure_one()
        return bool(self.is_shared)

    def _b2b_recipient_url(self, recipient):
        """Absolute link to the record's portal page, as put in an email to
        ``recipient`` (a res.partner)."""
        self.ensure_one()
        return urls.url_join(self.get_base_url(), self.access_url)

    def _compute_b2b_share_info(self):
        for record in self:
            partner = record._b2b_share_partner()
            if record._b2b_is_shared() and partner:
                portal_count = self.env["res.users"].search_count(
                    [
                        ("share", "=", True),
                        ("partner_id", "child_of", partner.id),
                    ]
                )
                record.b2b_share_info = self.env._(
                    "Shared with %(partner)s: messages you send are visible to its "
                    "%(count)s portal user(s). Log notes stay internal.",
                    partner=partner.display_name,
                    count=portal_count,
                )
            else:
                record.b2b_share_info = self.env._(
                    "Internal: the partner sees nothing of this record."
                )

    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        """Never send an internal message (log note, internal subtype) to a partner.

        Odoo hides internal notes from portal users in the UI and on read, but a
        partner explicitly put in ``partner_ids`` of a note would still receive it
        by email; keep only internal users as recipients of internal messages.
        """
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        if self._b2b_message_is_internal(message, msg_vals):
            recipients = [r for r in recipients if not r.get("share")]
        return recipients

    @api.model
    def _b2b_message_is_internal(self, message, msg_vals):
        msg_vals = msg_vals or {}
        if msg_vals.get("is_internal", message.is_internal):
            return True
        subtype_id = msg_vals.get("subtype_id", message.subtype_id.id)
        if not subtype_id:
            return True
        return self.env["mail.message.subtype"].browse(subtype_id).sudo().internal
