#!/usr/bin/env bash
# Run every check of the addon on a fresh database:
#   lint (ruff, pylint-odoo) -> fresh DB -> install module (log must be clean)
#   -> upgrade (log must be clean) -> upgrade from the previous release keeps data
#   -> whole test suite through pytest-odoo.
# Usage: tools/run_tests.sh [extra pytest args, e.g. -k test_thread]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"

require_odoo
ensure_addon_python_deps

# What the tests themselves need, installed from the registries when missing.
ensure_test_tools() {
    local missing=()
    "$PYTHON" -c "import pytest_odoo" 2>/dev/null || missing+=("pytest-odoo==2.3.0")
    "$PYTHON" -c "import websocket" 2>/dev/null || missing+=("websocket-client")
    if [ ${#missing[@]} -gt 0 ]; then
        log "Installing test tools: ${missing[*]}"
        "$PYTHON" -m pip install -q "${missing[@]}"
    fi
    if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            log "Installing Debian's chromium for the UI tours"
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
        else
            die "chromium is needed for the UI tours: install Debian's 'chromium' package."
        fi
    fi
    bash "$REPO_ROOT/tools/ensure_axe.sh" >/dev/null  # axe-core for tests/test_accessibility_states.py
}
ensure_test_tools

# Odoo's own runner (odoo-bin --test-enable, OCA CI) only runs the test modules
# that tests/__init__.py imports: every tests/test_*.py must be imported there.
check_tests_imported() {
    local f name missing=()
    for f in tests/test_*.py; do
        name="$(basename "$f" .py)"
        grep -qE "^from \. import $name\b" tests/__init__.py || missing+=("$name")
    done
    [ ${#missing[@]} -eq 0 ] || die "tests/__init__.py does not import: ${missing[*]}"
    log "tests/__init__.py imports all $(ls tests/test_*.py | wc -l) test modules"
}
check_tests_imported

if [ "${B2B_SKIP_LINT:-0}" != 1 ]; then
    log "Lint (tools/run_lint.sh: pre-commit hooks)"
    bash "$REPO_ROOT/tools/run_lint.sh"
fi

compute_addons_path
ensure_postgres

DB="${B2B_TEST_DB:-b2b_test}"
CONF="$CACHE_DIR/odoo-test.conf"
write_config "$CONF" "$DB" "${B2B_TEST_HTTP_PORT:-8169}"
LOGDIR="$CACHE_DIR/logs"; mkdir -p "$LOGDIR"
rm -f "$LOGDIR"/install.log* "$LOGDIR"/upgrade*.log* "$LOGDIR"/upgrade-*.log  # Odoo appends

log "Fresh database $DB"
dropdb --if-exists "$DB"
rm -rf "$CACHE_DIR/filestore/filestore/$DB"
# Development shortcut: B2B_TEMPLATE_DB names a database that already has the
# dependencies (not this module) installed; CI never sets it.
if [ -n "${B2B_TEMPLATE_DB:-}" ]; then
    createdb -T "$B2B_TEMPLATE_DB" "$DB"
    if [ -d "$CACHE_DIR/filestore/filestore/$B2B_TEMPLATE_DB" ]; then
        mkdir -p "$CACHE_DIR/filestore/filestore"
        cp -r "$CACHE_DIR/filestore/filestore/$B2B_TEMPLATE_DB" "$CACHE_DIR/filestore/filestore/$DB"
    fi
fi

# check_log FILE: the install/upgrade log must hold no WARNING, ERROR or CRITICAL line.
check_log() {
    if grep -E " (WARNING|ERROR|CRITICAL) " "$1" | grep -v "Running as user 'root'" >"$1.problems"; then
        echo "---- problems in $1:" >&2; cat "$1.problems" >&2
        die "Odoo logged warnings or errors (see above)."
    fi
}

log "Installing $MODULE (without demo data) — log: $LOGDIR/install.log"
odoo_cmd -c "$CONF" -d "$DB" -i "$MODULE" --without-demo=all --stop-after-init \
    --log-level=info --logfile="$LOGDIR/install.log" || { tail -50 "$LOGDIR/install.log"; die "install failed"; }
check_log "$LOGDIR/install.log"

log "Upgrading $MODULE — log: $LOGDIR/upgrade.log"
odoo_cmd -c "$CONF" -d "$DB" -u "$MODULE" --stop-after-init \
    --log-level=info --logfile="$LOGDIR/upgrade.log" || { tail -50 "$LOGDIR/upgrade.log"; die "upgrade failed"; }
check_log "$LOGDIR/upgrade.log"

if [ "${B2B_SKIP_UPGRADE:-0}" != 1 ]; then
    log "Upgrade from the previous release (tools/test_upgrade.sh)"
    bash "$REPO_ROOT/tools/test_upgrade.sh"
fi

if [ "${B2B_SKIP_FRESH_SETUP:-0}" != 1 ]; then
    log "Fresh machine: the two commands set up Odoo themselves (tools/test_fresh_setup.sh)"
    bash "$REPO_ROOT/tools/test_fresh_setup.sh"
fi

log "Test suite (pytest-odoo)"
set +e
PYTHONPATH="$REPO_ROOT/tools${PYTHONPATH:+:$PYTHONPATH}" \
    "$PYTHON" -m pytest -p no:cacheprovider -p pytest_odoo_quiet_import --odoo-config="$CONF" --odoo-database="$DB" \
    --rootdir="$CACHE_DIR/addons" --odoo-http --odoo-log-level=warn \
    "$CACHE_DIR/addons/$MODULE/tests" "$@"
rc=$?
set -e
if [ $rc -eq 5 ]; then
    die "pytest collected no test: that is a failure."
fi
exit $rc
