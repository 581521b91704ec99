# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 32, point 8: a mention belongs to the company of the record that
mentions. A B2B user of our other company listed the mentions of a thread of
this company (ids, mentioned records, author) by JSON-RPC."""

from odoo.tests import tagged

from .common import B2bPortalCommon, create_b2b_user, mention_link


@tagged("post_install", "-at_install")
class TestMentionCompany(B2bPortalCommon):
    portal_user_keys = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.outsider.company_id
        cls.secret_partner = cls.env["res.partner"].create(
            {"name": "Cheaper Steel Ltd", "is_company": True}
        )
        description = f"<p>Ask {mention_link(cls.secret_partner, 'them')}</p>"
        cls.thread = cls.env["b2b.thread"].create(
            {
                "subject": "Replace A",
                "partner_id": cls.supplier_a.id,
                "description": description,
            }
        )
        cls.thread_elsewhere = cls.env["b2b.thread"].create(
            {
                "subject": "Elsewhere",
                "partner_id": cls.supplier_a.id,
                "company_id": cls.other_company.id,
                "description": description,
            }
        )
        Mention = cls.env["b2b.mention"]
        cls.mention = Mention.search([("res_id", "=", cls.thread.id)])
        cls.mention_elsewhere = Mention.search(
            [("res_id", "=", cls.thread_elsewhere.id)]
        )
        # a user of both companies sees both (the rule is per company)
        cls.both = create_b2b_user(
            cls.env,
            "mention_both_companies",
            company_ids=[(6, 0, (cls.env.company | cls.other_company).ids)],
        )

    def _listed(self, login):
        self._login(login)
        rows = self._call_kw(
            "b2b.mention",
            "search_read",
            [[("res_model", "=", "b2b.thread")], ["res_id", "mentioned_id"]],
        )
        return {row["id"] for row in rows}

    def test_mentions_follow_the_company_of_the_record(self):
        mine = self.mention | self.mention_elsewhere
        self.assertEqual(
            self._listed("b2b_outsider") & set(mine.ids), {self.mention_elsewhere.id}
        )
        self.assertEqual(
            self._listed("b2b_internal") & set(mine.ids), {self.mention.id}
        )
        self.assertEqual(
            self._listed("mention_both_companies") & set(mine.ids), set(mine.ids)
        )
        # by id, grouped or counted: nothing of the other company
        self._login("b2b_outsider")
        self._assert_refused(
            self._call_kw, "b2b.mention", "read", [self.mention.ids, ["author_id"]]
        )
        self.assertEqual(
            self._call_kw(
                "b2b.mention", "search_count", [[("id", "=", self.mention.id)]]
            ),
            0,
        )
        groups = self._call_kw(
            "b2b.mention",
            "read_group",
            [[("res_id", "=", self.thread.id)], ["__count"], ["author_id"]],
        )
        self.assertEqual(groups, [])
        self.assertEqual(self.mention.company_id, self.env.company)
        self.assertEqual(self.mention_elsewhere.company_id, self.other_company)
