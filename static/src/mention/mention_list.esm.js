/** @odoo-module **/
// Copyright 2026 b2b_communication contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {Component, useEffect, useState} from "@odoo/owl";
import {useAutofocus, useService} from "@web/core/utils/hooks";
import {NavigableList} from "@mail/core/common/navigable_list";
import {_t} from "@web/core/l10n/translation";
import {useDebounced} from "@web/core/utils/timing";
import {useSequential} from "@mail/utils/common/hooks";

/**
 * Search box + keyboard-navigable list of what may be mentioned: "@" users and
 * groups, "#" records. Options come from the server (b2b.mention
 * get_mention_suggestions), searched with the user's own access rights.
 */
export class B2bMentionList extends Component {
    static template = "b2b_communication.MentionList";
    static components = {NavigableList};
    static props = {
        delimiter: {type: String},
        onSelect: {type: Function},
        close: {type: Function, optional: true},
    };
    static defaultProps = {close: () => {}};

    setup() {
        this.orm = useService("orm");
        this.state = useState({searchTerm: "", options: [], isFetching: false});
        this.ref = useAutofocus({mobile: true});
        this.sequential = useSequential();
        this.groupLimit = 0;
        this.fetch = useDebounced(() => this.fetchOptions(), 150);
        useEffect(
            () => {
                this.fetch();
            },
            () => [this.state.searchTerm]
        );
    }

    fetchOptions() {
        return this.sequential(async () => {
            this.state.isFetching = true;
            try {
                const result = await this.orm.call(
                    "b2b.mention",
                    "get_mention_suggestions",
                    [this.props.delimiter, this.state.searchTerm]
                );
                this.groupLimit = result.group_limit;
                this.state.options = result.options;
            } finally {
                this.state.isFetching = false;
            }
        });
    }

    get placeholder() {
        return this.props.delimiter === "@"
            ? _t("Search for a user or a group...")
            : _t("Search for a record...");
    }

    get navigableListProps() {
        return {
            anchorRef: this.ref.el,
            position: "bottom-start",
            isLoading: this.state.isFetching,
            optionTemplate: "b2b_communication.MentionList.option",
            onSelect: (ev, option) => {
                this.props.onSelect(option, this.groupLimit);
                this.props.close();
            },
            options: this.state.options.map((option) => ({
                ...option,
                classList: `o_b2b_mention_option o_b2b_mention_${option.model.replaceAll(
                    ".",
                    "_"
                )}`,
            })),
        };
    }

    onKeydown(ev) {
        if (ev.key === "Escape") {
            this.props.close();
        }
    }
}
