# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Mentions in text a partner can read never expose internal records: on portal
pages a mentioned record is a portal link when the partner may read it, and a
neutral placeholder otherwise (its name alone could tell about a competitor)."""

from odoo.tests import new_test_user, tagged

from .common import B2bHttpCase, create_mention_setting, mention_link


@tagged("post_install", "-at_install")
class TestMentionPortal(B2bHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        create_mention_setting(cls, "mention", "B-SECRET-REF")
        cls.order_a = cls.env["sale.order"].create({"partner_id": cls.supplier_a.id})
        cls.order_a.message_subscribe(cls.supplier_a.ids)  # as when sent
        cls.internal_thread = cls.env["b2b.thread"].create(
            {"subject": "Switch supplier plan", "partner_id": cls.supplier_b.id}
        )
        cls.task.with_user(cls.internal).description = (
            "<p>Hello "
            + mention_link(cls.internal, "@Ines Internal")
            + ", see "
            + mention_link(cls.order_a, f"#{cls.order_a.name}")
            + " and "
            + mention_link(cls.order_b, f"#{cls.order_b.name} B-SECRET-REF")
            + " and "
            + mention_link(cls.internal_thread, "#Switch supplier plan")
            + "</p>"
        )

    def _assert_safe(self, page):
        self.assertIn(f'href="{self.order_a.access_url}"', page)
        self.assertNotIn("B-SECRET-REF", page)
        self.assertNotIn("Switch supplier plan", page)
        self.assertNotIn("/odoo/", page)
        self.assertNotIn("data-oe-model", page)
        self.assertIn("[internal reference]", page)
        self.assertIn("@Ines Internal", page, "people stay as plain text")

    def test_portal_task_page(self):
        self.authenticate("mention_portal_a", "mention_portal_a_pw")
        response = self.url_open(f"/my/b2b/tasks/{self.task.id}")
        self.assertEqual(response.status_code, 200)
        self._assert_safe(response.text)

    def test_preview_renders_as_the_partner(self):
        self.authenticate("mention_internal", "mention_internal_pw")
        response = self.url_open(f"/my/b2b/tasks/{self.task.id}/preview")
        self.assertEqual(response.status_code, 200)
        self._assert_safe(response.text)

    def test_internal_readers(self):
        html = self.task.with_user(self.internal).description_portal
        self.assertIn(f'data-oe-id="{self.order_b.id}"', html)
        self.assertIn("B-SECRET-REF", html)
        # an internal user without sales rights does not see the order's name
        clerk = new_test_user(
            self.env, login="mention_clerk", groups="b2b_communication.group_b2b_user"
        )
        html = self.task.with_user(clerk).description_portal
        self.assertNotIn("B-SECRET-REF", html)
        self.assertIn("Switch supplier plan", html)
