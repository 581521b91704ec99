# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _frontend_pre_dispatch(cls):
        """A logged-in partner (portal) user reads the portal in the language of
        their account: Odoo's routing prefers the ``frontend_lang`` cookie, which
        the login page (or an earlier visit) set in whatever language it was
        shown. The cookie is then set to the user's language."""
        user = request.env.user
        if request.session.uid and user.share and not user._is_public():
            cls._b2b_use_lang(user.lang)
        return super()._frontend_pre_dispatch()

    @classmethod
    def _b2b_use_lang(cls, lang_code):
        """Serve this request in ``lang_code`` when it is a language of the
        frontend (else keep the request's): Odoo's own ``request.lang``, so that
        the page, its ``<html lang>`` and its links agree. Also for a contact
        without an account who opens a link signed for them."""
        if not lang_code or lang_code == request.lang.code:
            return
        # sudo-free: res.lang's cached data, readable by anybody
        if lang_code not in request.env["res.lang"]._get_frontend():
            return
        request.lang = request.env["res.lang"]._get_data(code=lang_code)
        request.update_context(lang=lang_code)
        if request.cookies.get("frontend_lang") != lang_code:
            request.future_response.set_cookie("frontend_lang", lang_code)
