# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The upgrades change the (noupdate) email templates this module shipped in
place, in every language, and leave what an administrator rewrote."""

from odoo.tests import tagged
from odoo.tools import SQL

from .mail_batch_common import (
    COMPARED,
    DIGEST,
    LANGS,
    UNREAD_CHAT,
    MailBatchDigestCase,
    digest_back_on_partner,
)


@tagged("post_install", "-at_install")
class TestMailBatchUpgrade(MailBatchDigestCase):
    def test_replace_in_body_keeps_edited_languages(self):
        template = self.env["mail.template"].create(
            {
                "name": "b2b test: upgrade",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "body_html": "<p>Hello <b>OLD-A</b>, see OLD-B</p>",
            }
        )
        template.with_context(
            lang="de_DE"
        ).body_html = "<p>Hallo <b>OLD-A</b>, siehe OLD-B</p>"
        # an administrator reworded the Bulgarian body: OLD-B is gone
        template.with_context(lang="bg_BG").body_html = "<p>Здравей <b>OLD-A</b></p>"
        changed = template._b2b_replace_in_body(
            [("OLD-A", "NEW-A"), ("OLD-B", "NEW-B")]
        )
        self.assertEqual(sorted(changed), ["de_DE", "en_US"])
        self.assertEqual(
            self._bodies(template),
            {
                "en_US": "<p>Hello <b>NEW-A</b>, see NEW-B</p>",
                "de_DE": "<p>Hallo <b>NEW-A</b>, siehe NEW-B</p>",
                "bg_BG": "<p>Здравей <b>OLD-A</b></p>",
            },
        )
        self.assertEqual(
            template.with_context(lang="de_DE").body_html,
            "<p>Hallo <b>NEW-A</b>, siehe NEW-B</p>",
            "the cache is refreshed",
        )
        # a text found twice is ambiguous: the body is left alone
        template.with_context(lang="bg_BG").body_html = "<p>OLD-A OLD-A OLD-B</p>"
        self.assertEqual(
            template._b2b_replace_in_body([("OLD-A", "X"), ("OLD-B", "Y")]), []
        )
        self.assertEqual(self._bodies(template)["bg_BG"], "<p>OLD-A OLD-A OLD-B</p>")
        # an upgrade run twice inserts nothing twice
        template.body_html = "<p>keep this</p>"
        insert = [("keep this", "keep this and that")]
        self.assertEqual(template._b2b_replace_in_body(insert), ["en_US"])
        self.assertEqual(template._b2b_replace_in_body(insert), [])
        self.assertEqual(template.body_html, "<p>keep this and that</p>")

    def test_migration_to_18_0_1_4_0(self):
        """The bodies of 18.0.1.3.0 become the current ones in every language;
        a language an administrator edited stays as it is, and still works
        after the rest of the upgrade (the digest on its own record)."""
        migration = self._load_migration("18.0.1.4.0")
        # first back to the bodies of 18.0.1.5.0 (18.0.1.6.0 changed the same
        # lines: language, contrast, wording, the digest's record), in every
        # language
        migration_1_6 = self._load_migration("18.0.1.6.0")
        digest_back_on_partner(self.env, migration_1_6)
        for xmlid, everywhere, per_language in migration_1_6.TEMPLATES:
            for replacements in [everywhere, *per_language]:
                self.env.ref(xmlid)._b2b_replace_in_body(
                    [(new, old) for old, new in reversed(replacements)]
                )
        templates = {
            self.env.ref(DIGEST): migration.DIGEST,
            self.env.ref(UNREAD_CHAT): migration.UNREAD_CHAT,
        }
        current = {template: self._bodies(template) for template in templates}
        for template, replacements in templates.items():
            self.assertEqual(set(current[template]), {"en_US", *LANGS})
            # put the body of 18.0.1.3.0 back, in every language
            changed = template._b2b_replace_in_body(
                [(new, old) for old, new in reversed(replacements)]
            )
            self.assertEqual(sorted(changed), sorted(current[template]))
            self.assertNotEqual(self._bodies(template), current[template])
        # the Bulgarian digest of 18.0.1.3.0, edited by an administrator
        edited = self._bodies(self.digest)["bg_BG"].replace(
            't-field="object.b2b_reminder_frequency"',
            't-out="object.b2b_reminder_frequency"',
        )
        self.digest.with_context(lang="bg_BG").body_html = edited
        # a record shared before 18.0.1.4.0 has no token yet
        task = self.tasks[self.partners[0]][0]
        self.env.cr.execute(
            SQL("UPDATE b2b_task SET access_token = NULL WHERE id = %s", task.id)
        )
        task.invalidate_recordset(["access_token"])
        migration.migrate(self.env.cr, "18.0.1.3.0")
        self.env.invalidate_all()
        self.assertEqual(
            self._bodies(self.digest), dict(current[self.digest], bg_BG=edited)
        )
        unread_chat = self.env.ref(UNREAD_CHAT)
        self.assertEqual(self._bodies(unread_chat), current[unread_chat])
        self.assertTrue(task.access_token)
        # the rest of the upgrade: the digest renders on its own record,
        # English, German, and the edited Bulgarian body
        migration_1_6.migrate(self.env.cr, "18.0.1.5.0")
        self.env.invalidate_all()
        self.assertEqual(self.digest.model, "b2b.reminder.log")
        partners = self.partners[0] | self.partners[1] | self.partners[3]
        mails = self._assert_digests_same_as_odoo(partners)
        for partner in partners:
            body = str(mails[partner.id].body_html)
            tag = partner.name.split()[-1]
            self.assertIn(f"Send the certificate {tag}<", body)
            self.assertIn(f"Choose the coating {tag}<", body)
        recipient = self.recipients[partners[0]]
        self.assertIn(
            f"pid={recipient.id}&amp;hash={task._sign_token(recipient.id)}",
            str(mails[partners[0].id].body_html),
        )
        self.assertIn("daily", str(mails[partners[2].id].body_html))

    def test_migration_of_the_digest_placeholders(self):
        """18.0.1.6.0 replaces the digest's expressions by the fields that
        give the same values (on the digest's own record), in every language,
        also in a subject an administrator reworded around them: the emails
        stay the same."""
        migration = self._load_migration("18.0.1.6.0")
        placeholders = migration.DIGEST_PLACEHOLDERS
        partners = self.partners[:5]
        # an administrator's German subject around the expressions
        german = self.digest.with_context(lang="de_DE")
        german.subject = f"Erinnerung – {german.subject}"
        before = self._assert_digests_same_as_odoo(partners)
        digest_back_on_partner(self.env, migration)
        # back to the expressions of 18.0.1.5.0, in every language
        for field_name, old, new in placeholders:
            self.digest._b2b_replace_in_body([(new, old)], field_name=field_name)
            for lang, text in self._bodies(self.digest, field_name).items():
                self.assertIn(old, text, f"{field_name} ({lang})")
        migration.migrate(self.env.cr, "18.0.1.5.0")
        self.env.invalidate_all()
        for field_name, old, new in placeholders:
            for lang, text in self._bodies(self.digest, field_name).items():
                self.assertNotIn(old, text, f"{field_name} ({lang})")
                self.assertIn(
                    migration.digest_on_log(new), text, f"{field_name} ({lang})"
                )
        self.assertTrue(german.subject.startswith("Erinnerung – "))
        # field paths: rendered by Odoo without evaluating an expression
        for field_name in ("subject", "email_from", "email_to", "lang"):
            for lang, text in self._bodies(self.digest, field_name).items():
                self.assertFalse(
                    self.digest._has_unsafe_expression_template_inline_template(
                        text, "b2b.reminder.log"
                    ),
                    f"{field_name} ({lang})",
                )
        after = self._assert_digests_same_as_odoo(partners)
        for partner in partners:
            for fname in COMPARED:
                self.assertEqual(
                    after[partner.id][fname], before[partner.id][fname], fname
                )
        self.assertIn("Erinnerung – ", after[partners[1].id].subject)
        # run again, it changes nothing
        values = {f: self._bodies(self.digest, f) for f, _o, _n in placeholders}
        migration.migrate(self.env.cr, "18.0.1.5.0")
        for field_name, value in values.items():
            self.assertEqual(self._bodies(self.digest, field_name), value)

    def test_migration_moves_the_digest_to_its_record(self):
        """18.0.1.6.0 renders the digest on its own record: every
        ``object.<name>`` of the partner, in every language and in what an
        administrator wrote, prints the same value from there; the body gets
        the sections of other subsystems; the scheduled action moves along."""
        migration = self._load_migration("18.0.1.6.0")
        partners = self.partners[:5]
        self.partners[0].ref = "REF-0"
        before = self._assert_digests_same_as_odoo(partners)
        digest = digest_back_on_partner(self.env, migration)
        cron = self.env.ref(migration.CRON_XMLID)
        cron.write(
            {
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "code": "model._cron_b2b_send_reminders()",
            }
        )
        # an administrator's English digest prints more of the partner
        texts = self._bodies(digest)
        end = texts["en_US"].rindex("</div>")
        texts["en_US"] = (
            texts["en_US"][:end]
            + '<p t-if="object.ref">Ref <t t-out="object.ref"/> of '
            '<t t-out="object.country_id.name or object.name"/></p>'
            + texts["en_US"][end:]
        )
        digest._b2b_write_stored_texts(texts, "body_html")
        self.assertNotIn(migration.DIGEST_SECTIONS, texts["bg_BG"])
        migration.migrate(self.env.cr, "18.0.1.5.0")
        self.env.invalidate_all()
        self.assertEqual(digest.model, "b2b.reminder.log")
        self.assertEqual(cron.model_id.model, "b2b.reminder.log")
        self.assertEqual(cron.code, "model._cron_send_reminders()")
        texts = self._bodies(digest)
        self.assertIn(
            '<t t-out="object.partner_id.country_id.name or object.partner_id.name"/>',
            texts["en_US"],
        )
        for lang, text in texts.items():
            self.assertIn(migration.DIGEST_SECTIONS, text, lang)
            self.assertNotRegex(text, r"object\.(b2b_|name\b|lang\b)", lang)
        after = self._assert_digests_same_as_odoo(partners)
        self.assertIn(
            f"Ref REF-0 of {self.partners[0].name}<",
            str(after[self.partners[0].id].body_html),
        )
        for partner in partners:
            # the English bodies carry the administrator's paragraph
            english = self.recipients[partner].lang in ("en_US", None)
            for fname in COMPARED:
                if fname != "body_html" or not english:
                    self.assertEqual(
                        after[partner.id][fname], before[partner.id][fname], fname
                    )
        # the scheduled action sends the digests from their own record
        sent = self.env["mail.mail"].search([("subject", "ilike", "Batch Supplier")])
        cron.method_direct_trigger()
        sent = (
            self.env["mail.mail"].search([("subject", "ilike", "Batch Supplier")])
            - sent
        )
        self.assertEqual(len(sent), len(self.partners))
