# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..reminder_digest.b2b_reminder_log import DigestSection
from .b2b_document_request import OPEN_REQUEST_STATES


class B2bReminderLog(models.Model):
    """The digest lists the supplier's open document requests (its section,
    readme/EXTENDING.md): a supplier with only document requests open is due."""

    _inherit = "b2b.reminder.log"

    document_request_ids = fields.Many2many(
        comodel_name="b2b.document.request",
        string="Document Requests",
        compute="_compute_sections",
    )

    def _digest_sections(self):
        return super()._digest_sections() + [
            DigestSection(
                field="document_request_ids",
                partner_field="partner_id",
                domain=[("state", "in", OPEN_REQUEST_STATES)],
                order="date_deadline asc nulls last, id",
                fields=("name", "date_deadline", "state"),
                template="b2b_communication.reminder_digest_document_requests",
            )
        ]
