# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import itertools
import json
import re

from odoo.tests import Form, HttpCase, TransactionCase, new_test_user
from odoo.tests.common import JsonRpcException

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
# errors a JSON route may answer with: a refusal, never a server error
CLEAR_REFUSALS = ("NotFound", "Forbidden", "AccessError", "MissingError")


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


_digest_periods = itertools.count(1)


def create_digests(env, partners):
    """The reminder digests of ``partners`` (``b2b.reminder.log`` rows, one
    per partner, each of a period of its own, addressed as the scheduled
    action addresses them), in the order of ``partners``."""
    recipients = partners._b2b_reminder_recipients()
    return env["b2b.reminder.log"].create(
        [
            {
                "partner_id": partner.id,
                "period_key": f"T{next(_digest_periods)}",
                "recipient_id": recipients[partner].id,
            }
            for partner in partners
        ]
    )


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


def mention_link(record, label):
    """A mention of ``record`` as the editor writes it into a description."""
    return (
        f'<a href="/odoo/{record._name}/{record.id}" data-oe-model="{record._name}" '
        f'data-oe-id="{record.id}">{label}</a>'
    )


def create_mention_setting(cls, prefix, secret_ref):
    """The people and records of a test of mentions a partner reads, set on the
    test class ``cls``: competing suppliers ``supplier_a`` and ``supplier_b``
    (``<Prefix> A``, ``<Prefix> B``), A's portal user ``portal_a`` (login
    ``<prefix>_portal_a``), our user ``internal`` with sales rights (login
    ``<prefix>_internal``), B's order ``order_b`` with the reference
    ``secret_ref`` A must never read, a ``thread`` shared with A and its
    ``task`` asked of A."""
    title = prefix.capitalize()
    cls.supplier_a = create_company(cls.env, f"{title} A")
    cls.supplier_b = create_company(cls.env, f"{title} B")
    cls.portal_a = create_portal_user(
        cls.env, f"{prefix}_portal_a", parent=cls.supplier_a
    )
    cls.internal = create_b2b_user(
        cls.env,
        f"{prefix}_internal",
        groups=f"{B2B_USER_GROUPS},sales_team.group_sale_salesman_all_leads",
    )
    cls.order_b = cls.env["sale.order"].create(
        {"partner_id": cls.supplier_b.id, "client_order_ref": secret_ref}
    )
    cls.thread = create_shared_thread(cls.env, cls.supplier_a, f"{title} prices")
    cls.task = create_task(
        cls.env, cls.thread, f"Confirm {prefix} price", cls.supplier_a
    )


