#!/usr/bin/env bash
# Proof that the two commands set everything up on a machine where no Python imports
# Odoo 18 (run by `make test`; B2B_SKIP_FRESH_SETUP=1 skips it):
#   a clone of the committed HEAD in a temporary folder, a clean environment (system
#   PATH, no PYTHONPATH, a new HOME), the system's python3, and ODOO_SOURCE pointing at
#   the Odoo tree this suite runs on. `make run` must build .cache/venv, start its own
#   PostgreSQL, install the module with demo data into a fresh database and answer on
#   its port; a second set-up must reuse the environment without installing anything.
#   The clone lies in a mode-700 folder, as a home folder in most containers: as root,
#   the private PostgreSQL must run where its server user can reach it without that
#   folder's mode being widened, and `make stop-db` must stop it.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"
require_odoo >/dev/null

PORT="${B2B_FRESH_PORT:-8469}"
TMP="$(mktemp -d /tmp/b2b-fresh.XXXXXX)"  # mode 700
CLONE="$TMP/checkout"
SYSTEM_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
SYSTEM_PYTHON="$(PATH=$SYSTEM_PATH command -v python3)" || die "no python3 on the system PATH"
server_pid=""

cleanup() {
    [ -n "$server_pid" ] && kill -- -"$server_pid" 2>/dev/null
    [ -d "$CLONE" ] && (cd "$CLONE" && fresh_env make -s stop-db >/dev/null 2>&1)
    if [ "$(id -u)" = 0 ]; then  # the private cluster of a root checkout (common.sh)
        rm -rf "/var/lib/b2b_communication/$(printf %s "$CLONE" | sha1sum | cut -c1-12)"
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT

# A new user's shell: nothing inherited but the pip cache (downloads, not installs).
FRESH_ENV=(env -i PATH="$SYSTEM_PATH" HOME="$TMP/home" LANG=C.UTF-8 TERM=dumb
    PIP_CACHE_DIR="${PIP_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pip}"
    ODOO_SOURCE="$ODOO_SOURCE_DIR" B2B_DEMO_PORT="$PORT" B2B_DEMO_DB=b2b_fresh
    B2B_PG_PORT="${B2B_FRESH_PG_PORT:-54339}")
fresh_env() { "${FRESH_ENV[@]}" "$@"; }

mkdir -p "$TMP/home"
git clone -q "$REPO_ROOT" "$CLONE"
log "Fresh set-up: make run in $CLONE with $SYSTEM_PYTHON, ODOO_SOURCE=$ODOO_SOURCE_DIR"
started=$SECONDS
# its own session and process group (setsid does not fork in a background job), so that
# the cleanup stops make, the script and Odoo together
setsid "${FRESH_ENV[@]}" make -C "$CLONE" run >"$TMP/run.log" 2>&1 &
server_pid=$!

answered=""
for _ in $(seq 1 "${B2B_FRESH_TIMEOUT:-1500}"); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/web/login" 2>/dev/null; then
        answered=1; break
    fi
    grep -q "^ERROR" "$TMP/run.log" && break
    sleep 1
done
if [ -z "$answered" ]; then
    tail -40 "$TMP/run.log" >&2
    die "the fresh set-up did not answer on port $PORT (log above)"
fi
log "Odoo answered on port $PORT after $((SECONDS - started)) s"
grep -q "Creating the virtual environment" "$TMP/run.log" ||
    die "make run did not build its own virtual environment"
state="$(cd "$CLONE" && fresh_env bash -c 'source tools/common.sh; ensure_postgres >/dev/null;
    psql -d b2b_fresh -tAc "SELECT state FROM ir_module_module WHERE name = '"'b2b_communication'"'"')"
[ "$state" = installed ] || die "b2b_communication is not installed in the fresh database ($state)"
# The page is read whole first: `curl | grep -q` under pipefail fails when grep
# stops reading early (curl: "Failed writing body").
login_page="$(curl -fsS "http://127.0.0.1:$PORT/web/login")" ||
    die "the fresh server's login page did not answer"
case "$login_page" in
*'name="login"'*) ;;
*) die "the fresh server's login page has no login field" ;;
esac

# A second run reuses everything: no download, no install.
(cd "$CLONE" && fresh_env "$SYSTEM_PYTHON" tools/bootstrap_odoo.py --cache .cache) \
    >"$TMP/second.out" 2>"$TMP/second.log" || { cat "$TMP/second.log" >&2; die "second set-up failed"; }
grep -q "Reusing" "$TMP/second.log" && ! grep -q "Installing" "$TMP/second.log" ||
    { cat "$TMP/second.log" >&2; die "the second set-up did not reuse the environment"; }
[ "$(stat -c %a "$TMP")" = 700 ] || die "the mode-700 folder of the checkout was widened"
kill -- -"$server_pid" 2>/dev/null; server_pid=""
stopped="$(cd "$CLONE" && fresh_env make -s stop-db)"
case "$stopped" in
*"server stopped"*) ;;
*) die "make stop-db did not stop the private PostgreSQL" ;;
esac
log "Fresh set-up passed: venv built, module installed, Odoo answered; second set-up reused it"
