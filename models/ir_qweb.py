# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
import textwrap

from markupsafe import Markup, escape

from odoo import models
from odoo.tools.mail import html_to_inner_content

# stand-ins for what differs from one email to the next in the layout
LAYOUT_BODY = "b2b-layout-body-5f0c9e"
LAYOUT_PREVIEW = "b2b-layout-preview-5f0c9e"
LAYOUT_RECORD_NAME = "b2b-layout-record-name-5f0c9e"
# mail.message._compute_preview: the text of the body shortened to this width
PREVIEW_WIDTH = 190
# the size of the first beginning of a body its preview is read from
PREVIEW_HTML_START = 2048
# a "<" followed by another before any ">"
UNCLOSED_TAG = re.compile(r"<[^>]*<")
# what of the email a layout may show for the stand-ins to stand for it: the
# message's body, preview and record name; the record itself not at all
PER_EMAIL_EXPRESSION = re.compile(
    r"\brecord\b|\bmessage\s*\.\s*(?!(?:body|preview|record_name)\b)\w+"
)


class IrQweb(models.AbstractModel):
    _inherit = "ir.qweb"

    def _render(self, template, values=None, **options):
        """The email layout of a batch of this module's emails, rendered once.

        ``mail.template.send_mail_batch`` renders the layout (logo, company,
        footer) for every email again, which costs more than queuing the email.
        In a batch of ``mail.template._b2b_send_mail_batch`` the layout of the
        first email of each language and company is rendered as Odoo does, and
        once more with stand-ins for the body, its preview and the record name
        and with no record; the following emails are that rendering with their
        own values filled in (links already absolute). The stand-in rendering is
        only used when filling it in with the first email's values gives exactly
        Odoo's rendering: a layout customized to show anything else of the
        record is rendered for every email, as Odoo does.
        """
        memo = self.env["mail.render.mixin"]._b2b_render_batch_memo()
        if (
            memo is None
            or not isinstance(template, str)
            or template != memo.get("layout")
            or not values
            or "message" not in values
            or "record" not in values
        ):
            return super()._render(template, values, **options)
        company = values.get("company")
        key = (
            template,
            self.env.lang,
            company.id if company else False,
            str(values.get("model_description")),
        )
        layouts = memo.setdefault("layouts", {})
        if key not in layouts:
            rendered = super()._render(template, values, **options)
            layouts[key] = self._b2b_layout_with_stand_ins(
                template, values, options, rendered
            )
            return rendered
        if not layouts[key]:
            return super()._render(template, values, **options)
        filled = self._b2b_fill_layout(layouts[key], values["message"])
        # its links are absolute already (see mail.render.mixin)
        memo["links_replaced"] = filled
        return filled

    def _b2b_layout_with_stand_ins(self, template, values, options, rendered):
        """The layout rendered with stand-ins instead of the email's own
        values, or ``False`` when it shows more of the email than those: when
        the layout (or a template it calls) reads anything else of the message
        or the record, or when filling the stand-ins in does not give Odoo's
        rendering of the first email exactly."""
        if self._b2b_reads_more_of_the_email(template):
            return False
        message = values["message"]
        stand_in = message.new(
            {
                "body": Markup(LAYOUT_BODY),
                "preview": LAYOUT_PREVIEW,
                "record_name": LAYOUT_RECORD_NAME,
            }
        )
        skeleton = super()._render(
            template,
            dict(values, message=stand_in, record=values["record"].browse()),
            **options,
        )
        if self._b2b_fill_layout(skeleton, message) != rendered:
            return False
        # the body comes with absolute links (post-processed when rendered):
        # make the layout's links absolute once, not in every email
        return self.env["mail.render.mixin"]._replace_local_links(skeleton)

    def _b2b_reads_more_of_the_email(self, template, seen=None):
        """Whether the QWeb template ``template`` or a template it calls
        evaluates an expression that reads the record or the message beyond
        its body, preview and record name."""
        seen = set() if seen is None else seen
        if template in seen:
            return False
        seen.add(template)
        element = self._get_template(template)[0]
        for node in element.iter():
            for name, value in node.attrib.items():
                if name == "t-call":
                    if "{{" in value or self._b2b_reads_more_of_the_email(value, seen):
                        return True
                elif name.startswith("t-") and PER_EMAIL_EXPRESSION.search(value):
                    return True
        return False

    def _b2b_fill_layout(self, skeleton, message):
        record_name = message.record_name
        preview = self._b2b_message_preview(message.body)
        return Markup(
            skeleton.replace(LAYOUT_PREVIEW, escape(preview))
            .replace(
                LAYOUT_RECORD_NAME,
                escape(record_name.replace("/", "-") if record_name else ""),
            )
            .replace(LAYOUT_BODY, message.body or "")
        )

    def _b2b_message_preview(self, body):
        """``mail.message.preview`` of ``body`` as Odoo computes it (the text of
        the body, ``textwrap.shorten`` to 190 characters), from as little of
        the body as gives the same result: shorten reads the words that start
        within the first 190 characters and whether anything follows them, so
        the text it is given stops at the first space beyond that width. (The
        first email of a batch checks the result against Odoo's own
        rendering.)"""
        return textwrap.shorten(
            self._b2b_text_beginning(body, PREVIEW_WIDTH + 1), PREVIEW_WIDTH
        )

    def _b2b_text_beginning(self, body, length):
        """The text of the HTML ``body`` (``html_to_inner_content``, spaces
        collapsed) up to its first space at or after ``length``, or all of it.

        The text is read from a beginning of the body, the shortest of doubling
        sizes that holds that space. A beginning ends right before a tag and
        each of its ``<`` is closed by a ``>`` before the next ``<``: Odoo's
        regular expressions then remove the same tags from it as from the whole
        body, and its text differs from the body's at most in its last word,
        which the space found excludes.
        """
        if isinstance(body, Markup):
            html = str(body)
            size = PREVIEW_HTML_START
            while size < len(html):
                end = html.find("<", size)
                if end == -1:
                    break
                beginning = html[:end]
                if beginning.rfind("<") < beginning.rfind(">") and not (
                    UNCLOSED_TAG.search(beginning)
                ):
                    text = " ".join(html_to_inner_content(Markup(beginning)).split())
                    cut = text.find(" ", length)
                    if cut != -1:
                        return text[:cut]
                size *= 2
        text = " ".join(html_to_inner_content(body).split())
        cut = text.find(" ", length)
        return text if cut == -1 else text[:cut]
