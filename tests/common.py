# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.mail.tests.common import MailCommon, mail_new_test_user


class B2bCommon(MailCommon):
    """Fixtures shared by the B2B tests: two companies, B2B users and partners.

    Built on MailCommon so that notifications (inbox, email, bus) can be asserted
    with mail's own helpers; nothing relies on demo data.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.company = cls.env.company
        cls.company_other = cls.env["res.company"].create({"name": "Other Plant Ltd"})
        cls.b2b_user = mail_new_test_user(
            cls.env,
            login="b2b_user",
            name="Ivan User",
            groups="base.group_user,b2b_communication.group_b2b_user",
            notification_type="inbox",
            company_id=cls.company.id,
        )
        cls.b2b_user2 = mail_new_test_user(
            cls.env,
            login="b2b_user2",
            name="Greta Colleague",
            groups="base.group_user,b2b_communication.group_b2b_user",
            notification_type="inbox",
            company_id=cls.company.id,
        )
        cls.b2b_manager = mail_new_test_user(
            cls.env,
            login="b2b_manager",
            name="Maria Manager",
            groups="base.group_user,b2b_communication.group_b2b_manager",
            company_id=cls.company.id,
        )
        cls.b2b_user_other_company = mail_new_test_user(
            cls.env,
            login="b2b_other",
            name="Otto Other",
            groups="base.group_user,b2b_communication.group_b2b_user",
            company_id=cls.company_other.id,
            company_ids=[(6, 0, cls.company_other.ids)],
        )
        cls.supplier = cls.env["res.partner"].create(
            {
                "name": "Supplier A Ltd",
                "is_company": True,
                "email": "a@supplier.example.com",
            }
        )
        cls.supplier_contact = cls.env["res.partner"].create(
            {
                "name": "Anna A",
                "parent_id": cls.supplier.id,
                "email": "anna@supplier.example.com",
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Customer C AG",
                "is_company": True,
                "email": "c@customer.example.com",
            }
        )
        cls.topic = cls.env["b2b.topic"].create({"name": "Price negotiation (test)"})

    @classmethod
    def _create_thread(cls, **vals):
        values = {"subject": "Steel price", "partner_id": cls.supplier.id}
        values.update(vals)
        return cls.env["b2b.thread"].create(values)


def page_csrf_token(case, url="/my"):
    """The CSRF token of the HttpCase's session, read from a frontend page."""
    page = case.url_open(url).text
    match = re.search(r'csrf_token: "([^"]+)"', page)
    case.assertTrue(match, f"no CSRF token on {url}")
    return match.group(1)
