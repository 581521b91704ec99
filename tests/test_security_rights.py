# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rights that hold whoever asks and whatever changes later (issue 24).

A capability belongs to a person and to the current sharing state. Acts as an
employee without B2B rights, a B2B user, portal users of the competing suppliers
A and B, an anonymous visitor, A's contact without an account and a person who
left A; over HTTP where the attack is HTTP.
"""

import importlib.util
import json
from urllib.parse import parse_qs, urlsplit

from odoo.tests import new_test_user, tagged
from odoo.tools.misc import file_path

from odoo.addons.mail.tests.common import MailCase

from .common import (
    B2bCommon,
    B2bPortalCommon,
    create_b2b_user,
    create_digests,
    create_shared_thread,
    create_task,
    post_comment,
    template_preview,
)

UNREAD_CHAT = "b2b_communication.mail_template_b2b_unread_chat"
DIGEST = "b2b_communication.mail_template_b2b_reminder_digest"
PRIVATE = "Between us: the budget is 40k"
TASK = "Send the fire test report"
NOTE_FILE = "internal-costing-2027.txt"
UNKNOWN_SENDER = "mallory@forwarded.example.com"
LATE = "Posted after the audience changed"


@tagged("post_install", "-at_install")
class TestPrivateRenders(B2bCommon):
    """1. What our code reads with sudo for one person renders for that person
    only, or in the scheduled action that emails it to them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = create_b2b_user(
            cls.env, "rights_employee", groups="base.group_user", name="Erik Employee"
        )
        # a private chat of two colleagues: Greta has not read Ivan's message
        chat = (
            cls.env["discuss.channel"]
            .with_user(cls.b2b_user)
            .channel_get([cls.b2b_user2.partner_id.id])
        )
        post_comment(chat, PRIVATE, user=cls.b2b_user)
        cls.supplier.b2b_reminder_contact_id = cls.supplier_contact
        cls.thread = cls._create_thread(is_shared=True)
        cls.task = create_task(cls.env, cls.thread, TASK, cls.supplier)

    def _preview(self, user, template_xmlid, record):
        return template_preview(self.env(user=user), template_xmlid, record)

    def test_unread_chats_render_only_for_their_owner(self):
        greta = self.b2b_user2.partner_id
        # Greta previews her own email: her unread message is there
        preview = self._preview(self.b2b_user2, UNREAD_CHAT, greta)
        self.assertIn(PRIVATE, str(preview.body_html), preview.error_msg)
        # Settings > Technical > Email Templates > Preview, on Greta
        for user in (self.employee, self.b2b_user, self.b2b_manager):
            preview = self._preview(user, UNREAD_CHAT, greta)
            self.assertNotIn(PRIVATE, str(preview.body_html), user.login)
            self.assertNotIn("1 unread", str(preview.subject), user.login)
        # the composer with that template
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.employee)
            .with_context(
                default_model="res.partner",
                default_res_ids=greta.ids,
                default_template_id=self.env.ref(UNREAD_CHAT).id,
                default_composition_mode="comment",
            )
            .create({})
        )
        self.assertNotIn(PRIVATE, str(composer.body))
        # a plain RPC read of the fields behind the template
        values = greta.with_user(self.employee).read(
            ["b2b_unread_chat_message_ids", "b2b_unread_chat_count"]
        )[0]
        self.assertEqual(values["b2b_unread_chat_message_ids"], [])
        self.assertEqual(values["b2b_unread_chat_count"], 0)

    def test_digest_preview_carries_no_link_signed_for_the_recipient(self):
        """A preview of the digest (any user, any partner) shows plain login
        links: a link signed for the recipient (a contact without an account)
        lets its holder act as that person, so only the cron's email has it."""
        digest = create_digests(self.env, self.supplier)
        for user in (self.b2b_user, self.b2b_manager):
            preview = self._preview(user, DIGEST, digest)
            body = str(preview.body_html)
            self.assertIn(TASK, body, user.login)
            self.assertNotIn("hash=", body, user.login)
            self.assertNotIn(f"pid={self.supplier_contact.id}", body, user.login)
            self.assertIn("/web/login?redirect=", body, user.login)
        # an employee without B2B rights reads nothing of it
        preview = self._preview(self.employee, DIGEST, digest)
        self.assertNotIn(TASK, str(preview.body_html))
        # the scheduled action still signs the recipient's links
        self.assertIn(
            "hash=",
            self.task._b2b_recipient_url(self.supplier_contact),
        )


