/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";

/*
 * A supplier's portal user has its Messages page open; our buyer starts a chat
 * with it (the Python test does that on the server while the tour waits), then
 * writes: the conversation appears in the list, then gets its unread badge,
 * told to screen readers.
 */
registry.category("web_tour.tours").add("b2b_portal_messages_live_tour", {
    url: "/my/b2b/messages",
    steps: () => [
        {
            content: "The page is open, with no conversation yet",
            trigger: ".o_b2b_portal_messages .o_b2b_no_conversation",
        },
        {
            content: "The buyer's new chat appears in the list",
            trigger: ".o_b2b_conversation:contains(Live Buyer)",
            timeout: 30000,
        },
        {
            content: "The buyer's message shows as unread",
            trigger:
                ".o_b2b_conversation:contains(Live Buyer) .o_b2b_unread_badge:contains(1)",
            timeout: 30000,
        },
        {
            content: "Screen readers are told, in the page's status region",
            trigger:
                ".o_b2b_portal_messages:has(.o_b2b_unread_status:contains(Unread messages from Live Buyer: 1))",
        },
        {
            content: "Open it: Odoo's Discuss page shows the message",
            trigger: ".o_b2b_conversation:contains(Live Buyer)",
            run: "click",
        },
        {
            trigger:
                "iframe.o_b2b_conversation_frame:iframe .o-mail-Message-body:contains(new price list)",
        },
    ],
});
