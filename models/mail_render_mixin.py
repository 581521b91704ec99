# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import functools

import babel.dates
import pytz
from lxml import html
from markupsafe import Markup

from odoo import api, models
from odoo.tools import (
    babel_locale_parse,
    get_lang,
    ormcache,
    posix_to_ldml,
    safe_eval,
)
from odoo.tools.rendering_tools import parse_inline_template


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    @api.model
    def _b2b_render_batch_memo(self):
        """What the batch of emails being rendered by
        ``mail.template._b2b_send_mail_batch`` computes once for all its
        emails (layout, link constants), or ``None`` outside such a batch."""
        batch = self.env.context.get("b2b_render_batch")
        if not batch:
            return None
        return self.env.cr.cache.get("b2b_render_batch", {}).get(batch)

    @api.model
    def _b2b_batch_cached(self, key, compute):
        """``compute()``, computed once per batch of emails under ``key`` (a
        value every email of the batch asks for: a signing secret, a record's
        base URL); outside a batch, computed at each call."""
        memo = self._b2b_render_batch_memo()
        if memo is None:
            return compute()
        cached = memo.setdefault("cached", {})
        if key not in cached:
            cached[key] = compute()
        return cached[key]

    @api.model
    def _b2b_base_url(self, record):
        """``record.get_base_url()``, once per batch of emails: the database's
        base URL is read once for all the records of the batch unless their
        model computes its own (website's, per website), which is then asked
        once per record."""
        if type(record).get_base_url is models.BaseModel.get_base_url:
            return self._b2b_batch_cached("web.base.url", record.get_base_url)
        return self._b2b_batch_cached(
            ("base_url", record._name, record.id), record.get_base_url
        )

    @api.model
    def _b2b_has_local_links(self, html):
        """Whether Odoo's ``_replace_local_links`` may change ``html``: it
        rewrites ``src="/…"``, ``href="/…"``, ``background="/…"`` and CSS
        ``url(/…)``, none of which can be in an HTML without ``="/`` and
        without ``url(``."""
        return bool(html) and ('="/' in html or "url(" in html)

    @api.model
    def _render_template_postprocess(self, model, rendered):
        """In a batch of this module's emails, bodies without local links are
        kept as they are, without asking each email's record its base URL
        for links there are none of."""
        memo = self._b2b_render_batch_memo()
        if memo is not None and not any(
            self._b2b_has_local_links(html) for html in rendered.values()
        ):
            return rendered
        return super()._render_template_postprocess(model, rendered)

    @api.model
    def _replace_local_links(self, html, base_url=None):
        """In a batch of this module's emails, skip Odoo's four regular
        expressions when none of them can match (each email's body and layout
        went through them; about 0.17 ms per digest).
        """
        memo = self._b2b_render_batch_memo()
        if memo is not None and html:
            # an email of a batch filled into its layout has absolute links already
            if memo.get("links_replaced") is html:
                del memo["links_replaced"]
                return html
            if not self._b2b_has_local_links(html):
                return html
        return super()._replace_local_links(html, base_url=base_url)

    @api.model
    def _render_template_qweb(
        self, template_src, model, res_ids, add_context=None, options=None
    ):
        """Compile the QWeb source once, not for every record.

        Odoo compiles a template's body again for every record (about 35 ms for
        the digest): the scheduled actions of this module ask, through the
        context key ``b2b_render_batch``, for the compilation kept by
        :meth:`_b2b_compiled_qweb`. Only for unrestricted rendering (cron,
        administrators, template editors): restricted rendering keeps Odoo's
        own checks.

        Dates also repeat across a batch (deadlines fall on a few days):
        ``format_date`` formats each distinct date once per batch, in the
        batch's language, instead of looking the language up for every row.
        """
        memo = self._b2b_render_batch_memo()
        if memo is None:
            memo = {}
        if not (
            self.env.context.get("b2b_render_batch")
            and len(res_ids) > 1
            and (self.env.is_admin() or self._unrestricted_rendering)
            and self._b2b_has_unsafe_expression_qweb(memo, template_src, model)
        ):
            return super()._render_template_qweb(
                template_src, model, res_ids, add_context=add_context, options=options
            )
        variables = self._render_eval_context()
        variables.update(add_context or {})
        variables["format_date"] = functools.cache(variables["format_date"])
        variables["format_datetime"] = self._b2b_batch_format_datetime(
            variables["format_datetime"]
        )
        # the same rendering environment for every record (Odoo prepares it
        # per record; nothing in it depends on the record)
        ir_qweb = (
            self.env["ir.qweb"]
            .with_context(**(options or {}))
            ._prepare_environment(variables)
        )
        safe_eval.check_values(variables)
        # one compilation per template source for every batch of emails (Odoo
        # renders a batch in parts of mail.batch_size records and per language)
        compiled = self._b2b_compiled_qweb(
            template_src, model, repr(sorted((options or {}).items())), ir_qweb
        )
        results = {}
        for record in self.env[model].browse(res_ids):
            values = dict(variables, object=record)
            rendered = Markup("".join(compiled(ir_qweb, values)))
            # drop the <div> wrapping the template's nodes, as Odoo does
            results[record.id] = rendered[5:-6]
        return results

    @api.model
    @ormcache(
        "template_src", "model", "self.env.lang", "options_key", cache="templates"
    )
    def _b2b_compiled_qweb(self, template_src, model, options_key, ir_qweb):
        """The rendering function of the QWeb source ``template_src``, compiled
        once per worker and kept in Odoo's template cache (as Odoo keeps its
        compiled views): each chunk of a scheduled action is a new batch, and
        compiling the digest costs as much as rendering 15 of its emails.
        The source itself is the key, so an edited template compiles anew;
        ``ir_qweb`` is the environment prepared with the rendering options
        (``options_key``)."""
        template = html.fragment_fromstring(template_src, create_parent="div")
        functions, def_name = ir_qweb._compile(template)
        return functions[def_name]

    @api.model
    def _b2b_batch_format_datetime(self, format_datetime):
        """The rendering context's ``format_datetime`` for a batch rendered in
        one language (``self.env.lang``).

        Odoo's ``tools.format_datetime`` looks the language up and converts its
        date and time formats for every value (about 0.1 ms; the unread-chat
        email shows a date per message): here the language's pattern is
        converted once for the batch, and each datetime is put in its time
        zone and formatted with that pattern by babel, as Odoo does. Any other
        call (a format or a language given, a value that is not a datetime, a
        time zone pytz does not know) is Odoo's own.
        """
        lang = get_lang(self.env)
        locale = babel_locale_parse(lang.code)
        pattern = (
            f"{posix_to_ldml(lang.date_format, locale=locale)} "
            f"{posix_to_ldml(lang.time_format, locale=locale)}"
        )
        user_tz = self.env.user.tz or "UTC"

        def format_datetime_in_batch(dt, tz=False, dt_format=False, lang_code=False):
            if dt_format or lang_code or not isinstance(dt, datetime.datetime):
                return format_datetime(dt, tz, dt_format, lang_code)
            try:
                zone = pytz.timezone(tz or user_tz)
            except pytz.UnknownTimeZoneError:
                return format_datetime(dt, tz, dt_format, lang_code)
            localized = pytz.utc.localize(dt, is_dst=False).astimezone(zone)
            return babel.dates.format_datetime(localized, pattern, locale=locale)

        return format_datetime_in_batch

    @api.model
    def _b2b_has_unsafe_expression_qweb(self, memo, template_src, model):
        """Odoo's check, once per template source and batch."""
        unsafe = memo.setdefault("unsafe_qweb", {})
        if (template_src, model) not in unsafe:
            unsafe[template_src, model] = self._has_unsafe_expression_template_qweb(
                template_src, model
            )
        return unsafe[template_src, model]

    @api.model
    def _render_template_inline_template(
        self, template_txt, model, res_ids, add_context=None, options=None
    ):
        """Check and compile each placeholder of an inline template (subject,
        recipients, language) once for the whole batch of records.

        Odoo parses the template and compiles and checks every expression again
        for each record (``safe_eval``), which costs more than evaluating it. In
        a batch of this module's scheduled actions (context
        ``b2b_render_batch``, unrestricted rendering only, as for QWeb above)
        each expression goes through ``safe_eval``'s own check once
        (``test_expr`` with its opcodes) and is then evaluated per record as
        ``safe_eval`` does: on a copy of the checked values with its builtins.
        """
        memo = self._b2b_render_batch_memo()
        results = None
        if (
            memo is not None
            and len(res_ids) > 1
            and (self.env.is_admin() or self._unrestricted_rendering)
            and self._has_unsafe_expression_template_inline_template(
                str(template_txt or ""), model
            )
        ):
            results = self._b2b_render_inline_batch(
                memo, template_txt, model, res_ids, add_context
            )
        if results is None:
            # rendered as Odoo does (and with its errors for the user)
            return super()._render_template_inline_template(
                template_txt, model, res_ids, add_context=add_context, options=options
            )
        return results

    @api.model
    def _b2b_render_inline_batch(self, memo, template_txt, model, res_ids, add_context):
        """The batch rendering of :meth:`_render_template_inline_template`, or
        ``None`` when an expression does not compile or fails on a record
        (Odoo's rendering then reports it)."""
        compiled = memo.setdefault("inline", {})
        instructions = []
        for string, expression, default in parse_inline_template(str(template_txt)):
            code = None
            if expression:
                if expression not in compiled:
                    try:
                        compiled[expression] = safe_eval.test_expr(
                            expression, safe_eval._SAFE_OPCODES, mode="eval"
                        )
                    except Exception:  # noqa: BLE001 - Odoo's rendering reports it
                        compiled[expression] = None
                code = compiled[expression]
                if code is None:
                    return None
            instructions.append((string, code, default))
        variables = self._render_eval_context()
        variables.update(add_context or {})
        safe_eval.check_values(variables)
        results = {}
        for record in self.env[model].browse(res_ids):
            rendered = []
            try:
                for string, code, default in instructions:
                    rendered.append(string)
                    if code is None:
                        continue
                    # a fresh scope per expression, as safe_eval gives
                    scope = dict(variables, object=record)
                    scope["__builtins__"] = dict(safe_eval._BUILTINS)
                    value = safe_eval.unsafe_eval(code, scope) or default
                    if value:
                        rendered.append(str(value))
            except Exception:  # noqa: BLE001 - Odoo's rendering reports it
                return None
            results[record.id] = "".join(rendered)
        return results
