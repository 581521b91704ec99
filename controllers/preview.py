# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class B2bPreviewAsPartner(CustomerPortal):
    """*Preview as partner* of the back office: the portal page of a thread or
    task rendered as one portal user of its partner company sees it, for our
    B2B users who may read the record; it shows only what both the portal user
    and the previewing user may read (tasks, calls, documents, mentions)."""

    def _b2b_preview_user(self, record):
        """A portal user of the record's partner company, to render as."""
        if not request.env.user.has_group("b2b_communication.group_b2b_user"):
            raise Forbidden()
        record.check_access("read")
        partner = record._b2b_share_partner()
        # sudo: an internal B2B user who may read the record picks one portal user
        # of its partner company to render the page as; nothing is written
        return (
            request.env["res.users"]
            .sudo()
            .search(
                [("share", "=", True), ("partner_id", "child_of", partner.id)],
                limit=1,
                order="id",
            )
        )

    def _b2b_public_messages(self, record):
        """The messages partner users see: Odoo's own portal domain."""
        # sudo: the record's access was checked by the caller; the domain keeps
        # only public messages (no log note, no internal subtype)
        return (
            request.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", record._name),
                    ("res_id", "=", record.id),
                    ("message_type", "in", ("comment", "email", "email_outgoing")),
                    ("is_internal", "=", False),
                    ("subtype_id.internal", "=", False),
                ],
                order="id desc",
            )
        )

    def _b2b_forget_descriptions(self):
        """Descriptions are computed again for the preview (cached per user,
        not per previewing user: see b2b.mention.mixin)."""
        for model in ("b2b.thread", "b2b.task", "b2b.communication"):
            request.env[model].invalidate_model(["description_portal"])

    def _b2b_also_mine(self, records):
        """The records of ``records`` (read as the portal user) that the
        previewing user may read too, still read as the portal user: the
        preview shows only what both may read."""
        readable = records.with_env(request.env)._filtered_access("read")
        return records.browse(readable.ids)

    def _b2b_documents_also_mine(self, rows):
        """The document rows of the preview that the previewing user may read
        too (a B2B user without sales rights sees no sales order)."""
        by_model = {}
        for row in rows:
            by_model.setdefault(row["document"]._name, []).append(row["document"].id)
        readable = set()
        for model, ids in by_model.items():
            documents = request.env[model].browse(ids)._filtered_access("read")
            readable.update((model, document_id) for document_id in documents.ids)
        return [
            row
            for row in rows
            if (row["document"]._name, row["document"].id) in readable
        ]

    @http.route(
        ["/my/b2b/threads/<int:thread_id>/preview"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_b2b_thread_preview(self, thread_id, **kw):
        thread = request.env["b2b.thread"].browse(thread_id).exists()
        if not thread:
            raise NotFound()
        portal_user = self._b2b_preview_user(thread)
        values = {"preview": True, "preview_user": portal_user}
        if portal_user and thread.with_user(portal_user).has_access("read"):
            # sudo on records read as the portal user: env.user stays the portal
            # user, so descriptions render as that user sees them, restricted
            # to what the previewing user may read too (b2b_preview_uid)
            portal_env = request.env(
                user=portal_user,
                context=dict(request.env.context, b2b_preview_uid=request.env.uid),
            )
            visible = thread.with_env(portal_env)
            values.update(
                {
                    "b2b_thread": visible.sudo(),
                    # sudo: searched as the portal user (its record rules),
                    # kept when the previewing user may read them too, then
                    # read in sudo to render what both may see
                    "b2b_tasks": self._b2b_also_mine(
                        portal_env["b2b.task"].search(
                            [("id", "in", thread.task_ids.ids)]
                        )
                    ).sudo(),
                    "b2b_communications": self._b2b_also_mine(
                        portal_env["b2b.communication"].search(
                            [("thread_id", "=", visible.id)]
                        )
                    ).sudo(),
                    "preview_messages": self._b2b_public_messages(thread),
                    "b2b_documents": self._b2b_documents_also_mine(
                        self._b2b_thread_portal_documents(thread, env=portal_env)
                    ),
                }
            )
        values["preview_record"] = thread
        self._b2b_forget_descriptions()
        return request.render("b2b_communication.portal_b2b_preview", values)

    @http.route(
        ["/my/b2b/tasks/<int:task_id>/preview"], type="http", auth="user", website=True
    )
    def portal_b2b_task_preview(self, task_id, **kw):
        task = request.env["b2b.task"].browse(task_id).exists()
        if not task:
            raise NotFound()
        portal_user = self._b2b_preview_user(task)
        values = {"preview": True, "preview_user": portal_user, "preview_record": task}
        if portal_user and task.with_user(portal_user).has_access("read"):
            values.update(
                {
                    # sudo: the portal user may read it (checked just above);
                    # its description shows what the previewing user may read
                    # too (b2b_preview_uid)
                    "b2b_task": task.with_user(portal_user)
                    .with_context(b2b_preview_uid=request.env.uid)
                    .sudo(),
                    "preview_messages": self._b2b_public_messages(task),
                }
            )
        self._b2b_forget_descriptions()
        return request.render("b2b_communication.portal_b2b_preview", values)
