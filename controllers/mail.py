# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.http import request
from odoo.osv import expression

from odoo.addons.mail.tools.discuss import Store
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
            kw.get("token")
            or not (kw.get("hash") and kw.get("pid"))
            or thread_model not in request.env
            or not isinstance(request.env[thread_model], share_mixin)
            or not request.env.user._is_public()
        ):
            return super().portal_message_fetch(
                thread_model, thread_id, limit=limit, after=after, before=before, **kw
            )
        # checks the signature: the contact still belongs to the partner
        # company and the record is still shared with it
        thread = request.env[thread_model]._get_thread_with_access(
            thread_id, hash=kw["hash"], pid=kw["pid"]
        )
        if not thread:
            raise Forbidden()
        Message = request.env["mail.message"]
        model = request.env[thread_model]
        field = model._fields["website_message_ids"]
        # as Odoo's route does with a token: the public messages only
        domain = expression.AND(
            [
                Message._get_search_domain_share(),
                self._setup_portal_message_fetch_extra_domain(kw),
                field.get_domain_list(model),
                [
                    ("res_id", "=", thread.id),
                    "|",
                    ("body", "!=", ""),
                    ("attachment_ids", "!=", False),
                    ("subtype_id", "=", request.env.ref("mail.mt_comment").id),
                ],
            ]
        )
        # sudo: the signed link gives read access to the record (checked above);
        # the domain keeps its public messages only
        res = Message.sudo()._message_fetch(domain, None, before, after, None, limit)
        messages = res.pop("messages")
        return {
            **res,
            "data": {"mail.message": messages.portal_message_format(options=kw)},
            "messages": Store.many_ids(messages),
        }
