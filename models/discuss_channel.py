# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug import urls

from odoo import SUPERUSER_ID, models

PRIVATE_CHANNEL_TYPES = ("chat", "group")


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    def message_post(self, **kwargs):
        # every route ends here (RPC, /mail/message/post, portal page): a
        # member whose company is no longer connected cannot write any more
        if kwargs.get("message_type", "notification") == "comment":
            self._b2b_check_author_may_post(kwargs.get("author_id"))
        return super().message_post(**kwargs)

    def _b2b_check_author_may_post(self, author_id=None):
        if self.env.uid == SUPERUSER_ID or self.env.user._is_public():
            return
        author = (
            self.env["res.partner"].browse(author_id)
            if author_id
            else self.env.user.partner_id
        )
        for channel in self.filtered(lambda c: c.channel_type in PRIVATE_CHANNEL_TYPES):
            # sudo: reading who the members are to apply the connection rule
            members = channel.sudo().channel_member_ids.partner_id
            self.env["b2b.address.book"]._b2b_check_can_talk(author, members | author)

    def _b2b_action_open(self):
        """Action opening this conversation in Discuss."""
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "mail.action_discuss",
            "params": {"active_id": f"discuss.channel_{self.id}"},
        }

    def _b2b_unread_chat_url(self, portal):
        """Absolute link answering this conversation from an email: portal users
        open their Messages page, our users Discuss."""
        self.ensure_one()
        path = (
            f"/my/b2b/messages?channel_id={self.id}"
            if portal
            else f"/odoo/discuss?active_id=discuss.channel_{self.id}"
        )
        base_url = self.env["mail.render.mixin"]._b2b_base_url(self)
        return urls.url_join(base_url, path)
