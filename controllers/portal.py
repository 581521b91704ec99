# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import BadRequest, NotFound
from werkzeug.urls import url_encode

from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.portal.utils import get_portal_partner

THREADS_PER_PAGE = 20
TASKS_PER_PAGE = 20


class B2bPortal(CustomerPortal):
    """Portal pages of the partner company: shared threads and tasks.

    Records are always searched and read as the portal user, so record rules decide
    what is shown; the few writes a partner may do (mark a task done, ask a
    question) happen after an explicit access check.
    """

    # ------------------------------------------------------------------
    # HOME
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        Thread = request.env["b2b.thread"]
        Task = request.env["b2b.task"]
        if "b2b_thread_count" in counters:
            values["b2b_thread_count"] = (
                Thread.search_count([]) if Thread.has_access("read") else 0
            )
        if "b2b_task_count" in counters:
            values["b2b_task_count"] = (
                Task.search_count([("is_closed", "=", False)])
                if Task.has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------
    # ACCESS
    # ------------------------------------------------------------------

    def _document_check_access(self, model_name, document_id, access_token=None):
        """A token opens a thread or task only while it is shared, and only to
        an anonymous visitor: a logged-in user (say a partner user who moved to
        a competitor and kept an old link) gets what their rights give."""
        document_sudo = super()._document_check_access(
            model_name, document_id, access_token
        )
        share_mixin = request.env.registry["b2b.partner.share.mixin"]
        if isinstance(document_sudo, share_mixin) and not (
            document_sudo._b2b_is_shared() and request.env.user._is_public()
        ):
            # raises for anyone whose own rights do not open it: the token is dead
            request.env[model_name].browse(document_id).check_access("read")
        return document_sudo

    def _b2b_opens_by_rights(self, record):
        """Whether the visitor's own rights (record rules) open the record."""
        user = request.env.user
        return not user._is_public() and record.with_user(user).has_access("read")

    def _b2b_record_url(self, record, access_token=None, query=None):
        """The page of a record as a link for this visitor: plain for users whose
        rights open it, with the token only for a visitor who came with it."""
        params = dict(query or {})
        if access_token and not self._b2b_opens_by_rights(record):
            params["access_token"] = access_token
        url = record.access_url
        return f"{url}?{url_encode(params)}" if params else url

    def _b2b_plain_page_redirect(self, record):
        """A user whose own rights open the page gets it without the token in the
        address bar: a link copied from there is no capability."""
        args = request.httprequest.args
        query = {key: args[key] for key in args if key != "access_token"}
        return request.redirect(self._b2b_record_url(record, query=query))

    # ------------------------------------------------------------------
    # SEARCH BARS (labels are translated at call time)
    # ------------------------------------------------------------------

    def _b2b_thread_sortings(self):
        return {
            "date": {"label": _("Newest"), "order": "create_date desc, id desc"},
            "name": {"label": _("Reference"), "order": "name asc, id asc"},
            "subject": {"label": _("Subject"), "order": "subject asc, id asc"},
            "state": {"label": _("Status"), "order": "state asc, id desc"},
        }

    def _b2b_thread_filters(self):
        return {
            "all": {"label": _("All"), "domain": []},
            "open": {"label": _("Open"), "domain": [("is_open", "=", True)]},
            "waiting": {
                "label": _("Awaiting your decision"),
                "domain": [("state", "=", "waiting")],
            },
            "confirmed": {
                "label": _("Confirmed"),
                "domain": [("state", "=", "confirmed")],
            },
            "done": {"label": _("Closed"), "domain": [("state", "=", "done")]},
            "cancelled": {
                "label": _("Cancelled"),
                "domain": [("state", "=", "cancelled")],
            },
        }

    def _b2b_task_sortings(self):
        return {
            "deadline": {
                "label": _("Deadline"),
                "order": "date_deadline asc nulls last, id desc",
            },
            "date": {"label": _("Newest"), "order": "create_date desc, id desc"},
            "name": {"label": _("Subject"), "order": "name asc, id asc"},
            "state": {"label": _("Status"), "order": "state asc, id desc"},
        }

    def _b2b_task_filters(self):
        return {
            "open": {"label": _("Open"), "domain": [("is_closed", "=", False)]},
            "all": {"label": _("All"), "domain": []},
            "overdue": {"label": _("Overdue"), "domain": [("is_overdue", "=", True)]},
            "done": {"label": _("Done"), "domain": [("state", "=", "done")]},
            "cancelled": {
                "label": _("Cancelled"),
                "domain": [("state", "=", "cancelled")],
            },
        }

    def _b2b_check_choice(self, value, choices, default):
        """Unknown sort or filter keys are bad input: answer 400, not a traceback."""
        value = value or default
        if value not in choices:
            raise BadRequest(_("Unknown option: %(value)s", value=value))
        return value

    def _b2b_list_options(self, model):
        """Sortings, filters, default sort and filter, page size of a portal list."""
        if model == "b2b.thread":
            sortings, filters = self._b2b_thread_sortings(), self._b2b_thread_filters()
            return sortings, filters, "date", "all", THREADS_PER_PAGE
        sortings, filters = self._b2b_task_sortings(), self._b2b_task_filters()
        return sortings, filters, "deadline", "open", TASKS_PER_PAGE

    def _b2b_list_page(self, model, page, sortby, filterby, search):
        """The portal list of ``model`` (threads or tasks): one page of it,
        searched, sorted and filtered as its search bar asks."""
        kind = model.replace(".", "_") + "s"  # b2b_threads, b2b_tasks
        values, records = self._b2b_list_values(model, page, sortby, filterby, search)
        values.update({kind: records, "page_name": kind})
        return request.render(f"b2b_communication.portal_my_{kind}", values)

    def _b2b_list_values(self, model, page, sortby, filterby, search):
        url = "/my/" + model.replace(".", "/") + "s"  # /my/b2b/threads
        sortings, filters, default_sort, default_filter, step = self._b2b_list_options(
            model
        )
        sortby = self._b2b_check_choice(sortby, sortings, default_sort)
        filterby = self._b2b_check_choice(filterby, filters, default_filter)
        domain = list(filters[filterby]["domain"])
        if search:
            search_fields = ["name", "subject"] if model == "b2b.thread" else ["name"]
            domain += ["|"] * (len(search_fields) - 1) + [
                (field, "ilike", search) for field in search_fields
            ]
        Model = request.env[model]
        total = Model.search_count(domain)
        pager = portal_pager(
            url=url,
            total=total,
            page=page,
            step=step,
            url_args={"sortby": sortby, "filterby": filterby, "search": search or ""},
        )
        records = Model.search(
            domain, order=sortings[sortby]["order"], limit=step, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "pager": pager,
                "sortby": sortby,
                "filterby": filterby,
                "search": search or "",
                "search_in": "all",
                "searchbar_sortings": sortings,
                "searchbar_filters": filters,
                "searchbar_inputs": {"all": {"input": "all", "label": _("Search")}},
                "default_url": url,
            }
        )
        return values, records

    # ------------------------------------------------------------------
    # ACCESS (record rules, access token, or a link signed for a contact)
    # ------------------------------------------------------------------

    def _b2b_document_access(self, model_name, record_id, access_token, **kw):
        """Return (record sudo, signed partner) or raise NotFound.

        Besides Odoo's access check (record rules, access token), accept a link
        signed for one contact of the partner company (``pid``/``hash``, as in
        Odoo's portal emails): ``_sign_token`` only signs for a contact of the
        partner company while the record is shared, so that link dies when either
        stops. The signed partner is who acts on the page (mark done, question).
        """
        try:
            record_sudo = self._document_check_access(
                model_name, record_id, access_token
            )
        except MissingError:
            raise NotFound() from None
        except AccessError:
            record_sudo = None
        # sudo: the record exists (checked above); access is granted below only
        # by the signature of the link
        signed_sudo = request.env[model_name].sudo().browse(record_id)
        signed_partner = request.env["res.partner"]
        pid, signature = kw.get("pid"), kw.get("hash")
        if request.env.user._is_public() and signature and str(pid or "").isdigit():
            signed_partner = get_portal_partner(signed_sudo, signature, int(pid), None)
        if not record_sudo and not signed_partner:
            raise NotFound()
        if signed_partner:
            # the page speaks the language of the contact the link was signed for
            request.env["ir.http"]._b2b_use_lang(signed_partner.lang)
            signed_sudo = signed_sudo.with_context(lang=request.env.lang)
            record_sudo = record_sudo and record_sudo.with_context(
                lang=request.env.lang
            )
        return record_sudo or signed_sudo, signed_partner

    def _b2b_signed_thread_records(self, thread_sudo):
        """Tasks and communications of a thread opened through a signed link: what
        the portal record rules show the partner company's users, no more."""
        partner = thread_sudo.commercial_partner_id
        # sudo: the visitor has no user; the domains are those of the portal rules
        tasks = (
            request.env["b2b.task"]
            .sudo()
            .search(
                [
                    ("thread_id", "=", thread_sudo.id),
                    ("is_shared", "=", True),
                    ("commercial_partner_id", "=", partner.id),
                ]
            )
        )
        # sudo: as above, the domain is the portal rule's (shared communications)
        communications = (
            request.env["b2b.communication"]
            .sudo()
            .search([("thread_id", "=", thread_sudo.id), ("is_shared", "=", True)])
        )
        return tasks, communications

    def _b2b_signed_page_values(self, values, record_sudo, signed_partner):
        """The chatter of a page opened through a signed link reads the public
        messages and posts as the signed partner with that link's ``pid`` and
        ``hash`` (already in ``values``), never with the record's token: a
        bearer token in the page would outlive the person's link."""
        if signed_partner:
            values.pop("token", None)
            values["b2b_signed_partner"] = signed_partner
        return values

    def _b2b_record_page(self, model, record_id, access_token, **kw):
        """The portal page of a thread or task; a partner user who came with a
        token is sent to the plain page (the address bar keeps no capability)."""
        record_sudo, signed_partner = self._b2b_document_access(
            model, record_id, access_token, **kw
        )
        if access_token and self._b2b_opens_by_rights(record_sudo):
            return self._b2b_plain_page_redirect(record_sudo)
        if model == "b2b.thread":
            values = self._b2b_thread_page_values(
                record_sudo, access_token, signed_partner=signed_partner, **kw
            )
        else:
            values = self._b2b_task_page_values(record_sudo, access_token, **kw)
        self._b2b_signed_page_values(values, record_sudo, signed_partner)
        template = model.replace(".", "_")  # b2b_thread, b2b_task
        return request.render(f"b2b_communication.portal_my_{template}", values)

    # ------------------------------------------------------------------
    # THREADS
    # ------------------------------------------------------------------

    @http.route(
        ["/my/b2b/threads", "/my/b2b/threads/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_b2b_threads(
        self, page=1, sortby=None, filterby=None, search=None, **kw
    ):
        return self._b2b_list_page("b2b.thread", page, sortby, filterby, search)

    @http.route(
        ["/my/b2b/threads/<int:thread_id>"], type="http", auth="public", website=True
    )
    def portal_my_b2b_thread(self, thread_id, access_token=None, **kw):
        return self._b2b_record_page("b2b.thread", thread_id, access_token, **kw)

    def _b2b_thread_page_values(
        self, thread_sudo, access_token, signed_partner=None, **kw
    ):
        # tasks and communications of the thread that the partner may see, read
        # as the visitor so that record rules apply (a visitor with the thread's
        # link only sees none; one with a signed link what the portal rules show)
        if signed_partner:
            tasks, communications = self._b2b_signed_thread_records(thread_sudo)
        else:
            Task = request.env["b2b.task"]
            Communication = request.env["b2b.communication"]
            # a task's thread is for our users only (it may be internal):
            # the thread's tasks, searched as the visitor among their ids
            tasks = (
                Task.search([("id", "in", thread_sudo.task_ids.ids)])
                if Task.has_access("read")
                else Task
            )
            communications = (
                Communication.search([("thread_id", "=", thread_sudo.id)])
                if Communication.has_access("read")
                else Communication
            )
        values = {
            "b2b_thread": thread_sudo,
            "b2b_tasks": tasks,
            "b2b_communications": communications,
            "b2b_documents": self._b2b_thread_portal_documents(thread_sudo),
            "page_name": "b2b_thread",
        }
        return self._get_page_view_values(
            thread_sudo, access_token, values, "my_b2b_threads_history", False, **kw
        )

    # ------------------------------------------------------------------
    # TASKS
    # ------------------------------------------------------------------

    @http.route(
        ["/my/b2b/tasks", "/my/b2b/tasks/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_b2b_tasks(
        self, page=1, sortby=None, filterby=None, search=None, **kw
    ):
        return self._b2b_list_page("b2b.task", page, sortby, filterby, search)

    @http.route(
        ["/my/b2b/tasks/<int:task_id>"], type="http", auth="public", website=True
    )
    def portal_my_b2b_task(self, task_id, access_token=None, **kw):
        return self._b2b_record_page("b2b.task", task_id, access_token, **kw)

    def _b2b_task_page_values(self, task_sudo, access_token, **kw):
        # sudo: still sudo (access was checked by _document_check_access), but as
        # the visitor, not the superuser: the description renders as the visitor
        # may see it
        task_sudo = task_sudo.with_user(request.env.user).sudo()
        values = {
            "b2b_task": task_sudo,
            "page_name": "b2b_task",
            "can_answer": task_sudo.state not in ("done", "cancelled"),
            "b2b_message": kw.get("b2b_message"),
        }
        return self._get_page_view_values(
            task_sudo, access_token, values, "my_b2b_tasks_history", False, **kw
        )

    def _b2b_task_for_answer(self, task_id, access_token, **kw):
        """The task to answer and who answers: the signed contact, else the
        visitor's partner."""
        task_sudo, signed_partner = self._b2b_document_access(
            "b2b.task", task_id, access_token, **kw
        )
        if task_sudo.state in ("done", "cancelled"):
            raise BadRequest(_("This task is closed."))
        return task_sudo, signed_partner or request.env.user.partner_id

    def _b2b_task_answered_url(self, task_sudo, message, access_token=None, **kw):
        """Back to the task page: with the signed link when the visitor used one,
        with the token only for a visitor who came with it, else plain."""
        if kw.get("pid") and kw.get("hash") and request.env.user._is_public():
            query = url_encode(
                {"pid": kw["pid"], "hash": kw["hash"], "b2b_message": message}
            )
            return f"{task_sudo.access_url}?{query}"
        return self._b2b_record_url(task_sudo, access_token, {"b2b_message": message})

    @http.route(
        ["/my/b2b/tasks/<int:task_id>/done"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_b2b_task_done(self, task_id, access_token=None, **kw):
        task_sudo, author = self._b2b_task_for_answer(task_id, access_token, **kw)
        # sudo: the visitor may read the task (checked above, by record rules or
        # by its access token); marking it done is the one write we allow
        task_sudo.action_done()
        task_sudo.message_post(
            body=_("Marked as done by %(name)s.", name=author.name),
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return request.redirect(
            self._b2b_task_answered_url(task_sudo, "done", access_token, **kw)
        )

    @http.route(
        ["/my/b2b/tasks/<int:task_id>/question"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_b2b_task_question(self, task_id, question=None, access_token=None, **kw):
        task_sudo, author = self._b2b_task_for_answer(task_id, access_token, **kw)
        question = (question or "").strip()
        if not question:
            values = self._b2b_task_page_values(task_sudo, access_token, **kw)
            if author != request.env.user.partner_id:  # came with a signed link
                self._b2b_signed_page_values(values, task_sudo, author)
            values["b2b_error"] = _("Please write your question.")
            return request.render(
                "b2b_communication.portal_my_b2b_task", values, status=400
            )
        # sudo: checked access above; the question is a public message (never a
        # note) authored by the visitor's partner
        task_sudo.message_post(
            body=question,
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return request.redirect(
            self._b2b_task_answered_url(task_sudo, "question", access_token, **kw)
        )
