# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Order confirmation speaks the supplier's language: the open order lines
in Bulgarian and German (a portal user, a contact by its signed link), the
rejection email in the recipient's language."""

from odoo.tests import tagged

from .common import activate_translations
from .order_confirmation_common import BASE, OrderConfirmationCommon


@tagged("post_install", "-at_install")
class TestOrderConfirmationLanguages(OrderConfirmationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in ("bg_BG", "de_DE"):
            activate_translations(cls.env, lang)

    def test_open_order_lines_in_the_readers_language(self):
        self.portal_users["a1"].lang = "bg_BG"
        self._login("a1")
        self._assert_page(
            BASE,
            shown=["Отворени редове от поръчки", "Очаква потвърждение"],
            status=200,
        )
        self.contact_a.lang = "de_DE"
        self._login("contact_a")
        self._assert_page(
            self._signed_url(),
            shown=["Offene Bestellpositionen", "Wartet auf Bestätigung"],
            status=200,
        )

    def test_rejection_email_in_the_recipients_language(self):
        self.contact_a.lang = "de_DE"
        Confirmation = self.env["b2b.order.line.confirmation"].sudo()
        Confirmation._b2b_answer(
            [(self.nuts_a, [(10, self._requested(self.nuts_a))], "")],
            self.contact_a,
            "portal",
        )
        proposal = self.nuts_a.b2b_confirmation_id
        proposal.with_user(self.buyer)._b2b_reject("Wir brauchen alle 20 Muttern.")
        mail = self.env["mail.mail"].search(
            [("model", "=", proposal._name), ("res_id", "=", proposal.id)]
        )
        self.assertIn("kann die Änderung nicht annehmen", str(mail.body_html))
        self.assertIn('lang="de-DE"', str(mail.body_html))
