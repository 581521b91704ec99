#!/usr/bin/env bash
# Development loop on an existing database: upgrade the module, then run pytest on
# the given tests (default: all). The full check is `make test`.
# Usage: tools/dev_test.sh DATABASE [pytest args, e.g. tests/test_portal.py -x]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"
DB="${1:?database name}"; shift
require_odoo
compute_addons_path
ensure_postgres >/dev/null
CONF="$CACHE_DIR/odoo-dev-$DB.conf"
write_config "$CONF" "$DB" "${B2B_TEST_HTTP_PORT:-8179}"
mkdir -p "$CACHE_DIR/logs"
: >"$CACHE_DIR/logs/dev-$DB.log"
odoo_cmd -c "$CONF" -d "$DB" -u "$MODULE" --stop-after-init --logfile="$CACHE_DIR/logs/dev-$DB.log" \
    || { tail -40 "$CACHE_DIR/logs/dev-$DB.log"; die "upgrade failed"; }
grep -E " (WARNING|ERROR|CRITICAL) " "$CACHE_DIR/logs/dev-$DB.log" && die "upgrade logged problems"
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(tests)
paths=(); opts=()
for a in "${args[@]}"; do
    if [[ "$a" == tests* ]]; then paths+=("$CACHE_DIR/addons/$MODULE/$a"); else opts+=("$a"); fi
done
[ ${#paths[@]} -eq 0 ] && paths=("$CACHE_DIR/addons/$MODULE/tests")
PYTHONPATH="$REPO_ROOT/tools" "$PYTHON" -m pytest -p no:cacheprovider -p pytest_odoo_quiet_import \
    --odoo-config="$CONF" --odoo-database="$DB" --rootdir="$CACHE_DIR/addons" \
    --odoo-http --odoo-log-level=warn "${opts[@]}" "${paths[@]}"
