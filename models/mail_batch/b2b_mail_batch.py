# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Queue a batch of this module's emails (reminder digest, unread-chat email,
contact request): exactly the emails of Odoo's ``mail.template.send_mail_batch``
in the layout ``b2b_communication.mail_notification_light_b2b`` (Odoo's
``mail.mail_notification_light`` without its "Your <model>" line), in fewer passes.

Odoo's ``send_mail_batch`` works email by email. For a digest, three of its
passes cost far more than the email itself (a scheduled action queues
thousands):

1. the QWeb body is compiled again for every email (``ir.qweb`` compiles an
   inline template at each ``_render``, its costliest step for a digest:
   bench/README.md). Here it is rendered with one ``ir.qweb._render`` per
   language for all the records: a ``t-foreach`` over them, each record inside
   a ``t-call`` of ``b2b_communication.mail_batch_scope`` (QWeb gives a
   ``t-call`` a copy of the values, so what one email ``t-set`` stays its own,
   as when rendered alone), the output cut on a marker. A body of safe
   placeholders only is Odoo's ``_render_field``.
2. the layout (logo, company, footer) is rendered again for every email. Here
   it is rendered once per language and company with stand-ins for the email's
   body, preview and record name, and filled per email: only when the layout
   (customizations and the templates it calls included) shows nothing else of
   the email, and when filling it with the first email's values gives exactly
   Odoo's rendering of that email; otherwise each email is rendered as Odoo
   does. The preview it shows is computed by ``mail.message`` from the
   beginning of the body that gives the same preview (``_preview``).
3. the whole email is copied into its ``mail.message`` and sanitized there.
   Here, an email linked to no record (``keep_in_chatter=False``: a digest, an
   unread-chat summary) keeps its body on the ``mail.mail`` only: nobody reads
   that message.

