# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.mail.tools.discuss import Store

# what decides whether a person may stay in chats and groups (the address book):
# whose contact she is, whether she is active, her company's setting
MEMBERSHIP_FIELDS = {"parent_id", "is_company", "active", "b2b_messenger"}


class ResPartner(models.Model):
    """The messenger's connection rule (who may talk to whom: our users with
    each other and with the users of connected partner companies, partner users
    with their colleagues), the partner company's connection setting, and
    Discuss's people search extended to the address book."""

    _inherit = "res.partner"

    b2b_messenger = fields.Selection(
        selection=[
            ("auto", "Automatic"),
            ("always", "Connected"),
            ("never", "Not connected"),
        ],
        string="Messenger",
        default="auto",
        required=True,
        help="Whether our users and this company's portal users may write to each "
        "other and see each other in the address book. Automatic: connected once "
        "there is a confirmed sales or purchase order, or a thread shared with it.",
    )

    def write(self, vals):
        res = super().write(vals)
        if MEMBERSHIP_FIELDS & vals.keys():
            self._b2b_messenger_check_members()
        return res

    def _b2b_messenger_check_members(self):
        """The people of these partners (and of the partners under them: the
        contacts of a company) leave the chats and groups they may no longer
        be in, after a change of their company, access or connection."""
        if not self:
            return
        self.env["discuss.channel.member"]._b2b_remove_outsiders(
            [("id", "child_of", self.ids)]
        )

    @api.readonly
    @api.model
    def im_search(self, name, limit=20, excluded_ids=None):
        """Discuss's people search, extended to the portal users of connected
        partner companies (the address book) for B2B users."""
        result = super().im_search(name, limit=limit, excluded_ids=excluded_ids)
        if not self.env.user.has_group("b2b_communication.group_b2b_user"):
            return result
        external = self.env["b2b.address.book"].search_fetch(
            [
                ("is_internal", "=", False),
                ("name", "ilike", name),
                ("partner_id", "not in", excluded_ids or []),
            ],
            ["partner_id"],
            limit=limit,
        )
        if not external:
            return result
        internal_ids = [partner["id"] for partner in result.get("res.partner", [])]
        partners = self.browse(internal_ids) | external.partner_id
        return Store(partners).get_result()

    @api.model
    def _b2b_talkers(self, partner_ids):
        """{partner id: (is_internal, commercial partner id)} of the partners
        that are in the address book, plus OdooBot (one query, as superuser:
        this evaluates the connection rule, it lists nothing to the user)."""
        # sudo: see above, the result never reaches the user
        book = self.env["b2b.address.book"].sudo()
        fnames = ["partner_id", "is_internal", "commercial_partner_id"]
        # a row read earlier in this transaction keeps its cached values (the
        # ORM fills missing values only): read what the view says now, after
        # a person moved or a company was cut off
        book.invalidate_model(fnames)
        rows = book.search_fetch([("partner_id", "in", list(partner_ids))], fnames)
        talkers = {
            row.partner_id.id: (row.is_internal, row.commercial_partner_id.id)
            for row in rows
        }
        talkers[self.env.ref("base.partner_root").id] = (True, False)
        return talkers

    @api.model
    def _b2b_check_can_talk(self, new_partners, all_partners):
        """Raise unless each of ``new_partners`` may talk with each of
        ``all_partners``: our users with each other and with the users of
        connected partner companies; partner users with their colleagues and
        with our users. Anyone outside the address book (a user of an
        unconnected company, a contact without a user) is refused."""
        if len(all_partners) < 2:
            return
        talkers = self._b2b_talkers(all_partners.ids)
        for partner in new_partners:
            for other in all_partners - partner:
                if not self._b2b_may_talk(
                    talkers.get(partner.id), talkers.get(other.id)
                ):
                    raise AccessError(
                        self.env._(
                            "%(one)s and %(other)s cannot write to each other: "
                            "their companies are not connected.",
                            one=partner.name,
                            other=other.name,
                        )
                    )

    @staticmethod
    def _b2b_may_talk(one, other):
        if not one or not other:
            return False
        (one_internal, one_company), (other_internal, other_company) = one, other
        return one_internal or other_internal or one_company == other_company
