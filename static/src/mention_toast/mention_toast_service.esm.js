/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";

/**
 * Live toast when the current user is mentioned in a B2B description
 * (bus notification "b2b_communication.mention", sent by the server to every
 * newly mentioned user who may read the record, whatever their notification
 * preference). The button opens the record in the web client.
 */
export const b2bMentionToastService = {
    dependencies: ["bus_service", "notification", "action"],
    start(env, {bus_service, notification, action}) {
        bus_service.subscribe("b2b_communication.mention", (payload) => {
            const close = notification.add(payload.message, {
                title: payload.title,
                type: "info",
                sticky: true,
                className: "o_b2b_mention_toast",
                buttons: [
                    {
                        name: _t("Open record"),
                        icon: "fa-external-link",
                        primary: true,
                        onClick: () => {
                            close();
                            action.doAction({
                                type: "ir.actions.act_window",
                                res_model: payload.model,
                                res_id: payload.res_id,
                                views: [[false, "form"]],
                            });
                        },
                    },
                ],
            });
        });
        bus_service.start();
    },
};

registry.category("services").add("b2b_mention_toast", b2bMentionToastService);
