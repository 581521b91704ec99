# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The emails of ``mail.template._b2b_send_mail_batch`` (reminder digest,
unread-chat email, contact request) are the very emails Odoo's own
``send_mail_batch`` renders: same body, subject, sender and recipients, in every
language and company, with a customized layout too; links signed as portal
signs them; the same errors; and a batch costs a fixed number of queries."""

import importlib.util
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL
from odoo.tools.misc import file_path

from .common import B2bCommon
from .test_messenger import MessengerCommon

DIGEST = "b2b_communication.mail_template_b2b_reminder_digest"
UNREAD_CHAT = "b2b_communication.mail_template_b2b_unread_chat"
CONTACT_REQUEST = "b2b_communication.mail_template_b2b_contact_request"
LAYOUT = "mail.mail_notification_light"
LANGS = ("de_DE", "bg_BG")
# what the recipient gets from an email
COMPARED = ("body_html", "subject", "email_to", "email_from", "reply_to")


def activate_languages(env):
    for code in LANGS:
        env["res.lang"]._activate_lang(code)
    # the templates' translations are data of the module
    env["ir.module.module"].search(
        [("name", "=", "b2b_communication")]
    )._update_translations(list(LANGS))


class MailBatchMixin:
    """Compare the batch path with Odoo's, email by email."""

    def _odoo_mails(self, template, res_ids, keep_in_chatter=False):
        """The emails as Odoo's mail.template renders them, without this
        module's batch shortcuts."""
        return template.send_mail_batch(
            res_ids,
            email_values=None if keep_in_chatter else {"model": False, "res_id": False},
            email_layout_xmlid=LAYOUT,
        )

    def _assert_same_as_odoo(self, template, res_ids, keep_in_chatter=False):
        """Send ``res_ids`` both ways; returns ``{res_id: email}`` of the batch."""
        batch = template._b2b_send_mail_batch(res_ids, keep_in_chatter=keep_in_chatter)
        odoo = self._odoo_mails(template, res_ids, keep_in_chatter=keep_in_chatter)
        self.assertEqual(len(batch), len(res_ids))
        self.assertEqual(len(odoo), len(res_ids))
        # send_mail_batch creates the emails in the order of res_ids
        for res_id, mail, expected in zip(res_ids, batch, odoo, strict=True):
            for fname in COMPARED:
                self.assertEqual(
                    mail[fname],
                    expected[fname],
                    f"{fname} of the email of record {res_id} differs from Odoo's",
                )
        return dict(zip(res_ids, batch, strict=True))

    def _spy_layouts(self):
        """Record whether each stand-in rendering of the layout was kept
        (``True``) or refused for Odoo's rendering of every email (``False``)."""
        Batch = type(self.env["b2b.mail.batch"])
        original = Batch._layout_skeleton
        kept = []

        def spy(batch, *args, **kwargs):
            result = original(batch, *args, **kwargs)
            kept.append(bool(result))
            return result

        return patch.object(Batch, "_layout_skeleton", spy), kept


