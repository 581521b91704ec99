# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import re

from odoo.tests import HttpCase, TransactionCase, new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT, HttpCaseWithUserPortal
from odoo.addons.mail.tests.common import MailCase, MailCommon, mail_new_test_user

# ----------------------------------------------------------------------
# Building blocks: one way to make each kind of user, partner and record
# ----------------------------------------------------------------------
# Every user made here logs in with the password ``<login>_pw`` (see
# B2bHttpCase._login), so a test file never spells out passwords.

B2B_USER_GROUPS = "base.group_user,b2b_communication.group_b2b_user"
B2B_MANAGER_GROUPS = "base.group_user,b2b_communication.group_b2b_manager"
PORTAL_GROUPS = "base.group_portal"


def create_b2b_user(env, login, groups=B2B_USER_GROUPS, **vals):
    """An internal user with B2B rights (or the given ``groups``)."""
    return new_test_user(
        env, login=login, password=f"{login}_pw", groups=groups, **vals
    )


def create_portal_user(env, login, partner=None, parent=None, **vals):
    """A portal user: of the existing contact ``partner``, or a new contact
    that is then moved under the company ``parent`` (a partner's user)."""
    if partner:
        vals["partner_id"] = partner.id
    user = new_test_user(
        env, login=login, password=f"{login}_pw", groups=PORTAL_GROUPS, **vals
    )
    if parent:
        user.partner_id.parent_id = parent
    return user


def create_company(env, name, **vals):
    """A partner company (a supplier or customer)."""
    return env["res.partner"].create({"name": name, "is_company": True, **vals})


def create_contact(env, parent, name, **vals):
    """A person of contact of the company ``parent``, with or without a user."""
    return env["res.partner"].create({"name": name, "parent_id": parent.id, **vals})


def create_partner_user(env, company, name, login, **contact_vals):
    """A person of contact of ``company`` who has a portal login ``login``."""
    contact = create_contact(env, company, name, **contact_vals)
    return create_portal_user(env, login, partner=contact)


def create_shared_thread(env, partner, subject, **vals):
    """A thread shared with ``partner`` (visible in its portal)."""
    return env["b2b.thread"].create(
        {"subject": subject, "partner_id": partner.id, "is_shared": True, **vals}
    )


def create_task(env, thread, name, partner=None, **vals):
    """A task of ``thread``, asked of ``partner`` when given (else internal)."""
    if partner:
        vals["partner_id"] = partner.id
    return env["b2b.task"].create({"name": name, "thread_id": thread.id, **vals})


def send_contact_request(env, partner, role, user=None):
    """A contact request for ``role`` at ``partner``, sent (by ``user`` when
    given): the email with its signed link goes out."""
    Request = env["b2b.contact.request"]
    Request = Request.with_user(user) if user else Request
    request = Request.create({"partner_id": partner.id, "role": role})
    request.action_send()
    return request


def activate_translations(env, lang):
    """Activate ``lang`` with this module's translations (mail templates and
    pages are data of the module: they need its catalogue loaded)."""
    env["res.lang"]._activate_lang(lang)
    env["ir.module.module"].search(
        [("name", "=", "b2b_communication")]
    )._update_translations([lang])


def post_comment(record, body, user=None, sudo=False, **vals):
    """A public message (sent to the partner) on ``record``, as ``user``;
    ``sudo``: as that user with superuser rights (the author stays the user)."""
    record = record.with_user(user) if user else record
    record = record.sudo() if sudo else record
    return record.message_post(
        body=body, message_type="comment", subtype_xmlid="mail.mt_comment", **vals
    )


def template_preview(env, xmlid, record):
    """Settings > Technical > Email Templates > Preview of ``xmlid`` on ``record``."""
    return env["mail.template.preview"].create(
        {
            "mail_template_id": env.ref(xmlid).id,
            "resource_ref": f"{record._name},{record.id}",
        }
    )


