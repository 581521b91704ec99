"""Benchmark: a thread's Documents page against Odoo's own floor.

For each size N (default 1,000 and 10,000), in a transaction that is rolled back:
a thread with N linked confirmed sales orders and their N deliveries (one order
confirmed through Odoo's flow, then copied with SQL for speed), and side by side

- the page: what the thread form reads to show its Documents list and smart
  buttons (``web_read`` of the documents with the list's columns, and the
  counters);
- Odoo's floor: a plain ``search_read`` of the same orders and deliveries with the
  same columns (reference, partner, date, amount, currency, state);

each measured warm (best of 5), printing time, queries and the ratio. Then the
time and queries to link one more confirmed order. Exits non-zero when the page
costs more than 2x the floor at any size, or its query count changes with N.

Usage: python3 bench/thread_documents.py -c .cache/odoo-test.conf -d b2b_test \\
           [--sizes 1000,10000]
"""

import sys
import time

from common import argument_parser, rolled_back_env

from odoo import Command
from odoo.tools import SQL

MAX_RATIO = 2.0
ROUNDS = 5
# the columns of the Documents list in the thread form
LIST_FIELDS = {
    "document_type": {},
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "date": {},
    "amount": {},
    "currency_id": {"fields": {}},
    "state_label": {},
    "is_derived": {},
}
COUNTERS = [
    "sale_order_count",
    "purchase_order_count",
    "production_count",
    "picking_count",
    "invoice_count",
    "payment_count",
]


def copy_rows(env, model, record, count, thread_id, name_prefix):
    """Insert ``count`` copies of ``record``'s row linked to the thread."""
    table = env[model]._table
    env.cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND column_name NOT IN ('id', 'name')",
            table,
        )
    )
    columns = [SQL.identifier(row[0]) for row in env.cr.fetchall()]
    env.cr.execute(
        SQL(
            "INSERT INTO %(table)s (name, %(columns)s) "
            "SELECT %(prefix)s || g, %(columns)s "
            "FROM %(table)s, generate_series(1, %(count)s) g WHERE id = %(id)s",
            table=SQL.identifier(table),
            columns=SQL(", ").join(columns),
            prefix=name_prefix,
            count=count,
            id=record.id,
        )
    )
    env.cr.execute(
        SQL(
            "UPDATE %s SET b2b_thread_id = %s, b2b_thread_derived = %s "
            "WHERE name LIKE %s",
            SQL.identifier(table),
            thread_id,
            model == "stock.picking",
            f"{name_prefix}%",
        )
    )


def seed(env, count):
    customer = env["res.partner"].create({"name": "Bench Customer", "is_company": True})
    product = env["product.product"].create(
        {"name": "Bench Bracket", "is_storable": True}
    )
    thread = env["b2b.thread"].create(
        {"subject": "Bench thread", "partner_id": customer.id}
    )
    order = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "b2b_thread_id": thread.id,
            "order_line": [Command.create({"product_id": product.id})],
        }
    )
    order.action_confirm()
    env.flush_all()
    copy_rows(env, "sale.order", order, count - 1, thread.id, "BENCH/SO/")
    copy_rows(env, "stock.picking", order.picking_ids, count - 1, thread.id, "BENCH/P/")
    for table in ("sale_order", "stock_picking"):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.invalidate_all()
    return thread, customer, product


def measure(env, func):
    """Best of ROUNDS warm runs: (ms, queries, result)."""
    best = None
    for _round in range(ROUNDS):
        env.invalidate_all()
        start_queries, start = env.cr.sql_log_count, time.perf_counter()
        result = func()
        elapsed = (time.perf_counter() - start) * 1000
        queries = env.cr.sql_log_count - start_queries
        if best is None or elapsed < best[0]:
            best = (elapsed, queries, result)
    return best


def bench_size(args, count):
    with rolled_back_env(args) as env:
        t0 = time.perf_counter()
        thread, customer, product = seed(env, count)
        print(
            f"[{count}] seeded {count} confirmed orders + {count} deliveries "
            f"in {time.perf_counter() - t0:.1f}s"
        )

        def open_page():
            data = (
                env["b2b.thread"]
                .browse(thread.id)
                .web_read(
                    {
                        "document_ids": {"fields": LIST_FIELDS},
                        **{c: {} for c in COUNTERS},
                    }
                )[0]
            )
            return len(data["document_ids"]), [data[c] for c in COUNTERS]

        def floor():
            domain = [("b2b_thread_id", "=", thread.id)]
            orders = env["sale.order"].search_read(
                domain,
                ["name", "partner_id", "date_order", "amount_total", "currency_id"]
                + ["state", "b2b_thread_derived"],
            )
            pickings = env["stock.picking"].search_read(
                domain,
                ["name", "partner_id", "scheduled_date", "state", "b2b_thread_derived"],
            )
            return len(orders) + len(pickings)

        page_ms, page_queries, (rows, counters) = measure(env, open_page)
        floor_ms, floor_queries, floor_rows = measure(env, floor)
        ratio = page_ms / floor_ms
        print(
            f"[{count}] Documents page (list + counters): {page_ms:.1f} ms, "
            f"{page_queries} queries, {rows} documents, counters {counters}"
        )
        print(
            f"[{count}] floor (search_read of the orders and deliveries): "
            f"{floor_ms:.1f} ms, {floor_queries} queries, {floor_rows} rows"
        )
        print(f"[{count}] RATIO page/floor: {ratio:.2f}x (target <= {MAX_RATIO}x)")
        extra = env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        extra.action_confirm()
        env.flush_all()

        def link_one():
            env["sale.order"].browse(extra.id).b2b_thread_id = thread
            env.flush_all()

        env.invalidate_all()
        start_queries, start = env.cr.sql_log_count, time.perf_counter()
        link_one()
        print(
            f"[{count}] link one more confirmed order (+ its delivery): "
            f"{(time.perf_counter() - start) * 1000:.1f} ms, "
            f"{env.cr.sql_log_count - start_queries} queries"
        )
        ok = rows == 2 * count and floor_rows == rows
        if not ok:
            print(f"[{count}] FAIL: {rows} documents, {floor_rows} in the floor")
        return ratio, page_queries, ok


def main():
    parser = argument_parser()
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    results = {size: bench_size(args, size) for size in sizes}
    failed = False
    for size, (ratio, _queries, ok) in results.items():
        if ratio > MAX_RATIO or not ok:
            print(f"FAIL at {size}: ratio {ratio:.2f}x")
            failed = True
    query_counts = {queries for _ratio, queries, _ok in results.values()}
    print(f"page query counts by size: {[r[1] for r in results.values()]}")
    if len(query_counts) > 1:
        print("FAIL: the page's query count depends on the number of documents")
        failed = True
    print("RESULT:", "FAIL" if failed else "OK")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
