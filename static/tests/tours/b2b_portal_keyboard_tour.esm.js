/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";

/**
 * Keyboard only: a supplier's portal user reaches the request with Tab, opens it
 * with Enter, types a question, sends it and marks the request done, never
 * touching the mouse. Every control reached has a name and a visible focus
 * indicator; the result is announced by a status region.
 */

const MAX_TABS = 80;

function accessibleName(el) {
    const labelled = el.getAttribute("aria-labelledby");
    return (
        el.getAttribute("aria-label") ||
        (labelled && document.getElementById(labelled)?.textContent) ||
        (el.id && document.querySelector(`label[for="${el.id}"]`)?.textContent) ||
        el.textContent ||
        el.getAttribute("title") ||
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

/** Press Tab until the focus is on `selector`: it is in the tab order. */
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

/**
 * Enter on the focused button. The tour's key events are synthetic: the browser
 * does not run the button's default action for them, so do what it does for a
 * real Enter key on a focused button (activate it) unless a handler prevented it.
 */
function pressEnterOnButton(selector) {
    return {
        content: `Enter on ${selector}`,
        trigger: `${selector}:focus`,
        run() {
            const el = document.activeElement;
            const keydown = new KeyboardEvent("keydown", {
                key: "Enter",
                bubbles: true,
                cancelable: true,
            });
            if (el.dispatchEvent(keydown)) {
                el.click();
            }
        },
    };
}

registry.category("web_tour.tours").add("b2b_portal_keyboard_tour", {
    url: "/my/b2b/tasks",
    steps: () => [
        tabTo(".o_b2b_portal_task_row a", "Tab to the request"),
        {
            content: "Enter opens it",
            trigger: ".o_b2b_portal_task_row a:focus",
            run: "press Enter",
        },
        {trigger: ".o_b2b_portal_task h2:contains(Send the 3.1 certificate)"},
        tabTo("textarea#b2b_question", "Tab to the question field"),
        {
            content: "Type the question",
            trigger: "textarea#b2b_question:focus",
            async run(helpers) {
                for (const key of "which batch?") {
                    await helpers.press(key);
                }
            },
        },
        {
            content: "The keys were typed into the field",
            trigger: "textarea#b2b_question",
            run() {
                if (document.activeElement.value !== "which batch?") {
                    throw new Error(`typed: ${document.activeElement.value}`);
                }
            },
        },
        tabTo(".o_b2b_portal_task_question_form button[type=submit]"),
        pressEnterOnButton(".o_b2b_portal_task_question_form button[type=submit]"),
        {
            content: "The result is announced",
            trigger: "[role=status]:contains(Your question was sent)",
        },
        tabTo(
            ".o_b2b_portal_task_done_form button[type=submit]",
            "Tab to Mark as done"
        ),
        pressEnterOnButton(".o_b2b_portal_task_done_form button[type=submit]"),
        {
            content: "Marked done, announced",
            trigger: "[role=status]:contains(marked as done)",
        },
    ],
});