# ----------------------------------------------------------------------
# Back office: our B2B users, a supplier and a customer
# ----------------------------------------------------------------------


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
        users, managers = B2B_USER_GROUPS, B2B_MANAGER_GROUPS
        own = {"company_id": cls.company.id}
        inbox = {**own, "notification_type": "inbox"}
        other = {
            "company_id": cls.company_other.id,
            "company_ids": [(6, 0, cls.company_other.ids)],
        }
        for attribute, login, name, groups, vals in (
            ("b2b_user", "b2b_user", "Ivan User", users, inbox),
            ("b2b_user2", "b2b_user2", "Greta Colleague", users, inbox),
            ("b2b_manager", "b2b_manager", "Maria Manager", managers, own),
            ("b2b_user_other_company", "b2b_other", "Otto Other", users, other),
        ):
            user = mail_new_test_user(
                cls.env, login=login, name=name, groups=groups, **vals
            )
            setattr(cls, attribute, user)
        cls.supplier = create_company(
            cls.env, "Supplier A Ltd", email="a@supplier.example.com"
        )
        cls.supplier_contact = create_contact(
            cls.env, cls.supplier, "Anna A", email="anna@supplier.example.com"
        )
        cls.customer = create_company(
            cls.env, "Customer C AG", email="c@customer.example.com"
        )
        cls.topic = cls.env["b2b.topic"].create({"name": "Price negotiation (test)"})

    @classmethod
    def _create_thread(cls, **vals):
        values = {"subject": "Steel price", "partner_id": cls.supplier.id}
        values.update(vals)
        return cls.env["b2b.thread"].create(values)


# ----------------------------------------------------------------------
# HTTP: logging in and calling JSON routes as a user, a partner or nobody
# ----------------------------------------------------------------------


class B2bHttpCase(HttpCase):
    """HttpCase without mail side effects in the fixtures, with the helpers each
    HTTP test needs: log in by login, the CSRF token, JSON-RPC and call_kw."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))

    def _login(self, login):
        """Log in as ``login``; ``None`` or ``"public"``: an anonymous visitor."""
        if login in (None, "public"):
            self.authenticate(None, None)
        else:
            self.authenticate(login, f"{login}_pw")

    def _csrf(self, url="/my"):
        return page_csrf_token(self, url)

    def _json_response(self, url, params):
        """POST a JSON-RPC call as the browser does; the raw response."""
        return self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )

    def _json(self, url, params):
        return self._json_response(url, params).json()

    def _rpc(self, model, method, args, kwargs=None):
        """``call_kw`` as the web client does it."""
        return self._json(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )


# ----------------------------------------------------------------------
# Competing suppliers A and B in the portal
# ----------------------------------------------------------------------


class B2bPortalCommon(B2bHttpCase, HttpCaseWithUserPortal):
    """The people of the portal security tests, acting over HTTP:

    - ``supplier_a`` and ``supplier_b``, competing suppliers, each with portal
      users in ``portal_users`` (keys ``a1``, ``a2``, ``b1``, ``b2``; login
      ``portal_<key>``; ``portal_user_keys`` chooses which);
    - ``contact_a``: A's person of contact without an account (reaches records
      by emailed links only, so logs in as nobody);
    - ``internal``: our B2B user (``b2b_internal``); ``outsider``: a B2B user of
      another company (``b2b_outsider``);
    - ``user_portal``: Odoo's own portal user, of no partner company;
    - the anonymous visitor: ``self._login("public")``.
    """

    portal_user_keys = ("a1", "a2", "b1", "b2")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier_a = create_company(cls.env, "Supplier A")
        cls.supplier_b = create_company(cls.env, "Supplier B")
        cls.portal_users = {}
        for key in cls.portal_user_keys:
            company = cls.supplier_a if key.startswith("a") else cls.supplier_b
            cls.portal_users[key] = create_partner_user(
                cls.env,
                company,
                f"Portal {key}",
                f"portal_{key}",
                email=f"{key}@suppliers.example.com",
            )
        cls.contact_a = create_contact(
            cls.env, cls.supplier_a, "Contact A", email="contact@suppliers.example.com"
        )
        cls.internal = create_b2b_user(
            cls.env, "b2b_internal", email="internal@ourcompany.example.com"
        )
        other_company = cls.env["res.company"].create({"name": "Elsewhere Inc"})
        cls.outsider = create_b2b_user(
            cls.env,
            "b2b_outsider",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )

    def _login(self, key):
        """A key of ``portal_users``, ``"contact_a"`` (no account: anonymous),
        ``"public"``, or any login."""
        if key == "contact_a":
            key = None
        elif key in self.portal_users:
            key = self.portal_users[key].login
        return super()._login(key)


PORTAL_SECRET = "Their price is 20% too high, switch supplier in Q3"


class B2bPortalAccessCommon(B2bPortalCommon, MailCase):
    """What A's and B's users may see (test_portal*.py): A's shared thread with a
    shared and an internal task and communication, an internal thread of A, B's
    shared thread, a public message and an internal note with an attachment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.thread_a = create_shared_thread(cls.env, cls.supplier_a, "Shared with A")
        cls.thread_a_internal = cls.env["b2b.thread"].create(
            {"subject": "Internal about A", "partner_id": cls.supplier_a.id}
        )
        cls.thread_b = create_shared_thread(cls.env, cls.supplier_b, "Shared with B")
        assigned = {"user_id": cls.internal.id}
        (
            cls.task_a,
            cls.task_a_internal,
            cls.task_in_internal_thread,
            cls.task_b,
        ) = (
            create_task(cls.env, thread, name, partner, **vals)
            for thread, name, partner, vals in (
                (cls.thread_a, "Send certificate A", cls.supplier_a, assigned),
                (cls.thread_a, "Check A's margin", None, {}),
                (cls.thread_a_internal, "Send drawings", cls.supplier_a, {}),
                (cls.thread_b, "Send certificate B", cls.supplier_b, {}),
            )
        )
        Comm = cls.env["b2b.communication"]
        cls.comm_a_shared = Comm.create(
            {"name": "Shared call A", "thread_id": cls.thread_a.id, "is_shared": True}
        )
        cls.comm_a_internal = Comm.create(
            {"name": "Internal call A", "thread_id": cls.thread_a.id}
        )
        # messages: one public, one internal note with an attachment
        cls.public_message = post_comment(
            cls.thread_a, "Please confirm the delivery date", user=cls.internal
        )
        cls.secret_attachment = cls.env["ir.attachment"].create(
            {
                "name": "margin.txt",
                "raw": PORTAL_SECRET.encode(),
                "res_model": "b2b.thread",
                "res_id": cls.thread_a.id,
            }
        )
        cls.internal_note = cls.thread_a.with_user(cls.internal).message_post(
            body=PORTAL_SECRET,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachment_ids=cls.secret_attachment.ids,
        )


