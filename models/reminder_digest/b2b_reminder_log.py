# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class B2bReminderLog(models.Model):
    """One row per partner and period that got (or is getting) its digest.

    The row is claimed (INSERT ... ON CONFLICT DO NOTHING) in the same transaction
    that creates the email: a second run, a second worker or a rerun after a crash
    can never send the same period twice. A partner without anybody to write to
    is claimed too (no recipient), so that it does not stay due all period.
    The partner's "Last Reminder Sent" is read from here: the job writes
    nothing on the partner (no row lock on the partners a user may be editing).
    """

    _name = "b2b.reminder.log"
    _description = "B2B Reminder Sent"
    _order = "id desc"

    partner_id = fields.Many2one(
        comodel_name="res.partner", required=True, index=True, ondelete="cascade"
    )
    period_key = fields.Char(required=True, help="D2026-11-22 or W2026-47")
    recipient_id = fields.Many2one(
        comodel_name="res.partner",
        string="Sent To",
        ondelete="set null",
        help="Who received the digest; empty when the partner had nobody with "
        "an email to send it to.",
    )
    date = fields.Datetime(string="Sent On", required=True, default=fields.Datetime.now)

    _sql_constraints = [
        (
            "partner_period_uniq",
            "unique(partner_id, period_key)",
            "A digest was already sent to this partner for this period.",
        )
    ]
