# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Accessibility of every page a partner reaches, in every state they can meet
it in: full, empty, after an action (a form sent, its answer or its error) and
error pages; as a supplier's portal user and as a contact without an account
(signed links). axe-core's WCAG 2.1 A/AA rules at a desktop and a phone width
(accessibility_common.py); no serious or critical violation, no sideways scroll
on a phone.

A new page (or state) is one line of ``PARTNER_PAGES``: its name, a function of
the test case returning its URL (it may create the record it needs), who opens
it (``ACTORS``), its state, and the form sent first when its state follows one."""

import base64
from urllib.parse import urlparse

from odoo import Command
from odoo.tests import tagged

from .accessibility_common import (
    AFTER,
    EMPTY,
    ERROR,
    FULL,
    STATES,
    AuditedPage,
    AxeAuditMixin,
    Submit,
)
from .common import (
    B2bPortalCommon,
    create_b2b_user,
    create_digests,
    create_partner_user,
    create_shared_thread,
    create_task,
    post_comment,
    send_contact_request,
)

# Who opens the pages
ACTORS = {
    "a1": "supplier A's portal user: A has everything (threads, tasks, messages...)",
    "b1": "supplier B's portal user: nothing is shared with B, B is not connected",
    "contact": "A's contact without an account: no session, links signed for them",
}

# A word without a break opportunity (a compound, a file name, a login): it
# must wrap, not push the page sideways on a phone
LONG_WORD = "Rohstoffpreisanpassungsvereinbarung_Stahlwerk_Nord_2027_EN10204"

PNG = (  # a white pixel
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg=="
)
# The forms a partner sends, and what the answer shows
DONE = Submit(".o_b2b_portal_task_done_form", ".alert-success")
QUESTION = ".o_b2b_portal_task_question_form"
ASK = Submit(QUESTION, ".alert-success", {"question": "Which batch?"})
ASK_BLANK = Submit(QUESTION, ".alert-danger", {"question": "   "})
SAVE_REMINDERS = Submit(".o_b2b_reminder_preferences form", ".alert-success")
PAUSE = Submit(".o_b2b_reminders_pause_form", ".o_b2b_reminders_paused > h2")
CONTACT_DATA = {
    "first_name": "Quinn",
    "last_name": "Quality",
    "email": "quinn.quality@axe-steel.example.com",
    "phone": "+49 30 1234567",
}
CONTACT_FORM = ".o_b2b_contact_request form"
SEND_DATA = Submit(CONTACT_FORM, ".o_b2b_contact_request_done", CONTACT_DATA)
BAD_DATA = Submit(
    CONTACT_FORM,
    ".alert-danger",
    dict(CONTACT_DATA, email="quinn@localhost", phone="12"),
)

P = AuditedPage
PARTNER_PAGES = [
    # full: long lists with pagers, long names, many attachments and documents
    P("home", "/my", "a1", FULL),
    P("threads", "/my/b2b/threads", "a1", FULL),
    P("thread", "/my/b2b/threads/{t.thread.id}", "a1", FULL),
    P("requests", "/my/b2b/tasks", "a1", FULL),
    P("request", "/my/b2b/tasks/{t.task.id}", "a1", FULL),
    P("messages", "/my/b2b/messages?channel_id={t.channel.id}", "a1", FULL),
    P("messages, none open", "/my/b2b/messages", "a1", FULL),
    P("address book", "/my/b2b/address-book", "a1", FULL),
    P("reminder preferences", "/my/b2b/reminders", "a1", FULL),
    P("contact request", "/my/b2b/contact-requests/{t.contact_request.id}", "a1", FULL),
    P("thread, signed link", lambda t: t.signed(t.thread), "contact", FULL),
    P("request, signed link", lambda t: t.signed(t.task), "contact", FULL),
    P("request form, signed", lambda t: t.signed(t.contact_request), "contact", FULL),
    P("pause reminders", lambda t: t.pause_url(t.supplier), "contact", FULL),
    P("login, a link followed signed out", "/my/b2b/tasks", "contact", FULL),
    # empty: nothing yet, nothing found
    P("home, nothing shared", "/my", "b1", EMPTY),
    P("threads, none", "/my/b2b/threads", "b1", EMPTY),
    P("requests, none", "/my/b2b/tasks", "b1", EMPTY),
    P("messages, no conversation", "/my/b2b/messages", "b1", EMPTY),
    P("address book, not connected", "/my/b2b/address-book", "b1", EMPTY),
    P("thread, nothing in it", lambda t: t.new_thread().access_url, "a1", EMPTY),
    P("request, no message", lambda t: t.new_task().access_url, "a1", EMPTY),
    P(
        "request, no message, signed",
        lambda t: t.signed(t.new_task()),
        "contact",
        EMPTY,
    ),
    P("threads, nothing found", "/my/b2b/threads?search=zzz", "a1", EMPTY),
    P("requests, nothing found", "/my/b2b/tasks?search=zzz", "a1", EMPTY),
    P("address book, nobody found", "/my/b2b/address-book?search=zzz", "a1", EMPTY),
    # after an action: the answer to a form, or its error
    P("marked as done", lambda t: t.new_task().access_url, "a1", AFTER, DONE),
    P("question sent", lambda t: t.new_task().access_url, "a1", AFTER, ASK),
    P("question left blank", "/my/b2b/tasks/{t.task.id}", "a1", AFTER, ASK_BLANK),
    P("done, signed", lambda t: t.signed(t.new_task()), "contact", AFTER, DONE),
    P("asked, signed", lambda t: t.signed(t.new_task()), "contact", AFTER, ASK),
    P("reminders saved", "/my/b2b/reminders", "a1", AFTER, SAVE_REMINDERS),
    P("contact data sent", lambda t: t.new_request_url(), "a1", AFTER, SEND_DATA),
    P(
        "data sent, signed",
        lambda t: t.new_request_url(t.contact),
        "contact",
        AFTER,
        SEND_DATA,
    ),
    P(
        "data refused, signed",
        lambda t: t.signed(t.contact_request),
        "contact",
        AFTER,
        BAD_DATA,
    ),
    P(
        "reminders paused",
        lambda t: t.pause_url(t.new_company()),
        "contact",
        AFTER,
        PAUSE,
    ),
    # error pages: a request answered already (410), a link gone (404), a
    # forged link (403), a mistyped option (400)
    P(
        "request answered",
        "/my/b2b/contact-requests/{t.answered_request.id}",
        "a1",
        ERROR,
    ),
    P("answered, signed", lambda t: t.signed(t.answered_request), "contact", ERROR),
    P("not found", "/my/b2b/tasks/999999999", "a1", ERROR),
    P("not found, no session", "/my/b2b/tasks/999999999", "contact", ERROR),
    P(
        "pause link forged",
        "/b2b/reminders/pause/{t.supplier.id}/forged",
        "contact",
        ERROR,
    ),
    P("unknown sorting", "/my/b2b/tasks?sortby=nonsense", "a1", ERROR),
]


@tagged("post_install", "-at_install")
class TestAccessibilityStates(AxeAuditMixin, B2bPortalCommon):
    """Supplier A (``a1``, its contact without an account) has a bit of
    everything, and more than a page of it; supplier B (``b1``) has nothing."""

    portal_user_keys = ("a1", "b1")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.supplier_a
        cls.supplier.write(
            {
                "name": "Stahlhandelsgesellschaft_Nordrhein_Westfalen_GmbH",
                "email": "office@axe-steel.example.com",
                "b2b_messenger": "always",
            }
        )
        cls.contact = cls.contact_a
        cls.portal_user = cls.portal_users["a1"]
        cls.buyer = cls.internal
        # the name of a person, as in real life: new_test_user's default, the
        # login with the groups, is one long word
        cls.buyer.name = "Bora Buyer"
        cls._create_full_thread()
        cls._create_lists()
        cls._create_conversations()
        cls.contact_request = send_contact_request(
            cls.env, cls.supplier, "Quality manager", cls.buyer
        )
        # a request answered already: the page says so
        cls.answered_request = send_contact_request(
            cls.env, cls.supplier, "Sales director", cls.buyer
        )
        cls.answered_request.sudo().state = "done"

    @classmethod
    def _create_full_thread(cls):
        """A thread with a long subject, requests, a call, documents and messages
        with many attachments, some by a person with a name without breaks."""
        cls.thread = create_shared_thread(
            cls.env,
            cls.supplier,
            LONG_WORD,
            contact_id=cls.contact.id,
            user_id=cls.buyer.id,
        )
        cls.task = create_task(
            cls.env,
            cls.thread,
            f"Send the certificate {LONG_WORD}",
            cls.supplier,
            user_id=cls.buyer.id,
            date_deadline="2026-01-15",
            description=f"<p>The 3.1 certificate of <b>{LONG_WORD}</b>, please.</p>",
        )
        cls.env["b2b.communication"].create(
            {
                "name": f"Call about {LONG_WORD}",
                "thread_id": cls.thread.id,
                "is_shared": True,
                "description": f"<p>We agreed on a new quote: {LONG_WORD}.</p>",
            }
        )
        attachments = [(f"{LONG_WORD}_{n:02}.pdf", b"%PDF-1.4") for n in range(12)]
        attachments += [(f"photo_{n}.png", base64.b64decode(PNG)) for n in range(3)]
        for record in (cls.thread, cls.task):
            post_comment(
                record,
                "Please confirm the delivery date.",
                user=cls.buyer,
                attachments=attachments,
            )
            long_name = create_partner_user(
                cls.env, cls.supplier, LONG_WORD, f"axe_long_{record._name}"
            )
            long_name.name = LONG_WORD  # new_test_user names it after the login
            post_comment(record, f"Received, thank you. {LONG_WORD}", user=long_name)
        product = cls.env["product.product"].create({"name": "Steel plate S355"})
        order = cls.env["purchase.order"].create(
            {
                "partner_id": cls.supplier.id,
                "b2b_thread_id": cls.thread.id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_qty": 3, "price_unit": 420}
                    )
                ],
            }
        )
        order.button_confirm()

    @classmethod
    def _create_lists(cls):
        """More threads and requests than a page shows (the pager)."""
        for n in range(21):
            thread = create_shared_thread(cls.env, cls.supplier, f"Price list {n}")
            create_task(
                cls.env,
                thread if n % 2 else cls.thread,
                f"Confirm price list {n}",
                cls.supplier,
                date_deadline="2026-01-01" if n % 3 else False,
            )

    @classmethod
    def _create_conversations(cls):
        """Chats of a1: with our buyer, and an unread one with a colleague."""
        cls.channel = (
            cls.env["discuss.channel"]
            .with_user(cls.buyer)
            .channel_get([cls.portal_user.partner_id.id])
        )
        cls.channel.with_user(cls.buyer).message_post(
            body="Hello", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        colleague = create_b2b_user(cls.env, "axe_colleague", name="Greta Colleague")
        chat = (
            cls.env["discuss.channel"]
            .with_user(colleague)
            .channel_get([cls.portal_user.partner_id.id])
        )
        for body in ("Are the plates ready?", LONG_WORD):
            chat.with_user(colleague).message_post(
                body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    # URL builders of PARTNER_PAGES ---------------------------------------------

    def signed(self, record):
        """The link of ``record`` signed for A's contact without an account."""
        url = urlparse(record.sudo()._b2b_recipient_url(self.contact))
        return f"{url.path}?{url.query}" if url.query else url.path

    def pause_url(self, partner):
        return urlparse(create_digests(self.env, partner)._pause_url()).path

    def new_request_url(self, signed_for=None):
        """A new contact request to answer: its page, or its link signed for
        ``signed_for``."""
        request = send_contact_request(self.env, self.supplier, "Logistics", self.buyer)
        return self.signed(request) if signed_for else request.access_url

    def new_thread(self):
        return create_shared_thread(self.env, self.supplier, "Nickel surcharge")

    def new_task(self):
        return create_task(
            self.env, self.new_thread(), "Send the drawing", self.supplier
        )

    def new_company(self):
        return self.env["res.partner"].create(
            {"name": "Pause Steel", "is_company": True, "email": "p@steel.example.com"}
        )

    # --------------------------------------------------------------------------

    def _actor_login(self, actor):
        return self.portal_users[actor].login if actor in self.portal_users else None

    def _pages(self, state):
        return [page for page in PARTNER_PAGES if page.state == state]

    def test_every_page_has_a_known_actor_and_state(self):
        for page in PARTNER_PAGES:
            self.assertIn(page.actor, ACTORS, page.name)
            self.assertIn(page.state, STATES, page.name)
        names = [page.name for page in PARTNER_PAGES]
        self.assertEqual(len(names), len(set(names)), "page names are unique")

    def test_full_pages(self):
        self._audit(self._pages(FULL))

    def test_empty_pages(self):
        self._audit(self._pages(EMPTY))

    def test_pages_after_an_action(self):
        self._audit(self._pages(AFTER))

    def test_error_pages(self):
        self._audit(self._pages(ERROR))
