# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The emails of ``b2b.mail.batch._send`` (reminder digest, contact request)
are the very emails Odoo's own ``send_mail_batch`` renders: same
body, subject, sender and recipients, in every language and company; links signed
as portal signs them; placeholders rendered and failing as Odoo renders them; the
shortcuts of the batch (base URL, sharing) give what Odoo computes. The layout
and preview: test_mail_batch_layout.py; one rendering per batch and its cost:
test_mail_batch_passes.py; the template upgrades: test_mail_batch_upgrade.py; the
unread-chat email: test_mail_batch_unread_chat.py."""

import html
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from .mail_batch_common import CONTACT_REQUEST, MailBatchDigestCase


@tagged("post_install", "-at_install")
class TestMailBatch(MailBatchDigestCase):
    # ------------------------------------------------------------------
    # a. the same emails as Odoo's
    # ------------------------------------------------------------------

    def test_digest_same_as_odoo(self):
        spy, kept = self._spy_layouts()
        with spy:
            mails = self._assert_digests_same_as_odoo(self.partners)
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
        self._assert_digests_same_as_odoo(self.partners)

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
        signed = 0
        for request in requests:
            body = html.unescape(str(mails[request.id].body_html))
            self.assertIn(request.role, body)
            # the answer link of the recipient: signed for a person without an
            # account, behind the login otherwise; never the token alone
            url = request._b2b_recipient_url(request.recipient_id)
            self.assertIn(f'href="{url}"', body)
            self.assertNotIn(f"access_token={request.access_token}", body)
            signed += "&hash=" in url
            self.assertEqual(mails[request.id].model, "b2b.contact.request")
        self.assertTrue(signed, "links signed for contacts without an account")

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
    # f. inline placeholders
    # ------------------------------------------------------------------

    def test_failing_placeholder_raises_odoos_error(self):
        partners = self.partners[:4]
        digests = self._digests(partners)
        for subject in (
            "{{ object.nonexistent_field }} open",
            "{{ object.name + }} open",
            "{{ object.__class__ }} open",
            # fails for one partner of the batch only
            f"{{{{ 1 / (object.id - {digests[2].id}) }}}} open",
        ):
            with self.subTest(subject=subject):
                template = self.digest.copy({"subject": subject})
                with (
                    self.assertRaises(UserError) as batch,
                    self.env.cr.savepoint(),
                ):
                    self.env["b2b.mail.batch"]._send(
                        template, digests.ids, keep_in_chatter=False
                    )
                with (
                    self.assertRaises(UserError) as odoo,
                    self.env.cr.savepoint(),
                ):
                    self._odoo_mails(template, digests.ids)
                self.assertEqual(str(batch.exception), str(odoo.exception))
                self.assertFalse(
                    self.env.cr.cache.get("b2b_render_batch"),
                    "nothing of the failed batch is kept",
                )

    def test_placeholder_values_as_odoo_renders_them(self):
        template = self.digest.copy(
            {
                "subject": "{{ len(object.partner_id.child_ids) }}"
                "|{{ object.partner_id.ref or 0 }}"
                "|{{ object.partner_id.child_ids.mapped('name') }}"
                "|{{ object.partner_id.parent_id.browse() }}"
                "|{{ object.partner_id.comment and 'x' ||| none }}"
                "|{{ object.partner_id.name.upper() }}"
            }
        )
        ids = self._digests(self.partners).ids
        batch = self.env["b2b.mail.batch"]._send(template, ids, keep_in_chatter=False)
        odoo = self._odoo_mails(template, ids)
        self.assertEqual(batch.mapped("subject"), odoo.mapped("subject"))

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
        mails = self._assert_digests_same_as_odoo(self.partners[:3])
        self.assertIn("re-re-re-certified", mails[partner.id].body_html)
        self.digest.body_html = self.digest.body_html.replace(
            "</div>",
            '<p><a href="/my/b2b/reminders">All my requests</a></p></div>',
        )
        mails = self._assert_digests_same_as_odoo(self.partners[:3])
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
            mails = self._assert_digests_same_as_odoo(self.partners)
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