def create_tour_task(env, company_name, login, user_name, **task_vals):
    """The request a portal tour opens: "Send the 3.1 certificate", of a thread
    shared with the new supplier ``company_name``, asked of it; its portal user
    ``login`` takes the tour. Returns (the portal user, the task)."""
    supplier = create_company(env, company_name)
    user = create_partner_user(
        env, supplier, user_name, login, email=f"{login}@steel.example.com"
    )
    thread = create_shared_thread(env, supplier, "Certificates 2027")
    task = create_task(env, thread, "Send the 3.1 certificate", supplier, **task_vals)
    return user, task


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

    def _topic_form(self, model, field, **values):
        """A form of a new ``model`` record given ``values`` then our topic:
        ``field`` took the topic's name. Not saved yet."""
        form = Form(self.env[model])
        for name, value in values.items():
            setattr(form, name, value)
        form.topic_id = self.topic
        self.assertEqual(getattr(form, field), self.topic.name)
        return form

    def _assert_created_by(self, record, user, state):
        """``record`` was created now, by ``user``, and is in ``state``."""
        self.assertEqual(record.state, state)
        self.assertEqual(record.create_uid, user)
        self.assertEqual(record.create_date, self.env.cr.now())

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

    def _json_checked(self, url, params):
        """The JSON-RPC answer; fails on a server error (a refusal is fine)."""
        response = self._json_response(url, params)
        self.assertLess(response.status_code, 500, url)
        result = response.json()
        error = result.get("error", {}).get("data", {}).get("name", "")
        self.assertFalse(
            error and not error.endswith(CLEAR_REFUSALS), f"{url}: {error}"
        )
        return result

    def _rpc(self, model, method, args, kwargs=None):
        """``call_kw`` as the web client does it."""
        return self._json(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _call_kw(self, model, method, args, kwargs=None):
        """``call_kw`` as the web client does it; raises the JSON-RPC error
        (``_rpc`` returns it)."""
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _assert_refused(self, call, *args, **kwargs):
        """``call(*args, **kwargs)`` raises a JSON-RPC AccessError."""
        with self.assertRaises(JsonRpcException) as caught:
            call(*args, **kwargs)
        self.assertIn("AccessError", str(caught.exception))

    def _assert_page(self, url, shown=(), hidden=(), status=None):
        """The page at ``url``, as the logged-in visitor, answers ``status`` (when
        given), shows every text of ``shown`` and none of ``hidden``; returns its
        text."""
        response = self.url_open(url)
        if status:
            self.assertEqual(response.status_code, status, url)
        page = response.text
        for text in shown:
            self.assertIn(text, page, url)
        for text in hidden:
            self.assertNotIn(text, page, url)
        return page

    def _post_task(self, task, action, allow_redirects=True, **data):
        """POST the portal form ``action`` (``done``, ``question``) of ``task``
        with the session's CSRF token and ``data``."""
        return self.url_open(
            f"/my/b2b/tasks/{task.id}/{action}",
            data={"csrf_token": self._csrf(), **data},
            allow_redirects=allow_redirects,
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
# Sharing and un-sharing: one thread shared with A
# ----------------------------------------------------------------------

SHARE_SUBJECT = "Nickel surcharge 2027"


class B2bShareCommon(B2bPortalCommon):
    """What sharing opens and un-sharing closes (test_share_*.py): a ``thread``
    shared with supplier A (subject ``SHARE_SUBJECT``), its ``task`` asked of
    A's contact without an account (``contact_a``, who reaches records by links
    only) and a shared ``communication``; the users ``a1`` and ``b1`` of the
    competing suppliers."""

    portal_user_keys = ("a1", "b1")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.thread = create_shared_thread(cls.env, cls.supplier_a, SHARE_SUBJECT)
        cls.task = create_task(
            cls.env,
            cls.thread,
            "Send the mill certificate",
            partner=cls.contact_a,
        )
        cls.communication = cls.env["b2b.communication"].create(
            {"name": "Call about nickel", "thread_id": cls.thread.id, "is_shared": True}
        )

    def _json(self, url, params):
        """Every JSON call of these tests fails on a server error."""
        return self._json_checked(url, params)

    def _unshare(self, record):
        record.with_user(self.internal).write({"is_shared": False})

    def _post(self, record, body):
        return record.with_user(self.internal).message_post(
            body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
        )

    def _message_count(self, record):
        return self.env["mail.message"].search_count(
            [("model", "=", record._name), ("res_id", "=", record.id)]
        )

    def _assert_hidden(self, response, *texts):
        self.assertIn(response.status_code, (403, 404), response.url)
        for text in texts:
            self.assertNotIn(text, response.text, response.url)

    def _assert_refused_as(self, key, urls, *texts, statuses=(403, 404)):
        """As ``key`` (see ``_login``), each page of ``urls`` is refused with one
        of ``statuses`` and shows none of ``texts``."""
        self._login(key)
        for url in urls:
            response = self.url_open(url)
            self.assertIn(response.status_code, statuses, url)
            for text in texts:
                self.assertNotIn(text, response.text, url)


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


# ----------------------------------------------------------------------
# Query counts that must not grow with the data
# ----------------------------------------------------------------------


def count_queries(cr, call):
    """``(queries, result)``: the SQL queries ``call()`` made on ``cr`` (an
    HttpCase's requests run on the test cursor too) and what it returned."""
    start = cr.sql_log_count
    result = call()
    return cr.sql_log_count - start, result


def assert_query_count_flat(case, measure, sizes, warm_up=(), at_most=False):
    """The check that a step costs the same number of queries whatever the
    size of the data: ``measure(size)`` prepares the data of ``size`` (untimed)
    and returns the queries of the step (``count_queries``). The ``warm_up``
    sizes run first and are not compared (caches of rules, views, compiled
    templates); then every size of ``sizes`` must cost as many queries as the
    first one, or at most as many with ``at_most``. Returns ``{size: queries}``
    of the compared sizes (for an ``assertQueryCount`` after it)."""
    for size in warm_up:
        measure(size)
    counts = {}
    for size in sizes:
        counts[size] = measure(size)
    first = counts[sizes[0]]
    message = f"queries per size: {counts}"
    for queries in counts.values():
        if at_most:
            case.assertLessEqual(queries, first, message)
        else:
            case.assertEqual(queries, first, message)
    return counts
