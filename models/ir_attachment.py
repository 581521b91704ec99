# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import AccessError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def validate_access(self, access_token):
        """A file's access token (handed out by the portal chatter) opens a file of
        a thread, task or communication only while that record is shared; once it
        is not, only the visitor's own rights count (our users' record rules)."""
        if access_token and not self._b2b_link_allowed():
            if not self.env.user._is_internal():
                raise AccessError(self.env._("This file is no longer shared."))
            return super().validate_access(None)
        return super().validate_access(access_token)

    def _b2b_link_allowed(self):
        self.ensure_one()
        # sudo: reads where the file belongs, to know whether its links may work;
        # no prefetch, so that nothing else is read past the visitor's rights
        attachment_sudo = self.sudo().with_context(prefetch_fields=False)
        Model = self.env.get(attachment_sudo.res_model)
        if Model is None or not isinstance(
            Model, self.env.registry["b2b.partner.share.mixin"]
        ):
            return True
        owner = Model.sudo().browse(attachment_sudo.res_id).exists()
        return bool(owner) and owner._b2b_is_shared()
