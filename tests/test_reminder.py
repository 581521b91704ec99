# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast
import html
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from odoo.addons.mail.models import mail_render_mixin

from .common import (
    B2bCommon,
    B2bHttpCase,
    assert_query_count_flat,
    count_queries,
    create_company,
    create_contact,
    create_digests,
    create_partner_user,
    create_shared_thread,
    create_task,
    page_csrf_token,
    template_preview,
)

SECRET = "Internal: their margin is too high"
DIGEST = "b2b_communication.mail_template_b2b_reminder_digest"
# the digest's placeholders of 18.0.1.5.0 (Python expressions), on the log
OLD_SUBJECT = (
    "{{ user.company_id.name }}: {{ len(object.task_ids)"
    " + len(object.thread_ids)"
    " + len(object.contact_request_ids) }} open request(s) for"
    " {{ object.partner_id.name }}"
)
OLD_EMAIL_FROM = "{{ user.company_id.email_formatted or user.email_formatted }}"
OLD_LANG = "{{ object.recipient_id.lang or object.partner_id.lang }}"


@tagged("post_install", "-at_install")
class TestReminders(B2bCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def company(name, **vals):
            return create_company(
                cls.env,
                name,
                **{"email": f"{name.lower()}@ex.com", "tz": "UTC", **vals},
            )

        cls.daily = company("Daily", b2b_reminder_frequency="daily")
        cls.weekly = company(
            "Weekly", b2b_reminder_frequency="weekly", b2b_reminder_weekday="0"
        )
        cls.never = company("Never", b2b_reminder_frequency="never")
        cls.idle = company("Idle", b2b_reminder_frequency="daily")
        cls.broken = company("Broken", b2b_reminder_frequency="daily")
        cls.broken.email = "not an email"
        cls.auckland = company(
            "Auckland",
            b2b_reminder_frequency="weekly",
            b2b_reminder_weekday="0",
            tz="Pacific/Auckland",
        )
        for partner in (cls.daily, cls.weekly, cls.never, cls.broken, cls.auckland):
            thread = create_shared_thread(cls.env, partner, f"Subject {partner.name}")
            create_task(
                cls.env,
                thread,
                f"Send certificate {partner.name}",
                partner=partner,
                date_deadline="2026-01-05",
            )
        cls.daily_thread = cls.env["b2b.thread"].search(
            [("partner_id", "=", cls.daily.id)]
        )
        cls.daily_thread.message_post(body=SECRET, subtype_xmlid="mail.mt_note")
        cls.env["b2b.task"].create(
            {
                "name": "Unshared internal check",
                "thread_id": cls.daily_thread.id,
                "partner_id": cls.daily.id,
                "is_shared": False,
            }
        )
        cls.waiting = create_shared_thread(
            cls.env, cls.daily, "Choose the coating", state="waiting"
        )

    def _digests(self):
        return self.env["mail.mail"].search(
            [("headers", "like", "X-B2B-Reminder-Partner")]
        )

    def _run(self):
        before = self._digests()
        self.env["b2b.reminder.log"]._cron_send_reminders()
        return self._digests() - before

    @staticmethod
    def _partner_id(mail):
        return int(ast.literal_eval(mail.headers)["X-B2B-Reminder-Partner"])

    def _partners(self, mails):
        return self.env["res.partner"].browse([self._partner_id(m) for m in mails])

    def _digest_of(self, mails, partner):
        return mails.filtered(lambda m: self._partner_id(m) == partner.id)

    @freeze_time("2026-01-06 09:00:00")  # a Tuesday
    def test_daily_and_nothing_open_and_never(self):
        mails = self._run()
        self.assertEqual(self._partners(mails), self.daily | self.broken)
        mail = self._digest_of(mails, self.daily)
        self.assertIn("Send certificate Daily", mail.body_html)
        self.assertIn("Choose the coating", mail.body_html)
        self.assertIn("/my/b2b/tasks/", mail.body_html)
        self.assertIn("/b2b/reminders/pause/", mail.body_html)
        self.assertIn("daily@ex.com", mail.email_to)
        self.assertIn("(overdue)", mail.body_html)
        self.assertTrue(self.daily.b2b_last_reminder_date)

    @freeze_time("2026-01-06 09:00:00")
    def test_log_records_the_recipient_and_partners_stay_untouched(self):
        """The claim records who received the digest; "Last Reminder Sent" is
        read from it, and the job writes nothing on the partners (no row lock
        on partners a user may be editing)."""
        partners = self.daily | self.broken
        self.broken.email = False  # nobody to write to
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id, write_date FROM res_partner WHERE id IN %s ORDER BY id",
            [tuple(partners.ids)],
        )
        before = self.env.cr.fetchall()
        self._run()
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id, write_date FROM res_partner WHERE id IN %s ORDER BY id",
            [tuple(partners.ids)],
        )
        self.assertEqual(self.env.cr.fetchall(), before)
        logs = self.env["b2b.reminder.log"].search([("partner_id", "in", partners.ids)])
        recipients = {log.partner_id: log.recipient_id for log in logs}
        self.assertEqual(recipients[self.daily], self.daily._b2b_reminder_recipient())
        self.assertEqual(self.daily.b2b_last_reminder_date, fields.Datetime.now())
        self.assertEqual(self.daily.b2b_last_reminder_date, logs[:1].date)
        # claimed with nobody to write to: no digest, no "Last Reminder Sent"
        self.assertIn(self.broken, recipients)
        self.assertFalse(recipients[self.broken])
        self.assertFalse(self.broken.b2b_last_reminder_date)

    @freeze_time("2026-01-06 09:00:00")
    def test_no_internal_content(self):
        body = self._digest_of(self._run(), self.daily).body_html
        self.assertNotIn(SECRET, body)
        self.assertNotIn("Unshared internal check", body)
        self.assertNotIn(
            "Subject Daily", body, "threads not awaiting a decision are not listed"
        )

    def test_double_run_and_next_day(self):
        with freeze_time("2026-01-06 09:00:00"):
            self.assertEqual(len(self._run()), 2)
            self.assertFalse(self._run(), "second run the same day sends nothing")
        with freeze_time("2026-01-06 23:30:00"):
            self.assertFalse(self._run())
        with freeze_time("2026-01-07 00:30:00"):
            self.assertEqual(self._partners(self._run()), self.daily | self.broken)

    def test_weekly_across_week_boundaries(self):
        with freeze_time("2026-01-04 12:00:00"):  # Sunday
            self.assertNotIn(self.weekly, self._partners(self._run()))
        with freeze_time("2026-01-05 08:00:00"):  # Monday
            self.assertIn(self.weekly, self._partners(self._run()))
        with freeze_time("2026-01-05 18:00:00"):  # Monday again: already sent
            self.assertNotIn(self.weekly, self._partners(self._run()))
        with freeze_time("2026-01-06 08:00:00"):  # Tuesday
            self.assertNotIn(self.weekly, self._partners(self._run()))
        with freeze_time("2026-01-12 08:00:00"):  # next Monday
            self.assertIn(self.weekly, self._partners(self._run()))

    def test_weekly_in_partner_time_zone(self):
        # Sunday 12:00 UTC is Monday 01:00 in Auckland
        with freeze_time("2026-01-04 12:00:00"):
            partners = self._partners(self._run())
        self.assertIn(self.auckland, partners)
        self.assertNotIn(self.weekly, partners)

    def test_partner_behind_the_last_claim_is_found(self):
        """Each chunk starts after the partner claimed last, then wraps to the
        first id: partners whose period starts later than that of a partner
        with a higher id are not skipped."""
        with freeze_time("2026-01-04 12:00:00"):  # Monday 01:00 in Auckland
            self.assertIn(self.auckland, self._partners(self._run()))
        last_claim = self.env["b2b.reminder.log"].search([], limit=1)
        self.assertEqual(last_claim.partner_id, self.auckland)
        self.assertLess(self.weekly.id, self.auckland.id)
        before = self._digests()
        with freeze_time("2026-01-05 08:00:00"):  # Monday in UTC
            for _call in range(4):  # chunks of one, as ir.cron calls again
                self.env["b2b.reminder.log"]._cron_send_reminders(chunk_size=1)
        self.assertEqual(
            sorted(self._partners(self._digests() - before).ids),
            sorted((self.daily | self.weekly | self.broken).ids),
        )

    @freeze_time("2026-01-06 09:00:00")
    def test_crash_half_way_then_resume(self):
        Log = type(self.env["b2b.reminder.log"])
        original = Log._send_digest_mails
        calls = {"n": 0}

        def flaky(logs):
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("mail server exploded")
            return original(logs)

        # chunks of one partner: the first chunk goes out, the second crashes
        with patch.object(Log, "_send_digest_mails", flaky):
            self.env["b2b.reminder.log"]._cron_send_reminders(chunk_size=1)
            with self.assertRaises(RuntimeError), self.env.cr.savepoint():
                self.env["b2b.reminder.log"]._cron_send_reminders(chunk_size=1)
        self.assertEqual(len(self._digests()), 1)
        # the next run finishes the rest, nobody twice
        self._run()
        self.assertEqual(
            sorted(self._partners(self._digests()).ids),
            sorted((self.daily | self.broken).ids),
        )

    @freeze_time("2026-01-06 09:00:00")
    def test_invalid_email_does_not_stop_the_batch(self):
        mails = self._run()
        self.assertEqual(len(mails), 2)
        with self.mock_mail_gateway():
            mails.send(raise_exception=False)
        good = self._digest_of(mails, self.daily)
        bad = self._digest_of(mails, self.broken)
        self.assertEqual(good.state, "sent")
        self.assertEqual(bad.state, "exception")

    @freeze_time("2026-01-06 09:00:00")
    def test_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        # the digest is a mail template: its translations are data of the module
        self.env["ir.module.module"].search(
            [("name", "=", "b2b_communication")]
        )._update_translations(["de_DE"])
        self.daily.lang = "de_DE"
        mail = self._digest_of(self._run(), self.daily)
        self.assertIn("offene Anfrage", mail.subject)
        self.assertIn("Erinnerungen pausieren", mail.body_html)

    @freeze_time("2026-01-06 09:00:00")
    def test_digest_is_an_editable_template_in_the_company_layout(self):
        template = self.env.ref("b2b_communication.mail_template_b2b_reminder_digest")
        self.assertEqual(template.model, "b2b.reminder.log")
        template.body_html = (
            '<p>Dear <t t-out="object.partner_id.name"/>, still open:'
            '<t t-foreach="object.task_ids" t-as="task">'
            ' <a t-att-href="task._b2b_recipient_url('
            'object.recipient_id)" t-out="task.name"/></t></p>'
        )
        mail = self._digest_of(self._run(), self.daily)
        self.assertIn("Dear Daily, still open:", mail.body_html)
        self.assertIn("Send certificate Daily", mail.body_html)
        self.assertNotIn("Pause reminders", mail.body_html)
        # inside the company layout: company name, Odoo footer
        self.assertIn(self.env.company.name, mail.body_html)
        self.assertIn("Powered by", mail.body_html)

    @freeze_time("2026-01-06 09:00:00")
    def test_digest_links_come_from_the_partner_and_records(self):
        mail = self._digest_of(self._run(), self.daily)
        task = self.env["b2b.task"].search([("name", "=", "Send certificate Daily")])
        recipient = self.daily._b2b_reminder_recipient()
        digest = self.env["b2b.reminder.log"].search(
            [("partner_id", "=", self.daily.id)]
        )
        self.assertEqual(digest.recipient_id, recipient)
        body = html.unescape(str(mail.body_html))
        self.assertIn(task._b2b_recipient_url(recipient), body)
        self.assertIn(self.waiting._b2b_recipient_url(recipient), body)
        self.assertIn(digest._pause_url(), body)
        self.assertIn(digest._preferences_url(), body)
        self.assertEqual(ast.literal_eval(mail.headers), digest._mail_headers())
        self.assertFalse(mail.model, "the digest is not in the partner's chatter")

    def test_template_preview_on_a_digest(self):
        """Settings > Technical > Email Templates > Preview, on a digest."""
        preview = template_preview(
            self.env, DIGEST, create_digests(self.env, self.daily)
        )
        self.assertIn("Send certificate Daily", preview.body_html)
        self.assertIn("Choose the coating", preview.body_html)
        self.assertIn("open request(s) for Daily", preview.subject)

    def test_batch_rendering_same_as_odoo(self):
        """The cron renders the digest's body once for a batch of partners
        (b2b.mail.batch): the bodies of Odoo's rendering record by record."""
        template = self.env.ref(DIGEST)
        digests = create_digests(self.env, self.daily | self.weekly | self.auckland)
        batch = self.env["b2b.mail.batch"]._render_bodies(template, digests.ids)
        one_by_one = template._render_field("body_html", digests.ids)
        self.assertEqual(batch, one_by_one)
        self.assertIn("Send certificate Auckland", batch[digests[2].id])
        self.assertNotIn("Send certificate Daily", batch[digests[2].id])

    @freeze_time("2026-01-06 09:00:00")
    def test_placeholders_are_field_paths(self):
        """The digest's subject, sender and language print fields of the
        digest: Odoo renders them without evaluating an expression per email,
        with the values of the expressions they replace."""
        template = self.env.ref(DIGEST)
        digest = create_digests(self.env, self.daily)
        expected = {
            field_name: template._render_template(
                expression, "b2b.reminder.log", digest.ids
            )[digest.id]
            for field_name, expression in (
                ("subject", OLD_SUBJECT),
                ("email_from", OLD_EMAIL_FROM),
                ("lang", OLD_LANG),
            )
        }
        self.assertIn(": 2 open request(s) for Daily", expected["subject"])
        with patch.object(
            mail_render_mixin,
            "render_inline_template",
            side_effect=AssertionError("a placeholder evaluated by safe_eval"),
        ):
            mail = self._digest_of(self._run(), self.daily)
            lang = template._render_lang(digest.ids)[digest.id]
        self.assertEqual(mail.subject, expected["subject"])
        self.assertEqual(mail.email_from, expected["email_from"])
        self.assertEqual(lang, expected["lang"])

    @freeze_time("2026-01-06 09:00:00")
    def test_section_added_by_a_subsystem(self):
        """A subsystem adds a section to the digest by extending
        ``b2b.reminder.log._digest_sections`` with a block of its own (a QWeb
        template): its rows make the partner due, are counted in the subject
        and listed with the recipient's links, without touching the digest's
        code or email template. (Here: the threads in progress, a section of
        the test, instead of the threads awaiting a decision.)"""
        partner = create_company(
            self.env,
            "Sectioned",
            email="sectioned@ex.com",
            tz="UTC",
            b2b_reminder_frequency="daily",
        )
        create_shared_thread(self.env, partner, "Plan the audit", state="in_progress")
        view = self.env["ir.ui.view"].create(
            {
                "name": "b2b test: digest section",
                "type": "qweb",
                "arch": '<t t-name="b2b_test_digest_section"><p>In progress:</p>'
                '<ul><li t-foreach="object.thread_ids" t-as="thread">'
                '<a t-att-href="digest_urls[thread]" t-out="thread.subject"/>'
                "</li></ul></t>",
            }
        )
        self.env["ir.model.data"].create(
            {
                "module": "b2b_communication",
                "name": "test_digest_section",
                "model": "ir.ui.view",
                "res_id": view.id,
            }
        )
        Log = type(self.env["b2b.reminder.log"])
        sections = Log._digest_sections

        def with_test_section(log):
            return [
                section._replace(
                    domain=[("is_shared", "=", True), ("state", "=", "in_progress")],
                    template="b2b_communication.test_digest_section",
                )
                if section.field == "thread_ids"
                else section
                for section in sections(log)
            ]

        Digest = self.env["b2b.reminder.log"]
        now = fields.Datetime.now()
        self.assertNotIn(partner.id, dict(Digest._due_partners(now, 1000)))
        with patch.object(Log, "_digest_sections", with_test_section):
            self.assertIn(partner.id, dict(Digest._due_partners(now, 1000)))
            mail = self._digest_of(self._run(), partner)
        thread = self.env["b2b.thread"].search([("partner_id", "=", partner.id)])
        body = html.unescape(str(mail.body_html))
        self.assertIn("In progress:", body)
        self.assertIn(f'href="{thread._b2b_recipient_url(partner)}"', body)
        self.assertIn("Plan the audit", body)
        self.assertIn(": 1 open request(s) for Sectioned", mail.subject)

    @freeze_time("2026-01-06 09:00:00")
    def test_person_of_contact(self):
        contact = self.env["res.partner"].create(
            {
                "name": "Dora Director",
                "parent_id": self.daily.id,
                "email": "dora@ex.com",
            }
        )
        self.daily.b2b_reminder_contact_id = contact
        mail = self._digest_of(self._run(), self.daily)
        self.assertIn("dora@ex.com", mail.email_to)

    def test_query_count_per_chunk_is_constant(self):
        """Sending to 5 or 40 partners costs the same number of queries."""

        def seed(count, tag):
            partners = self.env["res.partner"].create(
                [
                    {
                        "name": f"Bulk {tag} {i}",
                        "is_company": True,
                        "email": f"b{tag}{i}@ex.com",
                        "b2b_reminder_frequency": "daily",
                        "tz": "UTC",
                    }
                    for i in range(count)
                ]
            )
            threads = self.env["b2b.thread"].create(
                [
                    {"subject": f"S{i}", "partner_id": p.id, "is_shared": True}
                    for i, p in enumerate(partners)
                ]
            )
            self.env["b2b.task"].create(
                [
                    {"name": f"T{i}", "thread_id": t.id, "partner_id": t.partner_id.id}
                    for i, t in enumerate(threads)
                ]
            )
            return partners

        days = {3: "2026-02-01", 5: "2026-02-02", 40: "2026-02-03"}

        def measure(size):
            self.env["b2b.task"].search([]).write({"state": "done"})
            self.env["b2b.thread"].search([]).write({"state": "done"})
            seed(size, days[size])
            self.env.flush_all()
            self.env.invalidate_all()
            with freeze_time(f"{days[size]} 09:00:00"):
                queries, mails = count_queries(self.env.cr, self._run)
            self.assertEqual(len(mails), size)
            return queries

        # the first round warms caches up (template compilation...)
        assert_query_count_flat(self, measure, (5, 40), warm_up=(3,))

    def _seed_due_partners(self, count, tag):
        """``count`` daily partners with one open shared task each, inserted with
        SQL (the ORM would take minutes for thousands)."""
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(
            """
            INSERT INTO res_partner (name, complete_name, is_company, active, email,
                                     tz, b2b_reminder_frequency, b2b_messenger,
                                     autopost_bills, type, create_date, write_date)
            SELECT %(tag)s || g, %(tag)s || g, true, true,
                   'seed' || g || '@' || %(tag)s || '.example.com', 'UTC', 'daily',
                   'auto', 'ask', 'contact', now(), now()
              FROM generate_series(1, %(count)s) g
            RETURNING id
            """,
            {"tag": tag, "count": count},
        )
        partner_ids = [row[0] for row in cr.fetchall()]
        cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
            [partner_ids],
        )
        cr.execute(
            """
            INSERT INTO b2b_task (name, thread_id, company_id, partner_id,
                                  commercial_partner_id, is_shared, state)
            SELECT 'Seeded request', %s, %s, p, p, true, 'todo'
              FROM unnest(%s::int[]) p
            """,
            [self.daily_thread.id, self.daily_thread.company_id.id, partner_ids],
        )
        self.env.invalidate_all()

    def test_query_count_per_chunk_independent_of_due_partners(self):
        """A chunk of 50 costs the same number of queries whether 50 or 5,000
        partners are due: the database selects the chunk."""
        days = {3: "2026-03-02", 50: "2026-03-03", 5000: "2026-03-04"}

        def measure(size):
            self.env["b2b.task"].search([]).write({"state": "done"})
            self.env["b2b.thread"].search([]).write({"state": "done"})
            self._seed_due_partners(size, f"due{size}")

            def call():
                sent = self.env["b2b.reminder.log"]._cron_send_reminders(chunk_size=50)
                self.env.flush_all()
                return sent

            with freeze_time(f"{days[size]} 09:00:00"):
                queries, sent = count_queries(self.env.cr, call)
            self.assertEqual(sent, min(size, 50))
            return queries

        # the first round warms caches up (template compilation...)
        assert_query_count_flat(self, measure, (50, 5000), warm_up=(3,))


