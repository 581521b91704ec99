# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class B2bContactRequestPortal(CustomerPortal):
    """The answer form of a contact request: for the partner's portal users when
    logged in, and through the signed link of the email for anybody else."""

    def _b2b_contact_request(self, request_id, access_token):
        try:
            return self._document_check_access(
                "b2b.contact.request", request_id, access_token
            )
        except (AccessError, MissingError):
            raise NotFound() from None

    def _b2b_render(self, request_sudo, access_token, status=200, **values):
        return request.render(
            "b2b_communication.portal_b2b_contact_request",
            {
                "contact_request": request_sudo,
                "access_token": access_token,
                "blocker": request_sudo._b2b_answer_blocker(),
                "page_name": "b2b_contact_request",
                "post": {},
                "errors": [],
                **values,
            },
            status=status,
        )

    @http.route(
        "/my/b2b/contact-requests/<int:request_id>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_b2b_contact_request(self, request_id, access_token=None, **post):
        request_sudo = self._b2b_contact_request(request_id, access_token)
        if request.env.user._is_public():
            # a contact without an account: the form in the partner's language
            request.env["ir.http"]._b2b_use_lang(request_sudo.partner_id.lang)
            request_sudo = request_sudo.with_context(lang=request.env.lang)
        blocker = request_sudo._b2b_answer_blocker()
        if request.httprequest.method != "POST":
            return self._b2b_render(
                request_sudo, access_token, status=410 if blocker else 200
            )
        if blocker:
            return self._b2b_render(request_sudo, access_token, status=410)
        values, errors = request_sudo._b2b_validate_answer(post)
        if errors:
            return self._b2b_render(
                request_sudo, access_token, status=400, errors=errors, post=post
            )
        # sudo: access checked above (record rule of the partner's portal users or
        # the request's signed token); the answer only creates a contact under the
        # partner company of this very request
        if not request_sudo._b2b_submit_answer(values):
            # a second submit at the same moment: the first one creates the contact
            return self._b2b_render(
                request_sudo,
                access_token,
                status=409,
                blocker=_("This request was already answered. Thank you!"),
            )
        return self._b2b_render(request_sudo, access_token, submitted=True)
