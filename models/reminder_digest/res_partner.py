# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools.misc import hmac

from .res_company import REMINDER_FREQUENCIES

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]
PAUSE_SCOPE = "b2b-reminder-pause"


class ResPartner(models.Model):
    """The partner company's choice of reminder digest: how often, on which
    day, when the last one went, and pausing it from a link. The digest
    itself is ``b2b.reminder.log``."""

    _inherit = "res.partner"

    b2b_reminder_frequency = fields.Selection(
        selection=REMINDER_FREQUENCIES,
        string="Reminder Frequency",
        default=lambda self: self.env.company.b2b_reminder_frequency_default,
        help="How often the company receives the digest of its open requests.",
    )
    b2b_reminder_weekday = fields.Selection(
        selection=WEEKDAYS, string="Reminder Day", default="0"
    )
    b2b_last_reminder_date = fields.Datetime(
        string="Last Reminder Sent",
        compute="_compute_b2b_last_reminder_date",
        help="When the partner's last reminder digest was sent.",
    )

    def _compute_b2b_last_reminder_date(self):
        """The date of the newest digest sent, from b2b.reminder.log (one query
        for the whole batch)."""
        # sudo: the log is our users'; only the dates of sent digests are read
        last_dates = dict(
            self.env["b2b.reminder.log"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.ids), ("recipient_id", "!=", False)],
                ["partner_id"],
                ["date:max"],
            )
        )
        for partner in self:
            partner.b2b_last_reminder_date = last_dates.get(partner._origin, False)

    def _b2b_reminder_pause_token(self):
        """The signature of the links that pause this partner's digests."""
        self.ensure_one()
        return hmac(self.env(su=True), PAUSE_SCOPE, self.id)

    def _b2b_reminder_pause(self):
        """Pause the digests (pause page button, one-click unsubscribe)."""
        self.write({"b2b_reminder_frequency": "never"})

    def _b2b_reminder_frequency_label(self):
        """How often the partner receives its digest, in the email's language
        (a digest body of 18.0.1.4.0 an administrator edited still prints it)."""
        self.ensure_one()
        # the labels of the email's language, read once per batch of emails
        labels = self.env["b2b.mail.batch"]._cached(
            ("frequency_labels", self.env.lang),
            lambda: dict(
                self._fields["b2b_reminder_frequency"]._description_selection(self.env)
            ),
        )
        return labels.get(self.b2b_reminder_frequency, "")
