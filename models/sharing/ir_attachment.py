# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import AccessError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def validate_access(self, access_token):
        """Files of threads, tasks and communications.

        A file's access token (handed out by the portal chatter) opens the file
        only while its record is shared; once it is not, only the visitor's own
        rights count (our users' record rules). Partner users download the files
        of the public messages they read without any token (the portal gives
        them none, see mail.message), so a copied link opens for nobody else.
        """
        if access_token and not self._b2b_link_allowed():
            if not self.env.user._is_internal():
                raise AccessError(self.env._("This file is no longer shared."))
            return super().validate_access(None)
        if (
            not access_token
            and self.env.user._is_portal()
            and self._b2b_public_file_of_readable_record()
        ):
            # sudo: the portal user reads the message carrying this file
            return self.sudo()
        return super().validate_access(access_token)

    def _b2b_owner(self):
        """The thread, task or communication the file belongs to, sudo (or
        nothing for any other file)."""
        self.ensure_one()
        # sudo: reads where the file belongs; no prefetch, so that nothing else
        # is read past the visitor's rights
        attachment_sudo = self.sudo().with_context(prefetch_fields=False)
        Model = self.env.get(attachment_sudo.res_model)
        if Model is None or not isinstance(
            Model, self.env.registry["b2b.partner.share.mixin"]
        ):
            return None
        return Model.sudo().browse(attachment_sudo.res_id).exists()

    def _b2b_link_allowed(self):
        owner = self._b2b_owner()
        return owner is None or (bool(owner) and owner._b2b_is_shared())

    def _b2b_public_file_of_readable_record(self):
        """Whether the user's own rights let them read a message carrying this
        file on its record (Odoo hides internal messages from share users)."""
        owner = self._b2b_owner()
        if not owner:
            return False
        return bool(
            self.env["mail.message"].search_count(
                [
                    ("model", "=", owner._name),
                    ("res_id", "=", owner.id),
                    ("attachment_ids", "in", self.ids),
                ],
                limit=1,
            )
        )
