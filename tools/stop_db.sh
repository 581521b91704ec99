#!/usr/bin/env bash
# Stop the private PostgreSQL started by the demo/test commands (if any).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
pgdir="$(private_pg_dir)"
[ -s "$pgdir/data/PG_VERSION" ] || { echo "no private cluster"; exit 0; }
bin="$(find_pg_bin)"
if [ "$(id -u)" = 0 ]; then
    env -C / runuser -u postgres -- "$bin/pg_ctl" -D "$pgdir/data" stop -m fast
else
    "$bin/pg_ctl" -D "$pgdir/data" stop -m fast
fi
