# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import functools

from lxml import html
from markupsafe import Markup

from odoo import api, models
from odoo.tools import safe_eval


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    @api.model
    def _render_template_qweb(
        self, template_src, model, res_ids, add_context=None, options=None
    ):
        """Compile the QWeb source once for the whole batch of records.

        Odoo compiles a template's body again for every record (about 35 ms for
        the digest): the scheduled actions of this module ask, through the
        context key ``b2b_render_batch``, for one compilation per batch. Only
        for unrestricted rendering (cron, administrators, template editors):
        restricted rendering keeps Odoo's own checks.

        Dates also repeat across a batch (deadlines fall on a few days):
        ``format_date`` formats each distinct date once per batch, in the
        batch's language, instead of looking the language up for every row.
        """
        if not (
            self.env.context.get("b2b_render_batch")
            and len(res_ids) > 1
            and (self.env.is_admin() or self._unrestricted_rendering)
            and self._has_unsafe_expression_template_qweb(template_src, model)
        ):
            return super()._render_template_qweb(
                template_src, model, res_ids, add_context=add_context, options=options
            )
        variables = self._render_eval_context()
        variables.update(add_context or {})
        variables["format_date"] = functools.cache(variables["format_date"])
        IrQweb = self.env["ir.qweb"].with_context(**(options or {}))
        compiled = None
        results = {}
        for record in self.env[model].browse(res_ids):
            values = dict(variables, object=record)
            ir_qweb = IrQweb._prepare_environment(values)
            safe_eval.check_values(values)
            if compiled is None:
                template = html.fragment_fromstring(template_src, create_parent="div")
                functions, def_name = ir_qweb._compile(template)
                compiled = functions[def_name]
            rendered = Markup("".join(compiled(ir_qweb, values)))
            # drop the <div> wrapping the template's nodes, as Odoo does
            results[record.id] = rendered[5:-6]
        return results
