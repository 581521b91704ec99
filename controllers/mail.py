# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.mail import PortalChatter

from .thread import b2b_check_thread_model


class B2bPortalChatter(PortalChatter):
    """The portal chatter of a shared thread or task opened through a link
    signed for one contact (``pid``/``hash``) reads its public messages with
    that signature: pages opened that way carry no bearer token, which would
    outlive the contact's link (Odoo's ``/mail/chatter_fetch`` only reads with
    a token)."""

    @http.route()
    def portal_message_fetch(
        self, thread_model, thread_id, limit=10, after=None, before=None, **kw
    ):
        b2b_check_thread_model(thread_model)
        share_mixin = request.env.registry["b2b.partner.share.mixin"]
        if (
            self._b2b_is_signed_fetch(kw)
            and thread_model in request.env
            and isinstance(request.env[thread_model], share_mixin)
        ):
            # checks the signature: the contact still belongs to the partner
            # company and the record is still shared with it
            thread = request.env[thread_model]._get_thread_with_access(
                thread_id, hash=kw["hash"], pid=kw["pid"]
            )
            if not thread:
                raise Forbidden()
            # sudo: the signed link gives read access to the record (checked
            # above), as Odoo's route does with a token; the domain keeps its
            # public messages only (_setup_portal_message_fetch_extra_domain)
            request.update_env(su=True)
        return super().portal_message_fetch(
            thread_model, thread_id, limit=limit, after=after, before=before, **kw
        )

    def _setup_portal_message_fetch_extra_domain(self, data):
        domain = super()._setup_portal_message_fetch_extra_domain(data)
        if self._b2b_is_signed_fetch(data):
            # as Odoo's route does with a token: the public messages only
            domain = [*domain, *request.env["mail.message"]._get_search_domain_share()]
        return domain

    def _b2b_is_signed_fetch(self, kw):
        """Whether an anonymous visitor fetches a chatter by a link signed for
        one contact (no token)."""
        return bool(
            not kw.get("token")
            and kw.get("hash")
            and kw.get("pid")
            and request.env.user._is_public()
        )
