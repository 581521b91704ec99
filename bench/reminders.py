"""Benchmark: the reminder cron against Odoo's own floor, at one or more sizes.

For each size, in its own transaction that is rolled back: seeds N partner
companies with R open shared requests per partner (plain SQL inserts: the ORM
would take an hour for 100,000 partners), then measures side by side on the same
partners

- the reminder cron, called chunk by chunk as ir.cron would until it reports no
  remaining work;
- Odoo's floors: ``mail.template.send_mail_batch`` of a QWeb template printing
  the partner's name inside the light notification layout
  ``mail.mail_notification_light`` in which every email of this module goes
  out (the layout floor, the target's denominator: the cost of queuing one such
  email per partner in Odoo), and bare, without the layout (the bare floor,
  printed beside it as the distance to the limit). The layout floor runs right
  after each call of the cron over the partners that call handled
  (interleaved, the load of a shared machine weighs the same on both); the
  bare floor over the same chunks after the run (see
  common.INTERLEAVED_FLOORS);

and prints the time and queries of each, the cron's ratio to each floor and the
time per chunk.
Above --sample-above partners (default 50,000) the run is sampled to stay short:
the first --sample-chunks chunks, then the rest of the partners is claimed with
SQL and the end of the run (the last call, which walks over every partner once)
is timed and added to the cron's time.
Exits non-zero when a target is missed: the cron at most 0.5x the layout floor
at every size (the ratio to the bare floor is printed for information), and the
time per chunk at the largest size within 1.2x of the smallest.

Usage: python3 bench/reminders.py -c .cache/odoo-test.conf -d b2b_test \\
           [--sizes 10000,100000] [--requests-per-partner 10] [--chunk 200]
           [--profile 40] [--profile-file /tmp/reminders.prof]
"""

import sys
import time

import common

from odoo.tools import SQL


def seed(env, partners, per_partner):
    """Insert the partners and their open shared tasks with SQL, as the ORM
    would store them (a shared task has its access token)."""
    cr = env.cr
    owner = env["res.partner"].create({"name": "Bench owner", "is_company": True})
    thread = env["b2b.thread"].create(
        {"subject": "Bench thread", "partner_id": owner.id, "is_shared": True}
    )
    env.flush_all()
    cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, is_company, active, email,
                                     email_normalized, tz, b2b_reminder_frequency,
                                     b2b_messenger, autopost_bills, type, lang,
                                     create_date, write_date)
            SELECT 'Bench supplier ' || g, 'Bench supplier ' || g, true, true,
                   'bench' || g || '@suppliers.example.com',
                   'bench' || g || '@suppliers.example.com', 'UTC', 'daily',
                   'auto', 'ask', 'contact', 'en_US', now(), now()
              FROM generate_series(1, %s) g
            RETURNING id
            """,
            partners,
        )
    )
    partner_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        SQL(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
            partner_ids,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO b2b_task (name, thread_id, company_id, partner_id,
                                  commercial_partner_id, is_shared, state,
                                  access_token, date_deadline, create_date,
                                  write_date)
            SELECT 'Bench request ' || r, %s, %s, p, p, true, 'todo',
                   gen_random_uuid()::varchar,
                   current_date + (mod(r, 30) - 10), now(), now()
              FROM unnest(%s::int[]) p, generate_series(1, %s) r
            """,
            thread.id,
            thread.company_id.id,
            partner_ids,
            per_partner,
        )
    )
    for table in ("res_partner", "b2b_task", "b2b_reminder_log"):
        # the planner sees the seeded rows as it would in production
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.invalidate_all()
    return partner_ids


def run_cron(env, chunk, max_chunks=None, floors=None, profiler=None):
    """Call the cron until it reports no remaining work, as ir.cron would, or
    for ``max_chunks`` calls; returns the time, the (queries, time) of each
    call and the ratio of each call to the layout floor. With ``floors``
    (common.Floors), each call is followed by Odoo's layout floor over the
    partners that call handled (interleaved, so that the load of the shared
    machine weighs the same on both), the bare floor runs over the same chunks
    after the run."""
    Digest = env["b2b.reminder.log"]
    cr = env.cr
    chunks, cron_time, chunk_ratios = [], 0.0, []
    while max_chunks is None or len(chunks) < max_chunks:
        cr.execute(SQL("SELECT COALESCE(max(id), 0) FROM b2b_reminder_log"))
        last_log_id = cr.fetchone()[0]
        queries, elapsed, progress = common.call_job(
            env,
            lambda: Digest._cron_send_reminders(chunk_size=chunk),
            profiler or common.JobProfiler(0),
        )
        cron_time += elapsed
        chunks.append((queries, elapsed))
        if floors:
            cr.execute(
                SQL(
                    "SELECT partner_id FROM b2b_reminder_log WHERE id > %s ORDER BY id",
                    last_log_id,
                )
            )
            partner_ids = [row[0] for row in cr.fetchall()]
            chunk_ratios.append(elapsed / floors.after_call(partner_ids))
        if not progress["remaining"]:
            break
    if floors:
        floors.finish()
    return cron_time, chunks, chunk_ratios


