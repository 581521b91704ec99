# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

# what Odoo's portal signs links with (mail.thread._sign_token)
SIGNING_KEY = "database.secret"


class IrConfigParameter(models.Model):
    _inherit = "ir.config_parameter"

    @api.model
    def get_param(self, key, default=False):
        """Within a batch of emails (``b2b.mail.batch``), the database secret
        is read once for all its emails: Odoo's ``_sign_token``, which signs
        each link of a digest (ten per email), reads it at every call (about
        40 us each, ~5% of a digest). Only for the superuser calls
        ``_sign_token`` makes; anything else is Odoo's ``get_param``."""
        if (
            key == SIGNING_KEY
            and self.env.su
            and self.env.context.get("b2b_render_batch")
        ):
            return self.env["b2b.mail.batch"]._cached(
                ("ir.config_parameter", key),
                lambda: super(IrConfigParameter, self).get_param(key, default),
            )
        return super().get_param(key, default)
