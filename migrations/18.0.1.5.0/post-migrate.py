# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.5.0: the date of the last digest moved to b2b.reminder.log (see
pre-migrate); the partner's old column is dropped."""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL("ALTER TABLE res_partner DROP COLUMN IF EXISTS b2b_last_reminder_date")
    )
