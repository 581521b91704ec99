# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Membership of chats and groups follows the world (issue 32, points 2 and 4).

Supplier A is connected by its only confirmed sales order; our buyer Bea and our
colleague Carla share a group with A's portal users Anna and Amir, and Bea has a
chat with Anna. When Anna moves to the competitor B, her user is archived, her
portal access is revoked, A is set to *Not connected* or A's only confirmed
order is cancelled, whoever may no longer be there leaves: no membership, no
conversation on her Messages page, no unread-chat email, and the people who
remain keep writing to each other. An invitation link (``/chat/<id>/<uuid>``,
known to every member's browser) lets nobody in as a guest. Over HTTP, as the
people concerned.
"""

import importlib.util
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import SQL
from odoo.tools.misc import file_path

from .common import (
    B2bHttpCase,
    create_b2b_user,
    create_company,
    create_portal_user,
    post_comment,
)

UNREAD = "Unread after the change"


class MembershipCommon(B2bHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier_a = create_company(cls.env, "Member Steel A")
        cls.supplier_b = create_company(
            cls.env, "Member Steel B", b2b_messenger="always"
        )
        product = cls.env["product.product"].create({"name": "Member plate"})
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.supplier_a.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": 1,
                            "price_unit": 5,
                        }
                    )
                ],
            }
        )
        cls.order.action_confirm()
        cls.anna, cls.amir = (
            create_portal_user(
                cls.env,
                login,
                parent=cls.supplier_a,
                name=name,
                email=f"{login}@a.example.com",
            )
            for name, login in (
                ("Anna Mover", "member_anna"),
                ("Amir Stays", "member_amir"),
            )
        )
        cls.buyer, cls.carla = (
            create_b2b_user(
                cls.env, login, name=name, email=f"{login}@ourcompany.example.com"
            )
            for name, login in (
                ("Bea Buyer", "member_bea"),
                ("Carla Colleague", "member_carla"),
            )
        )
        Channel = cls.env["discuss.channel"].with_user(cls.buyer)
        cls.group = Channel.create_group(
            [p.id for p in (cls.buyer | cls.carla | cls.anna | cls.amir).partner_id],
            name="Steel A group",
        )
        cls.chat = Channel.channel_get([cls.anna.partner_id.id])

    def setUp(self):
        super().setUp()
        self.last_message_id = (
            self.env["mail.message"].sudo().search([], order="id desc", limit=1).id
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _members(self, channel):
        return channel.sudo().channel_member_ids

    def _post_over_http(self, login, channel, body):
        """``login`` writes ``body`` in ``channel`` as Discuss does."""
        self.authenticate(login, f"{login}_pw")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "discuss.channel",
                "thread_id": channel.id,
                "post_data": {
                    "body": body,
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        self.assertIn(body, self._bodies(channel))

    def _bodies(self, channel):
        return "".join(
            str(body)
            for body in self.env["mail.message"]
            .sudo()
            .search([("model", "=", "discuss.channel"), ("res_id", "=", channel.id)])
            .mapped("body")
        )

    def _unread_mails(self, body):
        """Bea writes ``body`` to the group; the unread-chat emails an hour later."""
        start = fields.Datetime.now()
        with freeze_time(start):
            post_comment(self.group, body, user=self.buyer)
        with freeze_time(start + timedelta(minutes=61)):
            self.env["discuss.channel.member"]._cron_b2b_email_unread()
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [("headers", "ilike", "X-B2B-Unread"), ("body_html", "ilike", body)]
            )
        )

    def _assert_sees_nothing(self, user, *channels):
        """On her Messages page and in the conversation list, ``user`` has none
        of ``channels``."""
        self.authenticate(user.login, f"{user.login}_pw")
        page = self.url_open("/my/b2b/messages").text
        listed = self.make_jsonrpc_request("/my/b2b/messages/conversations", {})
        for channel in channels:
            self.assertNotIn(f"channel_id={channel.id}", page, user.login)
            response = self.url_open(f"/my/b2b/messages?channel_id={channel.id}")
            self.assertEqual(response.status_code, 404, user.login)
            self.assertNotIn(
                channel.id, [c["id"] for c in listed["conversations"]], user.login
            )

    def _assert_out(self, leavers, stayers, can_log_in=True):
        """``leavers`` are out of the group (and Anna of her chat), see nothing
        of them and get no unread-chat email; ``stayers`` write to each other
        and are emailed."""
        for user in leavers:
            self.assertNotIn(user.partner_id, self._members(self.group).partner_id)
        self._assert_only_odoo_left_notices(leavers)
        if self.anna in leavers:
            self.assertNotIn(self.anna.partner_id, self._members(self.chat).partner_id)
        if can_log_in:
            for user in leavers:
                self._assert_sees_nothing(user, self.group, self.chat)
        mails = self._unread_mails(UNREAD)
        for user in leavers:
            self.assertNotIn(user.email, " ".join(mails.mapped("email_to")))
        for user in stayers - self.buyer:
            self.assertIn(user.email, " ".join(mails.mapped("email_to")), user.login)
        for user in stayers:
            self._post_over_http(user.login, self.group, f"Still here: {user.name}")

    def _assert_only_odoo_left_notices(self, leavers):
        """What the change wrote into the conversations: Odoo's own "left the
        channel" notice of each leaver, nothing else."""
        notices = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "discuss.channel"),
                    ("res_id", "in", (self.group | self.chat).ids),
                    ("id", ">", self.last_message_id),
                ]
            )
        )
        self.assertEqual(set(notices.mapped("message_type")), {"notification"})
        self.assertTrue(
            all("left the channel" in str(b) for b in notices.mapped("body"))
        )
        self.assertEqual(notices.author_id, leavers.partner_id)


