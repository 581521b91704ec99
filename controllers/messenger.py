# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import BadRequest, NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.messenger.discuss_channel import PRIVATE_CHANNEL_TYPES
from ..models.porting import chat_with


class B2bMessengerPortal(CustomerPortal):
    """Portal side of the messenger: the user's conversations (Odoo's own
    Discuss page embedded for the open one: composer, bus, real time), the
    address book, and starting a chat with someone the connection rule allows."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "b2b_unread_count" in counters:
            values["b2b_unread_count"] = sum(
                self._b2b_my_memberships().mapped("message_unread_counter")
            )
        if "b2b_address_count" in counters:
            values["b2b_address_count"] = len(
                request.env["b2b.address.book"]._b2b_portal_entries(request.env.user)
            )
        return values

    def _b2b_my_memberships(self):
        """The visitor's memberships of chats and groups, newest first, but
        those the connection rule no longer allows (about to be removed)."""
        # sudo: the visitor's own memberships of private conversations only
        memberships = (
            request.env["discuss.channel.member"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", request.env.user.partner_id.id),
                    ("channel_id.channel_type", "in", PRIVATE_CHANNEL_TYPES),
                ]
            )
        )
        return (memberships - memberships._b2b_outsiders()).sorted(
            lambda m: m.channel_id.last_interest_dt or m.create_date, reverse=True
        )

    def _b2b_int(self, value):
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError) as error:
            raise BadRequest() from error

    @http.route(["/my/b2b/messages"], type="http", auth="user", website=True)
    def portal_my_b2b_messages(self, channel_id=None, **kw):
        if not request.env.user.share:
            return request.redirect("/odoo/discuss")
        channel_id = self._b2b_int(channel_id)
        memberships = self._b2b_my_memberships()
        current = memberships.filtered(lambda m: m.channel_id.id == channel_id)
        if channel_id and not current:
            raise NotFound()
        values = {
            "page_name": "b2b_messages",
            "conversations": self._b2b_conversations(memberships),
            "current_channel": current.channel_id,
            # sudo: the id of the last bus notification (the counts include those
            # before it), nothing of its content
            "bus_last_id": request.env["bus.bus"].sudo()._bus_last_id(),
        }
        return request.render("b2b_communication.portal_my_b2b_messages", values)

    def _b2b_conversations(self, memberships):
        """The rows of the conversation list: other members' names, unread count."""
        me = request.env.user.partner_id
        return [
            {
                "channel": member.channel_id,
                "name": ", ".join(
                    (member.channel_id.channel_member_ids.partner_id - me).mapped(
                        "name"
                    )
                )
                or member.channel_id.name,
                "unread": member.message_unread_counter,
            }
            for member in memberships
        ]

    @http.route(
        ["/my/b2b/messages/conversations"], type="json", auth="user", website=True
    )
    def portal_b2b_conversations(self, **kw):
        """The conversation list, for the Messages page to show a conversation that
        someone else started while the page is open (announced by the bus).

        ``bus_last_id`` is the last bus notification the counts include: the page
        ignores older ``new_message`` notifications, already counted here.
        """
        if not request.env.user.share:
            raise NotFound()
        return {
            "conversations": [
                {
                    "id": conversation["channel"].id,
                    "name": conversation["name"],
                    "unread": conversation["unread"],
                }
                for conversation in self._b2b_conversations(self._b2b_my_memberships())
            ],
            # sudo: the id of the last bus notification, nothing of its content
            "bus_last_id": request.env["bus.bus"].sudo()._bus_last_id(),
        }

    @http.route(
        ["/my/b2b/messages/start"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_b2b_message_start(self, user_id=None, **kw):
        user_id = self._b2b_int(user_id)
        if not user_id:
            raise BadRequest()
        me = request.env.user
        if me.share:
            allowed = request.env["b2b.address.book"]._b2b_portal_entries(me).user_id
        else:
            allowed = request.env["b2b.address.book"].search([]).user_id
        target = allowed.filtered(lambda u: u.id == user_id)
        if not target:
            raise NotFound()
        # sudo: portal users may not create channels; the connection rule was
        # checked above (and is enforced again when the members are created);
        # it only opens the private chat between the visitor and the target
        try:
            channel = chat_with(
                request.env["discuss.channel"].sudo(), [target.partner_id.id]
            )
        except AccessError as error:
            raise NotFound() from error
        if not me.share:
            return request.redirect(
                f"/odoo/discuss?active_id=discuss.channel_{channel.id}"
            )
        return request.redirect(f"/my/b2b/messages?channel_id={channel.id}")

    @http.route(["/my/b2b/address-book"], type="http", auth="user", website=True)
    def portal_my_b2b_address_book(self, search=None, **kw):
        if not request.env.user.share:
            return request.redirect(
                "/odoo/action-b2b_communication.b2b_address_book_action"
            )
        entries = request.env["b2b.address.book"]._b2b_portal_entries(request.env.user)
        if search:
            needle = search.strip().lower()
            entries = entries.filtered(
                lambda e: (
                    needle in (e.name or "").lower()
                    or needle in (e.company_name or "").lower()
                )
            )
        companies = {}
        for entry in entries:
            companies.setdefault(entry.company_name or "", []).append(entry)
        values = {
            "page_name": "b2b_address_book",
            "companies": sorted(companies.items()),
            "search": search or "",
        }
        return request.render("b2b_communication.portal_my_b2b_address_book", values)
