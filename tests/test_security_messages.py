# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Found by the access matrix: A's portal user, who received our public
message on a thread shared with A, rewrote its body with
``mail.message.write`` (Odoo lets whoever received a message write it)."""

from odoo.tests import tagged

from .common import B2bPortalCommon, create_shared_thread, post_comment


@tagged("post_install", "-at_install")
class TestPartnerMessages(B2bPortalCommon):
    portal_user_keys = ("a1",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.thread = create_shared_thread(cls.env, cls.supplier_a, "Prices 2027")
        cls.thread.message_subscribe(partner_ids=cls.portal_users["a1"].partner_id.ids)
        cls.message = post_comment(cls.thread, "Please confirm", user=cls.internal)

    def test_partner_user_cannot_rewrite_our_message(self):
        self._login("a1")
        self._assert_refused(
            self._call_kw,
            "mail.message",
            "write",
            [self.message.ids, {"body": "<p>Price accepted</p>"}],
        )
        self.assertEqual(str(self.message.body), "<p>Please confirm</p>")

    def test_partner_user_edits_its_own_message(self):
        """Editing one's own message in the portal chatter stays as Odoo does
        it."""
        own = self.thread.with_user(self.portal_users["a1"]).message_post(
            body="Confirmed for Monday",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self._login("a1")
        self._call_kw("mail.message", "write", [own.ids, {"body": "<p>Tuesday</p>"}])
        self.assertEqual(str(own.body), "<p>Tuesday</p>")
