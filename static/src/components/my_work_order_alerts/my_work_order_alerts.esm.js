/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {B2bMyWork} from "@b2b_communication/components/my_work/my_work.esm";
import {patch} from "@web/core/utils/patch";

/**
 * My Work, order confirmation: the buyer's purchase orders with changes to
 * decide, late lines or delays (its activities of order confirmation, in the
 * same RPC as the rest of the dashboard).
 */
patch(B2bMyWork.prototype, {
    openOrder(orderId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "purchase.order",
            res_id: orderId,
            views: [[false, "form"]],
        });
    },
});
