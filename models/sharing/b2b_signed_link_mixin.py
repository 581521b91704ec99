# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import hmac

from werkzeug.urls import url_encode

from odoo import models

# the secret links are signed with (as Odoo's portal signs them)
SECRET_KEY = "database.secret"


class B2bSignedLinkMixin(models.AbstractModel):
    """Signed links of the shared records: Odoo's ``pid``/``hash`` portal
    signature, valid only for an active contact of the partner company while
    the record is shared, the URL each recipient of an email gets (signed
    without an account, behind the login with one) and the per-recipient
    "View" button of notification emails."""

    _name = "b2b.signed.link.mixin"
    _description = "B2B: links signed for one partner contact"
    _inherit = ["b2b.partner.share.mixin"]

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
        if len(self) != 1:
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

    def _sign_token(self, pid):
        """The per-recipient signature of portal links (the ``hash`` of
        ``pid``/``hash``), valid only for a contact of the partner company
        while the record is shared.

        portal's ``_get_thread_with_access``, chatter, avatar and post routes all
        compare the hash with this value: an empty signature matches no hash.
        The signature is this mixin's own (:meth:`_b2b_sign_tokens`), not
        portal's: the links of a batch of emails are signed with the database
        secret read once.
        """
        self.ensure_one()
        pid = int(pid or 0)
        partner = self.env["res.partner"]
        if 0 < pid < 2**31:
            partner = partner.browse(pid).exists()
        if not self._b2b_is_signed_link_partner(partner):
            return ""
        return self._b2b_sign_tokens(pid)[self.id]

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
        base_url = self.env["b2b.mail.batch"]._base_url(self[0])
        # sudo: reads the recipient's account and company and the records'
        # sharing, only to choose the kind of link
        recipient_sudo = recipient.sudo()
        signed = self.browse()
        # a person who had an account (archived: portal access revoked) gets
        # the login link, which opens nothing for her
        if (
            recipient_sudo.active
            and not recipient_sudo.with_context(active_test=False).user_ids
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
            partner_ids = [record[field.name].id for record in self]
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
        """The signature of links (the ``hash`` of ``pid``/``hash``, see
        :meth:`_sign_token`) of every record of ``self`` for the same partner,
        ``{record id: signature}``: an HMAC-SHA256 with the database secret of
        the database, the record's access token (a new token kills every link
        signed before) and the partner. Signs without the check of
        :meth:`_sign_token` (a query per link): callers check that ``pid`` may
        act on the records. The secret is read once per batch of emails."""
        secret = (
            self.env["b2b.mail.batch"]
            ._cached(
                SECRET_KEY,
                # sudo: the secret signs, it is never shown
                lambda: self.env["ir.config_parameter"].sudo().get_param(SECRET_KEY),
            )
            .encode()
        )
        dbname = self.env.cr.dbname
        # sudo: the token is readable by our users only; it is hashed, not shown
        tokens = self.sudo().mapped(self._mail_post_token_field)
        return {
            record_id: hmac.new(
                secret, repr((dbname, token, int(pid))).encode(), hashlib.sha256
            ).hexdigest()
            for record_id, token in zip(self._ids, tokens, strict=True)
        }
