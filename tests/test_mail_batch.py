# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The scheduled emails are rendered in batch (mail.template._b2b_send_mail_batch:
the layout once per language and company, templates compiled once, links built
per email): what goes out must be exactly what Odoo's own send_mail_batch
produces, whatever an administrator changed in the layout or the templates."""

import importlib.util
import os
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

from .test_messenger import MessengerCommon

LAYOUT = "mail.mail_notification_light"


def load_migration():
    path = os.path.join(
        get_module_path("b2b_communication"),
        "migrations",
        "18.0.1.4.0",
        "post-migrate.py",
    )
    spec = importlib.util.spec_from_file_location("b2b_migration_18_0_1_4_0", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestMailBatch(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.env["res.lang"]._activate_lang("bg_BG")
        cls.env["ir.module.module"].search(
            [("name", "=", "b2b_communication")]
        )._update_translations(["bg_BG"])
        cls.digest = cls.env.ref("b2b_communication.mail_template_b2b_reminder_digest")
        Partner = cls.env["res.partner"]
        cls.partners = Partner.browse()
        for index, lang in enumerate(["en_US", "bg_BG", "en_US", "bg_BG", "en_US"]):
            partner = Partner.create(
                {
                    "name": f"Batch Supplier {index}",
                    "is_company": True,
                    "email": f"batch{index}@suppliers.example.com",
                    "lang": lang,
                    "b2b_reminder_frequency": "daily",
                }
            )
            thread = cls.env["b2b.thread"].create(
                {
                    "subject": f"Batch thread {index}",
                    "partner_id": partner.id,
                    "is_shared": True,
                    "state": "waiting" if index % 2 else "new",
                }
            )
            cls.env["b2b.task"].create(
                [
                    {
                        "name": f"Batch request {index}-{line}",
                        "thread_id": thread.id,
                        "partner_id": partner.id,
                        "date_deadline": fields.Date.today() + timedelta(days=line - 1),
                    }
                    for line in range(3)
                ]
            )
            cls.partners |= partner
        # one supplier answers through its portal user: plain login links
        cls.portal_user = new_test_user(
            cls.env,
            login="batch_portal",
            groups="base.group_portal",
            email="portal@suppliers.example.com",
        )
        cls.portal_user.partner_id.parent_id = cls.partners[2]
        cls.partners[2].b2b_reminder_contact_id = cls.portal_user.partner_id

    def _odoo_mails(self, template, res_ids):
        """What Odoo's own batch sending produces, email by email."""
        return template.send_mail_batch(
            res_ids,
            email_values={"model": False, "res_id": False},
            email_layout_xmlid=LAYOUT,
        )

    def _assert_same_emails(self, template, res_ids, filled):
        """Our batch and Odoo's give the same emails; ``filled``: how many
        times the layout rendered once is filled in (a check for the first
        email of each language, then once per following email)."""
        IrQweb = type(self.env["ir.qweb"])
        with patch.object(
            IrQweb,
            "_b2b_fill_layout",
            autospec=True,
            side_effect=IrQweb._b2b_fill_layout,
        ) as fill:
            ours = template._b2b_send_mail_batch(res_ids, keep_in_chatter=False)
        self.assertEqual(fill.call_count, filled)
        odoo = self._odoo_mails(template, res_ids)
        self.assertEqual(len(ours), len(res_ids))
        for mine, theirs in zip(ours, odoo, strict=True):
            for fname in ("subject", "email_to", "email_from", "body_html"):
                self.assertEqual(mine[fname], theirs[fname], fname)
        return ours

    def test_digest_batch_equals_odoo_rendering(self):
        # 2 languages: 2 checks, then the 3 other emails filled in
        mails = self._assert_same_emails(self.digest, self.partners.ids, filled=5)
        by_partner = dict(zip(self.partners, mails, strict=True))
        # the batch really covers what differs between emails
        self.assertIn("Batch request 0-0", by_partner[self.partners[0]].body_html)
        self.assertNotIn("Batch request 1-0", by_partner[self.partners[0]].body_html)
        self.assertIn("Batch Supplier 1", by_partner[self.partners[1]].body_html)
        self.assertIn("Здравейте", by_partner[self.partners[1]].body_html)
        self.assertIn("Hello", by_partner[self.partners[0]].body_html)
        # contacts without an account: signed links; the portal user: login links
        self.assertIn("pid=", by_partner[self.partners[0]].body_html)
        self.assertNotIn("pid=", by_partner[self.partners[2]].body_html)
        self.assertIn("/web/login?redirect=", by_partner[self.partners[2]].body_html)
        for mail in mails:
            self.assertIn(self.env.company.name, mail.body_html, "company layout")
            self.assertIn("Powered by", mail.body_html)

    def test_customized_layout_is_honoured(self):
        """An administrator shows the partner's email in the layout's footer: the
        layout is then rendered for each email, as Odoo does."""
        self.env["ir.ui.view"].create(
            {
                "name": "Test layout showing the record",
                "type": "qweb",
                "inherit_id": self.env.ref(LAYOUT).id,
                "arch": """
                    <xpath expr="//b[@t-out='company.name']" position="after">
                        <span class="o_test_record" t-out="record.email"/>
                    </xpath>
                """,
            }
        )
        # the checks find the difference: every email rendered by Odoo
        mails = self._assert_same_emails(self.digest, self.partners.ids, filled=2)
        for partner, mail in zip(self.partners, mails, strict=True):
            self.assertIn(
                f'<span class="o_test_record">{partner.email}</span>', mail.body_html
            )

    def test_signatures_are_odoo_signatures(self):
        task = self.partners[0].b2b_digest_task_ids[0]
        contact = self.partners[0]
        self.assertTrue(task._b2b_is_signed_link_partner(contact))
        self.assertEqual(
            task._b2b_sign_tokens(contact.id)[task.id], task._sign_token(contact.id)
        )
        url = task._b2b_recipient_urls(contact)[task.id]
        self.assertTrue(
            url.endswith(f"pid={contact.id}&hash={task._sign_token(contact.id)}")
        )

    def test_failing_placeholder_raises_odoo_error(self):
        template = self.digest.copy({"subject": "{{ object.b2b_no_such_field }}"})
        with self.assertRaises(UserError) as ours:
            template._b2b_send_mail_batch(self.partners.ids, keep_in_chatter=False)
        with self.assertRaises(UserError) as odoo:
            self._odoo_mails(template, self.partners.ids)
        self.assertEqual(str(ours.exception), str(odoo.exception))

    def test_batch_query_count_does_not_grow(self):
        Partner = self.env["res.partner"]
        partners = Partner.create(
            [
                {
                    "name": f"Many {index}",
                    "is_company": True,
                    "email": f"many{index}@suppliers.example.com",
                }
                for index in range(45)
            ]
        )
        threads = self.env["b2b.thread"].create(
            [
                {"subject": p.name, "partner_id": p.id, "is_shared": True}
                for p in partners
            ]
        )
        self.env["b2b.task"].create(
            [
                {
                    "name": f"Task {t.id}-{n}",
                    "thread_id": t.id,
                    "partner_id": t.partner_id.id,
                }
                for t in threads
                for n in range(3)
            ]
        )
        self.digest._b2b_send_mail_batch(self.partners.ids, keep_in_chatter=False)
        counts = []
        for batch in (partners[:5], partners[5:45]):
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            self.digest._b2b_send_mail_batch(batch.ids, keep_in_chatter=False)
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - start)
        self.assertEqual(counts[0], counts[1], f"queries for 5 and 40 emails: {counts}")


