# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged, users, warmup

from .common import B2bCommon, create_task


@tagged("post_install", "-at_install")
class TestTask(B2bCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.thread = cls._create_thread(user_id=cls.b2b_user.id)
        cls.activity_type = cls.env.ref("b2b_communication.mail_activity_type_b2b_task")

    def _task_activities(self, task):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "b2b.task"),
                ("res_id", "=", task.id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    @users("b2b_user")
    def test_defaults(self):
        task = create_task(self.env, self.thread, "Send drawing")
        self._assert_created_by(task, self.b2b_user, "todo")
        self.assertEqual(task.company_id, self.thread.company_id)
        self.assertFalse(self._task_activities(task), "no assignee, no activity")

    @users("b2b_user")
    def test_topic_fills_name(self):
        self._topic_form("b2b.task", "name", thread_id=self.thread).save()

    def test_assignment_notifies_and_schedules_activity(self):
        """The assignee gets an inbox notification and an activity with the deadline."""
        with self.mock_mail_gateway():
            task = (
                self.env["b2b.task"]
                .with_user(self.b2b_user)
                .create(
                    {
                        "name": "Check new price",
                        "thread_id": self.thread.id,
                        "user_id": self.b2b_user2.id,
                        "date_deadline": "2026-12-01",
                    }
                )
            )
        activity = self._task_activities(task)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.b2b_user2)
        self.assertEqual(activity.date_deadline, date(2026, 12, 1))
        self.assertEqual(activity.summary, "Check new price")
        self.assertIn(self.b2b_user2.partner_id, task.message_partner_ids)
        notification = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.b2b_user2.partner_id.id),
                ("mail_message_id.model", "=", "b2b.task"),
                ("mail_message_id.res_id", "=", task.id),
            ]
        )
        self.assertTrue(notification, "the assignee is notified in Odoo")
        self.assertEqual(notification.notification_type, "inbox")

    def test_activity_follows_task(self):
        """Reassign, reschedule, done and cancel keep the activity in sync."""
        task = self.env["b2b.task"].create(
            {
                "name": "Check new price",
                "thread_id": self.thread.id,
                "user_id": self.b2b_user.id,
                "date_deadline": "2026-12-01",
            }
        )
        task.user_id = self.b2b_user2
        activity = self._task_activities(task)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.b2b_user2)
        task.date_deadline = "2026-12-24"
        self.assertEqual(activity.date_deadline, date(2026, 12, 24))
        task.name = "Check newer price"
        self.assertEqual(activity.summary, "Check newer price")
        task.action_start()
        self.assertEqual(self._task_activities(task), activity, "still one activity")
        task.action_done()
        self.assertFalse(self._task_activities(task), "done: activity closed")
        done_message = self.env["mail.message"].search(
            [
                ("model", "=", "b2b.task"),
                ("res_id", "=", task.id),
                ("mail_activity_type_id", "=", self.activity_type.id),
            ]
        )
        self.assertTrue(done_message, "the done activity is logged in the chatter")
        task.action_reset()
        self.assertEqual(len(self._task_activities(task)), 1, "reopened: activity back")
        task.action_cancel()
        self.assertFalse(self._task_activities(task), "cancelled: activity removed")
        task.action_reset()
        task.user_id = False
        self.assertFalse(self._task_activities(task), "unassigned: activity removed")

    def test_task_status_transitions(self):
        task = self.env["b2b.task"].create({"name": "t", "thread_id": self.thread.id})
        for method, expected in [
            ("action_start", "in_progress"),
            ("action_wait", "waiting"),
            ("action_done", "done"),
            ("action_reset", "todo"),
            ("action_cancel", "cancelled"),
        ]:
            getattr(task, method)()
            self.assertEqual(task.state, expected)

    @freeze_time("2026-06-10")
    def test_overdue(self):
        Task = self.env["b2b.task"]
        late = Task.create(
            {"name": "late", "thread_id": self.thread.id, "date_deadline": "2026-06-09"}
        )
        today = Task.create(
            {
                "name": "today",
                "thread_id": self.thread.id,
                "date_deadline": "2026-06-10",
            }
        )
        nodate = Task.create({"name": "no date", "thread_id": self.thread.id})
        done_late = Task.create(
            {
                "name": "done",
                "thread_id": self.thread.id,
                "date_deadline": "2026-06-01",
                "state": "done",
            }
        )
        self.assertTrue(late.is_overdue)
        self.assertFalse(today.is_overdue or nodate.is_overdue or done_late.is_overdue)
        tasks = late | today | nodate | done_late
        self.assertEqual(
            Task.search([("id", "in", tasks.ids), ("is_overdue", "=", True)]), late
        )
        self.assertEqual(
            Task.search([("id", "in", tasks.ids), ("is_overdue", "=", False)]),
            today | nodate | done_late,
        )

    @freeze_time("2026-06-10")
    def test_my_work_dashboard(self):
        """My Work: my open tasks, overdue first; my threads by status; waiting."""
        Task = self.env["b2b.task"]
        mine = {"user_id": self.b2b_user.id}
        later = create_task(
            self.env, self.thread, "later", date_deadline="2026-06-20", **mine
        )
        overdue = create_task(
            self.env, self.thread, "overdue", date_deadline="2026-06-01", **mine
        )
        create_task(self.env, self.thread, "done", state="done", **mine)
        create_task(self.env, self.thread, "not mine", user_id=self.b2b_user2.id)
        waiting = self._create_thread(
            user_id=self.b2b_user.id, state="waiting", subject="Decide supplier"
        )
        self._create_thread(user_id=self.b2b_user2.id, state="waiting")

        data = Task.with_user(self.b2b_user).get_my_work_data()
        self.assertEqual([t["id"] for t in data["tasks"]], [overdue.id, later.id])
        self.assertTrue(data["tasks"][0]["is_overdue"])
        self.assertFalse(data["tasks"][1]["is_overdue"])
        self.assertEqual(data["task_count"], 2)
        self.assertEqual(data["overdue_count"], 1)
        by_state = {
            group["state"]: group["count"] for group in data["threads_by_state"]
        }
        self.assertEqual(by_state["new"], 1)  # self.thread
        self.assertEqual(by_state["waiting"], 1)
        self.assertEqual(len(by_state), 6)
        self.assertEqual([t["id"] for t in data["waiting_threads"]], [waiting.id])

    @users("b2b_user")
    @warmup
    def test_my_work_dashboard_query_count(self):
        """The dashboard costs the same number of queries for 3 or 30 tasks."""
        Task = self.env["b2b.task"].sudo()
        threads = (
            self.env["b2b.thread"]
            .sudo()
            .create(
                [
                    {
                        "subject": f"T{i}",
                        "partner_id": self.supplier.id,
                        "user_id": self.b2b_user.id,
                    }
                    for i in range(30)
                ]
            )
        )

        def assign(indexes):
            Task.create(
                [
                    {
                        "name": f"t{i}",
                        "thread_id": threads[i].id,
                        "user_id": self.b2b_user.id,
                    }
                    for i in indexes
                ]
            )

        assign(range(3))
        self.env.invalidate_all()
        with self.assertQueryCount(b2b_user=12):
            self.env["b2b.task"].get_my_work_data()
        assign(range(30))
        self.env.invalidate_all()
        with self.assertQueryCount(b2b_user=12):
            self.env["b2b.task"].get_my_work_data()