class RightsHttpCommon(B2bPortalCommon, MailCase):
    """Suppliers A and B with a portal user each (``user_a``, ``user_b``), A's
    contact Carl without an account (``contact_a``), our buyer Bea (``internal``);
    a thread and a task shared with A."""

    portal_user_keys = ("a1", "b1")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_a, cls.user_b = cls.portal_users["a1"], cls.portal_users["b1"]
        cls.carl = cls.contact_a
        cls.buyer = cls.internal
        # her address must not reach outsiders (test 7 looks for "bea@")
        cls.buyer.write({"name": "Bea Buyer", "email": "bea@ourcompany.example"})
        cls.thread = create_shared_thread(
            cls.env,
            cls.supplier_a,
            "Fire protection of the hall",
            user_id=cls.buyer.id,
        )
        cls.task = create_task(
            cls.env, cls.thread, TASK, cls.supplier_a, user_id=cls.buyer.id
        )

    def _login(self, user=None):
        """``user``: a user record; none: an anonymous visitor."""
        return super()._login(user.login if user else None)

    def _json(self, url, params):
        response = self._json_response(url, params)
        self.assertLess(response.status_code, 500, url)
        return response.json()

    def _signed(self, record, partner):
        """``{"pid": ..., "hash": ...}`` of the link the emails give ``partner``."""
        query = parse_qs(urlsplit(record._b2b_recipient_url(partner)).query)
        return {"pid": query["pid"][0], "hash": query["hash"][0]}

    def _post(self, record, body):
        with self.mock_mail_gateway():
            record.with_user(self.buyer).message_post(
                body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        return self._new_mails

    def _mailed(self, mails, partner):
        return bool(mails.filtered(lambda mail: partner in mail.recipient_ids))


@tagged("post_install", "-at_install")
class TestRightsFollowLeavers(RightsHttpCommon):
    # ------------------------------------------------------------------
    # 2. followers
    # ------------------------------------------------------------------

    def test_followers_stop_receiving_when_sharing_or_people_change(self):
        """Partner contacts follow the task (their question, their email
        reply); they receive its public messages only while it is shared with
        their company and they belong to it."""
        self.task.message_subscribe(
            partner_ids=(self.carl | self.user_a.partner_id).ids
        )
        mails = self._post(self.task, "Shared: please send the report")
        self.assertTrue(self._mailed(mails, self.carl))
        self.assertTrue(self._mailed(mails, self.user_a.partner_id))
        # un-shared: the back office says "the partner sees nothing"
        self.task.with_user(self.buyer).is_shared = False
        mails = self._post(self.task, LATE)
        self.assertFalse(self._mailed(mails, self.carl))
        self.assertFalse(self._mailed(mails, self.user_a.partner_id))
        self.assertNotIn(self.carl, self.task.message_partner_ids)
        self.assertIn(self.buyer.partner_id, self.task.message_partner_ids)
        # the thread moved to supplier B: A's followers receive nothing more
        self.thread.message_subscribe(partner_ids=self.carl.ids)
        self.thread.with_user(self.buyer).partner_id = self.supplier_b
        mails = self._post(self.thread, LATE)
        self.assertFalse(self._mailed(mails, self.carl))
        self.assertNotIn(self.carl, self.thread.message_partner_ids)

    def test_follower_who_left_or_lost_access_receives_nothing(self):
        """Nothing changed on the record: Carl moves to B, Alice's portal
        access is revoked (her user archived); both still follow."""
        self.task.message_subscribe(
            partner_ids=(self.carl | self.user_a.partner_id).ids
        )
        self.carl.parent_id = self.supplier_b
        self.user_a.action_archive()
        mails = self._post(self.task, LATE)
        self.assertFalse(self._mailed(mails, self.carl))
        self.assertFalse(self._mailed(mails, self.user_a.partner_id))

    def test_portal_user_moving_company_reads_by_rpc_what_the_new_one_may(self):
        """Alice reads A's thread and task by RPC; her partner moves to B (the
        same account, the same session): the very next calls read B's
        shared records and none of A's. Odoo caches a user's record rule
        domains (``user.partner_id.commercial_partner_id``) and clears them
        when the user changes, not her partner: the move clears them."""
        thread_b = create_shared_thread(self.env, self.supplier_b, "Hall B")
        task_b = create_task(self.env, thread_b, "Send B's report", self.supplier_b)

        def readable(model, records):
            result = self._json(
                f"/web/dataset/call_kw/{model}/search_read",
                {
                    "model": model,
                    "method": "search_read",
                    "args": [[("id", "in", records.ids)], ["id"]],
                    "kwargs": {},
                },
            )
            return {row["id"] for row in result.get("result", [])}

        self._login(self.user_a)
        self.assertEqual(
            readable("b2b.thread", self.thread | thread_b), {self.thread.id}
        )
        self.assertEqual(readable("b2b.task", self.task | task_b), {self.task.id})
        self.user_a.partner_id.parent_id = self.supplier_b
        self.assertEqual(readable("b2b.thread", self.thread | thread_b), {thread_b.id})
        self.assertEqual(readable("b2b.task", self.task | task_b), {task_b.id})

    # ------------------------------------------------------------------
    # 3. bearer tokens
    # ------------------------------------------------------------------

    def test_token_not_readable_by_partner_users(self):
        self._login(self.user_a)
        for method, args, kwargs in (
            ("read", [self.task.ids, ["access_token"]], {}),
            ("search_read", [[("id", "=", self.task.id)]], {}),
            ("web_read", [self.task.ids], {"specification": {"access_token": {}}}),
        ):
            result = self._json(
                f"/web/dataset/call_kw/b2b.task/{method}",
                {"model": "b2b.task", "method": method, "args": args, "kwargs": kwargs},
            )
            self.assertNotIn(self.task.access_token, json.dumps(result), method)
        # pages opened by a link signed for Carl carry no token either
        self._login()
        signed = self._signed(self.task, self.carl)
        page = self.url_open(
            f"/my/b2b/tasks/{self.task.id}?pid={signed['pid']}&hash={signed['hash']}"
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn(TASK, page.text)
        self.assertNotIn(self.task.access_token, page.text)

    def test_old_link_dies_with_the_person(self):
        """Carl chats on the task by his signed link; after he moved to B, the
        link he kept (and a token he might have kept) open nothing, logged in at
        B or not, and he cannot post as A any more."""
        signed = self._signed(self.task, self.carl)
        token = self.task.access_token
        base = {"thread_model": "b2b.task", "thread_id": self.task.id}
        self._login()
        result = self._json("/mail/chatter_fetch", {**base, **signed})
        self.assertNotIn("error", result)
        self.carl.parent_id = self.supplier_b
        carl_user = new_test_user(
            self.env,
            login="rights_carl",
            password="rights_carl_pw",
            groups="base.group_portal",
            partner_id=self.carl.id,
        )
        count = self.env["mail.message"].search_count(
            [("model", "=", "b2b.task"), ("res_id", "=", self.task.id)]
        )
        for user in (None, carl_user):
            self._login(user)
            for params in (signed, {"token": token}):
                if user is None and "token" in params:
                    continue  # a bearer link for anonymous visitors, see README
                result = self._json(
                    "/mail/message/post",
                    {
                        **base,
                        **params,
                        "post_data": {"body": LATE, "message_type": "comment"},
                    },
                )
                self.assertIn("error", result, (user, params))
            page = self.url_open(f"/my/b2b/tasks/{self.task.id}?access_token={token}")
            if user:
                self.assertNotIn(TASK, page.text, "B's user with A's old token")
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("model", "=", "b2b.task"), ("res_id", "=", self.task.id)]
            ),
            count,
            "nothing posted",
        )

    # ------------------------------------------------------------------
    # 4. a person moving company does not take the history along
    # ------------------------------------------------------------------

    def test_contact_moving_company_leaves_history_with_a(self):
        pia_user = new_test_user(
            self.env,
            login="rights_pia",
            password="rights_pia_pw",
            groups="base.group_portal",
            name="Pia Person",
            email="pia@ra.example",
            parent_id=self.supplier_a.id,
        )
        pia = pia_user.partner_id
        thread = self.env["b2b.thread"].create(
            {
                "subject": "Pia's old negotiation",
                "partner_id": pia.id,
                "is_shared": True,
            }
        )
        self.supplier_a.b2b_reminder_contact_id = pia
        self.assertEqual(self.supplier_a._b2b_reminder_recipient(), pia)
        # Pia moves to the competitor B
        pia.parent_id = self.supplier_b
        self._login(self.user_b)
        self.assertNotIn("old negotiation", self.url_open("/my/b2b/threads").text)
        self.assertEqual(self.url_open(f"/my/b2b/threads/{thread.id}").status_code, 404)
        self._login(self.user_a)
        page = self.url_open(f"/my/b2b/threads/{thread.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("old negotiation", page.text)
        # A's digest no longer goes to Pia
        recipient = self.supplier_a._b2b_reminder_recipient()
        self.assertTrue(recipient)
        self.assertNotEqual(recipient, pia)
        self.assertEqual(recipient.commercial_partner_id, self.supplier_a)

    # ------------------------------------------------------------------
    # 7. /mail/thread/data gives outsiders the thread, nothing internal
    # ------------------------------------------------------------------

    def test_thread_data_shows_nothing_internal_to_outsiders(self):
        self.task.message_post(
            body="Our costing",
            subtype_xmlid="mail.mt_note",
            attachments=[(NOTE_FILE, b"cost 12.40")],
        )
        self.task._b2b_schedule_sender_review({"email_from": UNKNOWN_SENDER})
        request_list = [
            "activities",
            "attachments",
            "followers",
            "scheduledMessages",
            "suggestedRecipients",
        ]
        base = {
            "thread_model": "b2b.task",
            "thread_id": self.task.id,
            "request_list": request_list,
        }
        for user, params in (
            (None, self._signed(self.task, self.carl)),
            (None, {"token": self.task.access_token}),
            (self.user_a, {}),
        ):
            self._login(user)
            result = self._json("/mail/thread/data", {**base, **params})
            dumped = json.dumps(result)
            self.assertNotIn("error", result, (user, params))
            self.assertIn(
                self.task.id, [t["id"] for t in result["result"]["mail.thread"]]
            )
            for hidden in (UNKNOWN_SENDER, "unknown sender", NOTE_FILE, "bea@"):
                self.assertNotIn(hidden, dumped, (user, params))
        # our users keep everything
        self.authenticate("admin", "admin")
        dumped = json.dumps(self._json("/mail/thread/data", base))
        self.assertIn(NOTE_FILE, dumped)
        self.assertIn("unknown sender", dumped)


@tagged("post_install", "-at_install")
class TestTokensCopiedBeforeTheUpgrade(RightsHttpCommon):
    """A token copied before 18.0.1.6.0 (when portal users could read it) opens
    nothing after the upgrade: every shared thread and task gets a new one."""

    def test_upgrade_gives_new_tokens(self):
        self.task._b2b_ensure_access_tokens()
        old_token = self.task.access_token
        url = f"/my/b2b/tasks/{self.task.id}?access_token={old_token}"
        self._login()
        self.assertIn(TASK, self.url_open(url).text, "the token worked before")
        path = file_path("b2b_communication/migrations/18.0.1.6.0/pre-migrate.py")
        spec = importlib.util.spec_from_file_location("b2b_pre_migrate_1_6", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        self.env.flush_all()
        migration.migrate(self.env.cr, "18.0.1.5.0")
        self.env.invalidate_all()
        self.assertTrue(self.task.access_token)
        self.assertNotEqual(self.task.access_token, old_token)
        page = self.url_open(url)
        self.assertEqual(page.status_code, 404)
        self.assertNotIn(TASK, page.text)
