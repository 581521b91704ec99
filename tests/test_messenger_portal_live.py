# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The portal Messages page is live: a conversation our buyer starts with a
supplier's portal user appears in the open page's list, then gets its unread
badge, through Odoo's bus (a real websocket in headless Chromium)."""

import json
import threading
import time
from unittest.mock import patch

from odoo import api
from odoo.tests import tagged

from odoo.addons.bus.models.bus import channel_with_db, dispatch, hashable, json_dump
from odoo.addons.bus.websocket import WebsocketConnectionHandler

from .common import B2bHttpCase, create_b2b_user, create_company, create_portal_user

WAIT_SECONDS = 25


@tagged("post_install", "-at_install")
class TestMessagesPageLive(B2bHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier, cls.rival = (
            create_company(cls.env, name, b2b_messenger="always")
            for name in ("Live Steel", "Live Rival")
        )
        cls.portal_user = create_portal_user(
            cls.env, "live_steel", parent=cls.supplier, name="Live Steel User"
        )
        cls.rival_user = create_portal_user(
            cls.env, "live_rival", parent=cls.rival, name="Live Rival User"
        )
        cls.buyer = create_b2b_user(cls.env, "live_buyer", name="Live Buyer")

    def _buyer_chat(self):
        return (
            self.env["discuss.channel"]
            .with_user(self.buyer)
            .channel_get([self.portal_user.partner_id.id, self.buyer.partner_id.id])
        )

    def _bus_payloads(self, target):
        self.env.cr.precommit.run()  # the bus writes its rows on commit
        channel = json_dump(channel_with_db(self.env.cr.dbname, target))
        notifications = self.env["bus.bus"].sudo().search([("channel", "=", channel)])
        return [json.loads(notification.message) for notification in notifications]

    def test_odoo_announces_a_new_chat_on_the_partner_channel(self):
        """What the page listens to: ``mail.record/insert`` with the new chat."""
        chat = self._buyer_chat()
        channels = [
            channel
            for message in self._bus_payloads(self.portal_user.partner_id)
            if message["type"] == "mail.record/insert"
            for channel in [message["payload"].get("discuss.channel") or []][0]
        ]
        self.assertIn(
            (chat.id, "chat"), [(c["id"], c["channel_type"]) for c in channels]
        )

    def test_conversations_route(self):
        chat = self._buyer_chat()
        chat.with_user(self.buyer).message_post(
            body="First line", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.authenticate("live_steel", "live_steel_pw")
        result = self.make_jsonrpc_request("/my/b2b/messages/conversations", {})
        self.assertEqual(
            [(c["id"], c["name"], c["unread"]) for c in result["conversations"]],
            [(chat.id, "Live Buyer", 1)],
        )
        self.assertGreater(result["bus_last_id"], 0)
        # another partner's user does not get it; our own users use Discuss
        self.authenticate("live_rival", "live_rival_pw")
        result = self.make_jsonrpc_request("/my/b2b/messages/conversations", {})
        self.assertEqual(result["conversations"], [])
        self.authenticate("live_buyer", "live_buyer_pw")
        response = self._json_response("/my/b2b/messages/conversations", {})
        self.assertEqual(response.json()["error"]["code"], 404)

    # ------------------------------------------------------------------
    # TOUR: the buyer acts on the server while the page is open
    # ------------------------------------------------------------------

    def _websockets_listening(self, target):
        channel = hashable(channel_with_db(self.registry.db_name, target))
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline and not self._stop.is_set():
            websockets = dispatch._channels_to_ws.get(channel)
            if websockets:
                return set(websockets)
            time.sleep(0.2)
        raise TimeoutError(f"no page listens to {channel}")

    def _as_buyer(self, function):
        """Run ``function(env)`` as the buyer in its own (test) transaction."""
        with self.registry.cursor() as cr:
            return function(api.Environment(cr, self.buyer.id, {}))

    def _buyer_writes_while_page_is_open(self):
        """Started before the tour: once the page listens to the bus, the buyer
        starts a chat; once the page listens to that chat, the buyer writes.
        The test transaction never commits, so the websockets are told by hand
        (what PostgreSQL's NOTIFY does in production)."""
        try:
            partner = self.portal_user.partner_id
            websockets = self._websockets_listening(partner)
            chat_id = self._as_buyer(
                lambda env: (
                    env["discuss.channel"]
                    .channel_get([partner.id, self.buyer.partner_id.id])
                    .id
                )
            )
            for websocket in websockets:
                websocket.trigger_notification_dispatching()
            chat = self.env["discuss.channel"].browse(chat_id)
            websockets = self._websockets_listening(chat)
            self._as_buyer(
                lambda env: (
                    env["discuss.channel"]
                    .browse(chat_id)
                    .message_post(
                        body="Here is the new price list",
                        message_type="comment",
                        subtype_xmlid="mail.mt_comment",
                    )
                )
            )
            for websocket in websockets:
                websocket.trigger_notification_dispatching()
        except Exception as error:  # noqa: BLE001 (reported by the test thread)
            self._buyer_error = error

    def test_tour_new_conversation_appears_live(self):
        # Odoo closes the websocket in test mode; this tour needs the real bus
        self.startPatcher(
            patch.object(
                WebsocketConnectionHandler, "websocket_allowed", return_value=True
            )
        )
        self._stop = threading.Event()
        self._buyer_error = None
        buyer = threading.Thread(target=self._buyer_writes_while_page_is_open)
        buyer.start()
        try:
            self.start_tour(
                "/my/b2b/messages", "b2b_portal_messages_live_tour", login="live_steel"
            )
        finally:
            self._stop.set()
            buyer.join(WAIT_SECONDS)
        self.assertIsNone(self._buyer_error)
