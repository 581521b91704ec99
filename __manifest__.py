# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "B2B Communication",
    "summary": "Threads, tasks and documents shared with suppliers and customers",
    "version": "18.0.1.0.0",
    "category": "Productivity/Discuss",
    "website": "https://github.com/b2b-communication/b2b_communication",
    "author": "b2b_communication contributors",
    "maintainers": ["b2b-communication"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "application": True,
    "installable": True,
    "depends": [
        "mail",
        "portal",
        "sale_stock",
        "purchase_stock",
        "sale_mrp",
    ],
    "external_dependencies": {"python": ["lxml", "psycopg2"]},
    "data": [
        "security/b2b_communication_security.xml",
        "security/ir.model.access.csv",
        "security/b2b_portal_security.xml",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_message_subtype_data.xml",
        "data/b2b_topic_data.xml",
        "views/b2b_topic_views.xml",
        "views/b2b_communication_views.xml",
        "views/b2b_task_views.xml",
        "views/b2b_thread_views.xml",
        "views/b2b_dashboard_views.xml",
        "views/res_config_settings_views.xml",
        "views/b2b_communication_menus.xml",
        "views/portal_templates.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/res_users_demo.xml",
        "demo/b2b_thread_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "b2b_communication/static/src/components/**/*",
        ],
        "web.assets_tests": [
            "b2b_communication/static/tests/tours/**/*",
        ],
    },
}
