/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";

const EDITABLE = ".o_field_b2b_mention_html .odoo-editor-editable";

/** Type a delimiter in the description the way the browser announces it. */
function typeDelimiter(delimiter) {
    return {
        content: `Type ${delimiter} in the description`,
        trigger: EDITABLE,
        async run(actions) {
            const editable = this.anchor;
            if (!editable.textContent.trim()) {
                await actions.click();
            }
            const selection = editable.ownerDocument.getSelection();
            selection.selectAllChildren(editable);
            selection.collapseToEnd();
            editable.dispatchEvent(
                new InputEvent("beforeinput", {
                    data: delimiter,
                    inputType: "insertText",
                    bubbles: true,
                    cancelable: true,
                })
            );
        },
    };
}

/* A buyer mentions a colleague and a sales order in a thread's description. */
registry.category("web_tour.tours").add("b2b_mention_tour", {
    steps: () => [
        typeDelimiter("@"),
        {
            content: "Search the colleague",
            trigger: ".o_b2b_mention_search",
            run: "edit Mira",
        },
        {
            content: "Pick the colleague",
            trigger: ".o_b2b_mention_res_users:contains(Mira Mentioned)",
            run: "click",
        },
        {
            trigger: `${EDITABLE} a.o_b2b_mention[data-oe-model='res.users']:contains(@Mira Mentioned)`,
        },
        typeDelimiter("#"),
        {
            content: "Search the sales order",
            trigger: ".o_b2b_mention_search",
            run: "edit TOUR-SO",
        },
        {
            content: "Pick the sales order",
            trigger: ".o_b2b_mention_sale_order:contains(TOUR-SO)",
            run: "click",
        },
        {
            trigger: `${EDITABLE} a.o_b2b_mention[data-oe-model='sale.order']`,
        },
        typeDelimiter("@"),
        {
            content: "Search a group",
            trigger: ".o_b2b_mention_search",
            run: "edit Tour Team",
        },
        {
            content: "Pick the group, bigger than the configured limit",
            trigger: ".o_b2b_mention_res_groups:contains(Tour Team)",
            run: "click",
        },
        {
            content: "Confirm notifying a large group",
            trigger: ".modal-title:contains(Notify a large group?)",
        },
        {
            trigger: ".modal-footer .btn-primary:contains(Mention the group)",
            run: "click",
        },
        {
            trigger: `${EDITABLE} a.o_b2b_mention[data-oe-model='res.groups']`,
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The thread lists what it mentions",
            trigger: ".o_notebook .nav-link:contains(Mentions)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=mention_ids] td:contains(Mira Mentioned)",
        },
    ],
});
