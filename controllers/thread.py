# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.mail.controllers import thread


def b2b_check_thread_model(thread_model):
    """404 unless ``thread_model`` names a model with records and a chatter.

    Odoo's mail routes take the model from the request: a mixin (an abstract
    model has no table), a model without chatter or no model at all ended in a
    server error (``UndefinedTable``, ``KeyError``, ``AttributeError``) where
    bad input deserves a refusal."""
    Model = request.env.get(thread_model) if isinstance(thread_model, str) else None
    if (
        Model is None
        or Model._abstract
        or not isinstance(Model, request.env.registry["mail.thread"])
    ):
        raise NotFound()


class B2bThreadController(thread.ThreadController):
    """The mail routes that name a thread answer 404 for a name that is no
    thread model (see :func:`b2b_check_thread_model`)."""

    @http.route()
    def mail_thread_data(self, thread_model, thread_id, request_list, **kwargs):
        b2b_check_thread_model(thread_model)
        return super().mail_thread_data(thread_model, thread_id, request_list, **kwargs)

    @http.route()
    def mail_thread_messages(self, thread_model, thread_id, **kwargs):
        b2b_check_thread_model(thread_model)
        return super().mail_thread_messages(thread_model, thread_id, **kwargs)

    @http.route()
    def mail_message_post(
        self, thread_model, thread_id, post_data, context=None, **kwargs
    ):
        b2b_check_thread_model(thread_model)
        return super().mail_message_post(
            thread_model, thread_id, post_data, context=context, **kwargs
        )
