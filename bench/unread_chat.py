"""Benchmark: the unread chat email cron against Odoo's own floor.

Seeds R portal recipients of a connected supplier, each in a group conversation
with one of our users, and M unread messages in all written by our user two hours
ago (plain SQL inserts for speed), then measures side by side on the same
recipients

- the cron, called chunk by chunk as ir.cron would until it reports no remaining
  work (a second run must send nothing);
- Odoo's floors: ``mail.template.send_mail_batch`` of a QWeb template printing
  the recipient's name inside the light notification layout
  ``mail.mail_notification_light`` (the layout floor, the target's
  denominator) and bare (no layout: the distance to the limit). The layout
  floor runs right after each call of the cron over the recipients that call
  emailed (interleaved: the load of a shared machine weighs the same on both);
  the bare floor over the same chunks after the run (see
  common.INTERLEAVED_FLOORS);

and prints time, queries per chunk, the ratios to both floors and the time per
chunk of the first and the second half of the run. Exits non-zero when the
cron takes more than 0.5x the layout floor (the bare ratio is printed for
information), when its chunks slow down (the second half of the run more than
1.2x the first), or when it does not email every recipient exactly once.
Everything is rolled back at the end.

Usage: python3 bench/unread_chat.py -c .cache/odoo-test.conf -d b2b_test \\
           [--recipients 10000] [--messages 100000] [--chunk 200]
           [--profile 40] [--profile-file /tmp/unread_chat.prof]
"""

import sys
import time
from unittest.mock import patch

import common

from odoo.tools import SQL


