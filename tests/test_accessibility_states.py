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
from datetime import timedelta
from urllib.parse import urlparse

from odoo import Command, fields
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
# Supplier documents: a request answered (a document not applicable, with
# why), or sent without an answer (400)
DOCUMENTS_FORM = ".o_b2b_document_request_form"
SEND_DOCUMENTS = Submit(
    DOCUMENTS_FORM,
    ".o_b2b_document_request_sent",
    {"[name^=na_]": True, "[name^=reason_]": "We do not sell this product in the EU."},
)
SEND_NO_DOCUMENT = Submit(DOCUMENTS_FORM, ".o_b2b_document_request_errors")
# Order confirmation: a line confirmed as requested, a change outside the
# tolerance (it awaits our buyer), a quantity of zero or a requested date
# passed (the form back with why), a CSV refused (each row and why), all the
# lines of an order confirmed from its page
AS_REQUESTED = "form:has(.o_b2b_confirm_as_requested)"
LINE_FORM = ".o_b2b_order_line_form"
LINES_NOTICE = ".o_b2b_order_lines_notice"
LINE_ERRORS = ".o_b2b_order_line_errors"
CONFIRM_LINE = Submit(AS_REQUESTED, LINES_NOTICE)
PROPOSE_CHANGE = Submit(
    LINE_FORM,
    LINES_NOTICE,
    {"quantity_0": "1", "comment": f"Only one is left of {LONG_WORD}."},
)
ZERO_QUANTITY = Submit(LINE_FORM, LINE_ERRORS, {"quantity_0": "0"})
DATE_PASSED = Submit(AS_REQUESTED, LINE_ERRORS)
CSV_REFUSED = Submit(
    ".o_b2b_upload_csv",
    # the four mistakes of the file listed (not a file missing)
    ".o_b2b_order_lines_refused li + li + li + li",
    {"file": lambda t: t.refused_csv()},
)
CONFIRM_ORDER = Submit(
    "form:has(.o_b2b_confirm_order)", "#b2b_order_confirmation .alert-success"
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
    # the conversation the messages page embeds: Odoo's Discuss, as the frame
    # opens it
    P("conversation", "/discuss/channel/{t.channel.id}", "a1", FULL),
    P("address book", "/my/b2b/address-book", "a1", FULL),
    P("reminder preferences", "/my/b2b/reminders", "a1", FULL),
    P("contact request", "/my/b2b/contact-requests/{t.contact_request.id}", "a1", FULL),
    P("thread, signed link", lambda t: t.signed(t.thread), "contact", FULL),
    P("request, signed link", lambda t: t.signed(t.task), "contact", FULL),
    P("request form, signed", lambda t: t.signed(t.contact_request), "contact", FULL),
    P("pause reminders", lambda t: t.pause_url(t.supplier), "contact", FULL),
    P("login, a link followed signed out", "/my/b2b/tasks", "contact", FULL),
    P("document requests", "/my/b2b/document-requests", "a1", FULL),
    P(
        "document request",
        "/my/b2b/document-requests/{t.document_request.id}",
        "a1",
        FULL,
    ),
    P("documents on file", "/my/b2b/documents", "a1", FULL),
    P(
        "document request, signed",
        lambda t: t.signed(t.document_request),
        "contact",
        FULL,
    ),
    P(
        "documents on file, signed",
        lambda t: t.signed(t.document_request, "/documents"),
        "contact",
        FULL,
    ),
    P("open order lines", "/my/b2b/order-lines", "a1", FULL),
    # awaiting lines first: the other states on the second page
    P("open order lines, page 2", "/my/b2b/order-lines/page/2", "a1", FULL),
    P("order line", "/my/b2b/order-lines/line/{t.rejected_line.id}", "a1", FULL),
    P(
        "order line, change awaiting our buyer",
        "/my/b2b/order-lines/line/{t.proposed_line.id}",
        "a1",
        FULL,
    ),
    P("purchase order", "/my/purchase/{t.lines_order.id}", "a1", FULL),
    P(
        "open order lines, signed",
        lambda t: t.signed(t.order_line.b2b_confirmation_id),
        "contact",
        FULL,
    ),
    P("order line, signed", lambda t: t.signed_line(t.order_line), "contact", FULL),
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
    P("document requests, none", "/my/b2b/document-requests", "b1", EMPTY),
    P("documents on file, none", "/my/b2b/documents", "b1", EMPTY),
    P(
        "document request, just sent",
        lambda t: t.new_document_request().access_url,
        "a1",
        EMPTY,
    ),
    P("open order lines, none", "/my/b2b/order-lines", "b1", EMPTY),
    P(
        "order lines, nothing found",
        "/my/b2b/order-lines?search=zzz",
        "a1",
        EMPTY,
    ),
    P(
        "order lines, nothing found, signed",
        lambda t: t.signed(t.order_line.b2b_confirmation_id) + "&search=zzz",
        "contact",
        EMPTY,
    ),
    P(
        "purchase order, nothing to confirm",
        "/my/purchase/{t.confirmed_order.id}",
        "a1",
        EMPTY,
    ),
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
    P(
        "documents sent",
        lambda t: t.new_document_request().access_url,
        "a1",
        AFTER,
        SEND_DOCUMENTS,
    ),
    P(
        "documents sent, signed",
        lambda t: t.signed(t.new_document_request()),
        "contact",
        AFTER,
        SEND_DOCUMENTS,
    ),
    P(
        "no document sent",
        "/my/b2b/document-requests/{t.document_request.id}",
        "a1",
        AFTER,
        SEND_NO_DOCUMENT,
    ),
    P(
        "no document sent, signed",
        lambda t: t.signed(t.document_request),
        "contact",
        AFTER,
        SEND_NO_DOCUMENT,
    ),
    P(
        "order line confirmed",
        lambda t: t.line_url(t.new_order_line()),
        "a1",
        AFTER,
        CONFIRM_LINE,
    ),
    P(
        "order line confirmed, signed",
        lambda t: t.signed_line(t.new_order_line()),
        "contact",
        AFTER,
        CONFIRM_LINE,
    ),
    P(
        "change proposed",
        lambda t: t.line_url(t.new_order_line()),
        "a1",
        AFTER,
        PROPOSE_CHANGE,
    ),
    P(
        "change proposed, signed",
        lambda t: t.signed_line(t.new_order_line()),
        "contact",
        AFTER,
        PROPOSE_CHANGE,
    ),
    P(
        "quantity of zero refused",
        lambda t: t.line_url(t.order_line),
        "a1",
        AFTER,
        ZERO_QUANTITY,
    ),
    P(
        "quantity of zero refused, signed",
        lambda t: t.signed_line(t.order_line),
        "contact",
        AFTER,
        ZERO_QUANTITY,
    ),
    P(
        "requested date passed",
        lambda t: t.line_url(t.passed_line),
        "a1",
        AFTER,
        DATE_PASSED,
    ),
    P("CSV refused", "/my/b2b/order-lines", "a1", AFTER, CSV_REFUSED),
    P(
        "CSV refused, signed",
        lambda t: t.signed(t.order_line.b2b_confirmation_id),
        "contact",
        AFTER,
        CSV_REFUSED,
    ),
    P(
        "order confirmed on its page",
        lambda t: f"/my/purchase/{t.new_order_line().order_id.id}",
        "a1",
        AFTER,
        CONFIRM_ORDER,
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
    # a request withdrawn: the page an answer gets too (410)
    P(
        "document request withdrawn",
        lambda t: t.new_document_request(withdrawn=True).access_url,
        "a1",
        ERROR,
    ),
    P(
        "withdrawn, signed",
        lambda t: t.signed(t.new_document_request(withdrawn=True)),
        "contact",
        ERROR,
    ),
    # a line of an order cancelled since the email: why it cannot be answered
    P(
        "order line, order cancelled",
        lambda t: t.line_url(t.new_order_line(cancelled=True)),
        "a1",
        ERROR,
    ),
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
        cls._create_document_requests()
        cls._create_order_lines()

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
    def _create_document_requests(cls):
        """Supplier documents: more requests than a page shows, one with lines
        to send (one sent back with a reason), under review and accepted, and
        documents on file valid, expiring and expired."""
        Type = cls.env["b2b.document.type"]
        cls.reach = Type.create({"name": "REACH declaration", "validity_months": 12})
        iso = Type.create(
            {"name": "ISO 9001 certificate", "scope": "supplier", "validity_months": 36}
        )
        rohs = Type.create({"name": "RoHS declaration", "validity_months": 24})
        cmrt = Type.create({"name": "Conflict minerals report", "scope": "supplier"})
        coc = Type.create({"name": "Certificate of conformity", "scope": "supplier"})
        cls.plate = cls.env["product.template"].create(
            {
                "name": f"Steel plate {LONG_WORD}",
                "b2b_document_type_ids": [Command.set((cls.reach | rohs).ids)],
                "seller_ids": [Command.create({"partner_id": cls.supplier.id})],
            }
        )
        Request = cls.env["b2b.document.request"]
        cls.document_request = Request.create(
            {
                "partner_id": cls.supplier.id,
                "user_id": cls.buyer.id,
                "date_deadline": "2026-01-15",
                "note": f"For the Q1 orders of {LONG_WORD}.",
                "line_ids": [
                    Command.create(
                        {"product_tmpl_id": cls.plate.id, "document_type_id": t.id}
                    )
                    for t in (cls.reach, rohs)
                ]
                + [
                    Command.create({"document_type_id": t.id}) for t in (iso, cmrt, coc)
                ],
            }
        )
        cls.document_request.action_send()
        lines = cls.document_request.line_ids
        today = fields.Date.today()
        lines[1].write(
            {
                "state": "rejected",
                "rejection_reason": f"The declaration names {LONG_WORD}, not this.",
            }
        )
        lines[2].write(
            {
                "state": "answered",
                "date_issue": today,
                "attachment_ids": [
                    Command.create({"name": f"{LONG_WORD}.pdf", "raw": b"%PDF-1.4"})
                ],
            }
        )
        lines[3].write({"state": "not_applicable", "reason": "No such minerals."})
        lines[4].state = "accepted"
        cls.document_request.state = "partial"
        post_comment(
            cls.document_request, "Please send them by Friday.", user=cls.buyer
        )
        Document = cls.env["b2b.product.document"]
        for days in (400, 20, -10):
            Document.create(
                {
                    "supplier_id": cls.supplier.id,
                    "document_type_id": iso.id,
                    "date_issue": today - timedelta(days=700),
                    "date_valid_until": today + timedelta(days=days),
                    "attachment_ids": [
                        Command.create(
                            {"name": f"iso_{days}_{LONG_WORD}.pdf", "raw": b"%PDF-1.4"}
                        )
                    ],
                }
            )
        # more requests than a page of the list shows
        Request.create(
            [
                {
                    "partner_id": cls.supplier.id,
                    "state": "sent",
                    "line_ids": [Command.create({"document_type_id": cmrt.id})],
                }
                for __ in range(21)
            ]
        )

    @classmethod
    def _create_order_lines(cls):
        """Order confirmation: more open lines than a page shows, of products
        named without break opportunities, in every state (awaiting, a change
        awaiting our buyer, one not accepted, confirmed, late, requested for a
        day passed), and an order whose every line is confirmed."""
        Product = cls.env["product.product"]
        products = Product.create(
            [{"name": f"{LONG_WORD}_{n}", "default_code": f"RPV-{n}"} for n in range(3)]
            + [{"name": "Hex bolt M12"}, {"name": "Washer M12"}]
        )
        cls.long_product = products[0]
        orders = [
            cls._confirmed_order(
                [(products[n % len(products)], 10 + n) for n in range(15)]
            )
            for __ in range(3)
        ]
        cls.lines_order = orders[0]
        lines = cls.lines_order.order_line
        cls.order_line = lines[5]
        cls.proposed_line, cls.rejected_line, confirmed = lines[:3]
        cls._answer(cls.proposed_line, cls.proposed_line.product_qty / 2)
        cls._answer(cls.rejected_line, 1, f"Only one is left of {LONG_WORD}.")
        cls.rejected_line.b2b_confirmation_id._b2b_reject(
            f"We need them all: {LONG_WORD}."
        )
        cls._answer(confirmed)
        passed = cls._confirmed_order(
            [(cls.long_product, 4), (products[3], 8)], days=-20
        )
        late, cls.passed_line = passed.order_line
        cls._answer(late)
        cls.confirmed_order = cls._confirmed_order([(cls.long_product, 6)])
        cls._answer(cls.confirmed_order.order_line)

    @classmethod
    def _confirmed_order(cls, lines, days=10):
        """A purchase order of A (``[(product, quantity)]``) requested in
        ``days``, confirmed: its lines await A's confirmation."""
        planned = fields.Datetime.now().replace(hour=12, minute=0, second=0)
        planned += timedelta(days=days)
        order = cls.env["purchase.order"].create(
            {
                "partner_id": cls.supplier.id,
                "user_id": cls.buyer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": quantity,
                            "price_unit": 4.2,
                            "date_planned": planned,
                        }
                    )
                    for product, quantity in lines
                ],
            }
        )
        order.button_confirm()
        return order

    @classmethod
    def _answer(cls, line, quantity=None, comment=""):
        """A1 answers ``line``: as requested, or with ``quantity`` (outside
        the tolerance: a change that awaits our buyer)."""
        requested = line._b2b_local_date(line.b2b_date_requested or line.date_planned)
        rows = [(quantity or line.product_qty, requested)]
        cls.env["b2b.order.line.confirmation"].sudo()._b2b_answer(
            [(line, rows, comment)], cls.portal_user.partner_id, "portal"
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

    def signed(self, record, subpage=""):
        """The link of ``record`` (or of its ``subpage``) signed for A's
        contact without an account."""
        url = urlparse(record.sudo()._b2b_recipient_url(self.contact))
        path = f"{url.path}{subpage}"
        return f"{path}?{url.query}" if url.query else path

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

    def new_document_request(self, withdrawn=False):
        """A request of A for one document, sent; cancelled when ``withdrawn``."""
        request = self.env["b2b.document.request"].create(
            {
                "partner_id": self.supplier.id,
                "user_id": self.buyer.id,
                "line_ids": [
                    Command.create(
                        {"product_tmpl_id": self.plate.id, "document_type_id": t.id}
                    )
                    for t in self.reach
                ],
            }
        )
        request.action_send()
        if withdrawn:
            request.action_cancel()
        return request

    def line_url(self, line):
        return f"/my/b2b/order-lines/line/{line.id}"

    def signed_line(self, line):
        """The answer form of ``line`` signed for A's contact without an
        account."""
        return self.signed(line.b2b_confirmation_id, f"/line/{line.id}")

    def new_order_line(self, cancelled=False):
        """A line of a new order of A awaiting A's confirmation; of an order
        cancelled since when ``cancelled``."""
        order = self._confirmed_order([(self.long_product, 12)])
        if cancelled:
            order.button_cancel()
        return order.order_line

    def refused_csv(self):
        """A CSV of answers with mistakes: a quantity of zero for a day
        passed, a line under another order, no line number (the file a
        visitor picks: its name and text)."""
        lines = self.lines_order.order_line
        soon = fields.Date.to_string(fields.Date.today() + timedelta(days=30))
        rows = [
            "order,line,quantity,date",
            f"{lines[6].order_id.name},{lines[6].id},0,2020-01-15",
            f"P99999,{lines[7].id},5,{soon}",
            f"{lines[8].order_id.name},{LONG_WORD},5,{soon}",
        ]
        return ["open-order-lines.csv", "\n".join(rows) + "\n"]

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
