# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models
from odoo.tools.mimetypes import fix_filename_extension, guess_mimetype

DEFAULT_MAX_SIZE_MB = 20
DEFAULT_MIMETYPES = "application/pdf,image/png,image/jpeg"
# never accepted from a supplier, whatever the setting: types a browser runs
# or renders as a page (a file served from our domain could act as us)
FORBIDDEN_MIMETYPE = re.compile(
    r"html|svg|javascript|ecmascript|^text/|^application/xml|[/+]xml$"
)
# the HTTP status of each kind of error, the most specific first
ERROR_STATUSES = (413, 415, 410, 409, 400)
MAX_TEXT = 2000


class B2bDocumentUpload(models.AbstractModel):
    """What a supplier may upload as a document and how its form is read: the
    size limit and allowed types (system parameters), the file's real type
    read from its content, the dates of a document. Nothing is written here."""

    _name = "b2b.document.upload"
    _description = "B2B: checks of the documents a supplier uploads"

    @api.model
    def _b2b_max_size(self):
        """The largest file accepted, in bytes (system parameter
        ``b2b_communication.document_max_size_mb``, default 20)."""
        # sudo: reads a system parameter, the same for every visitor
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("b2b_communication.document_max_size_mb")
        )
        try:
            megabytes = float(value) if value else DEFAULT_MAX_SIZE_MB
        except ValueError:
            megabytes = DEFAULT_MAX_SIZE_MB
        return int(megabytes * 1024 * 1024)

    @api.model
    def _b2b_max_size_label(self):
        """The size limit in MB as people write it (20, 2.5)."""
        megabytes = round(self._b2b_max_size() / 1024 / 1024, 1)
        return int(megabytes) if megabytes == int(megabytes) else megabytes

    @api.model
    def _b2b_allowed_mimetypes(self):
        """The content types accepted (system parameter
        ``b2b_communication.document_mimetypes``, comma-separated; default PDF,
        PNG and JPEG); types a browser would run are never accepted."""
        # sudo: reads a system parameter, the same for every visitor
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("b2b_communication.document_mimetypes")
        ) or DEFAULT_MIMETYPES
        return {
            mimetype.strip().lower()
            for mimetype in value.split(",")
            if mimetype.strip() and not FORBIDDEN_MIMETYPE.search(mimetype.lower())
        }

    @api.model
    def _b2b_check_file(self, filename, data):
        """``(mimetype, None)`` for an acceptable file, else ``(None, (status,
        message))``. The type is read from the content, not from the name the
        browser sends; ``data`` may be cut one byte past the size limit."""
        name = filename or self.env._("The file")
        if not data:
            return None, (400, self.env._("%(file)s is empty.", file=name))
        limit = self._b2b_max_size()
        if len(data) > limit:
            return None, (
                413,
                self.env._(
                    "%(file)s is larger than %(size)s MB.",
                    file=name,
                    size=self._b2b_max_size_label(),
                ),
            )
        mimetype = (guess_mimetype(data) or "").lower()
        if mimetype not in self._b2b_allowed_mimetypes():
            return None, (
                415,
                self.env._(
                    "%(file)s is no PDF or image: this type of file is not accepted.",
                    file=name,
                ),
            )
        return mimetype, None

    @api.model
    def _b2b_file_name(self, filename, mimetype):
        """A clean file name with the extension of its real type."""
        name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
        name = re.sub(r"[\x00-\x1f\x7f]", "", name)[:200] or "document"
        return fix_filename_extension(name, mimetype)

    @api.model
    def _b2b_parse_dates(self, date_issue, date_valid_until, default_valid_until):
        """``(issue date, valid until, error)`` of a document's dates as typed:
        the issue date is required and not in the future; valid-until defaults
        to ``default_valid_until(issue date)``, not before the issue date and
        not past (an expired document is no answer)."""
        try:
            issue = fields.Date.to_date((date_issue or "").strip() or None)
            until = fields.Date.to_date((date_valid_until or "").strip() or None)
        except ValueError:
            return None, None, self.env._("Enter the dates as YYYY-MM-DD.")
        today = fields.Date.context_today(self)
        if not issue:
            return None, None, self.env._("Enter the document's issue date.")
        if issue > today:
            return None, None, self.env._("The issue date cannot be in the future.")
        until = until or default_valid_until(issue)
        if until and until < issue:
            return (
                None,
                None,
                self.env._(
                    "The document cannot be valid until a date before its issue date."
                ),
            )
        if until and until < today:
            return None, None, self.env._("This document has expired already.")
        return issue, until, None

    @api.model
    def _b2b_text(self, value):
        """A comment as typed, stripped, within the length limit (or None)."""
        text = (value or "").strip()
        return text if len(text) <= MAX_TEXT else None

    @api.model
    def _b2b_error_status(self, errors):
        """The HTTP status of a list of ``(status, message)`` errors."""
        statuses = {status for status, _message in errors}
        return next((status for status in ERROR_STATUSES if status in statuses), 400)
