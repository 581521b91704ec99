#!/usr/bin/env bash
# Odoo's own test_mail, test_mail_full and portal suites, run twice on fresh databases:
# without this addon and with it installed. The addon must make nothing fail that does
# not fail without it (the 18.0 nightly has a few failures of its own). Not part of
# `make test` (about 6 minutes per run on 2 cores, two runs); run it after changing anything that
# touches mail or the portal:  bash tools/test_odoo_suites.sh
# Env: B2B_ODOO_SUITES (default /test_mail,/test_mail_full,/portal).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"
prepare_odoo_run

TAGS="${B2B_ODOO_SUITES:-/test_mail,/test_mail_full,/portal}"
MODULES=test_mail,test_mail_full,portal
LOGDIR="$CACHE_DIR/logs"; mkdir -p "$LOGDIR"

# run_suites NAME EXTRA_MODULES: fresh database, install, run the tagged tests; prints
# the sorted list of failing tests into $LOGDIR/odoo-suites-NAME.failures
run_suites() {
    local name="$1" modules="$2" db="b2b_odoo_suites_$1" conf="$CACHE_DIR/odoo-suites-$1.conf"
    write_config "$conf" "$db" "${3:-8569}"
    dropdb --if-exists "$db"
    rm -rf "$CACHE_DIR/filestore/filestore/$db"
    log "Odoo's suites $TAGS, $name (log: $LOGDIR/odoo-suites-$name.log)"
    : >"$LOGDIR/odoo-suites-$name.log"  # Odoo appends: count this run's failures only
    odoo_cmd -c "$conf" -d "$db" -i "$modules" --test-enable --test-tags "$TAGS" \
        --stop-after-init --log-level=test --logfile="$LOGDIR/odoo-suites-$name.log" || true
    { grep -oE "(FAIL|ERROR): [A-Za-z0-9_.]+" "$LOGDIR/odoo-suites-$name.log" || true; } |
        sort -u >"$LOGDIR/odoo-suites-$name.failures"
    grep -E "odoo.tests.result: " "$LOGDIR/odoo-suites-$name.log" | tail -1 || true
    dropdb --if-exists "$db"
}

run_suites without "$MODULES" 8569
run_suites with "$MODULES,$MODULE" 8579
new="$(comm -13 "$LOGDIR/odoo-suites-without.failures" "$LOGDIR/odoo-suites-with.failures")"
echo "Failing without the addon: $(wc -l <"$LOGDIR/odoo-suites-without.failures")," \
    "with it: $(wc -l <"$LOGDIR/odoo-suites-with.failures")"
[ -z "$new" ] || { echo "$new"; die "the addon makes these of Odoo's tests fail (above)"; }
log "Odoo's own suites fail nowhere they do not fail without the addon"
