"""Benchmark: the reminder cron over many partners with many open requests.

Seeds N partner companies with M open shared tasks in total (plain SQL inserts for
speed), then runs the reminder cron chunk by chunk as ir.cron would, printing the
time and SQL queries of the whole run and of each chunk. Everything is rolled
back at the end.

Usage: python3 bench/reminders.py -c .cache/odoo-test.conf -d b2b_test \
           [--partners 10000] [--requests 100000] [--chunk 200]
"""

import time

from common import argument_parser, rolled_back_env, run_chunked

from odoo import fields


def seed(env, partners, requests):
    cr = env.cr
    thread_partner = env["res.partner"].create(
        {"name": "Bench owner", "is_company": True}
    )
    partner_ids = []
    for start in range(0, partners, 1000):
        batch = env["res.partner"].create(
            [
                {
                    "name": f"Bench supplier {i}",
                    "is_company": True,
                    "email": f"bench{i}@suppliers.example.com",
                    "tz": "UTC",
                    "b2b_reminder_frequency": "daily",
                }
                for i in range(start, min(start + 1000, partners))
            ]
        )
        partner_ids += batch.ids
    env.flush_all()
    thread = env["b2b.thread"].create(
        {"subject": "Bench thread", "partner_id": thread_partner.id, "is_shared": True}
    )
    cr.execute(
        """
        INSERT INTO b2b_task (name, thread_id, company_id, partner_id,
                              commercial_partner_id, is_shared, state, date_deadline,
                              create_date, write_date)
        SELECT 'Bench request ' || g, %s, %s, p, p, true, 'todo',
               current_date + (g %% 30 - 10), now(), now()
          FROM generate_series(1, %s) g,
               LATERAL (SELECT (%s::int[])[1 + (g %% %s)] AS p) x
        """,
        [thread.id, thread.company_id.id, requests, partner_ids, partners],
    )
    env.invalidate_all()
    return partner_ids


def main():
    parser = argument_parser()
    parser.add_argument("--partners", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=100000)
    parser.add_argument("--chunk", type=int, default=200)
    args = parser.parse_args()
    with rolled_back_env(args) as env:
        t0 = time.perf_counter()
        seed(env, args.partners, args.requests)
        print(
            f"seeded {args.partners} partners with {args.requests} open requests "
            f"in {time.perf_counter() - t0:.1f}s"
        )
        Partner = env["res.partner"]
        run_chunked(env, Partner._cron_b2b_send_reminders, args.chunk, "digests")
        mails = env["mail.mail"].search_count(
            [("headers", "like", "X-B2B-Reminder-Partner")]
        )
        print(f"digests queued: {mails}; one per partner: {mails == args.partners}")
        print(f"now: {fields.Datetime.now()}")


if __name__ == "__main__":
    main()
