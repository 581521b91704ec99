#!/usr/bin/env bash
# Shared helpers for the demo and test commands: find Odoo 18, find or start
# PostgreSQL, link this repository as the `b2b_communication` addon and write an
# Odoo configuration file. Sourced, never executed directly.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${B2B_CACHE_DIR:-$REPO_ROOT/.cache}"
PYTHON="${PYTHON:-python3}"
MODULE=b2b_communication

die() { echo "ERROR: $*" >&2; exit 1; }
log() { echo "==> $*"; }

# Odoo 18: the Python that imports it (PYTHON, default python3), or the project's own
# virtual environment in .cache/venv, set up the first time (tools/bootstrap_odoo.py:
# ODOO_SOURCE or the pinned source of tools/odoo_version.txt, Odoo's requirements with
# the known fixes, the addon's dependencies). Sets PYTHON and ODOO_SOURCE_DIR.
require_odoo() {
    local base="${PYTHON:-python3}" started=$SECONDS
    command -v "$base" >/dev/null 2>&1 || [ -x "$base" ] ||
        die "$base not found: install Python 3 (3.10 to 3.12), e.g. apt-get install python3 python3-venv"
    PYTHON="$("$base" "$REPO_ROOT/tools/bootstrap_odoo.py" --cache "$CACHE_DIR" --python "$base")" ||
        die "setting up Odoo 18 failed (the step is named above); fix it and run the same command again."
    PYTHON="${PYTHON##*$'\n'}"
    ODOO_SOURCE_DIR="$("$PYTHON" -c 'import odoo, os; print(os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__))))')"
    log "Odoo 18 from $ODOO_SOURCE_DIR, Python $PYTHON ($((SECONDS - started)) s)"
}

# Addons path: Odoo's own addons (both layouts: source tree with addons/ next to
# odoo/, or a pip install with everything under odoo/addons) plus our link folder.
compute_addons_path() {
    mkdir -p "$CACHE_DIR/addons"
    ln -sfn "$REPO_ROOT" "$CACHE_DIR/addons/$MODULE"
    local paths="$ODOO_SOURCE_DIR/odoo/addons"
    [ -d "$ODOO_SOURCE_DIR/addons" ] && paths="$ODOO_SOURCE_DIR/addons,$paths"
    ADDONS_PATH="${ODOO_ADDONS_PATH:+$ODOO_ADDONS_PATH,}$paths,$CACHE_DIR/addons"
}

# The addon's external_dependencies (__manifest__.py), installed when missing:
# Odoo refuses to install the module without them.
ensure_addon_python_deps() {
    "$PYTHON" -c "import phonenumbers" 2>/dev/null && return 0
    log "Installing the addon's Python dependency: phonenumbers"
    "$PYTHON" -m pip install -q phonenumbers
}

# What a command that runs Odoo on a database needs: Odoo 18, the addon's Python
# dependencies, the addons path and PostgreSQL.
prepare_odoo_run() {
    require_odoo
    ensure_addon_python_deps
    compute_addons_path
    ensure_postgres
}

pg_ready() { pg_isready -q "$@" >/dev/null 2>&1; }

pg_bin_dir() {
    local d
    for d in "${PG_BIN:-}" /usr/lib/postgresql/*/bin /usr/pgsql-*/bin; do
        [ -n "$d" ] && [ -x "$d/initdb" ] && { echo "$d"; return 0; }
    done
    return 1
}

# PostgreSQL's server binaries and client tools (psql, createdb, pg_isready): as root on
# Debian/Ubuntu the distribution's packages are installed when missing; otherwise the
# message says what to install.
find_pg_bin() {
    if ! pg_bin_dir >/dev/null || ! command -v psql >/dev/null || ! command -v pg_isready >/dev/null; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            log "Installing PostgreSQL (Debian packages postgresql, postgresql-client)" >&2
            { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                postgresql postgresql-client; } >&2 ||
                die "apt-get install postgresql failed; retry: apt-get install -y postgresql postgresql-client"
        else
            die "PostgreSQL not found. Install it (Debian/Ubuntu: sudo apt-get install -y postgresql postgresql-client), or point PGHOST/PGPORT/PGUSER at a server, or set PG_BIN to its bin folder."
        fi
    fi
    pg_bin_dir || die "PostgreSQL server binaries (initdb, pg_ctl) not found; set PG_BIN to their folder."
}