@tagged("post_install", "-at_install")
class TestMembershipFollowsTheWorld(MembershipCommon):
    """Point 4: who may no longer be in a chat or group leaves it."""

    def test_moved_to_the_competitor(self):
        self.anna.partner_id.parent_id = self.supplier_b
        self._assert_out(self.anna, self.buyer | self.carla | self.amir)

    def test_user_archived(self):
        self.anna.action_archive()
        self._assert_out(self.anna, self.buyer | self.carla | self.amir, False)

    def test_portal_access_revoked(self):
        wizard = (
            self.env["portal.wizard"]
            .with_context(active_ids=self.anna.partner_id.ids)
            .create({})
        )
        wizard.user_ids.action_revoke_access()
        self.assertFalse(self.anna.active)
        self._assert_out(self.anna, self.buyer | self.carla | self.amir, False)

    def test_company_not_connected(self):
        self.supplier_a.b2b_messenger = "never"
        self._assert_out(self.anna | self.amir, self.buyer | self.carla)

    def test_only_confirmed_order_cancelled(self):
        self.order.with_context(disable_cancel_warning=True).action_cancel()
        self._assert_out(self.anna | self.amir, self.buyer | self.carla)

    def test_moved_in_the_same_transaction_as_joining(self):
        """The company a member joins with is fixed when she joins: a move in
        the same transaction still takes her out."""
        group = (
            self.env["discuss.channel"]
            .with_user(self.buyer)
            .create_group([self.buyer.partner_id.id, self.anna.partner_id.id])
        )
        self.anna.partner_id.parent_id = self.supplier_b
        self.assertNotIn(self.anna.partner_id, self._members(group).partner_id)

    def test_partner_company_connected_again_keeps_nobody_out(self):
        """Changes that keep everyone connected remove nobody."""
        self.supplier_a.b2b_messenger = "always"
        self.anna.partner_id.function = "Buyer"
        self.amir.write({"name": "Amir Stays Here"})
        self.assertEqual(len(self._members(self.group)), 4)
        self.assertEqual(len(self._members(self.chat)), 2)

    def test_change_slipped_past_the_hooks(self):
        """Anna moves to B by a plain SQL write (no hook sees it): until the
        periodic sweep removes her, she sees nothing of A's conversations, gets
        no unread-chat email and cannot write; the others keep talking."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET parent_id = %s, commercial_partner_id = %s"
                " WHERE id = %s",
                self.supplier_b.id,
                self.supplier_b.id,
                self.anna.partner_id.id,
            )
        )
        self.env.invalidate_all()
        self.assertIn(self.anna.partner_id, self._members(self.group).partner_id)
        self._assert_sees_nothing(self.anna, self.group, self.chat)
        self.authenticate("member_anna", "member_anna_pw")
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "discuss.channel",
                    "thread_id": self.group.id,
                    "post_data": {"body": "Anna at B", "message_type": "comment"},
                },
            )
        self.assertNotIn("Anna at B", self._bodies(self.group))
        mails = self._unread_mails(UNREAD)
        self.assertNotIn(self.anna.email, " ".join(mails.mapped("email_to")))
        self.assertIn(self.amir.email, " ".join(mails.mapped("email_to")))
        for user in (self.buyer, self.carla, self.amir):
            self._post_over_http(user.login, self.group, f"Still here: {user.name}")
        # named in a message, she is not emailed it either
        post_comment(
            self.group,
            "Anna, see this",
            user=self.buyer,
            partner_ids=self.anna.partner_id.ids,
        )
        self.assertFalse(
            self.env["mail.mail"]
            .sudo()
            .search([("recipient_ids", "in", self.anna.partner_id.ids)])
        )
        # the periodic sweep removes her the way Odoo does
        self.env.ref(
            "b2b_communication.ir_cron_b2b_messenger_members"
        ).method_direct_trigger()
        self.assertNotIn(self.anna.partner_id, self._members(self.group).partner_id)
        self.assertNotIn(self.anna.partner_id, self._members(self.chat).partner_id)
        self.assertIn("left the channel", self._bodies(self.group))
        self.assertEqual(len(self._members(self.group)), 3)


@tagged("post_install", "-at_install")
class TestGuestsNeverJoin(MembershipCommon):
    """Point 2: guests never join chats and groups, and one member leaving does
    not silence the others."""

    def _guest(self):
        # sudo: a visitor who became a guest elsewhere (a public channel)
        return self.env["mail.guest"].sudo().create({"name": "Visitor"})

    def _as_guest(self, guest):
        self.authenticate(None, None)
        self.opener.cookies.set(guest._cookie_name, guest._format_auth_cookie())

    def _assert_refused_json(self, url, params):
        response = self._json_checked(url, params)
        self.assertIn("error", response, url)
        return response

    def test_invitation_link_lets_nobody_in(self):
        """Anna's user is archived and she left the group; with the group's
        link her browser knows, she opens it without a session, while A is
        connected and after A is set to *Not connected*. Nor does a partner
        user of B who holds the link get in where only our users remain."""
        self.anna.action_archive()
        member = self._members(self.group).filtered(
            lambda m: m.partner_id == self.anna.partner_id
        )
        member.sudo().unlink()  # as the issue has it: archived and removed
        guests_before = self.env["mail.guest"].sudo().search_count([])
        for messenger in ("auto", "never"):
            self.supplier_a.b2b_messenger = messenger
            self.authenticate(None, None)
            response = self.url_open(f"/chat/{self.group.id}/{self.group.uuid}")
            self.assertEqual(response.status_code, 404, messenger)
            self.assertNotIn("Steel A group", response.text, messenger)
            self.assertFalse(self._members(self.group).guest_id, messenger)
            self.assertEqual(
                self.env["mail.guest"].sudo().search_count([]), guests_before
            )
            self.assertFalse(self.opener.cookies.get("dgid"), messenger)
        # nor logged in, as someone who may not talk with the group any more
        bruno = create_portal_user(
            self.env, "member_bruno", parent=self.supplier_b, name="Bruno Rival"
        )
        self.authenticate("member_bruno", "member_bruno_pw")
        response = self.url_open(f"/chat/{self.group.id}/{self.group.uuid}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(bruno.partner_id, self._members(self.group).partner_id)
        # its members still open it
        self.authenticate("member_carla", "member_carla_pw")
        response = self.url_open(f"/chat/{self.group.id}/{self.group.uuid}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self._members(self.group)), 2)

    def test_guest_reads_and_writes_nothing(self):
        """A guest (of a public channel elsewhere) is invited by no route and
        reads or writes nothing in the group by the JSON routes of Discuss."""
        guest = self._guest()
        # invited by one of us through Discuss's RPC, or created as a member
        self.authenticate("member_bea", "member_bea_pw")
        for method, args, kwargs in (
            ("add_members", [self.group.ids], {"guest_ids": guest.ids}),
            (
                "write",
                [
                    self.group.ids,
                    {"channel_member_ids": [Command.create({"guest_id": guest.id})]},
                ],
                {},
            ),
        ):
            response = self._rpc("discuss.channel", method, args, kwargs)
            self.assertIn("error", response, method)
        response = self._rpc(
            "discuss.channel.member",
            "create",
            [{"channel_id": self.group.id, "guest_id": guest.id}],
        )
        self.assertIn("error", response)
        # nor as superuser (sudo in code)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.group.sudo().add_members(guest_ids=guest.ids)
        self.assertFalse(self._members(self.group).guest_id)
        # the guest's own routes
        self._as_guest(guest)
        for url, params in (
            ("/discuss/channel/join", {"channel_id": self.group.id}),
            ("/discuss/channel/messages", {"channel_id": self.group.id}),
            ("/discuss/channel/info", {"channel_id": self.group.id}),
        ):
            response = self._json_checked(url, params)
            self.assertFalse(response.get("result"), url)
        self.assertEqual(
            self.url_open(f"/discuss/channel/{self.group.id}").status_code, 404
        )
        self._assert_refused_json(
            "/mail/message/post",
            {
                "thread_model": "discuss.channel",
                "thread_id": self.group.id,
                "post_data": {"body": "Guest writes", "message_type": "comment"},
            },
        )
        self.assertFalse(self._members(self.group).guest_id)
        self.assertNotIn("Guest writes", self._bodies(self.group))

    def test_guest_member_from_before_cannot_post(self):
        """A guest member left from before this version (plain SQL here) does
        not post: the posting check does not skip the public user, and the
        others keep talking; the upgrade (and the hourly sweep) removes it."""
        guest = self._guest()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "INSERT INTO discuss_channel_member (channel_id, guest_id,"
                " new_message_separator, create_date, write_date)"
                " VALUES (%s, %s, 0, now(), now())",
                self.group.id,
                guest.id,
            )
        )
        self.env.invalidate_all()
        self._as_guest(guest)
        self._assert_refused_json(
            "/mail/message/post",
            {
                "thread_model": "discuss.channel",
                "thread_id": self.group.id,
                "post_data": {"body": "Guest writes", "message_type": "comment"},
            },
        )
        self.assertNotIn("Guest writes", self._bodies(self.group))
        for user in (self.buyer, self.amir):
            self._post_over_http(user.login, self.group, f"Still here: {user.name}")
        # the upgrade to 18.0.1.6.0 removes it (as the hourly sweep would)
        path = file_path("b2b_communication/migrations/18.0.1.6.0/post-migrate.py")
        spec = importlib.util.spec_from_file_location("b2b_post_migrate_1_6", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.5.0")
        self.assertFalse(self._members(self.group).guest_id)
        self.assertEqual(len(self._members(self.group)), 4)

    def test_archived_member_does_not_silence_the_group(self):
        self.anna.action_archive()
        for user in (self.amir, self.buyer, self.carla):
            self._post_over_http(user.login, self.group, f"Still here: {user.name}")