def seed(env, recipients, messages):
    """Partners, portal users, conversations and unread messages, with SQL."""
    cr = env.cr
    supplier = env["res.partner"].create(
        {"name": "Bench supplier", "is_company": True, "b2b_messenger": "always"}
    )
    sender = env["res.users"].create(
        {"name": "Bench buyer", "login": "bench_buyer", "email": "buyer@example.com"}
    )
    env.flush_all()
    cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, parent_id,
                                     commercial_partner_id, active, email,
                                     email_normalized, b2b_messenger, autopost_bills,
                                     type, lang, create_date, write_date)
            SELECT 'Bench contact ' || g, 'Bench supplier, Bench contact ' || g,
                   %(supplier)s, %(supplier)s, true,
                   'contact' || g || '@suppliers.example.com',
                   'contact' || g || '@suppliers.example.com', 'auto', 'ask',
                   'contact', 'en_US', now(), now()
              FROM generate_series(1, %(count)s) g
            RETURNING id
            """,
            supplier=supplier.id,
            count=recipients,
        )
    )
    partner_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        SQL(
            """
            INSERT INTO res_users (login, partner_id, company_id, active, share,
                                   notification_type, create_date, write_date)
            SELECT 'bench_portal_' || p, p, %s, true, true, 'email', now(), now()
              FROM unnest(%s::int[]) p
            """,
            env.company.id,
            partner_ids,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO discuss_channel (name, channel_type, create_date, write_date)
            SELECT 'Bench chat ' || p, 'group', now(), now()
              FROM unnest(%s::int[]) WITH ORDINALITY AS t(p, n)
             ORDER BY n
            RETURNING id
            """,
            partner_ids,
        )
    )
    channel_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        SQL(
            """
            INSERT INTO discuss_channel_member (channel_id, partner_id,
                                                b2b_partner_company_id,
                                                new_message_separator,
                                                create_date, write_date)
            SELECT c, x.p, x.company, 0, now(), now()
              FROM unnest(%s::int[], %s::int[]) AS t(c, p),
                   LATERAL (VALUES (t.p, %s), (%s, NULL::int)) AS x(p, company)
            """,
            channel_ids,
            partner_ids,
            supplier.id,
            sender.partner_id.id,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO mail_message (model, res_id, message_type, author_id, body,
                                      date, create_date, write_date,
                                      reply_to_force_new)
            SELECT 'discuss.channel', (%s::int[])[1 + mod(g, %s)], 'comment', %s,
                   '<p>Bench message ' || g || '</p>',
                   now() at time zone 'UTC' - interval '2 hours',
                   now() at time zone 'UTC' - interval '2 hours',
                   now() at time zone 'UTC' - interval '2 hours', false
              FROM generate_series(1, %s) g
            """,
            channel_ids,
            recipients,
            sender.partner_id.id,
            messages,
        )
    )
    for table in (
        "res_partner",
        "res_users",
        "discuss_channel",
        "discuss_channel_member",
        "mail_message",
    ):
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.invalidate_all()
    return partner_ids


def run_cron(env, chunk, floors=None, profiler=None):
    """Call the cron until it reports no remaining work, as ir.cron would;
    returns the time and the (queries, time) of each call. With ``floors``
    (common.Floors), each call is followed by Odoo's layout floor over the
    recipients that call emailed (interleaved, so that the load of the shared
    machine weighs the same on both); the bare floor runs over the same chunks
    after the run."""
    Member = env["discuss.channel.member"]
    handled = []
    original_chunk = type(Member)._b2b_email_unread_chunk

    def email_chunk(member, threshold, partner_ids):
        handled[:] = partner_ids
        return original_chunk(member, threshold, partner_ids)

    chunks, cron_time = [], 0.0
    while True:
        handled.clear()
        queries, elapsed, progress = common.call_job(
            env,
            lambda: Member._cron_b2b_email_unread(chunk_size=chunk),
            profiler or common.JobProfiler(0),
            patch.object(type(Member), "_b2b_email_unread_chunk", email_chunk),
        )
        cron_time += elapsed
        chunks.append((queries, elapsed))
        if floors and handled:
            floors.after_call(handled)
        if not progress["remaining"]:
            break
    if floors:
        floors.finish()
    return cron_time, chunks


def main():
    parser = common.argument_parser()
    parser.add_argument("--recipients", type=int, default=10000)
    parser.add_argument("--messages", type=int, default=100000)
    parser.add_argument("--chunk", type=int, default=200)
    args = parser.parse_args()
    with common.rolled_back_env(args) as env:
        t0 = time.perf_counter()
        seed(env, args.recipients, args.messages)
        print(
            f"seeded {args.recipients} recipients with {args.messages} unread "
            f"messages in {time.perf_counter() - t0:.1f}s"
        )
        domain = [("headers", "like", "X-B2B-Unread-Chat")]
        profiler = common.JobProfiler(args.profile, args.profile_file)
        floors = common.Floors(env, "Unread messages")
        cron_time, chunks = run_cron(env, args.chunk, floors, profiler)
        mails = env["mail.mail"].search_count(domain)
        queries = [q for q, _t in chunks]
        print(
            f"cron: {mails} emails in {len(chunks)} chunks of {args.chunk}, "
            f"{cron_time:.1f}s, {sum(queries)} queries; queries per chunk: first "
            f"{queries[0]}, then min {min(queries[1:] or queries)} max "
            f"{max(queries[1:] or queries)}; time per chunk "
            f"{cron_time / len(chunks):.3f}s"
        )
        ratio = common.print_floors("", cron_time, floors.totals)["layout"]
        # chunk time flat: the chunks of the second half of the run (the last
        # call, which finds no more work, left out) against the first half's,
        # the first (cold caches) left out
        times = [t for _q, t in chunks[1:-1]] or [t for _q, t in chunks]
        half = len(times) // 2 or 1
        growth = (sum(times[half:]) / max(len(times) - half, 1)) / (
            sum(times[:half]) / half
        )
        print(
            f"time per chunk, second half of the run / first half: {growth:.2f}x "
            f"(target <= {common.MAX_CHUNK_GROWTH}x)"
        )
        profiler.print_stats()
        second_time, *_rest = run_cron(env, args.chunk)
        again = env["mail.mail"].search_count(domain) - mails
        print(f"second run: {again} emails in {second_time:.2f}s (never twice)")
        failed = (
            ratio > common.MAX_LAYOUT_RATIO
            or growth > common.MAX_CHUNK_GROWTH
            or mails != args.recipients
            or again
        )
        print("RESULT:", "FAIL" if failed else "OK")
        sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
