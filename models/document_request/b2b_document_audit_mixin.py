# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import AccessError


class B2bDocumentAuditMixin(models.AbstractModel):
    """Who answered, reviewed or accepted a supplier's document, and when, is
    written by the workflow only (an answer, a review, the renewal job), never
    by hand: ``readonly`` fields are read-only in the form, and this refuses
    them by RPC too. The workflow's methods write them with sudo after their
    own checks.

    A model lists these fields in ``_b2b_audit_fields``."""

    _name = "b2b.document.audit.mixin"
    _description = "B2B: the workflow's record of a supplier's document"

    _b2b_audit_fields = ()

    def write(self, vals):
        self._b2b_check_audit_fields(vals)
        return super().write(vals)

    def _b2b_check_audit_fields(self, names):
        """Refuse writing the fields ``names`` (values or their names) name
        of ``_b2b_audit_fields``, but as superuser (the workflow)."""
        written = set(self._b2b_audit_fields) & set(names)
        if written and not self.env.su:
            raise AccessError(
                self.env._(
                    "%(fields)s of %(model)s are recorded by the workflow "
                    "(answer, review, renewal) and cannot be changed by hand.",
                    fields=", ".join(
                        sorted(self._fields[name].string for name in written)
                    ),
                    model=self._description,
                )
            )
