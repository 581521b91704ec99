/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import publicWidget from "@web/legacy/js/public/public_widget";
import {_t} from "@web/core/l10n/translation";
import {rpc} from "@web/core/network/rpc";

const PRIVATE_CHANNEL_TYPES = ["chat", "group"];

/**
 * Portal Messages page: keep the conversation list live.
 * The open conversation is Odoo's Discuss page (its own bus); messages that
 * arrive in the other conversations bump their badge through the same bus.
 * A conversation someone else starts with the user is announced on the user's
 * partner channel (Odoo's `mail.record/insert` from `channel_get`/`create_group`,
 * `discuss.channel/joined` from `add_members`): the list is then read again from
 * the server, and the bus subscription renewed to hear the new conversation.
 * A count that grows is told to screen readers, politely, in the page's status
 * region: once the messages stop coming for a second, one sentence per
 * conversation with its final count (a burst of messages is not read one by one).
 */
publicWidget.registry.B2bPortalMessages = publicWidget.Widget.extend({
    selector: ".o_b2b_portal_messages",

    start() {
        this.partnerId = parseInt(this.el.dataset.partnerId, 10);
        this.currentChannelId = parseInt(this.el.dataset.channelId || "0", 10);
        // new_message notifications up to this id are counted in the badges
        this.countedBusId = parseInt(this.el.dataset.busLastId || "0", 10);
        this.busService = this.bindService("bus_service");
        this.onNewMessage = this.onNewMessage.bind(this);
        this.onChannelAnnounced = this.onChannelAnnounced.bind(this);
        this.onChannelJoined = this.onChannelJoined.bind(this);
        this.busService.subscribe("discuss.channel/new_message", this.onNewMessage);
        this.busService.subscribe("mail.record/insert", this.onChannelAnnounced);
        this.busService.subscribe("discuss.channel/joined", this.onChannelJoined);
        this.busService.start();
        return this._super(...arguments);
    },

    destroy() {
        clearTimeout(this.announceTimeout);
        this.busService?.unsubscribe("discuss.channel/new_message", this.onNewMessage);
        this.busService?.unsubscribe("mail.record/insert", this.onChannelAnnounced);
        this.busService?.unsubscribe("discuss.channel/joined", this.onChannelJoined);
        this._super(...arguments);
    },

    getRow(channelId) {
        return this.el.querySelector(
            `.o_b2b_conversation[data-channel-id="${channelId}"]`
        );
    },

    /** Channels of a store payload (a list, or a single record). */
    onChannelAnnounced(payload) {
        const channels = [payload?.["discuss.channel"] || []].flat();
        if (
            channels.some(
                (channel) =>
                    PRIVATE_CHANNEL_TYPES.includes(channel.channel_type) &&
                    !this.getRow(channel.id)
            )
        ) {
            this.refreshConversations();
        }
    },

    onChannelJoined({channel}) {
        if (channel && !this.getRow(channel.id)) {
            this.refreshConversations();
        }
    },

    onNewMessage({id, data}, {id: notificationId} = {}) {
        if (id === this.currentChannelId || notificationId <= this.countedBusId) {
            return;
        }
        const row = this.getRow(id);
        if (!row) {
            this.refreshConversations();
            return;
        }
        const fromOthers = (data?.["mail.message"] || []).filter((message) => {
            const author = message.author;
            const authorId = author && typeof author === "object" ? author.id : author;
            return authorId !== this.partnerId;
        }).length;
        if (fromOthers) {
            this.setUnread(row, this.getUnread(row) + fromOthers);
        }
    },

    getUnread(row) {
        const badge = row.querySelector(".o_b2b_unread_badge");
        return badge ? parseInt(badge.textContent, 10) : 0;
    },

    setUnread(row, unread) {
        const before = this.getUnread(row);
        let badge = row.querySelector(".o_b2b_unread_badge");
        if (!unread || parseInt(row.dataset.channelId, 10) === this.currentChannelId) {
            badge?.remove();
            return;
        }
        if (!badge) {
            badge = document.createElement("span");
            badge.className =
                "badge rounded-pill text-bg-primary ms-auto o_b2b_unread_badge";
            row.appendChild(badge);
        }
        badge.textContent = String(unread);
        if (unread > before) {
            this.announceUnread(row, unread);
        }
    },

    announceUnread(row, unread) {
        this.unreadToAnnounce ||= new Map();
        this.unreadToAnnounce.set(row, unread);
        clearTimeout(this.announceTimeout);
        this.announceTimeout = setTimeout(() => {
            const status = this.el.querySelector(".o_b2b_unread_status");
            status.textContent = [...this.unreadToAnnounce]
                .map(([conversation, count]) =>
                    _t("Unread messages from %(name)s: %(count)s", {
                        name: conversation.querySelector(".text-truncate").textContent,
                        count,
                    })
                )
                .join(" ");
            this.unreadToAnnounce.clear();
        }, 1000);
    },

    createRow(conversation) {
        const row = document.createElement("a");
        row.href = `/my/b2b/messages?channel_id=${conversation.id}`;
        row.dataset.channelId = String(conversation.id);
        row.className =
            "list-group-item list-group-item-action d-flex align-items-center o_b2b_conversation";
        const name = document.createElement("span");
        name.className = "text-truncate";
        name.textContent = conversation.name;
        row.appendChild(name);
        return row;
    },

    /** Read the list again (names, order, unread counts) and hear new channels. */
    async refreshConversations() {
        if (this.refreshing) {
            this.refreshAgain = true;
            return;
        }
        this.refreshing = true;
        try {
            const {conversations, bus_last_id} = await rpc(
                "/my/b2b/messages/conversations"
            );
            const list = this.el.querySelector(".o_b2b_conversation_list");
            for (const conversation of conversations) {
                const row =
                    this.getRow(conversation.id) || this.createRow(conversation);
                this.setUnread(row, conversation.unread);
                list.appendChild(row);
            }
            this.countedBusId = Math.max(this.countedBusId, bus_last_id);
            this.el.querySelector(".o_b2b_no_conversation")?.remove();
            this.busService.forceUpdateChannels();
        } finally {
            this.refreshing = false;
        }
        if (this.refreshAgain) {
            this.refreshAgain = false;
            await this.refreshConversations();
        }
    },
});
