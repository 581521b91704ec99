/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";

/* A user opens Threads, creates one for a supplier, logs a call and assigns a task. */
registry.category("web_tour.tours").add("b2b_thread_tour", {
    url: "/odoo/action-b2b_communication.b2b_thread_action",
    steps: () => [
        {
            content: "Create a new thread",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "Write the subject",
            trigger: ".o_field_widget[name=subject] input",
            run: "edit Tour: new bracket design",
        },
        {
            content: "Pick the counterparty",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Supplier",
        },
        {
            trigger: ".ui-autocomplete a.dropdown-item:contains(Tour Supplier)",
            run: "click",
        },
        {
            content: "Open the Communications page",
            trigger: ".o_notebook .nav-link:contains(Communications)",
            run: "click",
        },
        {
            content: "Add a communication",
            trigger: "div[name=communication_ids] .o_field_x2many_list_row_add > a",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=name] input",
            run: "edit Tour call with the supplier",
        },
        {
            trigger:
                ".modal .o_field_widget[name=direction] input[data-value=incoming]",
            run: "click",
        },
        {
            trigger: ".modal-footer .o_form_button_save",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Open the Tasks page",
            trigger: ".o_notebook .nav-link:contains(Tasks)",
            run: "click",
        },
        {
            content: "Add a task",
            trigger: "div[name=task_ids] .o_field_x2many_list_row_add > a",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=name] input",
            run: "edit Tour task: send drawing",
        },
        {
            trigger: ".modal .o_field_widget[name=user_id] input",
            run: "edit Tour Colleague",
        },
        {
            trigger: ".ui-autocomplete a.dropdown-item:contains(Tour Colleague)",
            run: "click",
        },
        {
            trigger: ".modal-footer .o_form_button_save",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Save the thread",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            content: "The reference was given",
            trigger: ".o_field_widget[name=name]:contains(THR/)",
        },
    ],
});

/* The My Work dashboard lists the user's tasks. */
registry.category("web_tour.tours").add("b2b_my_work_tour", {
    url: "/odoo/action-b2b_communication.b2b_my_work_action",
    steps: () => [
        {
            trigger: ".o_b2b_my_work .o_b2b_task_line:contains(Dashboard task)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name] input",
        },
    ],
});
