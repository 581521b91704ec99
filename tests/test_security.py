# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import B2bCommon


@tagged("post_install", "-at_install")
class TestAccess(B2bCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.thread = cls._create_thread()
        cls.communication = cls.env["b2b.communication"].create(
            {"name": "Call", "thread_id": cls.thread.id}
        )
        cls.task = cls.env["b2b.task"].create(
            {"name": "Task", "thread_id": cls.thread.id}
        )
        cls.employee_no_b2b = new_test_user(
            cls.env, login="plain_employee", groups="base.group_user"
        )

    def test_user_works_but_cannot_delete(self):
        for record in (self.thread, self.communication, self.task):
            record = record.with_user(self.b2b_user)
            record.check_access("read")
            record.check_access("write")
            with self.assertRaises(AccessError, msg=record._name):
                record.unlink()

    def test_manager_deletes(self):
        self.communication.with_user(self.b2b_manager).unlink()
        self.task.with_user(self.b2b_manager).unlink()
        self.thread.with_user(self.b2b_manager).unlink()
        self.assertFalse(self.thread.exists())

    def test_topics_managed_by_managers_only(self):
        Topic = self.env["b2b.topic"]
        self.assertTrue(
            Topic.with_user(self.b2b_user).search([("id", "=", self.topic.id)])
        )
        with self.assertRaises(AccessError):
            Topic.with_user(self.b2b_user).create({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.topic.with_user(self.b2b_user).write({"name": "Renamed"})
        topic = Topic.with_user(self.b2b_manager).create({"name": "Managed"})
        topic.with_user(self.b2b_manager).unlink()

    def test_settings_section_for_managers(self):
        self.assertTrue(self.b2b_manager.has_group("b2b_communication.group_b2b_user"))
        self.assertTrue(
            self.env.ref("base.user_admin").has_group(
                "b2b_communication.group_b2b_manager"
            )
        )

    def test_sales_and_purchase_users_are_b2b_users(self):
        salesman = new_test_user(
            self.env, login="salesman", groups="sales_team.group_sale_salesman"
        )
        buyer = new_test_user(
            self.env, login="buyer", groups="purchase.group_purchase_user"
        )
        self.assertTrue(salesman.has_group("b2b_communication.group_b2b_user"))
        self.assertTrue(buyer.has_group("b2b_communication.group_b2b_user"))

    def test_employee_without_group_has_no_access(self):
        for record in (self.thread, self.communication, self.task):
            with self.assertRaises(AccessError):
                record.with_user(self.employee_no_b2b).check_access("read")

    def test_portal_user_sees_nothing_unshared(self):
        """Portal users read shared records only (see test_portal) and never write."""
        portal = new_test_user(self.env, login="portal_x", groups="base.group_portal")
        for model in ("b2b.thread", "b2b.communication", "b2b.task"):
            self.assertFalse(self.env[model].with_user(portal).search([]))
        with self.assertRaises(AccessError):
            self.thread.with_user(portal).write({"subject": "x"})

    def test_multi_company_isolation(self):
        """A user of another company sees none of this company's threads."""
        Thread = self.env["b2b.thread"]
        other_thread = Thread.create(
            {
                "subject": "Other",
                "partner_id": self.customer.id,
                "company_id": self.company_other.id,
            }
        )
        self.assertEqual(
            Thread.with_user(self.b2b_user_other_company).search(
                [("id", "in", (self.thread | other_thread).ids)]
            ),
            other_thread,
        )
        with self.assertRaises(AccessError):
            self.thread.with_user(self.b2b_user_other_company).read(["subject"])
        with self.assertRaises(AccessError):
            self.task.with_user(self.b2b_user_other_company).read(["name"])
        with self.assertRaises(AccessError):
            self.communication.with_user(self.b2b_user_other_company).read(["name"])

    def test_company_consistency(self):
        """Topics of another company cannot be put on a thread (check_company)."""
        foreign_topic = self.env["b2b.topic"].create(
            {"name": "Foreign", "company_id": self.company_other.id}
        )
        with self.assertRaises(UserError):
            self._create_thread(topic_id=foreign_topic.id)
