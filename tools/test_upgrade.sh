#!/usr/bin/env bash
# Upgrade test: install the previous released version of the addon (the commit named
# in tools/previous_release.txt) with demo data, add records of our own, then upgrade
# to the working tree with -u and check that every record and value survived and that
# the upgrade log is clean. Called by tools/run_tests.sh; runs alone too.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"
require_odoo
ensure_postgres

PREV_REF="$(grep -v '^#' tools/previous_release.txt | head -1 | awk '{print $1}')"
git cat-file -e "$PREV_REF^{commit}" 2>/dev/null || die "previous release $PREV_REF not in this clone's history"
DB="${B2B_UPGRADE_DB:-b2b_upgrade}"
export PGHOST PGPORT PGUSER
PREV_DIR="$CACHE_DIR/prev-release"
LOGDIR="$CACHE_DIR/logs"; mkdir -p "$LOGDIR"
rm -f "$LOGDIR"/install.log* "$LOGDIR"/upgrade*.log* "$LOGDIR"/upgrade-*.log  # Odoo appends

log "Previous release $PREV_REF -> $PREV_DIR"
rm -rf "$PREV_DIR" && mkdir -p "$PREV_DIR/addons/$MODULE"
git archive "$PREV_REF" | tar -x -C "$PREV_DIR/addons/$MODULE"

compute_addons_path
CURRENT_ADDONS_PATH="$ADDONS_PATH"
PREV_ADDONS_PATH="${ADDONS_PATH%,$CACHE_DIR/addons},$PREV_DIR/addons"

dropdb --if-exists "$DB"
CONF="$CACHE_DIR/odoo-upgrade.conf"
ADDONS_PATH="$PREV_ADDONS_PATH" write_config "$CONF" "$DB" 8269
log "Installing the previous release with demo data (and Bulgarian, German)"
odoo_cmd -c "$CONF" -d "$DB" -i "$MODULE" --load-language=bg_BG,de_DE --stop-after-init --logfile="$LOGDIR/upgrade-prev-install.log" \
    || { tail -40 "$LOGDIR/upgrade-prev-install.log"; die "install of the previous release failed"; }

snapshot() {
    odoo_cmd shell -c "$CONF" -d "$DB" --no-http --log-level=warn 2>/dev/null <<'PY'
import json
out = {}
for model in ("b2b.thread", "b2b.communication", "b2b.task", "b2b.topic", "b2b.reminder.log"):
    out[model] = env[model].with_context(active_test=False).search_count([])
out["threads"] = sorted(
    (t.name, t.subject, t.state, t.partner_id.id, t.user_id.id)
    for t in env["b2b.thread"].search([])
)
out["tasks"] = sorted(
    (t.name, t.state, t.user_id.id, str(t.date_deadline), t.thread_id.name)
    for t in env["b2b.task"].search([])
)
# the date of each partner's last digest: on the partner up to 18.0.1.4.0, a
# digest of the reminder log since (demo data may add newer ones)
if "recipient_id" in env["b2b.reminder.log"]._fields:
    out["last_reminders"] = sorted(
        {(log.partner_id.id, str(log.date))
         for log in env["b2b.reminder.log"].search([("recipient_id", "!=", False)])}
    )
else:
    out["last_reminders"] = sorted(
        (p.id, str(p.b2b_last_reminder_date))
        for p in env["res.partner"].with_context(active_test=False).search([])
        if p.b2b_last_reminder_date
    )
print("SNAPSHOT " + json.dumps(out, sort_keys=True))
PY
}
# an administrator's edits of the (noupdate) digest: a German paragraph printing a
# field of the partner, an English subject reworded; they must survive the upgrade
# and keep working on the digest's own record (18.0.1.6.0)
odoo_cmd shell -c "$CONF" -d "$DB" --no-http --log-level=warn >/dev/null 2>&1 <<'PY'
digest = env.ref("b2b_communication.mail_template_b2b_reminder_digest")
german = digest.with_context(lang="de_DE")
body = str(german.body_html)
end = body.rindex("</div>")
german.body_html = (
    body[:end] + '<p class="b2b_admin_edit">Kundennummer <t t-out="object.ref or \'-\'"/></p>'
    + body[end:]
)
english = digest.with_context(lang="en_US")
english.subject = "Reminder - " + english.subject
env.cr.commit()
PY
before="$(snapshot | grep '^SNAPSHOT')"
[ -n "$before" ] || die "could not read the data of the previous release"

log "Upgrading to the working tree (-u $MODULE)"
ADDONS_PATH="$CURRENT_ADDONS_PATH" write_config "$CONF" "$DB" 8269
odoo_cmd -c "$CONF" -d "$DB" -u "$MODULE" --stop-after-init --logfile="$LOGDIR/upgrade-from-prev.log" \
    || { tail -40 "$LOGDIR/upgrade-from-prev.log"; die "upgrade from the previous release failed"; }
