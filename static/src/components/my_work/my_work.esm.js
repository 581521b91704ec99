/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {Component, onWillStart, useState} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {_t} from "@web/core/l10n/translation";
import {deserializeDate, formatDate} from "@web/core/l10n/dates";
import {user} from "@web/core/user";

/**
 * "My Work": the assignee's dashboard. One RPC fetches my open tasks (overdue
 * first), the threads I am responsible for by status and those awaiting a decision.
 */
export class B2bMyWork extends Component {
    static template = "b2b_communication.MyWork";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({data: null});
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("b2b.task", "get_my_work_data", []);
    }

    formatDeadline(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }

    openTask(taskId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "b2b.task",
            res_id: taskId,
            views: [[false, "form"]],
        });
    }

    openThread(threadId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "b2b.thread",
            res_id: threadId,
            views: [[false, "form"]],
        });
    }

    openMyThreads(state) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: _t("My Threads"),
            res_model: "b2b.thread",
            domain: [
                ["user_id", "=", user.userId],
                ["state", "=", state],
            ],
            views: [
                [false, "list"],
                [false, "form"],
            ],
        });
    }

    openAllMyTasks() {
        this.action.doAction("b2b_communication.b2b_task_action_my");
    }
}

registry.category("actions").add("b2b_communication.my_work", B2bMyWork);
