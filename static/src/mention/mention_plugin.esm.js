/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {B2bMentionList} from "./mention_list.esm";
import {ConfirmationDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {Plugin} from "@html_editor/plugin";
import {_t} from "@web/core/l10n/translation";

/**
 * Mentions in Html descriptions: typing "@" proposes users and groups, "#"
 * proposes records (threads, tasks, products, orders, partners...). The choice is
 * inserted as a link to the record carrying data-oe-model / data-oe-id, which
 * is what the server reads on save to store mentions and notify people.
 */
export class B2bMentionPlugin extends Plugin {
    static id = "b2bMention";
    static dependencies = ["overlay", "dom", "history", "selection"];
    resources = {
        beforeinput_handlers: this.onBeforeInput.bind(this),
    };

    setup() {
        this.mentionList = this.dependencies.overlay.createOverlay(B2bMentionList, {
            hasAutofocus: true,
            className: "popover o_b2b_mention_popover",
        });
    }

    onBeforeInput(ev) {
        if (ev.data !== "@" && ev.data !== "#") {
            return;
        }
        // the typed delimiter is replaced by the link: remember the state before it
        this.historySavePointRestore = this.dependencies.history.makeSavePoint();
        this.mentionList.open({
            props: {
                delimiter: ev.data,
                onSelect: (option, groupLimit) =>
                    this.onSelect(ev.data, option, groupLimit),
                close: () => this.mentionList.close(),
            },
        });
    }

    onSelect(delimiter, option, groupLimit) {
        if (option.model === "res.groups" && groupLimit && option.count > groupLimit) {
            this.services.dialog.add(ConfirmationDialog, {
                title: _t("Notify a large group?"),
                body: _t(
                    "%(group)s has %(count)s members. Only the first %(limit)s of them who may read this record will be notified.",
                    {group: option.label, count: option.count, limit: groupLimit}
                ),
                confirmLabel: _t("Mention the group"),
                confirm: () => this.insertMention(delimiter, option),
                cancel: () => this.dependencies.selection.focusEditable(),
            });
            return;
        }
        this.insertMention(delimiter, option);
    }

    insertMention(delimiter, option) {
        this.dependencies.selection.focusEditable();
        const link = this.document.createElement("a");
        link.href = `/odoo/${option.model}/${option.id}`;
        link.className = "o_b2b_mention";
        link.dataset.oeModel = option.model;
        link.dataset.oeId = String(option.id);
        link.target = "_blank";
        link.setAttribute("data-oe-protected", "true");
        link.setAttribute("contenteditable", "false");
        link.textContent = `${delimiter}${option.label}`;
        const fragment = this.document.createDocumentFragment();
        fragment.append(link, this.document.createTextNode("\u00A0"));
        this.historySavePointRestore();
        this.dependencies.dom.insert(fragment);
        this.dependencies.history.addStep();
    }
}