@tagged("post_install", "-at_install")
class TestMailBatch(MailBatchMixin, B2bCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_languages(cls.env)
        cls.digest = cls.env.ref(DIGEST)
        Partner = cls.env["res.partner"]
        # (language of the company, who receives the digest, their language):
        # contacts without an account get signed links, a portal user login
        # links; companies of two languages with recipients of a third
        specs = [
            ("en_US", "contact", "en_US"),
            ("de_DE", "portal", "de_DE"),
            ("en_US", "company", None),
            ("bg_BG", "contact", "bg_BG"),
            ("de_DE", "contact", False),  # no language: the company's
            ("en_US", "contact", "en_US"),
            ("en_US", "portal", "en_US"),
            ("de_DE", "contact", "de_DE"),
        ]
        cls.partners = Partner.browse()
        cls.recipients = {}
        cls.tasks = {}
        for index, (lang, kind, recipient_lang) in enumerate(specs):
            partner = Partner.create(
                {
                    "name": f"Batch Supplier {index}",
                    "is_company": True,
                    "email": f"office@batch{index}.example.com",
                    "lang": lang,
                    "b2b_reminder_frequency": "daily",
                    "tz": "UTC",
                }
            )
            if kind == "contact":
                recipient = Partner.create(
                    {
                        "name": f"Carla Contact {index}",
                        "parent_id": partner.id,
                        "email": f"carla@batch{index}.example.com",
                        "lang": recipient_lang,
                    }
                )
                partner.b2b_reminder_contact_id = recipient
            elif kind == "portal":
                recipient = new_test_user(
                    cls.env,
                    login=f"batch_portal_{index}",
                    groups="base.group_portal",
                    name=f"Petra Portal {index}",
                    email=f"petra@batch{index}.example.com",
                    lang=recipient_lang,
                    parent_id=partner.id,
                ).partner_id
            else:
                recipient = partner
            cls.recipients[partner] = recipient
            cls.partners |= partner
            cls.tasks[partner] = cls._open_requests(partner, f"{index}")
        cls.contact_request = cls.env["b2b.contact.request"].create(
            {"partner_id": cls.partners[0].id, "role": "Quality Manager 0"}
        )
        cls.contact_request.action_send()
        # one company's emails in the other company's layout
        cls.partners[5].company_id = cls.company_other

    @classmethod
    def _open_requests(cls, partner, tag):
        """A shared thread awaiting the partner's decision and two open shared
        tasks (one overdue); returns the tasks."""
        thread = cls.env["b2b.thread"].create(
            {
                "subject": f"Choose the coating {tag}",
                "partner_id": partner.id,
                "is_shared": True,
                "state": "waiting",
            }
        )
        return cls.env["b2b.task"].create(
            [
                {
                    "name": f"Send the certificate {tag}",
                    "thread_id": thread.id,
                    "partner_id": partner.id,
                    "is_shared": True,
                    "date_deadline": "2026-01-05",
                },
                {
                    "name": f"Confirm the date {tag}",
                    "thread_id": thread.id,
                    "partner_id": partner.id,
                    "is_shared": True,
                },
            ]
        )

    def _customize_layout(self, shown):
        """An administrator's change of the email layout: ``shown`` (an
        expression on the record of the email) printed under the company."""
        return self.env["ir.ui.view"].create(
            {
                "name": "b2b test: the record in the footer",
                "type": "qweb",
                "inherit_id": self.env.ref(LAYOUT).id,
                "arch": (
                    "<data><xpath expr=\"//b[@t-out='company.name']\" "
                    'position="after"><p class="b2b_test_record">'
                    f'For: <t t-out="{shown}"/></p></xpath></data>'
                ),
            }
        )

    # ------------------------------------------------------------------
    # a. the same emails as Odoo's
    # ------------------------------------------------------------------

    def test_digest_same_as_odoo(self):
        spy, kept = self._spy_layouts()
        with spy:
            mails = self._assert_same_as_odoo(self.digest, self.partners.ids)
        # the layout is rendered once per language and company, then filled in
        # (en_US, de_DE, bg_BG in our company, en_US in the other one)
        self.assertEqual(kept, [True] * 4, "the stand-in layout is used")
        for partner in self.partners:
            body = mails[partner.id].body_html
            recipient = self.recipients[partner]
            self.assertEqual(mails[partner.id].email_to, recipient.email_formatted)
            tag = partner.name.split()[-1]
            self.assertIn(f"Send the certificate {tag}<", body)
            self.assertIn(f"Choose the coating {tag}<", body)
            for other in self.partners - partner:
                self.assertNotIn(
                    f"Send the certificate {other.name.split()[-1]}<", body
                )
            if recipient.user_ids:
                self.assertIn("/web/login?redirect=", body)
                self.assertNotIn("hash=", body)
            else:
                for task in self.tasks[partner]:
                    signature = task._sign_token(recipient.id)
                    self.assertTrue(signature)
                    self.assertIn(f"pid={recipient.id}&amp;hash={signature}", body)
        self.assertIn("Quality Manager 0", mails[self.partners[0].id].body_html)
        # each email in its recipient's language, inside its company's layout
        self.assertIn("offene Anfrage", mails[self.partners[1].id].subject)
        self.assertIn("offene Anfrage", mails[self.partners[4].id].subject)
        self.assertIn("отворени заявки", mails[self.partners[3].id].subject)
        self.assertIn("open request(s)", mails[self.partners[0].id].subject)
        self.assertIn("Other Plant Ltd", mails[self.partners[5].id].body_html)
        self.assertNotIn("Other Plant Ltd", mails[self.partners[0].id].body_html)

    def test_digest_batch_larger_than_odoo_parts(self):
        """Odoo renders a batch in parts of ``mail.batch_size`` records: the
        layout and the compiled body carry over from one part to the next."""
        self.env["ir.config_parameter"].set_param("mail.batch_size", 3)
        self._assert_same_as_odoo(self.digest, self.partners.ids)

    def test_contact_request_same_as_odoo(self):
        requests = self.env["b2b.contact.request"].create(
            [
                {"partner_id": partner.id, "role": f"Buyer {index}"}
                for index, partner in enumerate(self.partners[1:5])
            ]
        )
        requests.action_send()
        template = self.env.ref(CONTACT_REQUEST)
        mails = self._assert_same_as_odoo(template, requests.ids, keep_in_chatter=True)
        for request in requests:
            body = mails[request.id].body_html
            self.assertIn(request.role, body)
            self.assertIn(f"access_token={request.access_token}", body)
            self.assertEqual(mails[request.id].model, "b2b.contact.request")

    # ------------------------------------------------------------------
    # b. a customized layout is honoured
    # ------------------------------------------------------------------

    def test_customized_layout_shows_each_record(self):
        self._customize_layout("record.display_name")
        spy, kept = self._spy_layouts()
        with spy:
            mails = self._assert_same_as_odoo(self.digest, self.partners.ids)
        self.assertNotIn(True, kept, "a layout showing the record: Odoo's rendering")
        for partner in self.partners:
            self.assertIn(f"For: {partner.display_name}<", mails[partner.id].body_html)

    def test_customized_layout_field_empty_on_first_email(self):
        """The layout shows a field of the record that the first email of the
        batch leaves empty: every following email still shows its own."""
        self._customize_layout("record.ref or ''")
        for index, partner in enumerate(self.partners[1:], start=1):
            partner.ref = f"REF-{index:03d}"
        mails = self._assert_same_as_odoo(self.digest, self.partners.ids)
        for partner in self.partners[1:]:
            self.assertIn(f"For: {partner.ref}<", mails[partner.id].body_html)

    # ------------------------------------------------------------------
    # c. signatures
    # ------------------------------------------------------------------

    def test_links_signed_as_portal_signs_them(self):
        partner = self.partners[0]
        contact = self.recipients[partner]
        tasks = self.tasks[partner]
        thread = tasks.thread_id
        for records in (tasks, thread):
            signatures = records._b2b_sign_tokens(contact.id)
            urls = records._b2b_recipient_urls(contact)
            for record in records:
                signature = record._sign_token(contact.id)
                self.assertTrue(signature, "an eligible contact")
                self.assertEqual(signatures[record.id], signature)
                self.assertEqual(
                    urls[record.id],
                    f"{record.get_base_url()}{record.access_url}"
                    f"?pid={contact.id}&hash={signature}",
                )
                self.assertEqual(urls[record.id], record._b2b_recipient_url(contact))
        # another company's records in the same call: a login link, no signature
        others = tasks | self.tasks[self.partners[2]]
        urls = others._b2b_recipient_urls(contact)
        for task in self.tasks[self.partners[2]]:
            self.assertFalse(task._sign_token(contact.id))
            self.assertNotIn("hash=", urls[task.id])
            self.assertIn("/web/login?redirect=", urls[task.id])

    # ------------------------------------------------------------------
    # e. upgrade of the template bodies
    # ------------------------------------------------------------------

    def _bodies(self, template):
        self.env.flush_all()
        self.env.cr.execute(
            SQL("SELECT body_html FROM mail_template WHERE id = %s", template.id)
        )
        return self.env.cr.fetchone()[0]

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

    def _load_migration(self, version="18.0.1.4.0"):
        path = file_path(f"b2b_communication/migrations/{version}/post-migrate.py")
        spec = importlib.util.spec_from_file_location(
            f"b2b_post_migrate_{version}", path
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    def test_migration_to_18_0_1_4_0(self):
        """The bodies of 18.0.1.3.0 become the current ones in every language;
        a language an administrator edited stays as it is, and still works."""
        migration = self._load_migration()
        # first back to the bodies of 18.0.1.5.0 (18.0.1.6.0 changed the same
        # lines: language, contrast, wording), in every language
        migration_1_6 = self._load_migration("18.0.1.6.0")
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
        # the digest renders: English, German, and the edited Bulgarian body
        partners = self.partners[0] | self.partners[1] | self.partners[3]
        mails = self._assert_same_as_odoo(self.digest, partners.ids)
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

    # ------------------------------------------------------------------
    # f. inline placeholders
    # ------------------------------------------------------------------

    def test_failing_placeholder_raises_odoos_error(self):
        partners = self.partners[:4]
        for subject in (
            "{{ object.nonexistent_field }} open",
            "{{ object.name + }} open",
            "{{ object.__class__ }} open",
            # fails for one partner of the batch only
            f"{{{{ 1 / (object.id - {partners[2].id}) }}}} open",
        ):
            with self.subTest(subject=subject):
                template = self.digest.copy({"subject": subject})
                with (
                    self.assertRaises(UserError) as batch,
                    self.env.cr.savepoint(),
                ):
                    template._b2b_send_mail_batch(partners.ids, keep_in_chatter=False)
                with (
                    self.assertRaises(UserError) as odoo,
                    self.env.cr.savepoint(),
                ):
                    self._odoo_mails(template, partners.ids)
                self.assertEqual(str(batch.exception), str(odoo.exception))
                self.assertFalse(
                    self.env.cr.cache.get("b2b_render_batch"),
                    "nothing of the failed batch is kept",
                )

    def test_placeholder_values_as_odoo_renders_them(self):
        template = self.digest.copy(
            {
                "subject": "{{ len(object.child_ids) }}|{{ object.ref or 0 }}"
                "|{{ object.child_ids.mapped('name') }}|{{ object.parent_id.browse() }}"
                "|{{ object.comment and 'x' ||| none }}|{{ object.name.upper() }}"
            }
        )
        ids = self.partners.ids
        batch = template._b2b_send_mail_batch(ids, keep_in_chatter=False)
        odoo = self._odoo_mails(template, ids)
        self.assertEqual(batch.mapped("subject"), odoo.mapped("subject"))

    # ------------------------------------------------------------------
    # g. query count
    # ------------------------------------------------------------------

    def _bulk_partners(self, count, tag):
        """``count`` companies, each with a contact without an account (signed
        links) and open requests."""
        Partner = self.env["res.partner"]
        partners = Partner.create(
            [
                {
                    "name": f"Bulk {tag} {index}",
                    "is_company": True,
                    "email": f"office{index}@bulk{tag}.example.com",
                    "b2b_reminder_frequency": "daily",
                }
                for index in range(count)
            ]
        )
        contacts = Partner.create(
            [
                {
                    "name": f"Bulk contact {tag} {index}",
                    "parent_id": partner.id,
                    "email": f"contact{index}@bulk{tag}.example.com",
                }
                for index, partner in enumerate(partners)
            ]
        )
        for partner, contact in zip(partners, contacts, strict=True):
            partner.b2b_reminder_contact_id = contact
        threads = self.env["b2b.thread"].create(
            [
                {
                    "subject": f"Coating {tag} {index}",
                    "partner_id": partner.id,
                    "is_shared": True,
                    "state": "waiting",
                }
                for index, partner in enumerate(partners)
            ]
        )
        self.env["b2b.task"].create(
            [
                {
                    "name": f"Certificate {tag} {index} {number}",
                    "thread_id": thread.id,
                    "partner_id": thread.partner_id.id,
                    "date_deadline": "2026-01-05" if number else False,
                }
                for index, thread in enumerate(threads)
                for number in range(2)
            ]
        )
        return partners

    def test_digest_batch_query_count_is_constant(self):
        """A digest batch of 5 or of 40 partners costs the same queries."""
        counts = {}
        # the first round warms the caches up (views, translations, compiled
        # templates of the registry)
        for size in (3, 5, 40):
            partners = self._bulk_partners(size, f"q{size}")
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            mails = self.digest._b2b_send_mail_batch(
                partners.ids, keep_in_chatter=False
            )
            self.env.flush_all()
            counts[size] = self.env.cr.sql_log_count - start
            self.assertEqual(len(mails), size)
            self.assertIn(f"Certificate q{size} 0 1", mails[0].body_html)
        self.assertEqual(counts[5], counts[40], f"queries per batch size: {counts}")

    def test_digest_body_compiled_once_per_batch_and_language(self):
        """The body is compiled once for a batch of one language (Odoo
        compiles it for every email), and an administrator's edit of the
        template is rendered by the next batch."""
        IrQweb = type(self.env["ir.qweb"])
        compile_ = IrQweb._compile
        bodies = []

        def count_body_compilations(ir_qweb, template):
            if not isinstance(template, (int, str)):  # a source, not a view
                bodies.append(template)
            return compile_(ir_qweb, template)

        partners = self._bulk_partners(6, "compiled")
        with patch.object(IrQweb, "_compile", count_body_compilations):
            self.digest._b2b_send_mail_batch(partners[:3].ids, keep_in_chatter=False)
            self.assertEqual(len(bodies), 1, "one compilation for the batch")
            self.digest.body_html = self.digest.body_html.replace(
                "Awaiting your decision", "Edited by the administrator"
            )
            mails = self.digest._b2b_send_mail_batch(
                partners[3:].ids, keep_in_chatter=False
            )
            self.assertEqual(len(bodies), 2)
            self.assertIn("Certificate compiled 3 ", "".join(mails.mapped("body_html")))
            for mail in mails:
                self.assertIn("Edited by the administrator", mail.body_html)
                self.assertNotIn("Awaiting your decision", mail.body_html)

    def test_each_body_has_its_own_variables(self):
        """The bodies of a batch are rendered in one QWeb rendering: what one
        email's body sets (t-set) is not seen by the next one, as when Odoo
        renders each email alone."""
        self.partners[0].ref = "REF-FIRST"
        template = self.digest.copy(
            {
                "body_html": '<div><t t-if="object.ref"><t t-set="shown" '
                't-value="object.ref"/></t><p>Ref: <t t-out="shown or \'none\'"/>'
                "</p></div>"
            }
        )
        mails = self._assert_same_as_odoo(template, self.partners[:3].ids)
        self.assertIn("Ref: REF-FIRST<", mails[self.partners[0].id].body_html)
        self.assertIn("Ref: none<", mails[self.partners[2].id].body_html)

    # ------------------------------------------------------------------
    # g. the shortcuts give what Odoo computes
    # ------------------------------------------------------------------

    def test_long_digest_same_as_odoo(self):
        """A digest whose text is longer than the preview reads (the preview
        is then computed on a cut text), with a word longer than a preview
        line and hyphenated words; and a template with a relative link, which
        Odoo's link rewriting must still make absolute."""
        partner = self.partners[0]
        self.env["b2b.task"].create(
            [
                {
                    "name": f"Send the {'re-' * index}certified test report "
                    f"number {index} for the {'x' * (40 * index)} batch",
                    "thread_id": self.tasks[partner].thread_id.id,
                    "partner_id": partner.id,
                    "is_shared": True,
                    "date_deadline": f"2026-02-{index + 1:02d}",
                }
                for index in range(8)
            ]
        )
        mails = self._assert_same_as_odoo(self.digest, self.partners[:3].ids)
        self.assertIn("re-re-re-certified", mails[partner.id].body_html)
        self.digest.body_html = self.digest.body_html.replace(
            "</div>",
            '<p><a href="/my/b2b/reminders">All my requests</a></p></div>',
        )
        mails = self._assert_same_as_odoo(self.digest, self.partners[:3].ids)
        self.assertIn(
            f'href="{partner.get_base_url()}/my/b2b/reminders"',
            mails[partner.id].body_html,
        )

    def test_base_url_of_each_record_when_its_model_has_its_own(self):
        """The database's base URL is read once per batch, but a model that
        computes a base URL per record (website's, per website) is asked for
        each record: the digests' task links follow each task's."""
        Task = type(self.env["b2b.task"])
        with patch.object(
            Task,
            "get_base_url",
            lambda task: f"https://company{task.company_id.id}.example.com",
        ):
            mails = self._assert_same_as_odoo(self.digest, self.partners.ids)
        database_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        for partner in self.partners:
            task = self.tasks[partner]
            body = mails[partner.id].body_html
            # a signed link, or the login page for a portal user
            self.assertRegex(
                body,
                f'href="https://company{task.company_id.id}\\.example\\.com/'
                "(my/b2b/tasks/|web/login\\?redirect=%2Fmy%2Fb2b%2Ftasks)",
            )
            self.assertIn(f'href="{database_url}/b2b/reminders/pause/', body)

    def test_shared_with_as_record_by_record(self):
        """Threads and tasks test their sharing for a whole list at once: the
        same records as the test record by record."""
        partner, other = self.partners[0], self.partners[2]
        tasks = self.tasks[partner] | self.tasks[other]
        unshared = self.env["b2b.task"].create(
            {
                "name": "Internal check",
                "thread_id": self.tasks[partner].thread_id.id,
                "partner_id": partner.id,
            }
        )
        contact = self.recipients[partner]
        tasks |= unshared
        threads = tasks.thread_id
        for records in (tasks, threads):
            for company in (partner, other, contact.commercial_partner_id):
                self.assertEqual(
                    records._b2b_shared_with(company),
                    records.filtered(
                        lambda record, company=company: (
                            record._b2b_is_shared()
                            and record._b2b_share_partner().commercial_partner_id
                            == company
                        )
                    ),
                )
        shared = tasks._b2b_shared_with(partner)
        self.assertLessEqual(self.tasks[partner], shared)
        self.assertFalse(shared & self.tasks[other])
        self.assertEqual(unshared in shared, unshared.is_shared)
        self.assertFalse(tasks._b2b_shared_with(self.env["res.partner"]))


@tagged("post_install", "-at_install")
class TestMailBatchUnreadChat(MailBatchMixin, MessengerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_languages(cls.env)
        cls.a2.lang = "de_DE"
        cls.c1.lang = "bg_BG"
        cls.template = cls.env.ref(UNREAD_CHAT)

    def _post(self, author, channel, body):
        return (
            channel.with_user(author)
            .sudo()
            .message_post(
                body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        )

    # ------------------------------------------------------------------
    # a. the same emails as Odoo's
    # ------------------------------------------------------------------

    def test_unread_chat_same_as_odoo(self):
        """Portal users in three languages and one of our users (links to
        Discuss); one conversation longer than the email shows."""
        chats = {
            self.a1: self._chat(self.buyer, self.a1),
            self.a2: self._chat(self.buyer, self.a2),
            self.c1: self._chat(self.buyer, self.c1),
        }
        counts = {self.a1: 2, self.a2: 7, self.c1: 2}
        for user, chat in chats.items():
            for number in range(counts[user]):
                self._post(self.buyer, chat, f"To {user.login}: line {number}")
        colleague_chat = self._chat(self.buyer, self.colleague)
        self._post(self.colleague, colleague_chat, "From a colleague to the buyer")
        users = self.a1 | self.a2 | self.c1 | self.buyer
        # what the cron claimed: every message unread now
        self.env.flush_all()
        self.env.cr.execute(
            self.env["discuss.channel.member"]._b2b_unread_sql(
                fields.Datetime.now() + timedelta(minutes=1), users.partner_id.ids
            )
        )
        claimed = tuple(row[1:] for row in self.env.cr.fetchall())
        mails = self._assert_same_as_odoo(
            self.template.with_context(b2b_unread_chat=claimed), users.partner_id.ids
        )
        for user in users - self.buyer:
            body = mails[user.partner_id.id].body_html
            self.assertIn(f"To {user.login}: line {counts[user] - 1}<", body)
            self.assertIn(f"/my/b2b/messages?channel_id={chats[user].id}", body)
            for other in users - user - self.buyer:
                self.assertNotIn(f"To {other.login}", body)
        # in the recipient's language
        self.assertIn(
            "2 frühere ungelesene Nachricht(en) nicht angezeigt",
            mails[self.a2.partner_id.id].body_html,
        )
        self.assertIn("ungelesene", mails[self.a2.partner_id.id].subject)
        self.assertIn("непрочетени", mails[self.c1.partner_id.id].subject)
        body = mails[self.buyer.partner_id.id].body_html
        self.assertIn("From a colleague to the buyer", body)
        self.assertIn(
            f"/odoo/discuss?active_id=discuss.channel_{colleague_chat.id}", body
        )

    # ------------------------------------------------------------------
    # d. the email shows the newest messages of a conversation
    # ------------------------------------------------------------------

    def test_unread_chat_email_lists_the_five_newest(self):
        words = ["one", "two", "three", "four", "five", "six", "seven", "eight"]
        start = fields.Datetime.now()
        with freeze_time(start):
            chat = self._chat(self.buyer, self.a1)
            for word in words:
                self._post(self.buyer, chat, f"Unread number {word}")
        with freeze_time(start + timedelta(minutes=61)):
            self.env["discuss.channel.member"]._cron_b2b_email_unread()
        mail = self.env["mail.mail"].search(
            [("email_to", "ilike", self.a1.email), ("headers", "ilike", "X-B2B-Unread")]
        )
        self.assertEqual(len(mail), 1)
        body = str(mail.body_html)
        for word in words[:3]:
            self.assertNotIn(f"Unread number {word}<", body, "an older message")
        positions = [body.index(f"Unread number {word}<") for word in words[3:]]
        self.assertEqual(positions, sorted(positions), "oldest first")
        self.assertIn("3 earlier unread message(s) not shown", body)
        self.assertTrue(mail.subject.startswith("8 unread message(s)"), mail.subject)