def claim_the_rest(env):
    """Claim today's period of every partner the sampled run did not reach, as
    if the run had gone through them, so the end of the run can be measured."""
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            INSERT INTO b2b_reminder_log (partner_id, period_key, recipient_id, date)
            SELECT p.id, 'D' || to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
                   p.id, now() AT TIME ZONE 'UTC'
              FROM res_partner p
             WHERE p.name LIKE 'Bench supplier %%'
                   AND p.id > (SELECT max(partner_id) FROM b2b_reminder_log)
            ORDER BY p.id
            """
        )
    )
    return env.cr.rowcount


def bench_size(args, partners, profiler):
    with common.rolled_back_env(args) as env:
        t0 = time.perf_counter()
        seed(env, partners, args.per_partner)
        print(
            f"[{partners}] seeded {partners} partners with "
            f"{partners * args.per_partner} open requests in "
            f"{time.perf_counter() - t0:.1f}s"
        )
        max_chunks = None
        if args.sample_above and partners > args.sample_above:
            max_chunks = args.sample_chunks
        floors = common.Floors(env, "Open requests")
        cron_time, chunks, chunk_ratios = run_cron(
            env, args.chunk, max_chunks, floors, profiler
        )
        digests = env["mail.mail"].search_count(
            [("headers", "like", "X-B2B-Reminder-Partner")]
        )
        queries = [q for q, _t in chunks]
        per_chunk = cron_time / len(chunks)
        sampled = f" (first {len(chunks)} chunks)" if max_chunks else ""
        print(
            f"[{partners}] cron{sampled}: {digests} digests in {len(chunks)} chunks "
            f"of {args.chunk}, {cron_time:.1f}s, {sum(queries)} queries; "
            f"queries per chunk: first {queries[0]}, then "
            f"min {min(queries[1:] or queries)} max {max(queries[1:] or queries)}; "
            f"time per chunk {per_chunk:.3f}s"
        )
        if max_chunks:
            skipped = claim_the_rest(env)
            end_time, end_chunks, _ratios = run_cron(env, args.chunk)
            print(
                f"[{partners}] end of the run (the {skipped} partners left claimed "
                f"with SQL): {len(end_chunks)} call(s), {end_time:.2f}s, "
                f"{sum(q for q, _t in end_chunks)} queries; counted in the cron time"
            )
            cron_time += end_time
        ratios = common.print_floors(f"[{partners}] ", cron_time, floors.totals)
        chunk_ratios.sort()
        print(
            f"[{partners}] ratio job/layout floor chunk by chunk (how much the shared "
            f"machine moved them): min {chunk_ratios[0]:.2f}x, median "
            f"{chunk_ratios[len(chunk_ratios) // 2]:.2f}x, max {chunk_ratios[-1]:.2f}x"
        )
        expected = min(partners, (max_chunks or partners) * args.chunk)
        ok = digests == expected
        if not ok:
            print(f"[{partners}] FAIL: {digests} digests, expected {expected}")
        return ratios["layout"], per_chunk, ok


def main():
    parser = common.argument_parser()
    parser.add_argument("--sizes", default="10000")
    parser.add_argument(
        "--requests-per-partner", dest="per_partner", type=int, default=10
    )
    parser.add_argument("--chunk", type=int, default=200)
    parser.add_argument(
        "--sample-above",
        type=int,
        default=50000,
        help="above this many partners, time the first --sample-chunks chunks and "
        "the end of the run only (0: always the whole run)",
    )
    parser.add_argument("--sample-chunks", type=int, default=50)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    profiler = common.JobProfiler(args.profile, args.profile_file)
    results = {size: bench_size(args, size, profiler) for size in sizes}
    profiler.print_stats()
    failed = False
    for size, (ratio, _per_chunk, ok) in results.items():
        if ratio > common.MAX_LAYOUT_RATIO or not ok:
            print(
                f"FAIL at {size}: ratio to the layout floor {ratio:.2f}x "
                f"(target <= {common.MAX_LAYOUT_RATIO}x)"
            )
            failed = True
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        growth = results[large][1] / results[small][1]
        print(
            f"time per chunk at {large} / at {small}: {growth:.2f}x "
            f"(target <= {common.MAX_CHUNK_GROWTH}x)"
        )
        failed |= growth > common.MAX_CHUNK_GROWTH
    print("RESULT:", "FAIL" if failed else "OK")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
