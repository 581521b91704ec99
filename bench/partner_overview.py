"""Benchmark: the partner overview over N partner companies with 10 shared
requests each (a third overdue, a third answered in the last 90 days).

Prints the time and SQL query count of what the views ask for: the list's first
page, the graph (overdue requests per partner), the filter "Overdue Requests",
and one partner's row (partner form). Requests are written in SQL (the ORM
would take minutes); everything is rolled back.

Usage: python3 bench/partner_overview.py -c .cache/odoo-test.conf -d b2b_test [-n 10000]
"""

import time

from common import run_benchmark

from odoo.tools import SQL


def measure(env, label, func):
    env.invalidate_all()
    start_queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    queries = env.cr.sql_log_count - start_queries
    print(f"{label:45} {elapsed * 1000:9.1f} ms {queries:6d} queries")
    return result


def seed(env, count):
    partners = env["res.partner"].create(
        [{"name": f"Bench Partner {i}", "is_company": True} for i in range(count)]
    )
    env.flush_all()
    env.cr.execute(
        SQL(
            """
        WITH threads AS (
            INSERT INTO b2b_thread (name, subject, partner_id, commercial_partner_id,
                   company_id, state, is_shared, priority, create_date, write_date)
            SELECT 'BENCH', 'Bench', id, id, %(company)s, 'waiting', TRUE, '0',
                   now() - interval '100 days', now()
              FROM unnest(%(ids)s::int[]) AS id
         RETURNING id, partner_id
        )
        INSERT INTO b2b_task (name, thread_id, company_id, partner_id,
               commercial_partner_id, is_shared, state, date_deadline, date_done,
               create_date, write_date)
        SELECT 'Bench request', threads.id, %(company)s, partner_id, partner_id, TRUE,
               CASE WHEN mod(n, 3) = 0 THEN 'done' ELSE 'todo' END,
               current_date + (mod(n, 3) - 2) * 5,
               CASE WHEN mod(n, 3) = 0 THEN now() - n * interval '1 day' END,
               now() - (n + 10) * interval '1 day', now()
          FROM threads, generate_series(1, 10) AS n
            """,
            company=env.company.id,
            ids=partners.ids,
        )
    )
    # statistics as autovacuum would have them on a live database
    env.cr.execute(SQL("ANALYZE b2b_task; ANALYZE b2b_thread; ANALYZE res_partner"))
    return partners


def run(env, count):
    start = time.perf_counter()
    partners = seed(env, count)
    print(
        f"seeded {count} partners, {count * 10} requests in "
        f"{time.perf_counter() - start:.1f}s"
    )
    Overview = env["b2b.partner.overview"].with_user(env.ref("base.user_admin"))
    # the fields the list view shows, read for the list and for one row
    views = Overview.get_views([(False, "list")])
    fields = list(views["models"][Overview._name]["fields"])
    measure(
        env,
        "list, first page (80 rows)",
        lambda: Overview.search_read([], fields, limit=80),
    )
    measure(
        env,
        "graph: overdue requests per partner",
        lambda: Overview.read_group([], ["overdue_request_count:sum"], ["partner_id"]),
    )
    measure(
        env,
        "filter Overdue Requests (count)",
        lambda: Overview.search_count([("overdue_request_count", ">", 0)]),
    )
    partner = partners[count // 2]
    rows = measure(
        env,
        "one partner's row (partner form)",
        lambda: partner.with_user(env.ref("base.user_admin")).b2b_overview_ids.read(
            fields
        ),
    )
    print(f"  -> {rows}")


if __name__ == "__main__":
    run_benchmark(run, 10000)
