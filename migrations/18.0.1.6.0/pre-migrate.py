# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.6.0: new access tokens for every shared thread and task, and for
every contact request.

Before 18.0.1.6.0 a portal user could read ``access_token`` by RPC, and a page
opened by a signed link carried it: a token copied then would keep opening the
record to an anonymous visitor after its holder left the partner company. Since
then only our users read tokens, so giving every shared record a new one ends
what was copied before. Links signed for contacts without an account (Odoo
signs them with the token) in emails sent before the upgrade stop working too;
the next digest or message brings new ones.

A contact request's token answered the request for its partner company without
an account, and its partner's portal users could read it; since 18.0.1.6.0 the
form opens by a link signed for the person of contact, so an old token is only
a leftover to end (the next digest lists the open requests with new links).

A mention belongs to the company of the record that mentions (its
multi-company rule): ``b2b_mention.company_id`` is filled here from the
mentioning threads, tasks and communications in one statement per table,
instead of the ORM computing it mention by mention after the upgrade.
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column, table_exists

MENTIONING_TABLES = {
    "b2b.thread": "b2b_thread",
    "b2b.task": "b2b_task",
    "b2b.communication": "b2b_communication",
}


def _fill_mention_company(cr):
    if not table_exists(cr, "b2b_mention") or column_exists(
        cr, "b2b_mention", "company_id"
    ):
        return
    create_column(cr, "b2b_mention", "company_id", "int4")
    for model, table in MENTIONING_TABLES.items():
        cr.execute(
            SQL(
                """UPDATE b2b_mention mention SET company_id = record.company_id
                     FROM %s record
                    WHERE mention.res_model = %s AND record.id = mention.res_id""",
                SQL.identifier(table),
                model,
            )
        )


def migrate(cr, version):
    if not version:
        return
    _fill_mention_company(cr)
    for table in ("b2b_thread", "b2b_task", "b2b_contact_request"):
        cr.execute(
            SQL(
                "UPDATE %s SET access_token = gen_random_uuid()::varchar"
                " WHERE access_token IS NOT NULL",
                SQL.identifier(table),
            )
        )
