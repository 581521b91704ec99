/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";

const PDF = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/* The card of the document named ``text`` on the request page. */
function lineOf(text) {
    return [...document.querySelectorAll(".o_b2b_document_line")].find((line) =>
        line.textContent.includes(text)
    );
}

/* The file a supplier picks in an <input type="file"> (what the browser's file
   dialog would do). */
function chooseFile(input, name) {
    const transfer = new DataTransfer();
    transfer.items.add(new File([PDF], name, {type: "application/pdf"}));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", {bubbles: true}));
}

/* Our buyer asks the supplier, from its form, for what its products miss. */
registry.category("web_tour.tours").add("b2b_document_request_ask_tour", {
    steps: () => [
        {
            content: "Open the Actions menu of the supplier",
            trigger: ".o_form_view .o_cp_action_menus i.fa-cog",
            run: "click",
        },
        {
            trigger: ".dropdown-menu",
        },
        {
            content: "Ask for documents",
            trigger: ".o_menu_item:contains(Ask for Documents)",
            run: "click",
        },
        {
            content: "The wizard lists what is missing",
            trigger: ".modal .o_field_widget[name=preview]:contains(Tour Plate)",
        },
        {
            trigger: ".modal .o_field_widget[name=plan_summary]:contains(2 document)",
        },
        {
            content: "Send the request",
            trigger: ".modal-footer button[name=action_send]",
            run: "click",
        },
        {
            content: "The request is sent",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Sent)",
        },
        {
            trigger:
                ".o_form_view .o_field_one2many[name=line_ids] .o_data_row:contains(Tour Plate)",
        },
    ],
});

/* The supplier's portal user answers one document with a file; the other one
   stays open. */
registry.category("web_tour.tours").add("b2b_document_request_portal_tour", {
    url: "/my/b2b/document-requests",
    steps: () => [
        {
            content: "Open the request",
            trigger: ".o_b2b_document_request_row a",
            run: "click",
        },
        {
            trigger: ".o_b2b_document_request h2:contains(Documents requested)",
        },
        {
            content: "Attach the REACH declaration",
            trigger: ".o_b2b_document_line:contains(REACH) input[type=file]",
            run() {
                chooseFile(
                    lineOf("REACH").querySelector("input[type=file]"),
                    "reach-tour.pdf"
                );
            },
        },
        {
            content: "Its issue date: the valid-until date follows the type's validity",
            trigger: ".o_b2b_document_line:contains(REACH) input.o_b2b_date_issue",
            run() {
                const line = lineOf("REACH");
                const issue = line.querySelector("input.o_b2b_date_issue");
                issue.value = "2026-01-15";
                issue.dispatchEvent(new Event("change", {bubbles: true}));
                const until = line.querySelector("input.o_b2b_date_valid_until");
                if (until.value !== "2027-01-15") {
                    throw new Error(`valid until ${until.value}, expected 2027-01-15`);
                }
            },
        },
        {
            content: "Send",
            trigger: ".o_b2b_document_request_submit",
            run: "click",
        },
        {
            content: "Sent",
            trigger: ".o_b2b_document_request_sent",
        },
        {
            trigger: ".o_b2b_document_review_lines:contains(reach-tour.pdf)",
        },
    ],
});

/* The supplier's person of contact, without an account, opens the link of the
   email (signed for that person) and answers the other document: not
   applicable. */
registry.category("web_tour.tours").add("b2b_document_request_signed_tour", {
    steps: () => [
        {
            trigger: ".o_b2b_document_review_lines:contains(reach-tour.pdf)",
        },
        {
            content: "The ISO certificate does not apply",
            trigger: ".o_b2b_document_line:contains(ISO 9001) input[name^=na_]",
            run: "check",
        },
        {
            trigger: ".o_b2b_document_line:contains(ISO 9001) input[name^=reason_]",
            run: "edit We are a trading company.",
        },
        {
            content: "Send",
            trigger: ".o_b2b_document_request_submit",
            run: "click",
        },
        {
            content: "Sent, nothing left to send",
            trigger: ".o_b2b_document_request_sent",
        },
        {
            trigger: "body:not(:has(.o_b2b_document_request_form))",
        },
    ],
});

