# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from .discuss_channel import PRIVATE_CHANNEL_TYPES


class DiscussChannelMember(models.Model):
    """Chats and groups join only people who may talk to each other. The
    unread-chat email is in models/unread_chat/."""

    _inherit = "discuss.channel.member"

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        members._b2b_check_connections()
        return members

    def _b2b_check_connections(self):
        """Chats and groups only join people who may talk to each other
        (channel_get, create_group, add_members, or a plain create by RPC all
        create members); enforced whoever calls, sudo included."""
        # sudo: the channel type and its members decide the rule; the caller may
        # not read the channel yet
        members = self.sudo()
        channels = members.channel_id.filtered(
            lambda c: c.channel_type in PRIVATE_CHANNEL_TYPES
        )
        if not channels:
            return
        # all members of the affected channels in one query
        everyone = {}
        for member in members.search([("channel_id", "in", channels.ids)]):
            everyone.setdefault(member.channel_id, member.partner_id.browse())
            everyone[member.channel_id] |= member.partner_id
        for channel in channels:
            new = members.filtered(lambda m, c=channel: m.channel_id == c)
            self.env["res.partner"]._b2b_check_can_talk(
                new.partner_id, everyone.get(channel, new.partner_id)
            )
