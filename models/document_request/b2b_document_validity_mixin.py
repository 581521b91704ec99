# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import ValidationError


class B2bDocumentValidityMixin(models.AbstractModel):
    """What holds for every document of a supplier, asked (a request's line) or
    on file (the compliance file): it expires after it was issued, and it names
    a product exactly when its type is a document per product.

    The models inheriting it declare ``document_type_id``, ``product_tmpl_id``,
    ``date_issue`` and ``date_valid_until``."""

    _name = "b2b.document.validity.mixin"
    _description = "B2B: the dates and scope of a supplier's document"

    @api.constrains("date_issue", "date_valid_until")
    def _check_dates(self):
        for document in self:
            if (
                document.date_issue
                and document.date_valid_until
                and document.date_valid_until < document.date_issue
            ):
                raise ValidationError(
                    self.env._("A document cannot expire before its issue date.")
                )

    @api.constrains("product_tmpl_id", "document_type_id")
    def _check_product_scope(self):
        # sudo: the type's scope and name, whoever wrote the document
        for document in self.sudo():
            scope = document.document_type_id.scope
            if scope == "product" and not document.product_tmpl_id:
                raise ValidationError(
                    self.env._(
                        "A %(type)s is a document per product: choose the product.",
                        type=document.document_type_id.name,
                    )
                )
            if scope == "supplier" and document.product_tmpl_id:
                raise ValidationError(
                    self.env._(
                        "A %(type)s covers the whole supplier: leave the product "
                        "empty.",
                        type=document.document_type_id.name,
                    )
                )
