# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the tests of ``b2b.mail.batch`` (``test_mail_batch*.py``) share: the
comparison of the batch's emails with Odoo's own ``send_mail_batch``, and the
digest fixture (companies in three languages, recipients with and without an
account, open requests) built on ``B2bCommon`` of ``tests/common.py``."""

import importlib.util
import re
from unittest.mock import patch

from odoo.tests import new_test_user
from odoo.tools.misc import file_path

from .common import B2bCommon, create_digests

DIGEST = "b2b_communication.mail_template_b2b_reminder_digest"
UNREAD_CHAT = "b2b_communication.mail_template_b2b_unread_chat"
CONTACT_REQUEST = "b2b_communication.mail_template_b2b_contact_request"
LAYOUT = "b2b_communication.mail_notification_light_b2b"
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


def digest_back_on_partner(env, migration):
    """The digest template as 18.0.1.6.0 found it, on the partner (the
    migration's model move undone, ``migration`` its module), so that a test
    can replay the earlier steps of the upgrade."""
    digest = env.ref(DIGEST)
    partner_names = {
        log: partner for partner, log in migration.DIGEST_LOG_NAMES.items()
    }

    def on_partner(match):
        path, name = match.group(1), match.group(2)
        return f"object.{name if path else partner_names.get(name, name)}"

    def rewrite(text):
        text = text.replace(migration.DIGEST_SECTIONS, "")
        return migration.EXPRESSION.sub(
            lambda expression: re.sub(
                r"\bobject\.(partner_id\.)?([A-Za-z_]\w*)",
                on_partner,
                expression.group(0),
            ),
            text,
        )

    for field_name in migration.DIGEST_FIELDS:
        digest._b2b_rewrite_texts(rewrite, field_name=field_name)
    digest.model_id = env["ir.model"]._get_id("res.partner")
    return digest


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
        batch = self.env["b2b.mail.batch"]._send(
            template, res_ids, keep_in_chatter=keep_in_chatter
        )
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


class MailBatchDigestCase(MailBatchMixin, B2bCommon):
    """Eight partner companies due for a digest, of three languages and two
    companies, each with a shared thread awaiting their decision and two open
    shared tasks; their recipients: contacts without an account (signed
    links), portal users (login links), the company itself."""

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

    def _digests(self, partners):
        """New digests of ``partners`` (``b2b.reminder.log``, in their order)."""
        return create_digests(self.env, partners)

    def _assert_digests_same_as_odoo(self, partners, template=None):
        """``_assert_same_as_odoo`` of new digests of ``partners`` with the
        digest template (or ``template``): ``{partner id: email}``."""
        digests = self._digests(partners)
        mails = self._assert_same_as_odoo(template or self.digest, digests.ids)
        return {digest.partner_id.id: mails[digest.id] for digest in digests}

    def _bodies(self, template, field_name="body_html"):
        """The stored value of a field of ``template``: ``{lang: text}``, or
        ``{None: text}`` for a field without translations."""
        return template._b2b_stored_texts(field_name)

    def _load_migration(self, version):
        path = file_path(f"b2b_communication/migrations/{version}/post-migrate.py")
        spec = importlib.util.spec_from_file_location(
            f"b2b_post_migrate_{version}", path
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
