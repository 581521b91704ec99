"""Benchmark: the unread chat email cron over many unread messages.

Seeds R portal recipients of a connected supplier, each in a conversation with one of
our users, and M unread messages in all written by our user two hours ago (plain
SQL inserts for speed), then runs the cron chunk by chunk as ir.cron would,
printing the time and SQL queries of the whole run and of each chunk.
Everything is rolled back at the end.

Usage: python3 bench/unread_chat.py -c .cache/odoo-test.conf -d b2b_test \\
           [--recipients 1000] [--messages 10000] [--chunk 200]
"""

import time

from common import argument_parser, rolled_back_env, run_chunked


def seed(env, recipients, messages):
    cr = env.cr
    supplier = env["res.partner"].create(
        {"name": "Bench supplier", "is_company": True, "b2b_messenger": "always"}
    )
    sender = env["res.users"].create(
        {"name": "Bench buyer", "login": "bench_buyer", "email": "buyer@example.com"}
    )
    partners = env["res.partner"].create(
        [
            {
                "name": f"Bench contact {i}",
                "parent_id": supplier.id,
                "email": f"contact{i}@suppliers.example.com",
            }
            for i in range(recipients)
        ]
    )
    portal = env.ref("base.group_portal")
    env["res.users"].with_context(no_reset_password=True).create(
        [
            {
                "login": f"bench_portal_{i}",
                "partner_id": partner.id,
                "groups_id": [(6, 0, portal.ids)],
            }
            for i, partner in enumerate(partners)
        ]
    )
    channels = env["discuss.channel"].create(
        [
            {
                "name": f"Bench chat {i}",
                "channel_type": "group",
                "channel_member_ids": [
                    (0, 0, {"partner_id": sender.partner_id.id}),
                    (0, 0, {"partner_id": partner.id}),
                ],
            }
            for i, partner in enumerate(partners)
        ]
    )
    env.flush_all()
    cr.execute(
        """
        INSERT INTO mail_message (model, res_id, message_type, author_id, body,
                                  date, create_date, write_date, reply_to_force_new)
        SELECT 'discuss.channel', (%s::int[])[1 + (g %% %s)], 'comment', %s,
               '<p>Bench message ' || g || '</p>',
               now() at time zone 'UTC' - interval '2 hours',
               now() at time zone 'UTC' - interval '2 hours',
               now() at time zone 'UTC' - interval '2 hours', false
          FROM generate_series(1, %s) g
        """,
        [channels.ids, recipients, sender.partner_id.id, messages],
    )
    env.invalidate_all()


def main():
    parser = argument_parser()
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=10000)
    parser.add_argument("--chunk", type=int, default=200)
    args = parser.parse_args()
    with rolled_back_env(args) as env:
        t0 = time.perf_counter()
        seed(env, args.recipients, args.messages)
        print(
            f"seeded {args.recipients} recipients with {args.messages} unread "
            f"messages in {time.perf_counter() - t0:.1f}s"
        )
        Member = env["discuss.channel.member"]
        run_chunked(env, Member._cron_b2b_email_unread, args.chunk, "emails")
        mails = env["mail.mail"].search_count(
            [("headers", "like", "X-B2B-Unread-Chat")]
        )
        print(f"emails queued: {mails}; one per recipient: {mails == args.recipients}")
        count = Member._cron_b2b_email_unread(chunk_size=args.chunk)
        print(f"second run: {count} emails (never twice)")


if __name__ == "__main__":
    main()
