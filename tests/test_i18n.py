# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import create_company, create_partner_user

BG_STATES = ["Нов", "Работи се", "Чакащ решение", "Анулиран", "Потвърден", "Приключен"]


@tagged("post_install", "-at_install")
class TestTranslations(HttpCase):
    """Bulgarian and German users see the app in their language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("bg_BG", "de_DE"):
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"].search(
            [("name", "=", "b2b_communication")]
        )._update_translations(["bg_BG", "de_DE"])

    def test_thread_statuses_in_bulgarian(self):
        env = self.env(context={"lang": "bg_BG"})
        labels = dict(env["b2b.thread"]._fields["state"]._description_selection(env))
        self.assertEqual(
            [
                labels[key]
                for key in (
                    "new",
                    "in_progress",
                    "waiting",
                    "cancelled",
                    "confirmed",
                    "done",
                )
            ],
            BG_STATES,
        )

    def test_main_views_translated(self):
        for lang, words in (
            (
                "de_DE",
                [
                    "Kommunikationen",
                    "Aufgaben",
                    "Geschäftspartner",
                    "Mit Partner geteilt",
                ],
            ),
            ("bg_BG", ["Комуникации", "Задачи", "Контрагент", "Споделено с партньора"]),
        ):
            views = (
                self.env["b2b.thread"]
                .with_context(lang=lang)
                .get_views([(False, "form")])
            )
            arch = views["views"]["form"]["arch"]
            fields = views["models"]["b2b.thread"]["fields"]
            text = arch + " ".join(f.get("string", "") for f in fields.values())
            for word in words:
                self.assertIn(word, text, f"{lang}: {word}")

    def test_portal_pages_translated(self):
        supplier = create_company(self.env, "Lang Supplier")
        for lang, title in (
            ("bg_BG", "Тук няма нишки, споделени с вашата фирма."),
            ("de_DE", "Hier ist kein Thread mit Ihrem Unternehmen geteilt."),
        ):
            login = f"i18n_{lang}"
            create_partner_user(self.env, supplier, f"User {lang}", login, lang=lang)
            self.authenticate(login, f"{login}_pw")
            page = self.url_open("/my/b2b/threads").text
            self.assertIn(title, page, lang)
