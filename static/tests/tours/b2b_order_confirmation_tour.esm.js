/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";

// a day ahead of today, as the date field takes it (YYYY-MM-DD)
function dayAhead(days) {
    return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

// type a date into a date field (as the browser's date picker fills it)
function setDate(days) {
    return function () {
        this.anchor.value = dayAhead(days);
        this.anchor.dispatchEvent(new Event("change", {bubbles: true}));
    };
}

/* A supplier's portal user confirms a line as requested, then proposes a
   split delivery of another line with a comment. */
registry.category("web_tour.tours").add("b2b_order_confirmation_supplier_tour", {
    url: "/my/b2b/order-lines",
    steps: () => [
        {
            content: "Select the nuts",
            trigger: ".o_b2b_order_line_row:contains(Hex nut M12) .o_b2b_select_line",
            run: "click",
        },
        {
            content: "Confirm them as requested",
            trigger: ".o_b2b_confirm_selected",
            run: "click",
        },
        {
            trigger: ".o_b2b_order_lines_notice:contains(confirmed)",
        },
        {
            content: "Answer the bolts",
            trigger: ".o_b2b_order_line_row:contains(Hex bolt M12) .o_b2b_answer_line",
            run: "click",
        },
        {
            content: "First delivery: 100",
            trigger: ".o_b2b_order_line_form input[name=quantity_0]",
            run: "edit 100",
        },
        {
            trigger: ".o_b2b_order_line_form input[name=date_0]",
            run: setDate(12),
        },
        {
            content: "Second delivery: 50, five weeks later",
            trigger: ".o_b2b_order_line_form input[name=quantity_1]",
            run: "edit 50",
        },
        {
            trigger: ".o_b2b_order_line_form input[name=date_1]",
            run: setDate(40),
        },
        {
            trigger: ".o_b2b_order_line_form textarea[name=comment]",
            run: "edit Half of the bolts come from our second plant.",
        },
        {
            content: "Send the split",
            trigger: ".o_b2b_send_answer",
            run: "click",
        },
        {
            trigger: ".o_b2b_order_lines_notice:contains(wait for our buyer)",
        },
        {
            trigger: ".o_b2b_order_line_row:contains(Hex bolt M12):contains(Proposed)",
        },
    ],
});

/* The buyer opens the changes to decide and accepts the split. */
registry.category("web_tour.tours").add("b2b_order_confirmation_buyer_tour", {
    url: "/odoo/action-b2b_communication.b2b_order_line_confirmation_action",
    steps: () => [
        {
            content: "Open the proposed split",
            trigger: ".o_data_row:contains(Hex bolt M12) .o_data_cell[name=product_id]",
            run: "click",
        },
        {
            trigger:
                ".o_form_view .o_field_widget[name=comment]:contains(second plant)",
        },
        {
            content: "Accept it",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_accept]",
            run: "click",
        },
        {
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Change Accepted)",
        },
    ],
});