# Folder of the private PostgreSQL cluster (B2B_PG_DIR overrides). Not root: .cache/pg
# of the checkout, the server runs as you. Root: PostgreSQL refuses to run as root and
# runs as `postgres`, which may not enter the checkout (e.g. under /root, mode 700): the
# cluster lives in /var/lib/b2b_communication/<hash of the checkout path>/pg, owned by
# postgres, so the home folder's mode is never widened.
private_pg_dir() {
    if [ -n "${B2B_PG_DIR:-}" ]; then
        echo "$B2B_PG_DIR"
    elif [ "$(id -u)" = 0 ]; then
        echo "/var/lib/b2b_communication/$(printf %s "$REPO_ROOT" | sha1sum | cut -c1-12)/pg"
    else
        echo "$CACHE_DIR/pg"
    fi
}

# Use the configured PostgreSQL (PGHOST/PGPORT/PGUSER/PGPASSWORD) when one answers;
# otherwise start a private cluster (see private_pg_dir) on a unix socket only.
ensure_postgres() {
    if [ -n "${PGHOST:-}" ] && pg_ready; then
        DB_HOST="$PGHOST"; DB_PORT="${PGPORT:-5432}"; DB_USER="${PGUSER:-$(id -un)}"
        DB_PASSWORD="${PGPASSWORD:-}"
        log "Using configured PostgreSQL at $DB_HOST:$DB_PORT as $DB_USER"
        return
    fi
    local pgdir bin run_as=()
    pgdir="$(private_pg_dir)"
    bin="$(find_pg_bin)"
    DB_HOST="$pgdir/socket"; DB_PORT="${B2B_PG_PORT:-54329}"; DB_USER=odoo; DB_PASSWORD=""
    if [ "$(id -u)" = 0 ]; then
        # PostgreSQL refuses to run as root: run the private cluster as `postgres`
        # (from /: it may not enter the checkout's folder)
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        run_as=(env -C / runuser -u postgres --)
    fi
    mkdir -p "$pgdir"
    chmod 700 "$pgdir"
    if [ ! -s "$pgdir/data/PG_VERSION" ]; then
        log "Creating a local PostgreSQL cluster in $pgdir"
        mkdir -p "$pgdir/data" "$pgdir/socket"
        [ "$(id -u)" = 0 ] && chown -R postgres "$pgdir"
        "${run_as[@]}" "$bin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 \
            --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1 || { cat "$pgdir/initdb.log"; die "initdb failed"; }
    fi
    [ "$(id -u)" = 0 ] && chown -R postgres "$pgdir"
    if ! pg_ready -h "$DB_HOST" -p "$DB_PORT"; then
        log "Starting local PostgreSQL (socket $DB_HOST, port $DB_PORT)"
        "${run_as[@]}" "$bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 \
            -o "-c listen_addresses='' -k $DB_HOST -p $DB_PORT -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200" \
            start >/dev/null || { tail -20 "$pgdir/server.log"; die "PostgreSQL did not start"; }
    fi
    psql -h "$DB_HOST" -p "$DB_PORT" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_roles WHERE rolname='odoo'" | grep -q 1 ||
        psql -q -h "$DB_HOST" -p "$DB_PORT" -U postgres -d postgres -c "CREATE ROLE odoo SUPERUSER LOGIN"
    export PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER"
}

# write_config FILE DBNAME [HTTP_PORT]
write_config() {
    local file="$1" db="$2" port="${3:-8069}"
    mkdir -p "$(dirname "$file")" "$CACHE_DIR/filestore"
    cat >"$file" <<CONF
[options]
addons_path = $ADDONS_PATH
data_dir = $CACHE_DIR/filestore
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = ${DB_PASSWORD:-False}
db_name = $db
dbfilter = ^$db\$
list_db = False
http_interface = 127.0.0.1
http_port = $port
gevent_port = $((port + 3))
admin_passwd = ${B2B_MASTER_PASSWORD:-admin}
without_demo = False
CONF
}

odoo_cmd() { "$PYTHON" -m odoo "$@"; }

# Pinned npm packages (axe-core, prettier) installed from the npm registry into DIR
# when missing or at another version; npm itself comes from Debian's package when root.
# Usage: ensure_npm_packages DIR name@version...
ensure_npm_packages() {
    local dir="$1" spec name version installed missing=()
    shift
    for spec in "$@"; do
        name="${spec%@*}" version="${spec##*@}"
        installed="$(cd "$dir" 2>/dev/null &&
            node -p "require('$name/package.json').version" 2>/dev/null || true)"
        [ "$installed" = "$version" ] || missing+=("$spec")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v npm >/dev/null; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            log "Installing Debian's npm" >&2
            { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; } >&2 ||
                die "apt-get install npm failed; retry: apt-get install -y npm"
        else
            die "npm is needed for ${missing[*]} (e.g. sudo apt-get install -y npm)."
        fi
    fi
    log "Installing ${missing[*]} into $dir" >&2
    mkdir -p "$dir"
    npm install --silent --no-audit --no-fund --prefix "$dir" "$@" >&2
}
