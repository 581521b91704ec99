#!/usr/bin/env bash
# Start a demo: PostgreSQL (configured or a private one in .cache/pg), a database
# with b2b_communication and its demo data, and Odoo on http://localhost:8069.
# Safe to re-run: an existing demo database is upgraded, not recreated.
# Env: B2B_DEMO_DB (default b2b_demo), B2B_DEMO_PORT (default 8069),
#      B2B_DEMO_RESET=1 to drop and recreate the database.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"

prepare_odoo_run

DB="${B2B_DEMO_DB:-b2b_demo}"
PORT="${B2B_DEMO_PORT:-8069}"
CONF="$CACHE_DIR/odoo-demo.conf"
write_config "$CONF" "$DB" "$PORT"
mkdir -p "$CACHE_DIR/logs"

if [ "${B2B_DEMO_RESET:-0}" = 1 ]; then
    dropdb --if-exists "$DB"
fi
if psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
    log "Updating the demo database $DB"
    odoo_cmd -c "$CONF" -d "$DB" -u "$MODULE" --load-language=en_US,bg_BG,de_DE --stop-after-init \
        --logfile="$CACHE_DIR/logs/demo-update.log" \
        || { tail -40 "$CACHE_DIR/logs/demo-update.log"; die "update failed"; }
else
    log "Creating the demo database $DB with demo data (a few minutes the first time)"
    odoo_cmd -c "$CONF" -d "$DB" -i "$MODULE" --load-language=en_US,bg_BG,de_DE --stop-after-init \
        --logfile="$CACHE_DIR/logs/demo-install.log" \
        || { tail -40 "$CACHE_DIR/logs/demo-install.log"; die "install failed"; }
    "$PYTHON" "$REPO_ROOT/tools/demo_users.py" -c "$CONF" -d "$DB"
fi

cat <<INFO

  B2B Communication demo: http://localhost:$PORT/odoo/action-b2b_communication.b2b_my_work_action

  Logins (user / password):
    admin / admin      B2B manager, administrator
    demo / demo        internal user (B2B user)
    portal / portal    portal user (Odoo's demo portal user)
$(cat "$CACHE_DIR/demo-logins-$DB.txt" 2>/dev/null || true)

  Stop with Ctrl+C. Re-run 'make run' to start again.
INFO
exec "$PYTHON" -m odoo -c "$CONF" -d "$DB" --logfile=
