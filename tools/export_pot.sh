#!/usr/bin/env bash
# Regenerate i18n/b2b_communication.pot from a database where the module is installed
# (default: the test database of `make test`), then merge it into i18n/bg.po and de.po
# (new strings get an empty msgstr, obsolete ones are dropped).
# Usage: tools/export_pot.sh [database]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"
require_odoo
compute_addons_path
ensure_postgres
DB="${1:-${B2B_TEST_DB:-b2b_test}}"
CONF="$CACHE_DIR/odoo-i18n.conf"
write_config "$CONF" "$DB" 8369
mkdir -p i18n
tmp="$(mktemp --suffix=.pot)"
odoo_cmd -c "$CONF" -d "$DB" --i18n-export="$tmp" --modules="$MODULE" --stop-after-init \
    --log-level=warn
"$PYTHON" tools/update_translations.py "$tmp"
rm -f "$tmp"
# OCA's translation check wants the catalogues in its order and wrapping (make lint)
"$PYTHON" -m pip show -q oca-odoo-pre-commit-hooks >/dev/null 2>&1 ||
    "$PYTHON" -m pip install -q oca-odoo-pre-commit-hooks
PATH="$(dirname "$PYTHON"):$PATH" oca-checks-po --fix i18n/*.po i18n/*.pot >/dev/null 2>&1 || true
