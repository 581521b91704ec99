"""Benchmark: a thread with 1,000 linked sales orders and their deliveries.

Prints the time and SQL query count to open the thread's documents (the
Documents page and the smart-button counters) and to link one more order.
Everything runs in one transaction that is rolled back: the database is left
as it was.

Usage: python3 bench/thread_documents.py -c .cache/odoo-test.conf -d b2b_test [-n 1000]
"""

import time

from common import argument_parser, rolled_back_env

from odoo import Command


def main():
    parser = argument_parser()
    parser.add_argument("-n", dest="count", type=int, default=1000)
    args = parser.parse_args()
    with rolled_back_env(args) as env:
        run(env, args.count)


def measure(env, label, func):
    env.invalidate_all()
    start_queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    queries = env.cr.sql_log_count - start_queries
    print(f"{label:45} {elapsed * 1000:9.1f} ms {queries:6d} queries")
    return result


def run(env, count):
    customer = env["res.partner"].create({"name": "Bench Customer", "is_company": True})
    product = env["product.product"].create(
        {"name": "Bench Bracket", "is_storable": True}
    )
    thread = env["b2b.thread"].create(
        {"subject": "Bench thread", "partner_id": customer.id}
    )
    t0 = time.perf_counter()
    orders = env["sale.order"].create(
        [
            {
                "partner_id": customer.id,
                "b2b_thread_id": thread.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
            for _i in range(count)
        ]
    )
    orders.action_confirm()
    env.flush_all()
    print(
        f"seeded {count} confirmed orders + {len(orders.picking_ids)} deliveries "
        f"in {time.perf_counter() - t0:.1f}s"
    )

    def open_documents():
        rec = env["b2b.thread"].browse(thread.id)
        docs = rec.document_ids
        rows = [
            (d.document_type, d.name, d.partner_id.name, d.state_label) for d in docs
        ]
        counters = (rec.sale_order_count, rec.picking_count, rec.invoice_count)
        return len(rows), counters

    rows, counters = measure(
        env, "open thread documents (list + counters)", open_documents
    )
    print(f"  -> {rows} documents, counters {counters}")
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

    measure(env, "link one more confirmed order (+ its delivery)", link_one)


if __name__ == "__main__":
    main()
