# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.modules.migration import load_script
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common import B2bCommon, assert_query_count_flat, count_queries

NOW = datetime(2026, 11, 20, 12, 0)
FIELDS = [
    "partner_id",
    "company_id",
    "contact_id",
    "last_reminder_date",
    "reminder_frequency",
    "open_request_count",
    "overdue_request_count",
    "answered_count",
    "median_answer_days",
    "open_contact_request_count",
    "waiting_thread_count",
]


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestPartnerOverview(B2bCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier.write(
            {
                "b2b_reminder_contact_id": cls.supplier_contact.id,
                "b2b_reminder_frequency": "weekly",
            }
        )
        # the digests sent, and a period claimed with nobody to send it to
        Log = cls.env["b2b.reminder.log"]
        for days, recipient in ((10, cls.supplier_contact), (3, cls.supplier_contact)):
            Log.create(
                {
                    "partner_id": cls.supplier.id,
                    "period_key": f"W-{days}",
                    "recipient_id": recipient.id,
                    "date": NOW - timedelta(days=days),
                }
            )
        Log.create(
            {
                "partner_id": cls.supplier.id,
                "period_key": "W-1",
                "date": NOW - timedelta(days=1),
            }
        )
        cls.customer.b2b_reminder_frequency = "never"
        cls.thread = cls._create_thread(is_shared=True, state="waiting")
        cls._create_thread(subject="Internal, waiting", state="waiting")
        today = fields.Date.to_date(NOW)
        day = timedelta(days=1)
        cls.open_tasks = cls._tasks(
            ("overdue", {"date_deadline": today - day}),
            ("due tomorrow", {"date_deadline": today + day}),
            ("no deadline", {}),
        )
        # not counted: internal, cancelled
        cls._tasks(("internal overdue", {"is_shared": False, "date_deadline": today}))
        cls._tasks(("cancelled", {"state": "cancelled", "date_deadline": today - day}))
        # done after 4, 2 and 10 days, and one done before the 90-day window
        cls.done_tasks = cls._tasks(
            *[(f"done {days}", {"state": "done"}) for days in (4, 2, 10, 1)]
        )
        for task, created, done in zip(
            cls.done_tasks, (10, 5, 30, 125), (6, 3, 20, 124), strict=True
        ):
            cls.env.cr.execute(
                SQL(
                    "UPDATE b2b_task SET create_date = %s, date_done = %s "
                    "WHERE id = %s",
                    NOW - timedelta(days=created),
                    NOW - timedelta(days=done),
                    task.id,
                )
            )
        Request = cls.env["b2b.contact.request"]
        Request.create({"partner_id": cls.supplier.id, "role": "QA"}).action_send()
        Request.create({"partner_id": cls.supplier.id, "role": "Draft"})
        # the same supplier in our other company: a row of its own
        other_thread = cls._create_thread(
            subject="Other plant", company_id=cls.company_other.id, is_shared=True
        )
        cls.env["b2b.task"].create(
            {
                "name": "Other plant request",
                "thread_id": other_thread.id,
                "partner_id": cls.supplier.id,
                "date_deadline": today - day,
            }
        )
        cls.contact_only = cls.env["res.partner"].create(
            {"name": "Contact Only GmbH", "is_company": True}
        )
        cls.contact_only.b2b_reminder_contact_id = cls.env["res.partner"].create(
            {
                "name": "Olga Only",
                "parent_id": cls.contact_only.id,
                "email": "olga@only.example.com",
            }
        )
        cls.nobody = cls.env["res.partner"].create(
            {"name": "No B2B Ltd", "is_company": True}
        )
        cls.env["b2b.task"].create(
            {
                "name": "Customer request",
                "thread_id": cls._create_thread(partner_id=cls.customer.id).id,
                "partner_id": cls.customer.id,
            }
        )
        cls.env.flush_all()

    @classmethod
    def _tasks(cls, *specs):
        return cls.env["b2b.task"].create(
            [
                {
                    "name": name,
                    "thread_id": cls.thread.id,
                    "partner_id": cls.supplier.id,
                    **vals,
                }
                for name, vals in specs
            ]
        )

    def _rows(self, domain=None, user=None):
        Overview = self.env["b2b.partner.overview"].with_user(user or self.b2b_user)
        return {
            (row["partner_id"][0], row["company_id"] and row["company_id"][0]): row
            for row in Overview.search_read(domain or [], FIELDS)
        }

    def test_numbers_of_a_partner(self):
        row = self._rows()[(self.supplier.id, self.company.id)]
        self.assertEqual(row["contact_id"][0], self.supplier_contact.id)
        self.assertEqual(
            row["last_reminder_date"],
            NOW - timedelta(days=3),
            "the newest digest sent, not the period claimed without a recipient",
        )
        self.assertEqual(self.supplier.b2b_last_reminder_date, NOW - timedelta(days=3))
        self.assertEqual(row["reminder_frequency"], "weekly")
        self.assertEqual(row["open_request_count"], 3, "open shared tasks only")
        self.assertEqual(row["overdue_request_count"], 1)
        self.assertEqual(row["answered_count"], 3, "done in the last 90 days")
        self.assertAlmostEqual(row["median_answer_days"], 4.0, places=3)
        self.assertEqual(row["open_contact_request_count"], 1, "sent, not draft")
        self.assertEqual(row["waiting_thread_count"], 1, "shared threads only")

    def test_rows_and_companies(self):
        """A row per partner company and company; a partner with only a person
        of contact has a row without company; a partner without B2B records
        has none. Each company sees its own rows."""
        rows = self._rows()
        self.assertIn((self.contact_only.id, False), rows)
        self.assertEqual(rows[(self.contact_only.id, False)]["open_request_count"], 0)
        self.assertNotIn(self.nobody.id, {partner for partner, __ in rows})
        self.assertNotIn(
            self.supplier_contact.id,
            {partner for partner, __ in rows},
            "persons are counted in their company",
        )
        self.assertNotIn((self.supplier.id, self.company_other.id), rows)
        other = self._rows(user=self.b2b_user_other_company)
        self.assertEqual(
            {key for key in other if key[0] == self.supplier.id},
            {(self.supplier.id, self.company_other.id)},
        )
        row = other[(self.supplier.id, self.company_other.id)]
        self.assertEqual(row["open_request_count"], 1)
        self.assertEqual(row["overdue_request_count"], 1)
        self.assertFalse(row["median_answer_days"])

    def test_filters(self):
        def partners(filter_domain):
            rows = self._rows(
                [("partner_id", "in", self._our_partners())] + filter_domain
            )
            return {partner for partner, __ in rows}

        self.assertEqual(
            partners([("overdue_request_count", ">", 0)]), {self.supplier.id}
        )
        self.assertEqual(
            partners([("contact_id", "=", False)]),
            {self.customer.id},
        )
        self.assertEqual(
            partners([("reminder_frequency", "=", "never")]), {self.customer.id}
        )

    def _our_partners(self):
        return (self.supplier | self.customer | self.contact_only | self.nobody).ids

    def test_read_only_for_b2b_users(self):
        """B2B users read the overview; they cannot change it; portal users and
        internal users outside B2B cannot read it."""
        Overview = self.env["b2b.partner.overview"]
        self.assertTrue(Overview.with_user(self.b2b_user).has_access("read"))
        self.assertFalse(Overview.with_user(self.b2b_manager).has_access("write"))
        portal = new_test_user(
            self.env, login="overview_portal", groups="base.group_portal"
        )
        employee = new_test_user(
            self.env, login="overview_employee", groups="base.group_user"
        )
        for user in (portal, employee):
            with self.assertRaises(AccessError):
                Overview.with_user(user).search([])

    def test_partner_form(self):
        supplier = self.supplier.with_user(self.b2b_user)
        self.assertEqual(len(supplier.b2b_overview_ids), 1)
        self.assertEqual(supplier.b2b_overview_ids.overdue_request_count, 1)
        action = self.supplier_contact.with_user(
            self.b2b_user
        ).action_view_b2b_overview()
        self.assertEqual(action["res_model"], "b2b.partner.overview")
        self.assertEqual(action["domain"], [("partner_id", "=", self.supplier.id)])

    def test_answer_times_by_month(self):
        Answers = self.env["b2b.task.answer.report"].with_user(self.b2b_user)
        rows = Answers.search([("partner_id", "=", self.supplier.id)])
        self.assertEqual(rows.task_id, self.done_tasks, "also older than 90 days")
        by_month = dict(
            Answers._read_group(
                [("partner_id", "=", self.supplier.id)],
                ["date_done:month"],
                ["answer_days:avg"],
            )
        )
        self.assertAlmostEqual(by_month[datetime(2026, 11, 1)], (4 + 2) / 2, places=3)
        self.assertAlmostEqual(by_month[datetime(2026, 10, 1)], 10, places=3)

    def test_date_done(self):
        task = self.open_tasks[2]
        task.action_done()
        self.assertEqual(task.date_done, NOW)
        with freeze_time(NOW + timedelta(days=1)):
            (task | self.open_tasks[1]).action_done()
        self.assertEqual(task.date_done, NOW, "marked done again: date kept")
        self.assertEqual(self.open_tasks[1].date_done, NOW + timedelta(days=1))
        task.action_reset()
        self.assertFalse(task.date_done)

    def test_date_done_filled_on_upgrade(self):
        """The upgrade that adds the column (migrations/18.0.1.3.0) fills done
        tasks with the date of their last status change (tracking), else their
        last write."""
        tracked = self.open_tasks[0]
        tracked.with_context(tracking_disable=False, mail_notrack=False).action_done()
        self.env.cr.precommit.run()  # writes the tracking
        self.env.cr.execute(
            SQL(
                "UPDATE mail_message SET date = %s "
                "WHERE model = 'b2b.task' AND res_id = %s",
                NOW - timedelta(days=7),
                tracked.id,
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE b2b_task SET write_date = %s WHERE id = %s",
                NOW - timedelta(days=5),
                self.done_tasks[0].id,
            )
        )
        self.env.cr.execute(SQL("UPDATE b2b_task SET date_done = NULL"))
        load_script(
            "b2b_communication/migrations/18.0.1.3.0/post-migrate.py",
            "b2b_post_migrate_18_0_1_3_0",
        ).fill_date_done(self.env.cr)
        self.env.invalidate_all()
        self.assertEqual(tracked.date_done, NOW - timedelta(days=7))
        self.assertEqual(self.done_tasks[0].date_done, NOW - timedelta(days=5))
        self.assertFalse(self.open_tasks[1].date_done)

    def _seed_partners(self, count):
        """``count`` partner companies, each with a shared thread and an
        overdue shared request, written in SQL (the ORM would take minutes)."""
        partners = self.env["res.partner"].create(
            [{"name": f"Seed {count} #{i}", "is_company": True} for i in range(count)]
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH threads AS (
                INSERT INTO b2b_thread (name, subject, partner_id,
                       commercial_partner_id, company_id, state, is_shared, priority,
                       create_date, write_date)
                SELECT 'SEED', 'Seed', id, id, %(company)s, 'waiting', TRUE, '0',
                       %(now)s, %(now)s
                  FROM unnest(%(ids)s::int[]) AS id
             RETURNING id, partner_id
            )
            INSERT INTO b2b_task (name, thread_id, company_id, partner_id,
                   commercial_partner_id, is_shared, state, date_deadline,
                   create_date, write_date)
            SELECT 'Seed request', id, %(company)s, partner_id, partner_id, TRUE,
                   'todo', %(yesterday)s, %(now)s, %(now)s
              FROM threads
                """,
                company=self.company.id,
                ids=partners.ids,
                now=NOW,
                yesterday=NOW.date() - timedelta(days=1),
            )
        )
        return partners

    def test_query_count_bounded(self):
        """Reading the overview costs the same for 10 or 1,000 partners."""

        def measure(count):
            partners = self._seed_partners(count)
            self.env.invalidate_all()
            queries, rows = count_queries(
                self.env.cr, lambda: self._rows([("partner_id", "in", partners.ids)])
            )
            self.assertEqual(len(rows), count)
            self.assertTrue(
                all(row["overdue_request_count"] == 1 for row in rows.values())
            )
            return queries

        counts = assert_query_count_flat(self, measure, (10, 1000), warm_up=(10, 1000))
        partners = self._seed_partners(1000)
        self.env.invalidate_all()
        with self.assertQueryCount(counts[1000]):
            self._rows([("partner_id", "in", partners.ids)])
