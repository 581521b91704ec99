# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0: tasks know when they were done (``date_done``, for the partner
overview's answer times). A database that had tasks before the column existed
gets, for its done tasks, the date of their last status change (from the
tracking), else of their last write, instead of the date of the upgrade."""

from odoo.tools import SQL


def fill_date_done(cr):
    """Done tasks without a done date: the date of their last status change
    (tracking), else of their last write."""
    cr.execute(
        SQL(
            """
        UPDATE b2b_task task
           SET date_done = COALESCE(
               (SELECT max(message.date)
                  FROM mail_tracking_value tracking
                  JOIN mail_message message
                    ON message.id = tracking.mail_message_id
                  JOIN ir_model_fields field ON field.id = tracking.field_id
                 WHERE message.model = 'b2b.task'
                   AND message.res_id = task.id
                   AND field.model = 'b2b.task'
                   AND field.name = 'state'),
               task.write_date)
         WHERE task.state = 'done' AND task.date_done IS NULL
            """
        )
    )


def migrate(cr, version):
    if version:
        fill_date_done(cr)