# ----------------------------------------------------------------------
# Messenger: who may chat with whom
# ----------------------------------------------------------------------


class MessengerCommon(TransactionCase):
    """Our buyer (B2B user) and colleague (no B2B rights); the portal users of a
    connected supplier A (``a1``, ``a2``), of a connected customer C (``c1``) and
    of an unconnected company X (``x1``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        # connected: a confirmed purchase order / a confirmed sale / nothing
        cls.supplier = create_company(cls.env, "Msg Supplier A", b2b_messenger="always")
        cls.customer = create_company(cls.env, "Msg Customer C", b2b_messenger="always")
        cls.stranger = create_company(cls.env, "Msg Stranger X")
        cls.a1 = cls._portal("msg_a1", cls.supplier)
        cls.a2 = cls._portal("msg_a2", cls.supplier)
        cls.c1 = cls._portal("msg_c1", cls.customer)
        cls.x1 = cls._portal("msg_x1", cls.stranger)
        cls.buyer = create_b2b_user(
            cls.env, "msg_buyer", email="buyer@ourcompany.example.com"
        )
        cls.colleague = create_b2b_user(
            cls.env,
            "msg_colleague",
            groups="base.group_user",
            email="colleague@ourcompany.example.com",
        )

    @classmethod
    def _portal(cls, login, company, lang="en_US"):
        return create_portal_user(
            cls.env, login, parent=company, email=f"{login}@example.com", lang=lang
        )

    def _chat(self, user, *others):
        Channel = self.env["discuss.channel"].with_user(user)
        return Channel.channel_get([o.partner_id.id for o in others])


def page_csrf_token(case, url="/my"):
    """The CSRF token of the HttpCase's session, read from a frontend page."""
    page = case.url_open(url).text
    match = re.search(r'csrf_token: "([^"]+)"', page)
    case.assertTrue(match, f"no CSRF token on {url}")
    return match.group(1)
