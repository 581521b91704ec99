/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import publicWidget from "@web/legacy/js/public/public_widget";

/**
 * Document request and documents-on-file forms: the valid-until date follows
 * the issue date (plus the document type's validity in months) until the
 * supplier types a valid-until date of its own. Without JavaScript the server
 * does the same for an empty valid-until.
 */
publicWidget.registry.B2bDocumentDates = publicWidget.Widget.extend({
    selector: ".o_b2b_document_request, .o_b2b_documents",
    events: {
        "change .o_b2b_date_issue": "_onIssueDateChange",
        "input .o_b2b_date_valid_until": "_onValidUntilInput",
    },

    _validUntilOf(issueInput) {
        const scope = issueInput.closest(".row");
        return scope && scope.querySelector(".o_b2b_date_valid_until");
    },

    _onValidUntilInput(ev) {
        ev.currentTarget.dataset.b2bTyped = "1";
    },

    _onIssueDateChange(ev) {
        const validUntil = this._validUntilOf(ev.currentTarget);
        const months = parseInt(validUntil?.dataset.validityMonths || "0", 10);
        const issue = ev.currentTarget.value;
        if (!validUntil || !months || !issue || validUntil.dataset.b2bTyped) {
            return;
        }
        const [year, month, day] = issue.split("-").map(Number);
        const date = new Date(Date.UTC(year, month - 1 + months, day));
        if (date.getUTCDate() !== day) {
            // 31 January + 1 month: the last day of February, as the server
            date.setUTCDate(0);
        }
        validUntil.value = date.toISOString().slice(0, 10);
    },
});
