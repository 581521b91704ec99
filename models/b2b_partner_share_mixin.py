# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import uuid

from markupsafe import Markup, escape
from werkzeug.urls import url_encode

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

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
    before (see ``_compute_access_token`` on the models with a portal page).
    """

    _name = "b2b.partner.share.mixin"
    # overrides and calls mail.thread API (like mail.thread.cc): declared, so
    # the order of _inherit in the models using it cannot break it
    _inherit = ["mail.thread"]
    _description = "B2B: sharing with the partner company"
    # whether emails give partner contacts without an account a link signed for
    # them (the portal page of the model accepts ``pid``/``hash``)
    _b2b_signed_links = False
    # the field holding the commercial partner whose users see the record when
    # it is ``is_shared``, for the models shared with their own partner
    # (threads, tasks): lists of records are then checked in bulk (see
    # _b2b_shared_with)
    _b2b_share_partner_field = None

    b2b_share_info = fields.Char(
        string="Audience", compute="_compute_b2b_share_info", compute_sudo=True
    )

    @api.depends(
        "is_shared",
        "partner_id",
        "partner_id.commercial_partner_id",
        "commercial_partner_id",
    )
    def _compute_access_token(self):
        """For the models with a portal page of their own (their stored
        ``access_token`` computes here): sharing, un-sharing, another partner or
        the addressed person moving to another company revokes the links handed
        out before. A shared record gets a new token (in the same write, so that
        emails sign their links without writing), an unshared one none."""
        for record in self:
            record.access_token = str(uuid.uuid4()) if record.is_shared else False

    def _b2b_cache_access_urls(self, path):
        """Set ``access_url`` (``path/<id>``) of all the records at once, as
        Odoo's bulk computes write the cache (an email lists many records;
        assigning record by record cost 25 us each)."""
        self.env.cache.update(
            self,
            self._fields["access_url"],
            [f"{path}/{record.id}" for record in self],
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

    def _notify_get_recipients_classify(
        self, message, recipients_data, model_description, msg_vals=None
    ):
        """Give each partner contact its own "View" button: signed for that very
        person when it has no account, the plain page behind the login otherwise.

        Odoo's portal puts an ``access_token`` (usable by anyone who gets the
        email forwarded) in the customer's button; the partner company's
        contacts get :meth:`_b2b_recipient_url` instead, others no button.
        """
        groups = super()._notify_get_recipients_classify(
            message, recipients_data, model_description, msg_vals=msg_vals
        )
        if len(self) != 1 or not self._b2b_signed_links:
            return groups
        share_ids = {data["id"] for data in recipients_data if data.get("share")}
        result = []
        for group in groups:
            external = [pid for pid in group["recipients"] if pid in share_ids]
            if not external:
                result.append(group)
                continue
            if len(external) < len(group["recipients"]):
                result.append(
                    dict(
                        group,
                        recipients=[
                            pid for pid in group["recipients"] if pid not in share_ids
                        ],
                    )
                )
            result += [self._b2b_recipient_group(group, pid) for pid in external]
        return result

    def _b2b_recipient_group(self, group, partner_id):
        partner = self.env["res.partner"].browse(partner_id)
        # sudo: whether the recipient has a user decides the kind of link only
        known = partner.sudo().user_ids or self._b2b_is_signed_link_partner(partner)
        button = dict(group["button_access"], url=self._b2b_recipient_url(partner))
        return dict(
            group,
            recipients=[partner_id],
            button_access=button,
            has_button_access=bool(known),
        )

    # ------------------------------------------------------------------
    # EMAIL REPLIES
    # ------------------------------------------------------------------

    def message_post(self, **kwargs):
        """Screen the emails routed here by the mail gateway (``from_alias``).

        Odoo routes any email answering a known Message-Id to its record and
        posts it as a public comment. One from an address that is neither one of
        our users nor a contact of the partner company (forwarded email, former
        employee, spoofed sender) becomes an internal note flagged for review,
        and its author is not subscribed: the partner company never sees it.
        """
        if (
            self.env.context.get("from_alias")
            and len(self) == 1
            and not self._b2b_is_trusted_email(kwargs)
        ):
            screened = self.with_context(mail_create_nosubscribe=True)
            message = super(B2bPartnerShareMixin, screened).message_post(
                **self._b2b_unknown_sender_post_values(kwargs)
            )
            self._b2b_schedule_sender_review(kwargs)
            return message
        return super().message_post(**kwargs)

    def _b2b_is_trusted_email(self, post_values):
        """Incoming emails that keep their public/internal kind: replies to a note
        (posted internal by Odoo) and emails of our users or of a contact of the
        record's partner company."""
        subtype_id = post_values.get("subtype_id")
        if post_values.get("is_internal") or not subtype_id:
            return True
        # sudo: reads the subtype's flag and the author's company, nothing else
        if self.env["mail.message.subtype"].sudo().browse(subtype_id).internal:
            return True
        author = self.env["res.partner"].sudo().browse(post_values.get("author_id"))
        if author.exists().user_ids.filtered(lambda user: not user.share):
            return True
        return self._b2b_is_partner_contact(author.exists())

    def _b2b_unknown_sender_post_values(self, post_values):
        sender = post_values.get("email_from") or self.env._("unknown address")
        marker = Markup(
            '<p class="o_b2b_unknown_sender"><strong>%s</strong></p>'
        ) % self.env._(
            "Email from an unknown sender (%(sender)s): review before sharing.",
            sender=sender,
        )
        return dict(
            post_values,
            body=marker + escape(post_values.get("body") or ""),
            is_internal=True,
            subtype_id=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
            subtype_xmlid=None,
        )

    def _b2b_schedule_sender_review(self, post_values):
        """A to-do for the record's responsible, so flagged emails are found."""
        responsible = self["user_id"] if "user_id" in self._fields else False
        # sudo: the email gateway posts as the sender, who may not schedule
        # activities; the to-do goes to our own responsible
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Review email from an unknown sender"),
            note=self.env._(
                "%(sender)s answered by email but is neither one of our users nor "
                "a contact of the partner company. The email was kept as an "
                "internal note: share its content only if appropriate.",
                sender=post_values.get("email_from") or "?",
            ),
            user_id=(responsible or self.create_uid).id,
        )

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

    # ------------------------------------------------------------------
    # LINKS IN EMAILS
    # ------------------------------------------------------------------

    def _b2b_is_signed_link_partner(self, partner):
        """Whether ``partner`` may act on this record through a signed link: a
        contact (still active) of the partner company while the record is shared.

        Checked when the link is built and again each time it is used, so that a
        link dies when the record is un-shared or the contact leaves the company.
        """
        self.ensure_one()
        # sudo: reads the sharing state and whether the person's account (if
        # any) is still active, nothing else
        users = partner.sudo().with_context(active_test=False).user_ids
        if users and not users.filtered("active"):
            # lost its portal access (account archived): nothing by links either
            return False
        return self.sudo()._b2b_is_shared() and self._b2b_is_partner_contact(partner)

    def _b2b_is_partner_contact(self, partner):
        """Whether ``partner`` is an active contact of the record's partner company."""
        self.ensure_one()
        # sudo: reads the companies of the record and of the contact, nothing else
        record, partner = self.sudo(), partner.sudo()
        share_partner = record._b2b_share_partner().commercial_partner_id
        return bool(
            partner
            and partner.active
            and share_partner
            and partner.commercial_partner_id == share_partner
        )

    def _sign_token(self, pid):
        """Odoo's per-recipient signature (``pid``/``hash`` of portal links), valid
        only for a contact of the partner company while the record is shared.

        portal's ``_get_thread_with_access``, chatter, avatar and post routes all
        compare the hash with this value: an empty signature matches no hash.
        """
        pid = int(pid or 0)
        partner = self.env["res.partner"]
        if 0 < pid < 2**31:
            partner = partner.browse(pid).exists()
        if not self._b2b_is_signed_link_partner(partner):
            return ""
        # sudo: the token is readable by our users only; it is hashed, not shown
        return super(B2bPartnerShareMixin, self.sudo())._sign_token(pid)

    def _b2b_recipient_url(self, recipient):
        """Absolute URL of the record for one recipient of an email.

        A contact without an account gets a link signed for that very person
        (``pid``/``hash``, as Odoo's portal does) that opens the page without
        logging in; anyone with a user gets the plain page behind the login.
        Records without a portal page of their own (communications) lead to
        their thread.
        """
        self.ensure_one()
        return self._b2b_recipient_urls(recipient)[self.id]

    def _b2b_recipient_urls(self, recipient):
        """:meth:`_b2b_recipient_url` of every record of ``self`` for the same
        recipient, as ``{record id: URL}``: what the records share (base URL,
        the recipient's account and company) is read once, so that an email
        listing many records (the digest) pays little per link."""
        if "access_url" not in self._fields:
            thread_urls = self.thread_id._b2b_recipient_urls(recipient)
            return {record.id: thread_urls[record.thread_id.id] for record in self}
        if not self:
            return {}
        base_url = self.env["mail.render.mixin"]._b2b_base_url(self[0])
        # sudo: reads the recipient's account and company and the records'
        # sharing, only to choose the kind of link
        recipient_sudo = recipient.sudo()
        signed = self.browse()
        if (
            self._b2b_signed_links
            and recipient_sudo.active
            and not recipient_sudo.user_ids
        ):
            signed = self.sudo()._b2b_shared_with(recipient_sudo.commercial_partner_id)
            signed._b2b_ensure_access_tokens()
        # eligibility checked just above: sign without checking again
        signatures = signed._b2b_sign_tokens(recipient.id)
        urls = {}
        # values read in bulk from the cache (a digest asks for many records)
        for record_id, path in zip(self._ids, self.mapped("access_url"), strict=True):
            if record_id in signatures:
                # an id and a hexadecimal digest: nothing to encode
                params = f"pid={recipient.id}&hash={signatures[record_id]}"
                urls[record_id] = f"{base_url}{path}?{params}"
            else:
                redirect = url_encode({"redirect": path})
                urls[record_id] = f"{base_url}/web/login?{redirect}"
        return urls

    def _b2b_shared_with(self, company):
        """The records of ``self`` shared with the partner company ``company``."""
        if not company:
            return self.browse()
        if self._b2b_share_partner_field:
            # the same test, read for the whole list at once (a digest signs
            # many links)
            field = self._fields[self._b2b_share_partner_field]
            partners = self.mapped(field.name)
            company_partner_ids = {
                partner.id
                for partner in partners
                if partner.commercial_partner_id == company
            }
            if not company_partner_ids:
                return self.browse()
            shared = self.mapped("is_shared")
            partner_ids = list(self.env.cache.get_values(self, field))
            return self.browse(
                [
                    record_id
                    for record_id, is_shared, partner_id in zip(
                        self._ids, shared, partner_ids, strict=True
                    )
                    if is_shared and partner_id in company_partner_ids
                ]
            )
        return self.filtered(
            lambda record: (
                record._b2b_is_shared()
                and record._b2b_share_partner().commercial_partner_id == company
            )
        )

    def _b2b_sign_tokens(self, pid):
        """Odoo's signature of links (``_sign_token`` of portal's mail.thread,
        the ``hash`` of ``pid``/``hash`` links) of every record of ``self`` for
        the same partner, ``{record id: signature}``. Signs without this
        module's check of :meth:`_sign_token` (a query per link): callers check
        that ``pid`` may act on the records."""
        return {
            record.id: super(B2bPartnerShareMixin, record)._sign_token(pid)
            for record in self
        }

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
