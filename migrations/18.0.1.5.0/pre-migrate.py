# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.5.0: "Last Reminder Sent" is read from b2b.reminder.log, which now
records when and to whom each digest went; the reminder job no longer writes on
the partners.

Before the models load: every claim gets its date (its creation), and the date
stored on each partner becomes the newest claim of that partner with its
recipient (the person of contact, else the partner), or a row of its own when
the partner has no claim. The old column is dropped after the update (see
post-migrate), once the partner overview no longer reads it.
"""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL(
            """
            ALTER TABLE b2b_reminder_log
                ADD COLUMN IF NOT EXISTS date timestamp without time zone,
                ADD COLUMN IF NOT EXISTS recipient_id integer;
            UPDATE b2b_reminder_log SET date = create_date WHERE date IS NULL;
            WITH last_claim AS (
                SELECT DISTINCT ON (log.partner_id)
                       log.id,
                       partner.b2b_last_reminder_date AS date,
                       COALESCE(partner.b2b_reminder_contact_id, partner.id)
                           AS recipient_id
                  FROM b2b_reminder_log log
                  JOIN res_partner partner ON partner.id = log.partner_id
                 WHERE partner.b2b_last_reminder_date IS NOT NULL
              ORDER BY log.partner_id, log.id DESC
            )
            UPDATE b2b_reminder_log log
               SET date = last_claim.date, recipient_id = last_claim.recipient_id
              FROM last_claim
             WHERE log.id = last_claim.id;
            INSERT INTO b2b_reminder_log
                   (partner_id, period_key, recipient_id, date, create_uid,
                    create_date, write_uid, write_date)
            SELECT partner.id,
                   'M' || to_char(partner.b2b_last_reminder_date, 'YYYY-MM-DD'),
                   COALESCE(partner.b2b_reminder_contact_id, partner.id),
                   partner.b2b_last_reminder_date,
                   1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'
              FROM res_partner partner
             WHERE partner.b2b_last_reminder_date IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM b2b_reminder_log log
                                WHERE log.partner_id = partner.id)
            """
        )
    )