/* Our buyer reviews: accepts the REACH declaration. */
registry.category("web_tour.tours").add("b2b_document_request_review_tour", {
    url: "/odoo/action-b2b_communication.b2b_document_request_line_review_action",
    steps: () => [
        {
            content: "The document to review",
            trigger: ".o_list_view .o_data_row:contains(Tour Plate)",
        },
        {
            content: "Accept it",
            trigger:
                ".o_list_view .o_data_row:contains(Tour Plate) button[name=action_accept]",
            run: "click",
        },
        {
            content: "Nothing left to review",
            trigger: ".o_list_view:not(:has(.o_data_row))",
        },
    ],
});

/* Keyboard only: the supplier's portal user reaches the request with Tab, opens
   it with Enter, marks a document as not applicable (Space), types the reason,
   sends with Enter; every control reached has a name and a visible focus, the
   result is announced by a status region. */
const MAX_TABS = 120;

function accessibleName(el) {
    return (
        el.getAttribute("aria-label") ||
        (el.id && document.querySelector(`label[for="${el.id}"]`)?.textContent) ||
        el.textContent ||
        ""
    ).trim();
}

function hasVisibleFocus(el) {
    const style = getComputedStyle(el);
    return (
        (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) ||
        style.boxShadow !== "none"
    );
}

function tabTo(selector, content) {
    return {
        content: content || `Tab to ${selector}`,
        trigger: selector,
        async run(helpers) {
            for (let i = 0; i < MAX_TABS; i++) {
                if (document.activeElement?.matches(selector)) {
                    break;
                }
                await helpers.press("Tab");
            }
            const el = document.activeElement;
            if (!el?.matches(selector)) {
                throw new Error(`${selector} cannot be reached with the Tab key`);
            }
            if (!accessibleName(el)) {
                throw new Error(`${selector} has no accessible name`);
            }
            if (!hasVisibleFocus(el)) {
                throw new Error(`${selector} shows no focus indicator`);
            }
        },
    };
}

/* A key on the focused control; synthetic key events do not run the browser's
   default action, so do what it does (activate the control) unless a handler
   prevented it. */
function pressKeyOn(selector, key) {
    return {
        content: `${key} on ${selector}`,
        trigger: `${selector}:focus`,
        run() {
            const el = document.activeElement;
            const event = new KeyboardEvent("keydown", {
                key,
                bubbles: true,
                cancelable: true,
            });
            if (el.dispatchEvent(event)) {
                el.click();
            }
        },
    };
}

registry.category("web_tour.tours").add("b2b_document_request_keyboard_tour", {
    url: "/my/b2b/document-requests",
    steps: () => [
        tabTo(".o_b2b_document_request_row a", "Tab to the request"),
        {
            content: "Enter opens it",
            trigger: ".o_b2b_document_request_row a:focus",
            run: "press Enter",
        },
        {trigger: ".o_b2b_document_request h2:contains(Documents requested)"},
        tabTo("input[name^=na_]", "Tab to Not applicable"),
        pressKeyOn("input[name^=na_]", " "),
        {
            content: "Checked",
            trigger: "input[name^=na_]:checked",
        },
        tabTo("input[name^=reason_]", "Tab to the reason"),
        {
            content: "Type the reason",
            trigger: "input[name^=reason_]:focus",
            async run(helpers) {
                for (const key of "trader") {
                    await helpers.press(key);
                }
            },
        },
        tabTo(".o_b2b_document_request_submit", "Tab to Send"),
        pressKeyOn(".o_b2b_document_request_submit", "Enter"),
        {
            content: "The result is announced",
            trigger: "[role=status]:contains(your documents were sent)",
        },
    ],
});
