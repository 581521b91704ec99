# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from ..porting import or_domains

# what /mail/thread/data gives our users only (see _thread_to_store)
INTERNAL_THREAD_DATA = (
    "activities",
    "attachments",
    "followers",
    "scheduledMessages",
    "suggestedRecipients",
)


class B2bPartnerShareMixin(models.AbstractModel):
    """What the partner company's users see of a thread, task or communication.

    Shared records are readable in the portal by every portal user of the partner's
    commercial company (record rules in security/b2b_portal_security.xml). Log notes
    stay internal by every route: Odoo hides internal messages from share users on
    read and search, and this mixin also keeps them out of partners' mailboxes.

    Sharing is the single source of truth for links as well: a token, a signed
    link or a file link opens the record only while it is shared, and a change of
    audience (sharing, un-sharing, another partner) revokes the links handed out
    before (see ``_compute_access_token`` of ``b2b.portal.page.mixin``, for the
    models with a portal page of their own).

    The links signed for partner contacts without an account are the
    ``b2b.signed.link.mixin``, the screening of emails from unknown senders the
    ``b2b.mail.screening.mixin``: both build on this one.
    """

    _name = "b2b.partner.share.mixin"
    # overrides and calls mail.thread API (like mail.thread.cc): declared, so
    # the order of _inherit in the models using it cannot break it
    _inherit = ["mail.thread"]
    _description = "B2B: sharing with the partner company"
    # the field holding the commercial partner whose users see the record when
    # it is ``is_shared``, for the models shared with their own partner
    # (threads, tasks): lists of records are then checked in bulk (see
    # _b2b_shared_with)
    _b2b_share_partner_field = None

    b2b_share_info = fields.Char(
        string="Audience", compute="_compute_b2b_share_info", compute_sudo=True
    )

    def _b2b_ensure_access_tokens(self):
        """Give the records without an access token one, in one query: the
        signature of a link includes the token, so it must exist before signing
        (and a new token after un-sharing kills every link signed before).
        Shared threads and tasks get theirs when shared; this covers the
        records of other models and those shared before 18.0.1.4.0."""
        if all(self.mapped("access_token")):
            return
        missing = self.filtered(lambda record: not record.access_token)
        missing.flush_recordset(["access_token"])
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET access_token = gen_random_uuid()::varchar"
                " WHERE id IN %s AND access_token IS NULL",
                SQL.identifier(self._table),
                tuple(missing.ids),
            )
        )
        missing.invalidate_recordset(["access_token"])
        # read back at once for the whole set (not record by record when signing)
        missing.fetch(["access_token"])

    def _b2b_cache_access_urls(self, path):
        """Set ``access_url`` (``path/<id>``) of all the records at once (an
        email lists many records, see ``b2b.mail.batch._set_computed``)."""
        self.env["b2b.mail.batch"]._set_computed(
            self, "access_url", [f"{path}/{record_id}" for record_id in self._ids]
        )

    def _b2b_share_partner(self):
        """The commercial partner whose users may see the record: the field
        ``_b2b_share_partner_field``, else to override."""
        self.ensure_one()
        if self._b2b_share_partner_field:
            return self[self._b2b_share_partner_field]
        return self.env["res.partner"]

    def _b2b_is_shared(self):
        self.ensure_one()
        return bool(self.is_shared)

    def _b2b_dependent_shared_records(self):
        """Recordsets whose audience follows this one's (to override)."""
        return []

    def _b2b_is_partner_contact(self, partner):
        """Whether ``partner`` is an active contact of the record's partner
        company who has not lost portal access (see
        ``res.partner._b2b_is_active_contact_of``)."""
        self.ensure_one()
        # sudo: reads the record's partner company, nothing else
        share_partner = self.sudo()._b2b_share_partner().commercial_partner_id
        return partner._b2b_is_active_contact_of(share_partner)

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
            self._b2b_unsubscribe_outsiders()
        return res

    # ------------------------------------------------------------------
    # FOLLOWERS
    # ------------------------------------------------------------------

    def _b2b_notifiable_partners(self, partners):
        """The partners of ``partners`` that may receive the public messages of
        every record of ``self``: our internal users always; anyone else (a
        contact of the partner company, with or without a portal account) only
        while the record is shared with its company, while it is an active
        contact of it, and while its account, if it had one, is active."""
        # sudo: reads who the partners are (users, company, active), nothing else
        partners_sudo = partners.sudo().with_context(active_test=False)
        partners_sudo.fetch(["active", "commercial_partner_id"])
        partners_sudo.user_ids.fetch(["active", "share"])
        allowed_ids = []
        for partner_sudo in partners_sudo:
            internal = partner_sudo.user_ids.filtered(
                lambda user: user.active and not user.share
            )
            if internal or all(
                record._b2b_is_signed_link_partner(partner_sudo) for record in self
            ):
                allowed_ids.append(partner_sudo.id)
        return partners.browse(allowed_ids)

    def _b2b_is_signed_link_partner(self, partner):
        """Whether ``partner`` may act on this record through a signed link (or
        receive its messages): an active contact of the partner company who has
        not lost portal access, while the record is shared.

        Checked when the link is built and again each time it is used, so that a
        link dies when the record is un-shared, the contact leaves the company
        or loses portal access (account archived).
        """
        self.ensure_one()
        # sudo: reads the sharing state, nothing else
        return self.sudo()._b2b_is_shared() and self._b2b_is_partner_contact(partner)

    def _b2b_unsubscribe_outsiders(self):
        """Followers outside our company who may no longer receive the record's
        messages (un-shared, another partner) stop following it."""
        for records in [self, *self._b2b_dependent_shared_records()]:
            # sudo: only drops followers who may not receive anything any more
            followers = (
                self.env["mail.followers"]
                .sudo()
                .search(
                    [
                        ("res_model", "=", records._name),
                        ("res_id", "in", records.ids),
                        ("partner_id.partner_share", "=", True),
                    ]
                )
            )
            for record in records:
                partners = followers.filtered(
                    lambda follower, record=record: follower.res_id == record.id
                ).partner_id
                leaving = partners - record._b2b_notifiable_partners(partners)
                if leaving:
                    record.sudo().message_unsubscribe(partner_ids=leaving.ids)

    # ------------------------------------------------------------------
    # LINKS
    # ------------------------------------------------------------------

    def _b2b_revoke_file_links(self):
        """Kill the links to files of these records that the portal chatter handed
        out (Odoo's per-file access token): the next audience gets new ones."""
        domain = or_domains(
            [
                [("res_model", "=", records._name), ("res_id", "in", records.ids)]
                for records in [self, *self._b2b_dependent_shared_records()]
            ]
        )
        # sudo: files of records the user just changed; only their tokens are reset
        self.env["ir.attachment"].sudo().search(
            [*domain, ("access_token", "!=", False)]
        ).write({"access_token": False})

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        """Tokens and signed links (``token``, ``hash``/``pid`` of Odoo's portal
        chatter, ``/mail/...`` routes) open a record only while it is shared,
        and only to visitors without an account.

        The visitor's own rights (record rules) still decide first; a record
        without a token of its own (communications) opens to nobody else.
        """
        if not self._b2b_link_params_valid(thread_id, kwargs):
            return self.browse()
        thread = self.browse(int(thread_id)).exists()
        if thread and thread.sudo(False).has_access(mode):
            return thread
        if not self.env.user._is_public():
            # links are for visitors without an account: a logged-in user (a
            # partner user who moved to a competitor with an old link) gets
            # what their own rights give
            return self.browse()
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

    def _thread_to_store(self, store, /, *, request_list=None, **kwargs):
        """What ``/mail/thread/data`` gives anyone but our users (portal users,
        visitors with a token or a signed link): the thread itself, never its
        activities (to-dos, "review before sharing"), files (those of log notes
        included), followers, scheduled messages or suggested recipients."""
        if request_list and not self.env.user._is_internal():
            request_list = [
                request
                for request in request_list
                if request not in INTERNAL_THREAD_DATA
            ]
        return super()._thread_to_store(store, request_list=request_list, **kwargs)

    def _get_access_action(self, access_uid=None, force_website=False):
        """Partner users whose own rights open the record land on its plain portal
        page (Odoo would add the token): a link from their address bar is no
        capability for anyone else."""
        self.ensure_one()
        # sudo: reads whether the user is a share user; access is checked with
        # the user's own rights below
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
            return [r for r in recipients if not r.get("share")]
        # a partner contact (follower or addressed) receives the record's
        # messages only while it is shared with its company and it belongs there
        outside = [r["id"] for r in recipients if r.get("share")]
        if outside and self:
            allowed = self._b2b_notifiable_partners(
                self.env["res.partner"].browse(outside)
            ).ids
            recipients = [
                r for r in recipients if not r.get("share") or r["id"] in allowed
            ]
        return recipients

    @api.model
    def _b2b_message_is_internal(self, message, msg_vals):
        msg_vals = msg_vals or {}
        if msg_vals.get("is_internal", message.is_internal):
            return True
        subtype_id = msg_vals.get("subtype_id", message.subtype_id.id)
        if not subtype_id:
            return True
        # sudo: reads one flag of a subtype the message already carries
        return self.env["mail.message.subtype"].browse(subtype_id).sudo().internal