@tagged("post_install", "-at_install")
class TestTemplateUpgrade(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("bg_BG")
        cls.env["ir.module.module"].search(
            [("name", "=", "b2b_communication")]
        )._update_translations(["bg_BG"])

    def test_replace_in_body_keeps_an_edited_language(self):
        template = self.env["mail.template"].create(
            {
                "name": "Upgrade test",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "body_html": "<p>old one, old two</p>",
            }
        )
        template.with_context(lang="bg_BG").body_html = "<p>пренаписано, old two</p>"
        changed = template._b2b_replace_in_body(
            [("old one", "new one"), ("old two", "new two")]
        )
        self.assertEqual(changed, ["en_US"])
        self.assertEqual(template.body_html, "<p>new one, new two</p>")
        self.assertEqual(
            template.with_context(lang="bg_BG").body_html,
            "<p>пренаписано, old two</p>",
            "a body an administrator rewrote is left alone",
        )

    def test_migration_from_1_3_0(self):
        """The 18.0.1.3.0 bodies and subject, in English and Bulgarian, become
        the current ones; the digest renders afterwards."""
        migration = load_migration()
        digest = self.env.ref("b2b_communication.mail_template_b2b_reminder_digest")
        chat = self.env.ref("b2b_communication.mail_template_b2b_unread_chat")
        changes = [
            (digest, migration.DIGEST, "body_html"),
            (chat, migration.UNREAD_CHAT, "body_html"),
            (chat, migration.UNREAD_CHAT_SUBJECT, "subject"),
        ]
        current = {}
        for template, replacements, fname in changes:
            current[template, fname] = {
                lang: template.with_context(lang=lang)[fname]
                for lang in ("en_US", "bg_BG")
            }
            # back to the text 18.0.1.3.0 shipped
            old = [(new, old) for old, new in replacements]
            self.assertEqual(
                sorted(template._b2b_replace_in_body(old, field_name=fname)),
                ["bg_BG", "en_US"],
            )
            self.assertNotEqual(template[fname], current[template, fname]["en_US"])
        migration.migrate(self.env.cr, "18.0.1.3.0")
        for template, _replacements, fname in changes:
            for lang in ("en_US", "bg_BG"):
                self.assertEqual(
                    template.with_context(lang=lang)[fname],
                    current[template, fname][lang],
                    f"{template.name} {fname} {lang}",
                )


@tagged("post_install", "-at_install")
class TestUnreadChatEmailLength(MessengerCommon):
    def test_lists_the_newest_messages_and_counts_all(self):
        start = fields.Datetime.now()
        with freeze_time(start):
            chat = self._chat(self.buyer, self.a1)
            for line in range(8):
                chat.with_user(self.buyer).message_post(
                    body=f"Line {line:02d}",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
        with freeze_time(start + timedelta(minutes=61)):
            self.env["discuss.channel.member"]._cron_b2b_email_unread()
        mail = self.env["mail.mail"].search(
            [("email_to", "ilike", self.a1.email), ("headers", "ilike", "X-B2B-Unread")]
        )
        self.assertEqual(len(mail), 1)
        self.assertTrue(mail.subject.startswith("8 unread message(s)"), mail.subject)
        for line in range(3):
            self.assertNotIn(f"Line {line:02d}", mail.body_html)
        for line in range(3, 8):
            self.assertIn(f"Line {line:02d}", mail.body_html)
        self.assertIn("3 earlier unread message(s) not shown", mail.body_html)
        # all eight count as emailed: nothing goes out again
        with freeze_time(start + timedelta(minutes=130)):
            self.env["discuss.channel.member"]._cron_b2b_email_unread()
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [
                    ("email_to", "ilike", self.a1.email),
                    ("headers", "ilike", "X-B2B-Unread"),
                ]
            ),
            1,
        )
