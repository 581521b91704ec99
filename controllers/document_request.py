# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import BadRequest, Forbidden, NotFound
from werkzeug.urls import url_encode

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.portal.utils import get_portal_partner

from ..models.porting import and_domains

REQUESTS_PER_PAGE = 20
DOCUMENTS_PER_PAGE = 40


class B2bDocumentRequestPortal(CustomerPortal):
    """The supplier's side of document requests: the page of a request (answer
    per line or with one file for several lines, not applicable with a reason),
    the list of its requests, its documents on file (with renewals sent before
    being asked) and the files it sent.

    The supplier's portal users reach them logged in (record rules decide); its
    person of contact without an account through the request's link signed for
    that very person (``pid``/``hash``, valid while a contact of the supplier),
    as contact requests. No GET changes anything; every POST checks the CSRF
    token, and bad input is refused with a 4xx page before anything is written.
    """

    # ------------------------------------------------------------------
    # HOME
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        Request = request.env["b2b.document.request"]
        Document = request.env["b2b.product.document"]
        supplier = request.env.user.partner_id.commercial_partner_id
        if "b2b_document_request_count" in counters:
            values["b2b_document_request_count"] = (
                Request.search_count(
                    [
                        ("partner_id", "=", supplier.id),
                        ("state", "in", ("sent", "partial")),
                    ]
                )
                if Request.has_access("read")
                else 0
            )
        if "b2b_document_count" in counters:
            values["b2b_document_count"] = (
                Document.search_count(
                    [("supplier_id", "=", supplier.id), ("is_current", "=", True)]
                )
                if Document.has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------
    # ACCESS
    # ------------------------------------------------------------------

    def _b2b_document_request(self, request_id, pid, signature, page=True):
        """The request (sudo) the visitor may see and the contact its link was
        signed for, else 404: a logged-in user by its own rights (record rules),
        an anonymous visitor only with a link signed for a contact who still
        belongs to the supplier (checked by ``_sign_token`` of
        ``b2b.signed.link.mixin``). A token alone opens nothing."""
        Partner = request.env["res.partner"]
        if not request.env.user._is_public():
            try:
                return (
                    self._document_check_access("b2b.document.request", request_id),
                    Partner,
                )
            except (AccessError, MissingError):
                raise NotFound() from None
        # sudo: nothing is shown or written before the signature is checked
        request_sudo = (
            request.env["b2b.document.request"].sudo().browse(request_id).exists()
        )
        if not (
            request_sudo and isinstance(signature, str) and str(pid or "").isdigit()
        ):
            raise NotFound()
        signed_partner = get_portal_partner(request_sudo, signature, int(pid), None)
        if not signed_partner:
            raise NotFound()
        if not page:
            return request_sudo, signed_partner
        # the page speaks the language of the contact the link was signed for
        request.env["ir.http"]._b2b_use_lang(
            signed_partner.lang or request_sudo.partner_id.lang
        )
        return request_sudo.with_context(lang=request.env.lang), signed_partner

    def _b2b_supplier_of_visitor(self):
        """The supplier company of a logged-in partner user; our users and
        visitors without an account have none here."""
        user = request.env.user
        if user._is_public() or user._is_internal():
            return request.env["res.partner"]
        return user.partner_id.commercial_partner_id

    def _b2b_signed_query(self, signed_partner, request_sudo, **params):
        """The query string of a link on a page opened by a signed link (it
        keeps the signature), or of a plain one."""
        if signed_partner:
            params.update(
                pid=signed_partner.id, hash=request_sudo._sign_token(signed_partner.id)
            )
        return f"?{url_encode(params)}" if params else ""

    def _b2b_uploaded_files(self):
        """``{field name: (file name, data)}`` of the files the form sent; data
        read up to one byte past the size limit (enough to refuse a larger
        file); a file input left empty is no file."""
        limit = request.env["b2b.document.upload"]._b2b_max_size()
        files = {}
        for name, storage in request.httprequest.files.items():
            data = storage.read(limit + 1)
            if storage.filename or data:
                files[name] = (storage.filename or "", data)
        return files

    @staticmethod
    def _b2b_form_values(post):
        """The form's text fields (the files are read apart)."""
        return {key: value for key, value in post.items() if isinstance(value, str)}

    # ------------------------------------------------------------------
    # REQUESTS
    # ------------------------------------------------------------------

    def _b2b_request_filters(self):
        return {
            "open": {
                "label": _("To send"),
                "domain": [("state", "in", ("sent", "partial"))],
            },
            "all": {"label": _("All"), "domain": []},
            "answered": {
                "label": _("Under review"),
                "domain": [("state", "=", "answered")],
            },
            "done": {"label": _("Done"), "domain": [("state", "=", "done")]},
        }

    @http.route(
        ["/my/b2b/document-requests", "/my/b2b/document-requests/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_b2b_document_requests(self, page=1, filterby=None, **kw):
        filters = self._b2b_request_filters()
        filterby = filterby or "open"
        if filterby not in filters:
            raise BadRequest(_("Unknown option: %(value)s", value=filterby))
        Request = request.env["b2b.document.request"]
        supplier = self._b2b_supplier_of_visitor()
        domain = and_domains(
            [[("partner_id", "=", supplier.id)], filters[filterby]["domain"]]
        )
        total = Request.search_count(domain) if Request.has_access("read") else 0
        pager = portal_pager(
            url="/my/b2b/document-requests",
            total=total,
            page=page,
            step=REQUESTS_PER_PAGE,
            url_args={"filterby": filterby},
        )
        requests = (
            Request.search(
                domain,
                order="date_deadline asc nulls last, id desc",
                limit=REQUESTS_PER_PAGE,
                offset=pager["offset"],
            )
            if total
            else Request
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "b2b_document_requests": requests,
                "page_name": "b2b_document_requests",
                "pager": pager,
                "filterby": filterby,
                "searchbar_filters": filters,
                "searchbar_sortings": {},
                "default_url": "/my/b2b/document-requests",
            }
        )
        return request.render(
            "b2b_communication.portal_my_b2b_document_requests", values
        )

    @http.route(
        "/my/b2b/document-requests/<int:request_id>",
        type="http",
        auth="public",
        website=True,
    )
    def portal_b2b_document_request(self, request_id, **kw):
        request_sudo, signed_partner = self._b2b_document_request(
            request_id, kw.get("pid"), kw.get("hash")
        )
        return self._b2b_render_request(
            request_sudo, signed_partner, message=kw.get("message")
        )

    def _b2b_render_request(self, request_sudo, signed_partner, status=200, **values):
        """The page of a request; ``values``: ``errors`` and ``post`` (the form
        as sent) after a refused answer, ``message`` after an accepted one."""
        today = fields.Date.context_today(request_sudo)
        user = request.env.user
        page_values = {
            "doc_request": request_sudo,
            "line_groups": request_sudo._b2b_portal_line_groups(),
            "blocker": request_sudo._b2b_answer_blocker(),
            "read_only": user._is_internal(),
            "signed_partner": signed_partner,
            "signed": (
                {
                    "pid": signed_partner.id,
                    "hash": request_sudo._sign_token(signed_partner.id),
                }
                if signed_partner
                else {}
            ),
            "signed_query": self._b2b_signed_query(signed_partner, request_sudo),
            "today": today,
            "upload_hint": _(
                "Attach a file to each document, or one file covering several "
                "(below), with its dates; or mark a document as not applicable. "
                "Documents you leave empty stay open: send them later. PDF or "
                "images (PNG, JPEG), at most %(size)s MB each.",
                size=request.env["b2b.document.upload"]._b2b_max_size_label(),
            ),
            "errors": [],
            "post": {},
            "message": None,
            "page_name": "b2b_document_request",
            **values,
        }
        page_values = self._get_page_view_values(
            request_sudo,
            None,
            page_values,
            "my_b2b_document_requests_history",
            False,
            **page_values["signed"],
        )
        if signed_partner:
            # the chatter reads and posts as the signed contact (pid/hash), never
            # with a token that would outlive the person's link
            page_values.pop("token", None)
            page_values["b2b_signed_partner"] = signed_partner
        return request.render(
            "b2b_communication.portal_b2b_document_request", page_values, status=status
        )

    @http.route(
        "/my/b2b/document-requests/<int:request_id>/answer",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_b2b_document_request_answer(self, request_id, **post):
        pid, signature = post.pop("pid", None), post.pop("hash", None)
        request_sudo, signed_partner = self._b2b_document_request(
            request_id, pid, signature
        )
        if request.env.user._is_internal():
            # our users see the supplier's page; the supplier answers
            raise Forbidden()
        blocker = request_sudo._b2b_answer_blocker()
        if blocker:
            return self._b2b_render_request(request_sudo, signed_partner, status=410)
        form = self._b2b_form_values(post)
        answers, uploads, errors = request_sudo._b2b_parse_answer(
            form, self._b2b_uploaded_files()
        )
        if errors:
            return self._b2b_render_request(
                request_sudo,
                signed_partner,
                status=request.env["b2b.document.upload"]._b2b_error_status(errors),
                errors=[message for _status, message in errors],
                post=form,
            )
        author = signed_partner or request.env.user.partner_id
        # sudo: access checked above (record rule of the supplier's portal users
        # or the link signed for its contact); the answer only writes the lines
        # of this very request and files checked by _b2b_parse_answer
        if not request_sudo._b2b_submit_answer(answers, uploads, author):
            # the same form sent twice at once: the first one answered
            return self._b2b_render_request(
                request_sudo,
                signed_partner,
                status=409,
                errors=[_("These documents were sent already. Thank you!")],
            )
        query = self._b2b_signed_query(signed_partner, request_sudo, message="sent")
        return request.redirect(f"{request_sudo.access_url}{query}")

    @http.route(
        "/my/b2b/document-requests/<int:request_id>/files/<int:attachment_id>",
        type="http",
        auth="public",
    )
    def portal_b2b_document_request_file(self, request_id, attachment_id, **kw):
        """A file the supplier sent for this request, as a download."""
        request_sudo, _signed_partner = self._b2b_document_request(
            request_id, kw.get("pid"), kw.get("hash"), page=False
        )
        attachment_sudo = request_sudo.line_ids.attachment_ids.filtered(
            lambda attachment: attachment.id == attachment_id
        )
        return self._b2b_file_response(attachment_sudo)

    def _b2b_file_response(self, attachment_sudo):
        """Always a download (never shown inline by the browser) of a file a
        supplier sent; accepted types only (PDF and images by default)."""
        if not attachment_sudo:
            raise NotFound()
        stream = request.env["ir.binary"]._get_stream_from(attachment_sudo)
        response = stream.get_response(as_attachment=True)
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    # ------------------------------------------------------------------
    # DOCUMENTS ON FILE
    # ------------------------------------------------------------------

    def _b2b_document_filters(self):
        return {
            "all": {"label": _("All"), "domain": []},
            "valid": {"label": _("Valid"), "domain": [("state", "=", "valid")]},
            "expiring": {
                "label": _("Expiring soon"),
                "domain": [("state", "=", "expiring")],
            },
            "expired": {"label": _("Expired"), "domain": [("state", "=", "expired")]},
        }

    @http.route(
        ["/my/b2b/documents", "/my/b2b/documents/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_b2b_documents(self, page=1, filterby=None, **kw):
        supplier = self._b2b_supplier_of_visitor()
        if not supplier:
            raise NotFound()
        return self._b2b_render_documents(
            supplier, page, filterby, message=kw.get("message")
        )

    @http.route(
        [
            "/my/b2b/document-requests/<int:request_id>/documents",
            "/my/b2b/document-requests/<int:request_id>/documents/page/<int:page>",
        ],
        type="http",
        auth="public",
        website=True,
    )
    def portal_b2b_signed_documents(self, request_id, page=1, filterby=None, **kw):
        """The documents on file of a contact without an account, reached from
        a request's page by its signed link."""
        request_sudo, signed_partner = self._b2b_document_request(
            request_id, kw.get("pid"), kw.get("hash")
        )
        if not signed_partner:
            # a logged-in user reads the page of its own company
            return request.redirect("/my/b2b/documents")
        return self._b2b_render_documents(
            request_sudo.partner_id,
            page,
            filterby,
            signed_request=request_sudo,
            signed_partner=signed_partner,
            message=kw.get("message"),
        )

    def _b2b_render_documents(
        self,
        supplier,
        page,
        filterby,
        signed_request=None,
        signed_partner=None,
        status=200,
        **values,
    ):
        """The documents on file of ``supplier`` (current ones, by validity)
        and what we sent back; read as the visitor, or for a signed contact
        with the portal rules' domain."""
        filters = self._b2b_document_filters()
        filterby = filterby or "all"
        if filterby not in filters:
            raise BadRequest(_("Unknown option: %(value)s", value=filterby))
        Document = request.env["b2b.product.document"]
        Line = request.env["b2b.document.request.line"]
        if signed_partner:
            # sudo: the visitor holds a link signed for a contact of this
            # supplier; the domains below are those of the portal rules
            Document, Line = Document.sudo(), Line.sudo()
        domain = and_domains(
            [
                [("supplier_id", "=", supplier.id), ("is_current", "=", True)],
                filters[filterby]["domain"],
            ]
        )
        line_domain = [
            ("partner_id", "=", supplier.id),
            ("state", "=", "rejected"),
            ("request_id.state", "in", ("sent", "partial")),
        ]
        if signed_request:
            # the company of the request the link was signed for (a portal
            # user's own companies apply through the multi-company rules)
            company = [("company_id", "=", signed_request.company_id.id)]
            domain = and_domains([domain, company])
            line_domain = and_domains([line_domain, company])
        base_url = (
            f"/my/b2b/document-requests/{signed_request.id}/documents"
            if signed_request
            else "/my/b2b/documents"
        )
        signed_query = (
            self._b2b_signed_query(signed_partner, signed_request)
            if signed_request
            else ""
        )
        total = Document.search_count(domain)
        pager = portal_pager(
            url=base_url,
            total=total,
            page=page,
            step=DOCUMENTS_PER_PAGE,
            url_args={
                "filterby": filterby,
                **dict(self._b2b_signed_params(signed_partner, signed_request)),
            },
        )
        documents = Document.search(
            domain,
            order="date_valid_until asc nulls last, id",
            limit=DOCUMENTS_PER_PAGE,
            offset=pager["offset"],
        ).sudo()
        rejected = Line.search(line_domain).sudo()
        page_values = self._prepare_portal_layout_values()
        page_values.update(
            {
                "b2b_supplier": supplier,
                "intro": _(
                    "What %(supplier)s sent us, with its validity. Send a new "
                    "document before one expires: it goes to our review.",
                    supplier=supplier.name,
                ),
                "b2b_documents": documents,
                "b2b_rejected_lines": rejected,
                "b2b_under_review": documents._b2b_keys_under_review(),
                "signed_request": signed_request,
                "signed_partner": signed_partner,
                "signed": dict(self._b2b_signed_params(signed_partner, signed_request)),
                "signed_query": signed_query,
                "can_renew": not request.env.user._is_internal(),
                "today": fields.Date.context_today(Document),
                "pager": pager,
                "filterby": filterby,
                "searchbar_filters": filters,
                "searchbar_sortings": {},
                "default_url": base_url,
                "page_name": "b2b_documents",
                "no_breadcrumbs": bool(signed_partner),
                "errors": [],
                "post": {},
                "message": None,
                **values,
            }
        )
        return request.render(
            "b2b_communication.portal_b2b_documents", page_values, status=status
        )

    def _b2b_signed_params(self, signed_partner, signed_request):
        if not signed_partner:
            return []
        return [
            ("pid", signed_partner.id),
            ("hash", signed_request._sign_token(signed_partner.id)),
        ]

    def _b2b_document_on_file_access(
        self, document_id, request_id=None, pid=None, signature=None, page=True
    ):
        """The document on file (sudo) the visitor may see, the partner acting
        and, for a signed link, the request it came through: a logged-in
        user by its own rights (record rules), an anonymous visitor with the
        link of a request of the same supplier signed for its contact."""
        Document = request.env["b2b.product.document"]
        if not request.env.user._is_public():
            document = Document.browse(document_id)
            try:
                document.check_access("read")
                document_sudo = document.sudo().exists()
            except (AccessError, MissingError):
                raise NotFound() from None
            if not document_sudo:
                raise NotFound()
            return document_sudo, request.env.user.partner_id, None
        if not str(request_id or "").isdigit():
            raise NotFound()
        request_sudo, signed_partner = self._b2b_document_request(
            int(request_id), pid, signature, page=page
        )
        # sudo: the signed link opens the documents of its request's supplier
        # (in the request's company)
        document_sudo = Document.sudo().browse(document_id).exists()
        if not document_sudo or (
            document_sudo.supplier_id != request_sudo.partner_id
            or document_sudo.company_id != request_sudo.company_id
        ):
            raise NotFound()
        return document_sudo, signed_partner, request_sudo

    @http.route(
        "/my/b2b/documents/<int:document_id>/files/<int:attachment_id>",
        type="http",
        auth="public",
    )
    def portal_b2b_document_file(self, document_id, attachment_id, **kw):
        """A file of a document on file, as a download."""
        document_sudo, _author, _signed_request = self._b2b_document_on_file_access(
            document_id, kw.get("request_id"), kw.get("pid"), kw.get("hash"), page=False
        )
        attachment_sudo = document_sudo.attachment_ids.filtered(
            lambda attachment: attachment.id == attachment_id
        )
        return self._b2b_file_response(attachment_sudo)

    @http.route(
        "/my/b2b/documents/<int:document_id>/renew",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_b2b_document_renew(self, document_id, **post):
        """A renewal sent before being asked: it goes to review like an answer."""
        request_id, pid = post.pop("request_id", None), post.pop("pid", None)
        signature = post.pop("hash", None)
        document_sudo, author, signed_request = self._b2b_document_on_file_access(
            document_id, request_id, pid, signature
        )
        if request.env.user._is_internal():
            raise Forbidden()
        signed_partner = author if signed_request else None
        form = self._b2b_form_values(post)
        answer, uploads, errors = document_sudo._b2b_parse_renewal(
            form, self._b2b_uploaded_files()
        )
        line = None
        if not errors:
            # sudo: access checked above (the supplier's own document, by its
            # rules or a signed link); the renewal answers or creates a request
            # of that supplier only
            line = document_sudo._b2b_submit_renewal(answer, uploads, author)
            if not line:
                errors = [(409, _("This renewal was sent already. Thank you!"))]
        if errors:
            return self._b2b_render_documents(
                document_sudo.supplier_id,
                1,
                None,
                signed_request=signed_request,
                signed_partner=signed_partner,
                status=request.env["b2b.document.upload"]._b2b_error_status(errors),
                errors=[message for _status, message in errors],
                post={**form, "document_id": document_sudo.id},
            )
        if signed_request:
            query = self._b2b_signed_query(
                signed_partner, signed_request, message="renewal"
            )
            return request.redirect(
                f"/my/b2b/document-requests/{signed_request.id}/documents{query}"
            )
        return request.redirect("/my/b2b/documents?message=renewal")
