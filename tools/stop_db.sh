#!/usr/bin/env bash
# Stop the private PostgreSQL started by the demo/test commands (if any).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
pgdir="$(private_pg_dir)"
[ -s "$pgdir/data/PG_VERSION" ] || { echo "no private cluster"; exit 0; }
bin="$(find_pg_bin)"
run_as=()
[ "$(id -u)" = 0 ] && run_as=(env -C / runuser -u postgres --)
if ! "${run_as[@]}" "$bin/pg_ctl" -D "$pgdir/data" status >/dev/null 2>&1; then
    echo "private cluster in $pgdir is not running"
    exit 0
fi
"${run_as[@]}" "$bin/pg_ctl" -D "$pgdir/data" stop -m fast
