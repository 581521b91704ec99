# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo import api
from odoo.tests import HttpCase, tagged

from .common import B2B_USER_GROUPS, create_b2b_user, create_company


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = create_b2b_user(cls.env, "tour_user", name="Tour User")
        cls.colleague = create_b2b_user(
            cls.env, "tour_colleague", name="Tour Colleague"
        )
        cls.supplier = create_company(cls.env, "Tour Supplier")

    def test_create_thread_with_communication_and_task(self):
        self.start_tour("/odoo", "b2b_thread_tour", login="tour_user")
        thread = self.env["b2b.thread"].search(
            [("subject", "=", "Tour: new bracket design")]
        )
        self.assertEqual(len(thread), 1)
        self.assertEqual(thread.partner_id, self.supplier)
        self.assertEqual(thread.user_id, self.user)
        self.assertEqual(thread.communication_ids.name, "Tour call with the supplier")
        self.assertEqual(thread.communication_ids.direction, "incoming")
        self.assertEqual(thread.task_ids.name, "Tour task: send drawing")
        self.assertEqual(thread.task_ids.user_id, self.colleague)
        self.assertTrue(thread.task_ids.activity_ids, "the assignee got an activity")

    def test_my_work_dashboard(self):
        thread = self.env["b2b.thread"].create(
            {"subject": "Dash", "partner_id": self.supplier.id}
        )
        self.env["b2b.task"].create(
            {"name": "Dashboard task", "thread_id": thread.id, "user_id": self.user.id}
        )
        self.start_tour("/odoo", "b2b_my_work_tour", login="tour_user")

    def test_mention_user_and_sales_order(self):
        """Type @, pick a user, type #, pick a sales order, save: the user gets
        an inbox notification."""
        buyer = create_b2b_user(
            self.env,
            "tour_buyer",
            name="Tour Buyer",
            groups=f"{B2B_USER_GROUPS},sales_team.group_sale_salesman_all_leads",
        )
        mentioned = create_b2b_user(
            self.env, "tour_mentioned", name="Mira Mentioned", notification_type="inbox"
        )
        order = self.env["sale.order"].create(
            {"partner_id": self.supplier.id, "name": "TOUR-SO-1"}
        )
        thread = self.env["b2b.thread"].create(
            {"subject": "Mentions", "partner_id": self.supplier.id}
        )
        team = self.env["res.groups"].create(
            {"name": "Tour Team", "users": [(6, 0, (self.user | self.colleague).ids)]}
        )
        self.env["ir.config_parameter"].set_param(
            "b2b_communication.mention_group_limit", 1
        )
        self.start_tour(
            f"/odoo/b2b.thread/{thread.id}", "b2b_mention_tour", login=buyer.login
        )
        self.assertEqual(
            set(
                thread.mention_ids.mapped(lambda m: (m.mentioned_model, m.mentioned_id))
            ),
            {
                ("res.users", mentioned.id),
                ("sale.order", order.id),
                ("res.groups", team.id),
            },
        )
        group_notified = self.env["mail.notification"].search_count(
            [
                ("res_partner_id", "in", team.users.partner_id.ids),
                ("mail_message_id.model", "=", "b2b.thread"),
                ("mail_message_id.res_id", "=", thread.id),
            ]
        )
        self.assertEqual(group_notified, 1, "capped at the configured limit")
        inbox = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", mentioned.partner_id.id),
                ("notification_type", "=", "inbox"),
                ("mail_message_id.model", "=", "b2b.thread"),
                ("mail_message_id.res_id", "=", thread.id),
            ]
        )
        self.assertEqual(len(inbox), 1)
        self.assertIn("mentioned you", inbox.mail_message_id.body)

    def test_mention_toast_for_email_user(self):
        """A user who handles notifications by email gets a live toast when a
        colleague mentions them while they work in Odoo; its button opens the
        record. The tour asks for mention suggestions once the web client runs:
        the hooked call makes the colleague save the mention at that moment."""
        reader = create_b2b_user(
            self.env, "tour_toast", name="Tess Toast", notification_type="email"
        )
        colleague = create_b2b_user(
            self.env, "tour_toast_colleague", name="Toast Colleague"
        )
        thread = self.env["b2b.thread"].create(
            {"subject": "Toast thread", "partner_id": self.supplier.id}
        )
        Mention = type(self.env["b2b.mention"])
        original = Mention.get_mention_suggestions
        mentioned = []

        @api.model
        def mention_then_suggest(mention_model, *args, **kwargs):
            if not mentioned:
                mentioned.append(True)
                thread.with_env(mention_model.env).with_user(colleague).description = (
                    f'<p><a href="/odoo/res.users/{reader.id}" '
                    f'data-oe-model="res.users" data-oe-id="{reader.id}">@Tess</a></p>'
                )
            return original(mention_model, *args, **kwargs)

        with patch.object(Mention, "get_mention_suggestions", mention_then_suggest):
            self.start_tour("/odoo", "b2b_mention_toast_tour", login=reader.login)
        self.assertTrue(mentioned)
        email = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", reader.partner_id.id),
                ("mail_message_id.res_id", "=", thread.id),
                ("mail_message_id.model", "=", "b2b.thread"),
            ]
        )
        self.assertEqual(email.notification_type, "email", "still by email too")
