/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import publicWidget from "@web/legacy/js/public/public_widget";

/**
 * Portal Messages page: keep the unread badges of the conversation list live.
 * The open conversation is Odoo's Discuss page (its own bus); messages that
 * arrive in the other conversations bump their badge through the same bus.
 */
publicWidget.registry.B2bPortalMessages = publicWidget.Widget.extend({
    selector: ".o_b2b_portal_messages",

    start() {
        this.partnerId = parseInt(this.el.dataset.partnerId, 10);
        this.currentChannelId = parseInt(this.el.dataset.channelId || "0", 10);
        this.busService = this.bindService("bus_service");
        this.onNewMessage = this.onNewMessage.bind(this);
        this.busService.subscribe("discuss.channel/new_message", this.onNewMessage);
        this.busService.start();
        return this._super(...arguments);
    },

    destroy() {
        this.busService?.unsubscribe("discuss.channel/new_message", this.onNewMessage);
        this._super(...arguments);
    },

    onNewMessage({id, data}) {
        if (id === this.currentChannelId) {
            return;
        }
        const fromOthers = (data?.["mail.message"] || []).filter((message) => {
            const author = message.author;
            const authorId = author && typeof author === "object" ? author.id : author;
            return authorId !== this.partnerId;
        }).length;
        const row = this.el.querySelector(`.o_b2b_conversation[data-channel-id="${id}"]`);
        if (!fromOthers || !row) {
            return;
        }
        let badge = row.querySelector(".o_b2b_unread_badge");
        if (!badge) {
            badge = document.createElement("span");
            badge.className = "badge rounded-pill text-bg-primary ms-auto o_b2b_unread_badge";
            badge.textContent = "0";
            row.appendChild(badge);
        }
        badge.textContent = String(parseInt(badge.textContent, 10) + fromOthers);
    },
});