@tagged("post_install", "-at_install")
class TestReminderPortal(B2bHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = create_company(
            cls.env, "Prefs Ltd", email="prefs@ex.com", b2b_reminder_frequency="weekly"
        )
        cls.colleague = create_contact(
            cls.env, cls.company, "Colleague", email="col@ex.com"
        )
        create_partner_user(
            cls.env, cls.company, "Prefs User", "prefs_portal", email="user@ex.com"
        )
        cls.other = create_company(cls.env, "Other Co")

    def _csrf(self):
        return page_csrf_token(self)

    def test_preferences_page(self):
        self.authenticate("prefs_portal", "prefs_portal_pw")
        page = self.url_open("/my/b2b/reminders")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Colleague", page.text)
        response = self.url_open(
            "/my/b2b/reminders",
            data={
                "csrf_token": self._csrf(),
                "frequency": "daily",
                "weekday": "3",
                "contact_id": str(self.colleague.id),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.company.b2b_reminder_frequency, "daily")
        self.assertEqual(self.company.b2b_reminder_contact_id, self.colleague)
        # bad values: clear errors, nothing written
        for data in (
            {"frequency": "hourly"},
            {"frequency": "daily", "contact_id": str(self.other.id)},
            {"frequency": "daily", "contact_id": "abc"},
            {"frequency": "daily", "weekday": "9"},
        ):
            response = self.url_open(
                "/my/b2b/reminders", data={"csrf_token": self._csrf(), **data}
            )
            self.assertEqual(response.status_code, 400, data)
            self.company.invalidate_recordset()
            self.assertEqual(self.company.b2b_reminder_contact_id, self.colleague)
            self.assertEqual(self.company.b2b_reminder_weekday, "3")

    def test_pause_link(self):
        token = self.company._b2b_reminder_pause_token()
        response = self.url_open(f"/b2b/reminders/pause/{self.company.id}/{token}x")
        self.assertEqual(response.status_code, 403)
        response = self.url_open(f"/b2b/reminders/pause/{self.other.id}/{token}")
        self.assertEqual(
            response.status_code, 403, "a token of one partner does not pause another"
        )
        self.assertEqual(self.company.b2b_reminder_frequency, "weekly")
        url = f"/b2b/reminders/pause/{self.company.id}/{token}"
        # GET (a mail scanner, or the person) shows a button and changes nothing
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_b2b_reminders_pause_form", response.text)
        self.company.invalidate_recordset()
        self.assertEqual(self.company.b2b_reminder_frequency, "weekly")
        # the button POSTs without a session CSRF token: the signed link is the proof
        response = self.url_open(url, data={"confirm": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Reminders paused", response.text)
        self.company.invalidate_recordset()
        self.assertEqual(self.company.b2b_reminder_frequency, "never")
