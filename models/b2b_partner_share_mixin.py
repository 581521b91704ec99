# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.osv import expression


class B2bPartnerShareMixin(models.AbstractModel):
    """What the partner company's users see of a thread, task or communication.

    Shared records are readable in the portal by every portal user of the partner's
    commercial company (record rules in security/b2b_portal_security.xml). Log notes
    stay internal by every route: Odoo hides internal messages from share users on
    read and search, and this mixin also keeps them out of partners' mailboxes.

    Sharing is the single source of truth for links as well: a token, a signed
    link or a file link opens the record only while it is shared, and a change of
    audience (sharing, un-sharing, another partner) revokes the links handed out
    before (see ``_compute_access_token`` on the models with a portal page).
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

    def _b2b_dependent_shared_records(self):
        """Recordsets whose audience follows this one's (to override)."""
        return []

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

    # ------------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------------

    def write(self, vals):
        res = super().write(vals)
        if {"is_shared", "partner_id", "thread_id"} & vals.keys():
            self._b2b_revoke_file_links()
        return res

    # ------------------------------------------------------------------
    # LINKS
    # ------------------------------------------------------------------

    def _b2b_revoke_file_links(self):
        """Kill the links to files of these records that the portal chatter handed
        out (Odoo's per-file access token): the next audience gets new ones."""
        domain = expression.OR(
            [
                [("res_model", "=", records._name), ("res_id", "in", records.ids)]
                for records in [self, *self._b2b_dependent_shared_records()]
            ]
        )
        # sudo: files of records the user just changed; only their tokens are reset
        self.env["ir.attachment"].sudo().search(
            expression.AND([domain, [("access_token", "!=", False)]])
        ).write({"access_token": False})

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        """Tokens and signed links (``token``, ``hash``/``pid`` of Odoo's portal
        chatter, ``/mail/...`` routes) open a record only while it is shared.

        The visitor's own rights (record rules) still decide first; a record
        without a token of its own (communications) opens to nobody else.
        """
        if not self._b2b_link_params_valid(thread_id, kwargs):
            return self.browse()
        thread = self.browse(int(thread_id)).exists()
        if thread and thread.sudo(False).has_access(mode):
            return thread
        token_field = self._mail_post_token_field
        # sudo: the visitor holds a link; read the sharing state it depends on
        thread_sudo = thread.sudo()
        if not (
            thread_sudo
            and token_field in thread_sudo._fields
            and thread_sudo[token_field]
            and thread_sudo._b2b_is_shared()
        ):
            return self.browse()
        return super()._get_thread_with_access(thread.id, mode=mode, **kwargs)

    def _get_access_action(self, access_uid=None, force_website=False):
        """Partner users whose own rights open the record land on its plain portal
        page (Odoo would add the token): a link from their address bar is no
        capability for anyone else."""
        self.ensure_one()
        user = self.env["res.users"].sudo().browse(access_uid or self.env.uid)
        if (
            isinstance(self, self.env.registry["portal.mixin"])
            and user.share
            and not user._is_public()
            and self.with_user(user).has_access("read")
        ):
            return {
                "type": "ir.actions.act_url",
                "url": self.access_url,
                "target": "self",
                "res_id": self.id,
            }
        return super()._get_access_action(
            access_uid=access_uid, force_website=force_website
        )

    @api.model
    def _b2b_link_params_valid(self, thread_id, kwargs):
        """Junk ids, tokens and signatures are no access (Odoo's checks would
        fail on them with a server error)."""
        if not str(thread_id).isdigit() or int(thread_id) >= 2**31:
            return False
        if any(not isinstance(kwargs.get(key) or "", str) for key in ("token", "hash")):
            return False
        pid = kwargs.get("pid")
        return not pid or str(pid).isdigit()

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
