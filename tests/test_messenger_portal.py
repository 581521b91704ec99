# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The messenger in the portal: pages, starting chats, bad input, and a tour
where a supplier writes from the portal and our buyer receives it in Discuss."""

from odoo.tests import tagged

from .common import B2bHttpCase, create_b2b_user, create_company, create_portal_user


@tagged("post_install", "-at_install")
class TestMessengerPortal(B2bHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = create_company(cls.env, "Tour Steel", b2b_messenger="always")
        cls.competitor = create_company(cls.env, "Tour Rival", b2b_messenger="always")
        cls.stranger = create_company(cls.env, "Tour Nobody")
        cls.portal_users = {
            login: create_portal_user(
                cls.env, login, parent=company, name=login.replace("_", " ").title()
            )
            for login, company in (
                ("tour_steel", cls.supplier),
                ("tour_steel2", cls.supplier),
                ("tour_rival", cls.competitor),
                ("tour_nobody", cls.stranger),
            )
        }
        cls.buyer = create_b2b_user(
            cls.env, "tour_buyer_msg", name="Tour Buyer", notification_type="inbox"
        )

    def _start(self, user_id):
        return self.url_open(
            "/my/b2b/messages/start",
            data={"user_id": user_id, "csrf_token": self._csrf()},
            allow_redirects=False,
        )

    def test_address_book_pages(self):
        url = "/my/b2b/address-book"
        self._login("tour_steel")
        page = self._assert_page(
            url,
            shown=["Tour Buyer", "Tour Steel2"],
            hidden=["Tour Rival", "Tour Nobody"],
        )
        # every row has its five cells, empty job position and phone included
        row = page[page.index("o_b2b_address_book_row") :]
        row = row[: row.index("</tr>")]
        self.assertEqual(row.count("<td"), 5)
        self._login("tour_rival")
        self._assert_page(url, shown=["Tour Buyer"], hidden=["Tour Steel2"])
        self._login("tour_nobody")
        self._assert_page(url, hidden=["Tour Buyer"])

    def test_start_chat_rules_and_bad_input(self):
        self._login("tour_steel")
        response = self._start(self.buyer.id)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/my/b2b/messages?channel_id=", response.headers["Location"])
        channel_id = int(response.headers["Location"].split("=")[-1])
        page = self.url_open(f"/my/b2b/messages?channel_id={channel_id}").text
        self.assertIn(f'src="/discuss/channel/{channel_id}"', page)
        # another partner's user, an unknown id, garbage: clear 4xx, no chat
        channels_before = self.env["discuss.channel"].search_count([])
        rival = self.portal_users["tour_rival"]
        self.assertEqual(self._start(rival.id).status_code, 404)
        self.assertEqual(self._start(999999).status_code, 404)
        self.assertEqual(self._start("abc").status_code, 400)
        self.assertEqual(self._start("").status_code, 400)
        self.assertEqual(self.env["discuss.channel"].search_count([]), channels_before)
        # someone else's conversation, a malformed id
        self._login("tour_rival")
        response = self.url_open(f"/my/b2b/messages?channel_id={channel_id}")
        self.assertEqual(response.status_code, 404)
        response = self.url_open("/my/b2b/messages?channel_id=x")
        self.assertEqual(response.status_code, 400)
        # and Odoo's own Discuss page of that conversation is closed to the rival
        response = self.url_open(f"/discuss/channel/{channel_id}")
        self.assertEqual(response.status_code, 404)

    def test_unconnected_portal_user(self):
        self._login("tour_nobody")
        self.assertEqual(self._start(self.buyer.id).status_code, 404)

    def test_message_button_on_task(self):
        thread = self.env["b2b.thread"].create(
            {
                "subject": "Tour msg thread",
                "partner_id": self.supplier.id,
                "user_id": self.buyer.id,
                "is_shared": True,
            }
        )
        self._login("tour_steel")
        page = self.url_open(f"/my/b2b/threads/{thread.id}").text
        self.assertIn("o_b2b_message_button", page)

    def test_portal_tour_message_reaches_discuss(self):
        self.start_tour(
            "/my/b2b/address-book", "b2b_portal_messenger_tour", login="tour_steel"
        )
        steel = self.portal_users["tour_steel"]
        channel = self.env["discuss.channel"].search(
            [
                ("channel_type", "=", "chat"),
                ("channel_member_ids.partner_id", "=", steel.partner_id.id),
                ("channel_member_ids.partner_id", "=", self.buyer.partner_id.id),
            ]
        )
        self.assertEqual(len(channel), 1)
        message = channel.message_ids.filtered(
            lambda m: "move the delivery to Monday" in m.body
        )
        self.assertEqual(message.author_id, steel.partner_id)
        # the buyer has it unread in Discuss
        member = channel.channel_member_ids.filtered(
            lambda m: m.partner_id == self.buyer.partner_id
        )
        self.assertEqual(member.message_unread_counter, 1)
