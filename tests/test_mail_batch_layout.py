# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The layout of a batch's emails is rendered once per language and company and
filled in per email: a layout an administrator customized to show more of the
email is honoured (each email rendered as Odoo does), and the preview the layout
shows is Odoo's."""

from unittest.mock import patch

from markupsafe import Markup

from odoo.tests import tagged

from .mail_batch_common import LAYOUT, MailBatchDigestCase


@tagged("post_install", "-at_install")
class TestMailBatchLayout(MailBatchDigestCase):
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
    # b. a customized layout is honoured
    # ------------------------------------------------------------------

    def test_customized_layout_shows_each_record(self):
        self._customize_layout("record.display_name")
        spy, kept = self._spy_layouts()
        with spy:
            mails = self._assert_digests_same_as_odoo(self.partners)
        self.assertNotIn(True, kept, "a layout showing the record: Odoo's rendering")
        for partner in self.partners:
            self.assertIn(f"For: {partner.display_name}<", mails[partner.id].body_html)

    def test_customized_layout_field_empty_on_first_email(self):
        """The layout shows a field of the record that the first email of the
        batch leaves empty: every following email still shows its own."""
        self._customize_layout("record.partner_id.ref or ''")
        for index, partner in enumerate(self.partners[1:], start=1):
            partner.ref = f"REF-{index:03d}"
        mails = self._assert_digests_same_as_odoo(self.partners)
        for partner in self.partners[1:]:
            self.assertIn(f"For: {partner.ref}<", mails[partner.id].body_html)

    # ------------------------------------------------------------------
    # the preview the layout shows
    # ------------------------------------------------------------------

    def test_preview_as_odoo_computes_it(self):
        """The preview of an email after the first of its language and company
        is computed from the beginning of its body: Odoo's preview of the whole
        body, whatever falls at the end of that beginning (a word longer than
        the preview, markup only, a line break inside a tag, an unclosed "<",
        entities, a literal "[...]"). (The digests of test_mail_batch.py
        compare their whole emails with Odoo's.)"""
        Batch = self.env["b2b.mail.batch"]
        Message = self.env["mail.message"].sudo()
        MessageModel = type(Message)
        compute = MessageModel._compute_preview
        read = []

        def spy(messages):
            read.extend(len(message.body or "") for message in messages)
            return compute(messages)

        sentence = "Send the re-certified test report for the coating batch"
        texts = [
            " ".join([sentence] * 3),
            "x" * 300,
            "y" * 185 + " " + "z" * 20,
            "Quoted &lt;text&gt; &amp; [...] more",
            "1 < 2 and 3 > 2",
        ]
        separators = ["\n", "<br>\n", "</p>\n<p>", '<a title="a\nb">', ""]
        fillers = [
            '<i style="color: #333333;"></i>',
            "Bench request 1 ",
            "Confirm the date\n",
        ]
        shorter = 0
        with patch.object(MessageModel, "_compute_preview", spy):
            for filler in fillers:
                for count in (0, 3, 60, 120, 127, 130, 250):
                    for text in texts:
                        for separator in separators:
                            body = Markup(
                                "<div><p>"
                                + filler * count
                                + separator.join([text] * 12)
                                + "</p></div>"
                            )
                            read.clear()
                            ours = Batch._preview(body)
                            shorter += min(read) < len(body)
                            self.assertEqual(
                                ours,
                                Message.new({"body": body}).preview,
                                f"{filler!r} x {count}, {text[:20]!r}, {separator!r}",
                            )
        self.assertTrue(shorter, "some previews are read from a beginning")