if grep -E " (WARNING|ERROR|CRITICAL) " "$LOGDIR/upgrade-from-prev.log"; then
    die "the upgrade from the previous release logged warnings or errors"
fi
after="$(snapshot | grep '^SNAPSHOT')"
# every record and value of the previous release must still be there (the new
# version may add records, e.g. new demo data)
if ! BEFORE="$before" AFTER="$after" "$PYTHON" - <<'PY'
import json, os, sys
before = json.loads(os.environ["BEFORE"][9:])
after = json.loads(os.environ["AFTER"][9:])
problems = []
for key, value in before.items():
    if isinstance(value, int):
        if after[key] < value:
            problems.append(f"{key}: {value} -> {after[key]} records")
    else:
        missing = [row for row in value if row not in after[key]]
        if missing:
            problems.append(f"{key}: lost or changed {missing}")
print("\n".join(problems), file=sys.stderr)
sys.exit(1 if problems else 0)
PY
then
    die "data changed during the upgrade"
fi
# 18.0.1.4.0 and 18.0.1.6.0 change the (noupdate) email templates in place, in every
# language, and 18.0.1.4.0 gives shared threads and tasks their token
migrated="$(odoo_cmd shell -c "$CONF" -d "$DB" --no-http --log-level=warn 2>/dev/null <<'PY'
problems = []
for xmlid, field, text in (
    ("b2b_communication.mail_template_b2b_reminder_digest", "body_html", "object._digest_urls()"),
    ("b2b_communication.mail_template_b2b_unread_chat", "body_html", "conversation['more']"),
    ("b2b_communication.mail_template_b2b_unread_chat", "subject", "object.b2b_unread_chat_count"),
    # 18.0.1.6.0: the digest's placeholders are field paths, of its own record
    ("b2b_communication.mail_template_b2b_reminder_digest", "subject", "object.request_count"),
    ("b2b_communication.mail_template_b2b_reminder_digest", "email_from", "object.email_from"),
    ("b2b_communication.mail_template_b2b_reminder_digest", "lang", "object.lang"),
    ("b2b_communication.mail_template_b2b_reminder_digest", "body_html", "object._digest_section_templates()"),
):
    env.cr.execute(f"SELECT {field} FROM mail_template WHERE id = %s", [env.ref(xmlid).id])
    value = env.cr.fetchone()[0]
    for lang, value in (value.items() if isinstance(value, dict) else [(None, value)]):
        if text not in value:
            problems.append(f"{xmlid} {field} ({lang}) not migrated")
for model in ("b2b.thread", "b2b.task"):
    if env[model].search_count([("is_shared", "=", True), ("access_token", "=", False)]):
        problems.append(f"shared {model} without token")
# 18.0.1.6.0: the digest and its scheduled action on b2b.reminder.log, the
# administrator's edits kept and working
digest = env.ref("b2b_communication.mail_template_b2b_reminder_digest")
cron = env.ref("b2b_communication.ir_cron_b2b_send_reminders")
if digest.model != "b2b.reminder.log" or cron.model_id.model != "b2b.reminder.log":
    problems.append("the digest or its scheduled action not on b2b.reminder.log")
if not digest.with_context(lang="en_US").subject.startswith("Reminder - "):
    problems.append("the administrator's English subject lost")
if 'Kundennummer <t t-out="object.partner_id.ref' not in digest.with_context(lang="de_DE").body_html:
    problems.append("the administrator's German paragraph lost or not on the digest's record")
partner = env["res.partner"].search([("b2b_task_ids.is_shared", "=", True)], limit=1)
recipient = partner._b2b_reminder_recipient()
(partner | recipient).write({"lang": "de_DE"})
log = env["b2b.reminder.log"].create(
    {"partner_id": partner.id, "period_key": "upgrade-test", "recipient_id": recipient.id}
)
mail = log._send_digest_mails()
if "Kundennummer" not in str(mail.body_html) or "Reminder - " in mail.subject:
    problems.append(f"the edited German digest does not render: {mail.subject}")
env.cr.rollback()
print("MIGRATED " + ("; ".join(problems) or "OK"))
PY
)"
echo "$migrated" | grep -q '^MIGRATED OK' || die "migration of the templates and tokens incomplete: $migrated"
log "Upgrade from $PREV_REF kept all data ($(echo "$before" | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()[9:]); print(", ".join(f"{k}: {v}" for k, v in d.items() if isinstance(v, int)))'))"
dropdb "$DB"
