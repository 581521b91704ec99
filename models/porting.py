# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What Odoo 19 names differently, in one place: the port to 19 changes these
lines, not their callers (readme/PORTING.md)."""

from odoo.osv import expression

# a user's groups, the implied ones included (19: "all_group_ids")
USER_GROUPS = "groups_id"


def and_domains(domains):
    """The domain matching all of ``domains`` (19: ``odoo.fields.Domain.AND``)."""
    return expression.AND(domains)


def or_domains(domains):
    """The domain matching any of ``domains`` (19: ``odoo.fields.Domain.OR``)."""
    return expression.OR(domains)


def chat_with(channels, partner_ids):
    """The private chat of the current user with ``partner_ids``, opened or
    created, with the rights of ``channels`` (a ``discuss.channel`` recordset)
    (19: ``discuss.channel._get_or_create_chat``)."""
    return channels.channel_get(partner_ids)
