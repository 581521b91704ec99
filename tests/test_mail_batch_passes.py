# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A batch renders the QWeb body once per language for all its emails (Odoo
compiles it for every email), each email keeping its own variables, and costs a
fixed number of queries whatever its size."""

from unittest.mock import patch

from odoo.tests import tagged

from .common import assert_query_count_flat, count_queries
from .mail_batch_common import MailBatchDigestCase


@tagged("post_install", "-at_install")
class TestMailBatchPasses(MailBatchDigestCase):
    # ------------------------------------------------------------------
    # g. query count
    # ------------------------------------------------------------------

    def test_digest_batch_query_count_is_constant(self):
        """A digest batch of 5 or of 40 partners costs the same queries."""

        def measure(size):
            digests = self._digests(self._bulk_partners(size, f"q{size}"))
            self.env.flush_all()
            self.env.invalidate_all()

            def send():
                mails = self.env["b2b.mail.batch"]._send(
                    self.digest, digests.ids, keep_in_chatter=False
                )
                self.env.flush_all()
                return mails

            queries, mails = count_queries(self.env.cr, send)
            self.assertEqual(len(mails), size)
            self.assertIn(f"Certificate q{size} 0 1", mails[0].body_html)
            return queries

        # the first round warms the caches up (views, translations, compiled
        # templates of the registry)
        assert_query_count_flat(self, measure, (5, 40), warm_up=(3,))

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

        digests = self._digests(self._bulk_partners(6, "compiled"))
        with patch.object(IrQweb, "_compile", count_body_compilations):
            self.env["b2b.mail.batch"]._send(
                self.digest, digests[:3].ids, keep_in_chatter=False
            )
            self.assertEqual(len(bodies), 1, "one compilation for the batch")
            self.digest.body_html = self.digest.body_html.replace(
                "Awaiting your decision", "Edited by the administrator"
            )
            mails = self.env["b2b.mail.batch"]._send(
                self.digest, digests[3:].ids, keep_in_chatter=False
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
                "body_html": '<div><t t-if="object.partner_id.ref">'
                '<t t-set="shown" t-value="object.partner_id.ref"/></t>'
                "<p>Ref: <t t-out=\"shown or 'none'\"/></p></div>"
            }
        )
        mails = self._assert_digests_same_as_odoo(self.partners[:3], template)
        self.assertIn("Ref: REF-FIRST<", mails[self.partners[0].id].body_html)
        self.assertIn("Ref: none<", mails[self.partners[2].id].body_html)
