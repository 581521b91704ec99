# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .b2b_document_upload import DEFAULT_MAX_SIZE_MB, DEFAULT_MIMETYPES


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    b2b_document_purchase_block = fields.Boolean(
        related="company_id.b2b_document_purchase_block", readonly=False
    )
    b2b_document_max_size_mb = fields.Integer(
        string="Largest Supplier File (MB)",
        config_parameter="b2b_communication.document_max_size_mb",
        default=DEFAULT_MAX_SIZE_MB,
    )
    b2b_document_mimetypes = fields.Char(
        string="Accepted File Types",
        config_parameter="b2b_communication.document_mimetypes",
        default=DEFAULT_MIMETYPES,
        help="Content types suppliers may upload, comma-separated (the type is "
        "read from the file's content). Web pages, SVG and scripts are never "
        "accepted.",
    )

    def action_open_b2b_document_types(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_communication.b2b_document_type_action"
        )
