# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.utils import get_portal_partner


class B2bContactRequestPortal(CustomerPortal):
    """The answer form of a contact request: for the partner's portal users when
    logged in, and for a contact without an account through the link of the
    email, signed for that very person (``pid``/``hash``)."""

    def _b2b_contact_request(self, request_id, pid, signature):
        """The request (sudo) the visitor may answer and the contact its link was
        signed for, else 404: a logged-in user by its own rights (record rules),
        an anonymous visitor only with a link signed for a contact who still
        belongs to the partner company (checked by ``_sign_token``,
        ``b2b.signed.link.mixin``). An access token alone opens nothing: whoever held
        one would keep it after leaving the company."""
        Partner = request.env["res.partner"]
        if not request.env.user._is_public():
            try:
                return (
                    self._document_check_access("b2b.contact.request", request_id),
                    Partner,
                )
            except (AccessError, MissingError):
                raise NotFound() from None
        # sudo: nothing is shown or written before the signature is checked
        request_sudo = (
            request.env["b2b.contact.request"].sudo().browse(request_id).exists()
        )
        if not (request_sudo and signature and str(pid or "").isdigit()):
            raise NotFound()
        signed_partner = get_portal_partner(request_sudo, signature, int(pid), None)
        if not signed_partner:
            raise NotFound()
        return request_sudo, signed_partner

    def _b2b_render(self, request_sudo, signed, status=200, **values):
        return request.render(
            "b2b_communication.portal_b2b_contact_request",
            {
                "contact_request": request_sudo,
                "signed": signed,
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
    def portal_b2b_contact_request(self, request_id, **post):
        pid, signature = post.pop("pid", None), post.pop("hash", None)
        request_sudo, signed_partner = self._b2b_contact_request(
            request_id, pid, signature
        )
        # the link's signature, carried by the form to its POST
        signed = {"pid": pid, "hash": signature} if signed_partner else {}
        if signed_partner:
            # a contact without an account: the form in that person's language
            request.env["ir.http"]._b2b_use_lang(
                signed_partner.lang or request_sudo.partner_id.lang
            )
            request_sudo = request_sudo.with_context(lang=request.env.lang)
        blocker = request_sudo._b2b_answer_blocker()
        if request.httprequest.method != "POST":
            return self._b2b_render(
                request_sudo, signed, status=410 if blocker else 200
            )
        if blocker:
            return self._b2b_render(request_sudo, signed, status=410)
        values, errors = request_sudo._b2b_validate_answer(post)
        if errors:
            return self._b2b_render(
                request_sudo, signed, status=400, errors=errors, post=post
            )
        # sudo: access checked above (record rule of the partner's portal users or
        # the link signed for a contact of the partner company); the answer only
        # creates a contact under the partner company of this very request
        if not request_sudo._b2b_submit_answer(values):
            # a second submit at the same moment: the first one creates the contact
            return self._b2b_render(
                request_sudo,
                signed,
                status=409,
                blocker=_("This request was already answered. Thank you!"),
            )
        return self._b2b_render(request_sudo, signed, submitted=True)
