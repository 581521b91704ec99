/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";

/* A supplier's portal user opens the request addressed to it and replies. */
registry.category("web_tour.tours").add("b2b_portal_task_reply_tour", {
    url: "/my/b2b/tasks",
    steps: () => [
        {
            content: "Open the shared request",
            trigger: ".o_b2b_portal_task_row a:contains(Send the 3.1 certificate)",
            run: "click",
        },
        {
            trigger: ".o_b2b_portal_task h2:contains(Send the 3.1 certificate)",
        },
        {
            content: "Write a reply in the chatter",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit The certificate is attached to the delivery.",
        },
        {
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The reply is shown",
            trigger:
                "#chatterRoot:shadow .o-mail-Message-body:contains(The certificate is attached)",
        },
    ],
});
