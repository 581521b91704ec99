# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 32, point 9: Odoo's mail routes naming one of the addon's mixins (an
abstract model has no table; some have no chatter) answered an anonymous
visitor with a server error (``UndefinedTable``, ``KeyError``,
``AttributeError``); they refuse now (404), for anybody."""

from odoo.tests import tagged

from .common import B2bPortalCommon

ROUTES = {
    "/mail/chatter_fetch": {},
    "/mail/thread/data": {"request_list": ["activities", "followers"]},
    "/mail/thread/messages": {},
    "/mail/message/post": {"post_data": {"body": "Hi", "message_type": "comment"}},
}
# what the portal chatter adds to a call: a token or a signed link
LINKS = ({}, {"token": "0123456789abcdef"}, {"hash": "0123456789abcdef", "pid": 3})


@tagged("post_install", "-at_install")
class TestChatterRoutesNamingAMixin(B2bPortalCommon):
    portal_user_keys = ("a1",)

    def _mixins(self):
        mixins = [
            name
            for name, model in self.env.registry.items()
            if model._abstract and model._original_module == "b2b_communication"
        ]
        self.assertIn("b2b.partner.share.mixin", mixins)
        self.assertIn("b2b.portal.page.mixin", mixins)
        return mixins + ["mail.thread", "no.such.model"]

    def test_mail_routes_refuse_a_mixin(self):
        for login in ("public", "a1"):
            self._login(login)
            for model in self._mixins():
                for route, params in ROUTES.items():
                    for link in LINKS:
                        response = self._json_response(
                            route,
                            {"thread_model": model, "thread_id": 1, **params, **link},
                        )
                        label = f"{login} {route} {model} {link}"
                        self.assertLess(response.status_code, 500, label)
                        error = response.json().get("error", {})
                        name = error.get("data", {}).get("name", "")
                        # anonymous: /mail/thread/messages wants a session
                        self.assertIn(
                            name.rpartition(".")[2],
                            ("NotFound", "SessionExpiredException"),
                            label,
                        )

    def test_mail_routes_still_serve_threads(self):
        """A real thread model passes the check: a portal user reads the
        messages of a thread shared with A."""
        thread = self.env["b2b.thread"].create(
            {"subject": "Shared", "partner_id": self.supplier_a.id, "is_shared": True}
        )
        thread.message_post(
            body="Hello A", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self._login("a1")
        answer = self._json(
            "/mail/chatter_fetch",
            {"thread_model": "b2b.thread", "thread_id": thread.id},
        )
        self.assertIn("Hello A", str(answer["result"]["data"]))
