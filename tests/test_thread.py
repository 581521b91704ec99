# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import Form, tagged, users

from .common import B2bCommon


@tagged("post_install", "-at_install")
class TestThread(B2bCommon):
    @users("b2b_user")
    def test_defaults(self):
        """A new thread gets a reference, its author as responsible, status New."""
        thread = self.env["b2b.thread"].create(
            {"subject": "Steel price", "partner_id": self.supplier.id}
        )
        self._assert_created_by(thread, self.b2b_user, "new")
        self.assertEqual(thread.user_id, self.b2b_user)
        self.assertEqual(thread.company_id, self.company)
        self.assertRegex(thread.name, r"^THR/\d{4}/\d{5}$")
        self.assertEqual(thread.display_name, f"{thread.name} - Steel price")
        self.assertIn(self.b2b_user.partner_id, thread.message_partner_ids)

    def test_sequence_increments(self):
        first, second = self.env["b2b.thread"].create(
            [
                {"subject": "One", "partner_id": self.supplier.id},
                {"subject": "Two", "partner_id": self.supplier.id},
            ]
        )
        self.assertNotEqual(first.name, second.name)
        number = int(first.name.rsplit("/", 1)[1])
        self.assertEqual(second.name.rsplit("/", 1)[1], f"{number + 1:05d}")

    @users("b2b_user")
    def test_topic_fills_subject(self):
        """Picking a topic fills the subject, which stays editable."""
        form = self._topic_form("b2b.thread", "subject", partner_id=self.supplier)
        form.subject = "Price negotiation for 2027"
        thread = form.save()
        self.assertEqual(thread.subject, "Price negotiation for 2027")
        self.assertEqual(thread.topic_id, self.topic)
        # created by RPC with a topic only: the subject still comes from the topic
        thread2 = self.env["b2b.thread"].create(
            {"topic_id": self.topic.id, "partner_id": self.supplier.id}
        )
        self.assertEqual(thread2.subject, self.topic.name)

    @users("b2b_user")
    def test_partner_person_becomes_contact(self):
        with Form(self.env["b2b.thread"]) as form:
            form.subject = "Hello"
            form.partner_id = self.supplier_contact
            self.assertEqual(form.contact_id, self.supplier_contact)
        self.assertEqual(form.record.commercial_partner_id, self.supplier)

    @users("b2b_user")
    def test_status_transitions(self):
        """Every button moves to the expected status and the change is tracked."""
        # tracking on: a record created with tracking disabled stays untracked
        # for the whole transaction
        thread = (
            self.env["b2b.thread"]
            .with_context(tracking_disable=False, mail_notrack=False)
            .create({"subject": "Steel price", "partner_id": self.supplier.id})
        )
        self.flush_tracking()
        transitions = [
            ("action_start", "in_progress"),
            ("action_request_decision", "waiting"),
            ("action_confirm", "confirmed"),
            ("action_reopen", "in_progress"),
            ("action_close", "done"),
            ("action_reopen", "in_progress"),
            ("action_cancel", "cancelled"),
            ("action_reset_to_new", "new"),
        ]
        for method, expected in transitions:
            previous = thread.state
            getattr(thread, method)()
            self.assertEqual(thread.state, expected, method)
            self.flush_tracking()
            tracking = thread.message_ids[0].sudo().tracking_value_ids
            self.assertEqual(
                tracking.field_id.name, "state", f"{method}: status change not tracked"
            )
            self.assertEqual(
                tracking.old_value_char,
                dict(thread._fields["state"].selection)[previous],
            )
            self.assertEqual(
                thread.message_ids[0].subtype_id,
                self.env.ref("b2b_communication.mt_b2b_thread_state_change"),
            )

    def test_state_selection_is_exact(self):
        self.assertEqual(
            self.env["b2b.thread"]._fields["state"].selection,
            [
                ("new", "New"),
                ("in_progress", "In Progress"),
                ("waiting", "Awaiting Decision"),
                ("cancelled", "Cancelled"),
                ("confirmed", "Confirmed"),
                ("done", "Closed"),
            ],
        )

    def test_kanban_shows_every_status(self):
        """Kanban columns exist for every status, even empty ones (drag target)."""
        self._create_thread()
        groups = self.env["b2b.thread"].web_read_group([], ["state"], ["state"])[
            "groups"
        ]
        self.assertEqual(
            [group["state"] for group in groups],
            ["new", "in_progress", "waiting", "cancelled", "confirmed", "done"],
        )

    def test_search_filters(self):
        Thread = self.env["b2b.thread"]
        open_thread = self._create_thread(state="in_progress")
        waiting = self._create_thread(state="waiting", user_id=self.b2b_user.id)
        closed = self._create_thread(state="done")
        opened = Thread.search([("is_open", "=", True)])
        self.assertIn(open_thread, opened)
        self.assertIn(waiting, opened)
        self.assertNotIn(closed, opened)
        self.assertIn(closed, Thread.search([("is_open", "=", False)]))
        self.assertEqual(
            Thread.search([("name", "=", waiting.name)]), waiting, "found by reference"
        )
        self.assertIn(
            waiting.id, [rid for rid, _name in Thread.name_search(waiting.name)]
        )

    @users("b2b_user")
    def test_communication_from_thread(self):
        """A communication is added from the thread form, contact prefilled."""
        thread = self._create_thread(contact_id=self.supplier_contact.id)
        with Form(thread.with_user(self.env.user)) as form:
            with form.communication_ids.new() as line:
                self.assertEqual(line.contact_id, self.supplier_contact)
                line.name = "Call about the surcharge"
                line.direction = "incoming"
                line.channel = "phone"
            with form.task_ids.new() as task:
                task.name = "Prepare counter offer"
                task.user_id = self.b2b_user2
        self.assertEqual(thread.communication_count, 1)
        communication = thread.communication_ids
        self.assertEqual(communication.user_id, self.b2b_user)
        self.assertEqual(communication.partner_id, self.supplier)
        self.assertEqual(communication.channel, "phone")
        self.assertEqual(communication.direction, "incoming")
        self.assertEqual(thread.task_count, 1)
        self.assertEqual(thread.open_task_count, 1)
        thread.task_ids.action_done()
        self.assertEqual(thread.open_task_count, 0)

    def test_communication_topic_and_channels(self):
        thread = self._create_thread()
        comm = self.env["b2b.communication"].create(
            {"thread_id": thread.id, "topic_id": self.topic.id, "channel": "meeting"}
        )
        self.assertEqual(comm.name, self.topic.name)
        self.assertEqual(
            [key for key, _label in comm._fields["channel"].selection],
            ["phone", "meeting", "email", "other"],
        )
        with Form(self.env["b2b.communication"]) as form:
            form.thread_id = thread
            form.topic_id = self.topic
            self.assertEqual(form.name, self.topic.name)

    def test_counts_batch(self):
        """Counters of many threads are computed together, not one query per thread."""
        threads = self.env["b2b.thread"].create(
            [{"subject": f"T{i}", "partner_id": self.supplier.id} for i in range(20)]
        )
        self.env["b2b.task"].create(
            [{"name": "x", "thread_id": thread.id} for thread in threads]
        )
        threads.invalidate_recordset()
        with self.assertQueryCount(2):
            self.assertEqual(sum(threads.mapped("task_count")), 20)
            self.assertEqual(sum(threads.mapped("communication_count")), 0)

    def test_unlink_thread_cascades_to_its_own_records(self):
        thread = self._create_thread()
        comm = self.env["b2b.communication"].create(
            {"name": "c", "thread_id": thread.id}
        )
        task = self.env["b2b.task"].create({"name": "t", "thread_id": thread.id})
        thread.unlink()
        self.assertFalse(comm.exists())
        self.assertFalse(task.exists())
