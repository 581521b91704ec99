#!/usr/bin/env bash
# `make run` from a checkout inside a private home folder (mode 700, as in most
# containers), as root or not: the private PostgreSQL must be created and started
# where its server user can reach it, answer, and stop with `make stop-db`.
# (Before 18.0.1.3.0, initdb failed there: "could not access directory".) Only the
# cluster is checked here; installing the module is what the rest of `make test` does.
# Called by tools/run_tests.sh; runs alone too.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

home="$(mktemp -d)"
chmod 700 "$home"
clone="$home/b2b_communication"
cleanup() {
    (cd "$clone" 2>/dev/null && env -u PGHOST bash tools/stop_db.sh >/dev/null 2>&1) || true
    if [ "$(id -u)" = 0 ]; then
        rm -rf "$(dirname "$(cd "$clone" 2>/dev/null && REPO_ROOT="$clone" private_pg_dir)")"
    fi
    rm -rf "$home"
}
trap cleanup EXIT

log "make run from a mode-700 folder ($home): private PostgreSQL"
git clone -q "$REPO_ROOT" "$clone"
answer="$(cd "$clone" && env -u PGHOST -u PGPORT -u PGUSER B2B_PG_PORT="${B2B_PRIVATE_HOME_PG_PORT:-54339}" \
    bash -c 'source tools/common.sh; ensure_postgres >/dev/null; psql -d postgres -tAc "SELECT '"'"'pg-ok'"'"'"')" \
    || die "the private PostgreSQL could not be created or started from a mode-700 folder"
[ "$answer" = pg-ok ] || die "the private PostgreSQL did not answer (got: $answer)"
[ "$(stat -c %a "$home")" = 700 ] || die "the home folder's mode was widened"
(cd "$clone" && env -u PGHOST bash tools/stop_db.sh) | grep -q "server stopped" \
    || die "make stop-db did not stop the private PostgreSQL"
log "private PostgreSQL created, answering and stopped; the folder kept its mode 700"
