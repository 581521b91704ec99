# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from .discuss_channel import PRIVATE_CHANNEL_TYPES


class DiscussChannelMember(models.Model):
    """Chats and groups join only people who may talk to each other, and keep
    them only while they may: a member who leaves the address book (user
    archived, portal access revoked, company no longer connected) or whose
    company or kind of access changed since joining leaves (see
    :meth:`_b2b_outsiders`). Guests never join. The unread-chat email is in
    models/unread_chat/."""

    _inherit = "discuss.channel.member"

    # for our users nothing; read by our code only (sudo): no one reads a
    # company's name through another person's membership
    b2b_partner_company_id = fields.Many2one(
        comodel_name="res.partner",
        string="Partner Company on Joining",
        compute="_compute_b2b_partner_company_id",
        store=True,
        groups="base.group_system",
        help="The partner company of a partner user when joining the "
        "conversation (empty for our users): the membership ends when the "
        "person changes company or kind of access.",
    )

    # neither partner_id nor channel_id changes on a member (Odoo refuses it):
    # computed once, when the member is created
    @api.depends("partner_id", "channel_id")
    def _compute_b2b_partner_company_id(self):
        private = self.filtered(
            lambda m: m.channel_id.channel_type in PRIVATE_CHANNEL_TYPES
        )
        talkers = self.env["res.partner"]._b2b_talkers(private.partner_id.ids)
        for member in self:
            talker = talkers.get(member.partner_id.id) if member in private else None
            member.b2b_partner_company_id = talker[1] if talker else False

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        # sudo: the partner company each member joins with, fixed now rather
        # than when first read (a change later in the same transaction would
        # count as the one she joined with)
        members.sudo().flush_recordset(["b2b_partner_company_id"])
        members._b2b_check_connections()
        return members

    def _b2b_check_connections(self):
        """Chats and groups only join people who may talk to each other
        (channel_get, create_group, add_members, an invitation link, or a plain
        create by RPC all create members), and never a guest; enforced whoever
        calls, sudo included. Members who are to leave (see
        :meth:`_b2b_outsiders`) are not asked: the others keep inviting."""
        # sudo: the channel type and its members decide the rule; the caller may
        # not read the channel yet
        members = self.sudo()
        private = members.filtered(
            lambda m: m.channel_id.channel_type in PRIVATE_CHANNEL_TYPES
        )
        if not private:
            return
        if private.filtered(lambda m: not m.partner_id):
            raise AccessError(self.env._("Guests cannot join chats and groups."))
        # all members of the affected channels in one query
        everyone = members.search([("channel_id", "in", private.channel_id.ids)])
        staying = everyone - (everyone - private)._b2b_outsiders()
        for channel in private.channel_id:
            new = private.filtered(lambda m, c=channel: m.channel_id == c)
            self.env["res.partner"]._b2b_check_can_talk(
                new.partner_id,
                staying.filtered(lambda m, c=channel: m.channel_id == c).partner_id,
            )

    def _b2b_outsiders(self):
        """The members of ``self`` who may no longer be in their chat or group:
        a guest, someone outside the address book (user archived, portal access
        revoked, partner company no longer connected) or someone whose partner
        company or kind of access is not the one they joined with (moved to
        another company, a partner user made one of ours or the reverse).

        The rule of membership at every time of use (pages, the unread-chat
        email, posting), whatever the hooks that remove such members saw: a
        fixed number of queries for any number of members."""
        # sudo: reads who the members are, to apply the connection rule
        members = self.sudo()
        members.fetch(["channel_id", "partner_id", "b2b_partner_company_id"])
        members.channel_id.fetch(["channel_type"])
        private = members.filtered(
            lambda m: m.channel_id.channel_type in PRIVATE_CHANNEL_TYPES
        )
        talkers = self.env["res.partner"]._b2b_talkers(private.partner_id.ids)
        outsider_ids = []
        for member in private:
            talker = talkers.get(member.partner_id.id)
            if not talker or talker[1] != (member.b2b_partner_company_id.id or False):
                outsider_ids.append(member.id)
        return self.browse(outsider_ids)

    def _b2b_leave(self):
        """Remove these members as Odoo does: a person as when leaving (or
        bouncing), with Odoo's own "left the channel" notice and the person's
        windows closed; a guest (from an earlier version) as Odoo removes
        archived users from restricted channels, without a notice."""
        # sudo: the members to remove may not write into the channel any more
        people = self.sudo().filtered("partner_id")
        guests = self.sudo() - people
        for member in people:
            member.channel_id._action_unfollow(partner=member.partner_id)
        guests.unlink()

    @api.model
    def _b2b_remove_outsiders(self, partner_domain=None):
        """Remove from chats and groups the members who may no longer be there
        (:meth:`_b2b_outsiders`): those whose partner matches ``partner_domain``
        (the people a change concerns), or everyone (the periodic sweep)."""
        domain = [("channel_id.channel_type", "in", PRIVATE_CHANNEL_TYPES)]
        if partner_domain is not None:
            domain += [("partner_id", "any", partner_domain)]
        # sudo: finds the memberships of other people to end those the
        # connection rule no longer allows, nothing else
        self.sudo().search(domain)._b2b_outsiders()._b2b_leave()

    @api.model
    def _cron_b2b_remove_outsiders(self):
        """The periodic sweep: what no hook saw (a change written in SQL, a
        user's groups changed from the group's side, a member left from an
        earlier version) ends here at the latest; until then the pages, the
        unread-chat email and posting already ignore such members."""
        self._b2b_remove_outsiders()
