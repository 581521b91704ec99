/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";

/*
 * A user who handles notifications by email is working in the web client when
 * a colleague mentions them: a toast appears at once, and its button opens the
 * record. The colleague's mention is made on the server when the tour asks for
 * mention suggestions (the Python test hooks that call).
 */
registry.category("web_tour.tours").add("b2b_mention_toast_tour", {
    steps: () => [
        {
            content: "The web client is loaded",
            trigger: ".o_main_navbar",
        },
        {
            content: "Let the colleague mention us (hooked server call)",
            trigger: ".o_main_navbar",
            async run() {
                await rpc("/web/dataset/call_kw/b2b.mention/get_mention_suggestions", {
                    model: "b2b.mention",
                    method: "get_mention_suggestions",
                    args: ["@", "toast"],
                    kwargs: {},
                });
            },
        },
        {
            content: "The toast names the record and the author",
            trigger:
                ".o_notification.o_b2b_mention_toast:contains(Toast Colleague mentioned you in)",
        },
        {
            trigger: ".o_notification .o_notification_title:contains(Toast thread)",
        },
        {
            content: "Open the record from the toast",
            trigger: ".o_notification .o_notification_buttons .btn-primary",
            run: "click",
        },
        {
            content: "The thread is open",
            trigger:
                ".o_form_view .o_field_widget[name=subject] input:value(Toast thread)",
        },
    ],
});
