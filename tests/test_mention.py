# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged, users

from .common import B2bCommon, assert_query_count_flat, count_queries


def link(model, res_id, label="x"):
    return (
        f'<a href="/odoo/{model}/{res_id}" data-oe-model="{model}" '
        f'data-oe-id="{res_id}">{label}</a>'
    )


@tagged("post_install", "-at_install")
class TestMentions(B2bCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.thread = cls._create_thread()
        cls.other_thread = cls._create_thread(subject="Other")
        cls.group = cls.env["res.groups"].create(
            {
                "name": "Steel buyers",
                "users": [(6, 0, (cls.b2b_user2 | cls.b2b_manager).ids)],
            }
        )

    def _inbox(self, user, record):
        return self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", user.partner_id.id),
                ("mail_message_id.model", "=", record._name),
                ("mail_message_id.res_id", "=", record.id),
            ]
        )

    def test_extraction(self):
        Thread = self.env["b2b.thread"]
        markup = (
            "<p>Hi <b>" + link("res.users", self.b2b_user2.id, "@Greta") + "</b>, see "
            "<span><i>"
            + link("b2b.thread", self.other_thread.id, "#Other")
            + "</i></span>"
            + link("res.users", self.b2b_user2.id, "@Greta again")
            + '<a href="/odoo/sale.order/42">#S00042</a><a href="https://example.com">x</a>'
        )
        self.assertEqual(
            Thread._b2b_extract_mentions(markup),
            {
                ("res.users", self.b2b_user2.id),
                ("b2b.thread", self.other_thread.id),
                ("sale.order", 42),
            },
        )
        self.assertEqual(
            Thread._b2b_extract_mentions(
                "<p><a data-oe-model='res.users' data-oe-id='7'>unclosed"
            ),
            {("res.users", 7)},
        )
        self.assertEqual(Thread._b2b_extract_mentions("<<<>>>"), set())
        self.assertEqual(Thread._b2b_extract_mentions(False), set())
        self.assertEqual(
            Thread._b2b_extract_mentions(
                '<a data-oe-model="ir.config_parameter" data-oe-id="1">x</a>'
            ),
            set(),
        )

    @users("b2b_user")
    def test_notify_once_per_new_mention(self):
        thread = self.thread.with_user(self.env.user)
        thread.description = "<p>" + link("res.users", self.b2b_user2.id) + "</p>"
        self.assertEqual(len(self._inbox(self.b2b_user2, thread)), 1)
        # reordering text or mentioning again does not notify again
        thread.description = (
            "<p>Again: " + link("res.users", self.b2b_user2.id) + " please</p>"
        )
        self.assertEqual(len(self._inbox(self.b2b_user2, thread)), 1)
        mentions = (
            self.env["b2b.mention"]
            .sudo()
            .search([("res_model", "=", "b2b.thread"), ("res_id", "=", thread.id)])
        )
        self.assertEqual(mentions.mapped("mentioned_id"), [self.b2b_user2.id])
        # removed from the text: removed from the mentions
        thread.description = "<p>nobody</p>"
        self.assertFalse(mentions.exists())

    def _mention_toasts(self):
        """{partner id: payload} of the live toasts sent in this transaction."""
        self.env.cr.precommit.run()  # the bus writes its notifications at commit
        toasts = {}
        for notification in self.env["bus.bus"].sudo().search([]):
            message = json.loads(notification.message)
            if message["type"] == "b2b_communication.mention":
                channel = json.loads(notification.channel)
                toasts.setdefault(channel[-1], []).append(message["payload"])
        return toasts

    def test_live_toast_for_every_preference(self):
        """Everyone newly mentioned who may read the record gets a live toast,
        whether they handle notifications in Odoo or by email; nobody else."""
        self.assertEqual(self.b2b_manager.notification_type, "email")
        self._mention_toasts()  # drop what the set-up sent
        self.env["bus.bus"].sudo().search([]).unlink()
        thread = self.thread.with_user(self.b2b_user)
        thread.description = (
            link("res.users", self.b2b_user2.id)
            + link("res.users", self.b2b_manager.id)
            + link("res.users", self.b2b_user_other_company.id)
            + link("res.users", self.b2b_user.id)
        )
        toasts = self._mention_toasts()
        name = self.thread.display_name
        self.assertEqual(
            set(toasts),
            {self.b2b_user2.partner_id.id, self.b2b_manager.partner_id.id},
            "not to the user of another company (cannot read), not to the author",
        )
        self.assertEqual(
            toasts[self.b2b_manager.partner_id.id],
            [
                {
                    "title": f"You were mentioned in {name}",
                    "message": f"Ivan User mentioned you in {name}.",
                    "author": "Ivan User",
                    "record_name": name,
                    "model": "b2b.thread",
                    "res_id": self.thread.id,
                    "url": f"/odoo/b2b.thread/{self.thread.id}",
                }
            ],
        )
        # an email user still gets the email, an inbox user the inbox entry
        self.assertTrue(self._inbox(self.b2b_manager, self.thread))
        self.assertTrue(self._inbox(self.b2b_user2, self.thread))
        # mentioning again: no new toast
        self.env["bus.bus"].sudo().search([]).unlink()
        thread.description = thread.description + "<p>again</p>"
        self.assertFalse(self._mention_toasts())

    def test_group_expansion_and_cap(self):
        self.thread.with_user(self.b2b_user).description = link(
            "res.groups", self.group.id
        )
        self.assertTrue(self._inbox(self.b2b_user2, self.thread))
        self.assertTrue(self._inbox(self.b2b_manager, self.thread))
        self.env["ir.config_parameter"].set_param(
            "b2b_communication.mention_group_limit", 1
        )
        self.other_thread.with_user(self.b2b_user).description = link(
            "res.groups", self.group.id
        )
        notified = self._inbox(self.b2b_user2, self.other_thread) | self._inbox(
            self.b2b_manager, self.other_thread
        )
        self.assertEqual(len(notified), 1, "capped")

    def test_deleted_unreadable_and_no_leak(self):
        deleted = self._create_thread(subject="Gone")
        deleted_id = deleted.id
        deleted.unlink()
        foreign = self.env["b2b.thread"].create(
            {
                "subject": "Foreign",
                "partner_id": self.customer.id,
                "company_id": self.company_other.id,
            }
        )
        thread = self.thread.with_user(self.b2b_user)
        thread.description = (
            link("b2b.thread", deleted_id)
            + link("b2b.thread", foreign.id)
            + link("res.users", self.b2b_user_other_company.id)
        )
        stored = (
            self.env["b2b.mention"]
            .sudo()
            .search([("res_model", "=", "b2b.thread"), ("res_id", "=", thread.id)])
        )
        self.assertNotIn(deleted_id, stored.mapped("mentioned_id"))
        self.assertNotIn(
            foreign.id,
            stored.filtered(lambda m: m.mentioned_model == "b2b.thread").mapped(
                "mentioned_id"
            ),
        )
        # the mentioned user of another company cannot read the thread: not notified
        self.assertFalse(self._inbox(self.b2b_user_other_company, self.thread))

    def test_portal_user_never_notified(self):
        portal = new_test_user(
            self.env, login="mention_portal", groups="base.group_portal"
        )
        self.thread.with_user(self.b2b_user).description = link("res.users", portal.id)
        self.assertFalse(self._inbox(portal, self.thread))

    def test_query_count_bounded(self):
        """Parsing and storing N record mentions costs the same for 5 or 40."""
        partners = self.env["res.partner"].create(
            [{"name": f"P{i}"} for i in range(40)]
        )

        def measure(count):
            thread = self._create_thread(subject=f"Q{count}")
            markup = "".join(link("res.partner", p.id) for p in partners[:count])
            self.env.flush_all()
            self.env.invalidate_all()

            def store():
                thread.description = markup
                self.env.flush_all()

            return count_queries(self.env.cr, store)[0]

        assert_query_count_flat(self, measure, (5, 40), at_most=True)

    @users("b2b_user")
    def test_suggestions(self):
        Mention = self.env["b2b.mention"]
        people = Mention.get_mention_suggestions("@", self.b2b_user2.name)["options"]
        self.assertIn(
            ("res.users", self.b2b_user2.id), {(o["model"], o["id"]) for o in people}
        )
        result = Mention.get_mention_suggestions("@", "Steel buyers")
        group = next(o for o in result["options"] if o["model"] == "res.groups")
        self.assertEqual((group["id"], group["count"]), (self.group.id, 2))
        self.assertEqual(result["group_limit"], 50)
        records = Mention.get_mention_suggestions("#", "Other")["options"]
        self.assertIn(
            ("b2b.thread", self.other_thread.id),
            {(o["model"], o["id"]) for o in records},
        )
        # a thread of another company is not offered
        foreign = (
            self.env["b2b.thread"]
            .sudo()
            .create(
                {
                    "subject": "Other company secret",
                    "partner_id": self.customer.id,
                    "company_id": self.company_other.id,
                }
            )
        )
        records = Mention.get_mention_suggestions("#", "Other company secret")
        self.assertNotIn(foreign.id, [o["id"] for o in records["options"]])
        with self.assertRaises(UserError):
            Mention.get_mention_suggestions("!", "x")

    def test_suggestions_refused_to_portal(self):
        portal = new_test_user(
            self.env, login="mention_portal2", groups="base.group_portal"
        )
        with self.assertRaises(AccessError):
            self.env["b2b.mention"].with_user(portal).get_mention_suggestions("#", "")

    def test_mentioned_in(self):
        product = self.env["product.product"].create({"name": "Steel plate 4mm"})
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        task = self.env["b2b.task"].create(
            {"name": "Check price", "thread_id": self.thread.id}
        )
        # written by a user who may read orders, products and partners
        self.thread.description = (
            link("product.product", product.id)
            + link("sale.order", order.id)
            + link("res.partner", self.customer.id)
        )
        task.description = link("sale.order", order.id)
        self.assertEqual(order.b2b_mentioned_count, 2)
        self.assertEqual(product.b2b_mentioned_count, 1)
        self.assertEqual(product.product_tmpl_id.b2b_mentioned_count, 1)
        self.assertEqual(self.customer.b2b_mentioned_count, 1)
        action = order.action_view_b2b_mentioned_in()
        sources = (
            self.env["b2b.mention"].with_user(self.b2b_user).search(action["domain"])
        )
        self.assertEqual(
            set(sources.mapped("source_name")),
            {self.thread.display_name, task.display_name},
        )
        # names follow the reader's rights (b2b_user may not read orders)
        self.assertEqual(sources.mapped("mentioned_name"), ["Restricted record"] * 2)
        opened = sources[:1].action_open_source()
        self.assertEqual(opened["res_model"], sources[:1].res_model)
        # the record shows what it mentions
        self.assertEqual(
            set(self.thread.mention_ids.mapped("mentioned_name")),
            {product.display_name, order.display_name, self.customer.display_name},
        )
        self.assertEqual(
            product.product_tmpl_id.action_view_b2b_mentioned_in()["res_model"],
            "b2b.mention",
        )

    def test_query_count_notify_bounded(self):
        """Notifying N newly mentioned users: our part (parsing, access check,
        storing, creating the inbox notifications) costs the same for 5 or 40
        people. Odoo's real-time push then formats the message once per
        recipient (a few queries each, bounded by the group cap)."""
        people = self.env["res.users"]
        for i in range(40):
            people |= new_test_user(
                self.env,
                login=f"mention_q{i}",
                groups="base.group_user,b2b_communication.group_b2b_user",
                notification_type="inbox",
            )
        pushed = []

        def push(users, *args, **kwargs):
            pushed.extend(users.ids)

        def measure(count):
            thread = self._create_thread(subject=f"N{count}")
            markup = "".join(link("res.users", u.id) for u in people[:count])
            self.env.flush_all()
            self.env.invalidate_all()

            def store():
                with patch.object(type(self.env["res.users"]), "_bus_send_store", push):
                    thread.with_user(self.b2b_user).description = markup
                    self.env.flush_all()

            return count_queries(self.env.cr, store)[0]

        # the first two runs warm Odoo's caches (rules, access, prefetching)
        assert_query_count_flat(self, measure, (5, 40), warm_up=(1, 40), at_most=True)
        self.assertEqual(
            sorted(pushed),
            sorted(people[:1].ids + people.ids + people[:5].ids + people.ids),
        )
        thread = self._create_thread(subject="N40 again")
        markup = "".join(link("res.users", u.id) for u in people)
        self.env.flush_all()
        self.env.invalidate_all()
        with (
            patch.object(type(self.env["res.users"]), "_bus_send_store", push),
            self.assertQueryCount(30),
        ):
            thread.with_user(self.b2b_user).description = markup
            self.env.flush_all()
