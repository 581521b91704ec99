/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";

const FRAME = "iframe.o_b2b_conversation_frame:iframe";

/* A supplier's portal user writes to our buyer from the portal address book. */
registry.category("web_tour.tours").add("b2b_portal_messenger_tour", {
    url: "/my/b2b/address-book",
    steps: () => [
        {
            content: "Message our buyer from the address book",
            trigger:
                ".o_b2b_address_book_row:contains(Tour Buyer) .o_b2b_address_book_message",
            run: "click",
        },
        {
            content: "The conversation opens on the Messages page",
            trigger: ".o_b2b_conversation.active:contains(Tour Buyer)",
        },
        {
            content: "Write in Odoo's composer",
            trigger: `${FRAME} .o-mail-Composer-input`,
            run: "edit Can we move the delivery to Monday?",
        },
        {
            trigger: `${FRAME} .o-mail-Composer-input`,
            run: "press Enter",
        },
        {
            content: "The message is shown in the conversation",
            trigger: `${FRAME} .o-mail-Message-body:contains(move the delivery to Monday)`,
        },
    ],
});
