/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";

/**
 * Live toast for the buyer when order confirmation needs them: a change the
 * supplier proposed, order lines late, deliveries delayed (bus notification
 * "b2b_communication.order_alert", sent by the server; the activity on the
 * order stays on My Work). The button opens the purchase order.
 */
export const b2bOrderAlertToastService = {
    dependencies: ["bus_service", "notification", "action"],
    start(env, {bus_service, notification, action}) {
        bus_service.subscribe("b2b_communication.order_alert", (payload) => {
            const close = notification.add(payload.message, {
                title: payload.title,
                type: "warning",
                sticky: true,
                className: "o_b2b_order_alert_toast",
                buttons: [
                    {
                        name: _t("Open order"),
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

registry.category("services").add("b2b_order_alert_toast", b2bOrderAlertToastService);