Everything else is Odoo's own: ``_generate_template`` (subject, sender,
recipients, language, attachments), ``_classify_per_lang``,
``_render_eval_context``, ``_render_template_postprocess``,
``_replace_local_links``, ``mail.message``'s preview and ``mail.mail.create``;
a template whose placeholders are field paths (the digest's) has its subject,
sender and language rendered by Odoo without evaluating an expression.
``tests/test_mail_batch*.py`` compare every email with ``send_mail_batch``'s.
"""

import functools
import itertools
import re
import uuid

from lxml import etree, html
from markupsafe import Markup, escape

from odoo import Command, api, models
from odoo.tools import is_html_empty

# Odoo's light notification layout without its "Your <model>" line (a digest is
# no "Your Contact"): data/mail_template_data.xml
EMAIL_LAYOUT = "b2b_communication.mail_notification_light_b2b"
SCOPE_TEMPLATE = "b2b_communication.mail_batch_scope"
# the fields of send_mail_batch but the body, rendered by Odoo's _generate_template
GENERATED_FIELDS = (
    "attachment_ids",
    "auto_delete",
    "email_cc",
    "email_from",
    "email_to",
    "mail_server_id",
    "model",
    "partner_to",
    "reply_to",
    "report_template_ids",
    "res_id",
    "scheduled_date",
    "subject",
)
# where the layout may read the email for the stand-ins to stand for it: the
# message's body, preview and record name, the record not at all
READS_MORE_OF_THE_EMAIL = re.compile(
    r"\brecord\b|\bmessage\b(?!\s*\.\s*(?:body|preview|record_name)\b)"
)
# what textwrap.shorten ends a shortened text with (mail.message's preview)
PREVIEW_PLACEHOLDER = " [...]"
# the first beginning of a body its preview is computed from
PREVIEW_HTML_START = 2048
# the HTML Odoo's _replace_local_links may change holds one of these
LOCAL_LINK_HINTS = ('="/', "url(")
# key of the per-batch memo in the cursor's cache (see _memo)
MEMO_KEY = "b2b_render_batch"
_batch_ids = itertools.count(1)


class B2bMailBatch(models.AbstractModel):
    _name = "b2b.mail.batch"
    _description = "B2B email batch (Odoo's send_mail_batch in fewer passes)"

    @api.model
    def _send(self, template, res_ids, mail_headers=None, keep_in_chatter=True):
        """Queue the emails of ``template`` for ``res_ids`` in the company's
        light notification layout; returns the ``mail.mail`` in the order of
        ``res_ids``. The one entry point of this module's emails in batch.

        ``mail_headers`` gives each email its own extra headers: a function of
        the batch's records returning ``{res_id: {name: value}}``, called
        within the batch so that what the headers share with the body (a
        signed link, the base URL) is computed once (:meth:`_cached`).
        Without ``keep_in_chatter`` the email is linked to no record (no
        chatter message) and its body is not copied into its message.
        """
        template.ensure_one()
        template._send_check_access(res_ids)
        batch = f"b2b-batch-{next(_batch_ids)}"
        memos = self.env.cr.cache.setdefault(MEMO_KEY, {})
        memos[batch] = {}
        try:
            template = template.with_context(b2b_render_batch=batch)
            records = template.env[template.model].browse(res_ids)
            headers = mail_headers(records) if mail_headers else {}
            return self._create_mails(template, records, headers, keep_in_chatter)
        finally:
            memos.pop(batch, None)

    @api.model
    def _create_mails(self, template, records, headers, keep_in_chatter):
        res_ids = records.ids
        values_by_id, bodies, langs = {}, {}, {}
        for lang, (lang_template, lang_ids) in template._classify_per_lang(
            res_ids
        ).items():
            # the language of each record is rendered once: given in
            # template_preview_lang, Odoo's _classify_per_lang takes it as is
            generator = (
                lang_template.with_context(template_preview_lang=lang)
                if lang
                else lang_template
            )
            values_by_id.update(
                generator._generate_template(lang_ids, GENERATED_FIELDS)
            )
            bodies.update(self._render_bodies(lang_template, lang_ids))
            langs.update(dict.fromkeys(lang_ids, lang or False))
        emails = self._wrap_in_layout(template, records, bodies, langs)
        email_values = {} if keep_in_chatter else {"model": False, "res_id": False}
        values_list, attachments_list = [], []
        # as send_mail_batch prepares each email's values
        for res_id in res_ids:
            values = values_by_id[res_id]
            values["recipient_ids"] = [
                Command.link(pid) for pid in values.get("partner_ids") or []
            ]
            values["attachment_ids"] = [
                Command.link(aid) for aid in values.get("attachment_ids") or []
            ]
            values.update(email_values)
            attachments_list.append(values.pop("attachments", []))
            if "email_from" in values and not values.get("email_from"):
                values.pop("email_from")
            values["body_html"] = emails[res_id]
            if keep_in_chatter:
                values["body"] = emails[res_id]
            if headers.get(res_id):
                values["headers"] = repr(headers[res_id])
            values_list.append(values)
        mails = template.env["mail.mail"].sudo().create(values_list)
        for mail, attachments in zip(mails, attachments_list, strict=True):
            if attachments:
                mail.with_context(default_type=None).write(
                    {
                        "attachment_ids": [
                            Command.create(
                                {
                                    "name": name,
                                    "datas": datas,
                                    "type": "binary",
                                    "res_model": "mail.message",
                                    "res_id": mail.mail_message_id.id,
                                }
                            )
                            for name, datas in attachments
                        ]
                    }
                )
        return mails

    # ------------------------------------------------------------------
    # what a batch computes once for all its emails
    # ------------------------------------------------------------------

    @api.model
    def _memo(self):
        """What the batch of emails being queued computes once for all its
        emails, or ``None`` outside a batch (the context key
        ``b2b_render_batch``, set by :meth:`_send`, names the batch)."""
        batch = self.env.context.get("b2b_render_batch")
        if not batch:
            return None
        return self.env.cr.cache.get(MEMO_KEY, {}).get(batch)

    @api.model
    def _cached(self, key, compute):
        """``compute()``, computed once per batch of emails under ``key`` (a
        value every email of the batch asks for: a signing token, a record's
        base URL); outside a batch, computed at each call."""
        memo = self._memo()
        if memo is None:
            return compute()
        cached = memo.setdefault("cached", {})
        if key not in cached:
            cached[key] = compute()
        return cached[key]

    @api.model
    def _base_url(self, record):
        """``record.get_base_url()``, once per batch of emails: the database's
        base URL is read once for all the records of the batch unless their
        model computes its own (website's, per website), which is then asked
        once per record."""
        if type(record).get_base_url is models.BaseModel.get_base_url:
            return self._cached("web.base.url", record.get_base_url)
        return self._cached(("base_url", record._name, record.id), record.get_base_url)

    @api.model
    def _set_computed(self, records, field_name, values):
        """Give the computed field ``field_name`` of ``records`` its ``values``
        (one per record, in the cache's format: ids for a relational field),
        all at once, from its compute method: as Odoo's bulk computes write
        the cache. Assigning record by record goes through the ORM's write
        machinery for each record (the relational fields most), a large part
        of a batch of emails' time (bench/README.md). The one place this
        module writes Odoo's record cache (readme/PORTING.md)."""
        records.env.cache.update(records, records._fields[field_name], values)

    # ------------------------------------------------------------------
    # 1. the body: one QWeb rendering per language
    # ------------------------------------------------------------------

    @api.model
    def _render_bodies(self, template, res_ids):
        """``template._render_field("body_html", res_ids)`` (``template`` in the
        language of the records), with the QWeb body compiled and rendered once
        for all of them."""
        source = template.body_html
        model = template.render_model
        # a mail.template renders unrestricted (its editing is what Odoo
        # restricts); a body of safe placeholders only is rendered by Odoo
        # without QWeb: its own
        if not (
            source
            and len(res_ids) > 1
            and template._has_unsafe_expression_template_qweb(source, model)
            # a t-name makes ir.qweb render that node only
            and "t-name" not in source
        ):
            return template._render_field("body_html", res_ids)
        marker = f"b2b-mail-batch-{uuid.uuid4().hex}"
        loop = html.fragment_fromstring(
            f'<t t-foreach="b2b_batch_records" t-as="b2b_batch_record">'
            f'<t t-call="{SCOPE_TEMPLATE}"><t t-set="object" '
            f't-value="b2b_batch_record"/></t>{marker}</t>'
        )
        # the body as Odoo wraps it to render it
        loop[0].append(html.fragment_fromstring(source, create_parent="div"))
        values = template._render_eval_context()
        # a date is formatted once per batch (deadlines fall on a few days):
        # format_date depends on its arguments and the language only
        values["format_date"] = self._memoized(values["format_date"])
        values["b2b_batch_records"] = template.env[model].browse(res_ids)
        options = dict(template._fields["body_html"].render_options or {})
        try:
            rendered = template.env["ir.qweb"]._render(loop, values, **options)
        except Exception:  # noqa: BLE001 - rendered again by Odoo, with its errors
            return template._render_field("body_html", res_ids)
        parts = str(rendered).split(marker)
        if len(parts) != len(res_ids) + 1 or parts[-1]:
            return template._render_field("body_html", res_ids)
        # drop the <div> wrapping the body, as Odoo does
        bodies = {
            res_id: Markup(part[5:-6])
            for res_id, part in zip(res_ids, parts, strict=False)
        }
        # Odoo's post-processing (local links made absolute), for the bodies
        # where it can change something
        with_links = {
            res_id: body
            for res_id, body in bodies.items()
            if any(hint in body for hint in LOCAL_LINK_HINTS)
        }
        if with_links and options.get("post_process"):
            bodies.update(template._render_template_postprocess(model, with_links))
        return bodies

    @api.model
    def _memoized(self, function):
        cached = functools.cache(function)

        def memoized(*args, **kwargs):
            try:
                return cached(*args, **kwargs)
            except TypeError:  # an argument that is no dictionary key
                return function(*args, **kwargs)

        return memoized

    # ------------------------------------------------------------------
    # 2. the layout: rendered once per language and company, then filled
    # ------------------------------------------------------------------

    @api.model
    def _wrap_in_layout(self, template, records, bodies, langs):
        """``{res_id: email}``: each body inside the layout, as send_mail_batch
        renders it."""
        companies = records._mail_get_companies(default=template.env.company)
        record_model = template.env["ir.model"]._get(template.model)
        # the layout of each language and company: (stand-in rendering or
        # None, stand-ins)
        skeletons = {}
        emails = {}
        Message = template.env["mail.message"].sudo()
        for record in records:
            lang = langs[record.id]
            company = companies.get(record.id) or template.env.company
            body = bodies[record.id]
            message_values = {"body": body, "record_name": record.display_name}
            key = (lang, company.id)
            if skeletons.get(key):
                # the preview from the body's beginning (the first email of
                # the skeleton checked it against Odoo's rendering)
                email = self._fill_layout(
                    skeletons[key],
                    Message.new(dict(message_values, preview=self._preview(body))),
                )
                if email is not None:
                    emails[record.id] = email
                    continue
            model_lang = record_model.with_context(lang=lang) if lang else record_model
            values = self._layout_values(
                model_lang, record, company, Message.new(message_values)
            )
            email = self._render_layout(model_lang, values, body)
            if key not in skeletons:
                skeletons[key] = self._layout_skeleton(model_lang, values, email)
            emails[record.id] = email
        return emails

    @api.model
    def _preview(self, body):
        """``mail.message.preview`` of a message of ``body``, as Odoo computes
        it, from the shortest beginning of the body (of doubling sizes, 2 KB
        first) that gives the same preview.

        Odoo's preview is ``textwrap.shorten`` of the body's text
        (``html_to_inner_content``) to 190 characters. A beginning that ends
        right before a line break, outside any tag (its last "<" closed by a
        ">"), loses no tag that Odoo's regular expressions remove from the
        whole body, and the line break is a space in the body's text: the text
        of the beginning is the body's text up to a space, whole words. When
        it is longer than 190 characters (its preview ends with the
        placeholder " [...]", which the beginning does not hold), the words
        shorten keeps and whether more follows are the same for both.
        """
        html = str(body)
        Message = self.env["mail.message"].sudo()
        size = PREVIEW_HTML_START
        while size < len(html):
            end = html.find("\n", size)
            if end == -1:
                break
            beginning = html[:end]
            if beginning.rfind("<") <= beginning.rfind(">"):
                preview = Message.new({"body": Markup(beginning)}).preview
                if preview.endswith(PREVIEW_PLACEHOLDER) and (
                    PREVIEW_PLACEHOLDER.strip() not in beginning
                ):
                    return preview
            size *= 2
        return Message.new({"body": body}).preview

    @api.model
    def _layout_values(self, model_lang, record, company, message):
        """The values send_mail_batch renders the layout with."""
        return {
            "message": message,
            "subtype": self.env["mail.message.subtype"].sudo(),
            "model_description": model_lang.display_name,
            "record": record,
            "record_name": False,
            "subtitles": False,
            "company": company,
            "email_add_signature": False,
            "signature": "",
            "website_url": "",
            "is_html_empty": is_html_empty,
        }

    @api.model
    def _render_layout(self, model_lang, values, body):
        """The email of ``body`` in its layout, as send_mail_batch renders it."""
        email = model_lang.env["ir.qweb"]._render(
            EMAIL_LAYOUT, values, minimal_qcontext=True, raise_if_not_found=False
        )
        if not email:  # no layout: the body alone, as Odoo sends it
            email = body
        return self.env["mail.render.mixin"]._replace_local_links(email)

    @api.model
    def _layout_skeleton(self, model_lang, values, email):
        """The layout rendered with stand-ins for the email's body, preview and
        record name and no record, with its links made absolute, or ``None``
        when it would not give Odoo's rendering: when the layout reads more of
        the email, or when filling it with the values of ``email`` (Odoo's
        rendering of the first email) does not give ``email``."""
        if self._layout_reads_more_of_the_email(EMAIL_LAYOUT):
            return None
        tag = uuid.uuid4().hex
        stand_ins = {
            "body": f"b2b-layout-body-{tag}",
            "preview": f"b2b-layout-preview-{tag}",
            "record_name": f"b2b-layout-record-name-{tag}",
        }
        stand_in = (
            self.env["mail.message"]
            .sudo()
            .new(
                {
                    "body": Markup(stand_ins["body"]),
                    "preview": stand_ins["preview"],
                    "record_name": stand_ins["record_name"],
                }
            )
        )
        rendered = self._render_layout(
            model_lang,
            dict(values, message=stand_in, record=values["record"].browse()),
            stand_in.body,
        )
        skeleton = (rendered, stand_ins)
        # the first email filled in, with its preview read as the following
        # ones will be, gives Odoo's rendering of it
        message = values["message"]
        first = message.new(
            {
                "body": message.body,
                "record_name": message.record_name,
                "preview": self._preview(message.body),
            }
        )
        if self._fill_layout(skeleton, first) != email:
            return None
        return skeleton

    @api.model
    def _fill_layout(self, skeleton, message):
        """The email of ``message`` in the stand-in rendering ``skeleton``, or
        ``None`` to render it as Odoo does (no skeleton; an empty preview or
        record name, which a layout may test)."""
        if not skeleton:
            return None
        rendered, stand_ins = skeleton
        preview, record_name = message.preview, message.record_name
        if not preview or not record_name:
            return None
        # the layout prints the record name with "/" as "-"
        return Markup(
            rendered.replace(stand_ins["preview"], escape(preview))
            .replace(stand_ins["record_name"], escape(record_name.replace("/", "-")))
            .replace(stand_ins["body"], message.body or "")
        )

    @api.model
    def _layout_reads_more_of_the_email(self, template_name):
        """Whether the layout (with the views customizing it) or a template it
        calls reads the record or the message beyond its body, preview and
        record name; once per batch."""
        memo = self._memo()
        if memo is None:
            return self._reads_more_of_the_email(template_name, set())
        key = ("layout reads more", template_name)
        if key not in memo:
            memo[key] = self._reads_more_of_the_email(template_name, set())
        return memo[key]

    @api.model
    def _reads_more_of_the_email(self, template_name, seen):
        if template_name in seen:
            return False
        seen.add(template_name)
        # sudo: the arch of a layout, only read to find what it shows
        view = self.env["ir.ui.view"].sudo()._get(template_name)
        if not view:
            return True
        for node in etree.fromstring(view.get_combined_arch()).iter():
            for name, value in node.attrib.items():
                if name == "t-call":
                    if "{{" in value or self._reads_more_of_the_email(value, seen):
                        return True
                elif name.startswith("t-") and READS_MORE_OF_THE_EMAIL.search(value):
                    return True
        return False
