# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    @api.model
    def _b2b_render_batch_memo(self):
        """What the batch of emails being queued by ``b2b.mail.batch`` computes
        once for all its emails, or ``None`` outside such a batch (the context
        key ``b2b_render_batch`` names the batch)."""
        batch = self.env.context.get("b2b_render_batch")
        if not batch:
            return None
        return self.env.cr.cache.get("b2b_render_batch", {}).get(batch)

    @api.model
    def _b2b_batch_cached(self, key, compute):
        """``compute()``, computed once per batch of emails under ``key`` (a
        value every email of the batch asks for: a signing token, a record's
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
