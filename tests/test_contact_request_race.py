# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two answers to one contact request at the same moment, in two real database
transactions (as two HTTP workers would run them): one contact, never two."""

from odoo import api
from odoo.tests import TransactionCase, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT


@tagged("post_install", "-at_install")
class TestContactRequestRace(TransactionCase):
    """Data is committed in cursors of its own (the test transaction is invisible to
    other transactions) and removed again at the end."""

    def _env(self, cr):
        return api.Environment(cr, api.SUPERUSER_ID, dict(DISABLED_MAIL_CONTEXT))

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            self.supplier_id = (
                env["res.partner"]
                .create({"name": "Race Steel (test)", "is_company": True})
                .id
            )
            request = env["b2b.contact.request"].create(
                {"partner_id": self.supplier_id, "role": "Race Manager"}
            )
            request.write({"state": "sent"})
            self.request_id = request.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["b2b.contact.request"].browse(self.request_id).unlink()
            env["res.partner"].search([("id", "child_of", self.supplier_id)]).unlink()

    def _answer(self, cr, email):
        request = self._env(cr)["b2b.contact.request"].browse(self.request_id)
        self.assertIsNone(request._b2b_answer_blocker(), "both pass the form checks")
        values, errors = request._b2b_validate_answer(
            {
                "first_name": "Rita",
                "last_name": "Race",
                "email": email,
                "phone": "+49 30 1234567",
            }
        )
        self.assertFalse(errors)
        return request._b2b_submit_answer(values)

    def test_two_answers_at_the_same_moment_create_one_contact(self):
        # leaving the block commits both transactions
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            # both transactions read the request while it is still open
            for cr in (cr1, cr2):
                self._env(cr)["b2b.contact.request"].browse(self.request_id).state  # noqa: B018
            first = self._answer(cr1, "rita@race.example.com")
            second = self._answer(cr2, "rita.race@race.example.com")
            self.assertTrue(first)
            self.assertFalse(second, "the second answer claims nothing")
        with self.registry.cursor() as cr:
            env = self._env(cr)
            contacts = env["res.partner"].search([("parent_id", "=", self.supplier_id)])
            self.assertEqual(len(contacts), 1, "one contact, never two")
            request = env["b2b.contact.request"].browse(self.request_id)
            self.assertEqual(request.state, "done")
            self.assertEqual(request.contact_id, contacts)
