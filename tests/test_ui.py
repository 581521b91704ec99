# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="tour_user",
            password="tour_user_pw",
            name="Tour User",
            groups="base.group_user,b2b_communication.group_b2b_user",
        )
        cls.colleague = new_test_user(
            cls.env,
            login="tour_colleague",
            name="Tour Colleague",
            groups="base.group_user,b2b_communication.group_b2b_user",
        )
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Tour Supplier", "is_company": True}
        )

    def test_create_thread_with_communication_and_task(self):
        self.start_tour("/odoo", "b2b_thread_tour", login="tour_user")
        thread = self.env["b2b.thread"].search(
            [("subject", "=", "Tour: new bracket design")]
        )
        self.assertEqual(len(thread), 1)
        self.assertEqual(thread.partner_id, self.supplier)
        self.assertEqual(thread.user_id, self.user)
        self.assertEqual(thread.communication_ids.name, "Tour call with the supplier")
        self.assertEqual(thread.communication_ids.direction, "incoming")
        self.assertEqual(thread.task_ids.name, "Tour task: send drawing")
        self.assertEqual(thread.task_ids.user_id, self.colleague)
        self.assertTrue(thread.task_ids.activity_ids, "the assignee got an activity")

    def test_my_work_dashboard(self):
        thread = self.env["b2b.thread"].create(
            {"subject": "Dash", "partner_id": self.supplier.id}
        )
        self.env["b2b.task"].create(
            {"name": "Dashboard task", "thread_id": thread.id, "user_id": self.user.id}
        )
        self.start_tour("/odoo", "b2b_my_work_tour", login="tour_user")
