/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {HtmlField, htmlField} from "@html_editor/fields/html_field";
import {B2bMentionPlugin} from "./mention_plugin.esm";
import {registry} from "@web/core/registry";

/** The Html field of descriptions, with "@" and "#" mentions. */
export class B2bMentionHtmlField extends HtmlField {
    getConfig() {
        const config = super.getConfig(...arguments);
        config.Plugins = [...config.Plugins, B2bMentionPlugin];
        return config;
    }
}

export const b2bMentionHtmlField = {
    ...htmlField,
    component: B2bMentionHtmlField,
};

registry.category("fields").add("b2b_mention_html", b2bMentionHtmlField);
