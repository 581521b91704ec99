"""Benchmark: order confirmation against Odoo's own paths, in the same run.

1. The supplier's open order lines page (/my/b2b/order-lines) of a supplier
   with 5,000 open lines (250 confirmed orders of 20 lines) against Odoo's own
   /my/purchase list of the same orders, both over HTTP as the supplier's
   portal user: a throwaway copy of the database gets the data (seeded through
   Odoo, then copied with SQL), an Odoo server on loopback serves it,
   the pages are fetched alternately (warm, the median of the rounds), and the
   copy is dropped at the end. Target: at most 2x Odoo's list.
2. Confirming 1,000 lines in one submission (each on another date, within
   tolerance: applied to the lines and their receipts, logged per order)
   against Odoo writing the same ``date_planned`` values through the ORM
   (``_update_date_planned`` of each line, as Odoo's own date update of the
   portal does), on two identical sets of lines, alternately; rolled back.
   Target: at most 2x.
3. The late-line job over 10,000 and 100,000 open confirmed lines (late,
   20 per order, as an order's lines share their dates), in chunks of 500:
   the time and queries of the first chunks at both sizes; rolled back.
   Target: a chunk at 100,000 at most 1.2x one at 10,000, and the same
   queries.

Exits non-zero when a target is missed.

Usage: python3 bench/order_confirmation.py -c .cache/odoo-dev-orders_dev.conf \\
           -d orders_dev [--port 8231] [--skip-page] [--skip-confirm] [--skip-late]
"""

import gc
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta

import requests
from common import argument_parser, rolled_back_env

import odoo
from odoo import Command
from odoo.tools import SQL

MAX_PAGE_RATIO = 2.0
MAX_CONFIRM_RATIO = 2.0
MAX_CHUNK_GROWTH = 1.2
PAGE_ROUNDS = 15
PAGE_ORDERS, PAGE_LINES = 250, 20  # 5,000 open lines
CONFIRM_ORDERS, CONFIRM_LINES = 50, 20  # 1,000 lines in one submission
CONFIRM_ROUNDS = 3
LATE_CHUNK = 500
LATE_CHUNKS_MEASURED = 8
LATE_LINES_PER_ORDER = 20
PORTAL_LOGIN = "bench_oc_portal"


# ----------------------------------------------------------------------
# data
# ----------------------------------------------------------------------


def supplier_with_user(env):
    Partner = env["res.partner"]
    supplier = Partner.create({"name": "Bench OC Supplier", "is_company": True})
    contact = Partner.create({"name": "Bench OC Portal", "parent_id": supplier.id})
    env["res.users"].create(
        {
            "name": "Bench OC Portal",
            "login": PORTAL_LOGIN,
            "password": PORTAL_LOGIN,
            "partner_id": contact.id,
            "groups_id": [Command.set(env.ref("base.group_portal").ids)],
        }
    )
    return supplier


def confirmed_orders(env, supplier, orders, lines, requested):
    """``orders`` confirmed purchase orders of ``lines`` lines each (their
    lines awaiting the supplier), made through Odoo: order.button_confirm
    creates the receipts and asks the supplier."""
    products = env["product.product"].create(
        [{"name": f"Bench part {i}", "type": "consu"} for i in range(lines)]
    )
    planned = datetime.combine(requested, datetime.min.time()) + timedelta(hours=12)
    records = env["purchase.order"].create(
        [
            {
                "partner_id": supplier.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": 10 + index,
                            "price_unit": 3.5,
                            "date_planned": planned,
                        }
                    )
                    for index, product in enumerate(products)
                ],
            }
            for _order in range(orders)
        ]
    )
    records.button_confirm()
    env.flush_all()
    return records


# ----------------------------------------------------------------------
# 1. the open order lines page, over HTTP
# ----------------------------------------------------------------------


def pg_args():
    """The PostgreSQL server of Odoo's configuration, for createdb/dropdb."""
    config = odoo.tools.config
    args = []
    for option, key in (("-h", "db_host"), ("-p", "db_port"), ("-U", "db_user")):
        if config.get(key):
            args += [option, str(config[key])]
    return args


def copy_database(source, target):
    odoo.sql_db.close_db(source)
    subprocess.run(["dropdb", *pg_args(), "--if-exists", target], check=True)
    subprocess.run(["createdb", *pg_args(), "-T", source, target], check=True)


def seed_page_database(args, database):
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        supplier = supplier_with_user(env)
        start = time.perf_counter()
        confirmed_orders(
            env, supplier, PAGE_ORDERS, PAGE_LINES, date.today() + timedelta(20)
        )
        open_lines = env["purchase.order.line"].search_count(
            [("b2b_supplier_id", "=", supplier.id), ("b2b_is_open", "=", True)]
        )
        for table in ("purchase_order", "purchase_order_line"):
            cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        cr.commit()
        print(
            f"[page] seeded {PAGE_ORDERS} confirmed orders, {open_lines} open lines "
            f"in {time.perf_counter() - start:.1f}s"
        )
    return open_lines


def start_server(args, database):
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        args.config,
        "-d",
        database,
        f"--db-filter=^{database}$",
        f"--http-port={args.port}",
        f"--gevent-port={args.port + 3}",
        "--max-cron-threads=0",
        "--http-interface=127.0.0.1",
        "--log-level=warn",
        "--workers=0",
    ]
    log = open(f"/tmp/b2b-bench-oc-{args.port}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{args.port}"
    for _attempt in range(180):
        try:
            if requests.get(f"{base}/web/login", timeout=5).status_code == 200:
                return proc, base
        except requests.RequestException:
            pass
        time.sleep(1)
    proc.kill()
    raise SystemExit("Odoo did not start")


def portal_session(base):
    import re

    session = requests.Session()
    page = session.get(f"{base}/web/login", timeout=60).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    session.post(
        f"{base}/web/login",
        data={"login": PORTAL_LOGIN, "password": PORTAL_LOGIN, "csrf_token": token},
        timeout=60,
    ).raise_for_status()
    return session


def bench_page(args):
    database = f"{args.database}_bench_oc"
    if odoo.tools.config["db_name"] != args.database:  # parse once per process
        odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    odoo.modules.registry.Registry.delete(args.database)
    copy_database(args.database, database)
    proc = None
    try:
        open_lines = seed_page_database(args, database)
        proc, base = start_server(args, database)
        session = portal_session(base)
        pages = {
            "ours": f"{base}/my/b2b/order-lines",
            "odoo": f"{base}/my/purchase",
        }
        timings = {name: [] for name in pages}
        for url in pages.values():  # warm: assets, caches
            session.get(url, timeout=120).raise_for_status()
        for _round in range(PAGE_ROUNDS):
            for name, url in pages.items():
                start = time.perf_counter()
                response = session.get(url, timeout=120)
                timings[name].append((time.perf_counter() - start) * 1000)
                response.raise_for_status()
                if name == "ours":
                    rows = response.text.count("o_b2b_order_line_row")
        ours = statistics.median(timings["ours"])
        floor = statistics.median(timings["odoo"])
        ratio = ours / floor
        print(
            f"[page] /my/b2b/order-lines, {open_lines} open lines ({rows} on the "
            f"page): median {ours:.1f} ms over {PAGE_ROUNDS} rounds"
        )
        print(
            f"[page] Odoo's /my/purchase, the same {PAGE_ORDERS} orders: median "
            f"{floor:.1f} ms"
        )
        print(f"[page] RATIO ours/Odoo: {ratio:.2f}x (target <= {MAX_PAGE_RATIO}x)")
        return ratio <= MAX_PAGE_RATIO and open_lines == PAGE_ORDERS * PAGE_LINES
    finally:
        if proc:
            proc.terminate()
            proc.wait(timeout=60)
        odoo.modules.registry.Registry.delete(database)
        odoo.sql_db.close_db(database)
        subprocess.run(["dropdb", *pg_args(), "--if-exists", database], check=False)


# ----------------------------------------------------------------------
# 2. confirming 1,000 lines in one submission
# ----------------------------------------------------------------------


def bench_confirm(args):
    with rolled_back_env(args) as env:
        env.company.write(
            {"b2b_confirmation_days_late": 30, "b2b_confirmation_qty_tolerance": 0}
        )
        supplier = supplier_with_user(env)
        author = env["res.users"].search([("login", "=", PORTAL_LOGIN)]).partner_id
        requested = date.today() + timedelta(10)
        sets = []
        start = time.perf_counter()
        for _set in range(2 * CONFIRM_ROUNDS):
            orders = confirmed_orders(
                env, supplier, CONFIRM_ORDERS, CONFIRM_LINES, requested
            )
            sets.append(orders.order_line)
        print(
            f"[confirm] seeded {len(sets)} sets of {len(sets[0])} confirmed lines in "
            f"{time.perf_counter() - start:.1f}s"
        )
        Confirmation = env["b2b.order.line.confirmation"].sudo()

        def dates(lines):
            # each line on another day (within tolerance), as a supplier answers
            return [
                requested + timedelta(days=1 + index % 20)
                for index in range(len(lines))
            ]

        def ours(lines):
            answers = [
                (line, [(line.product_qty, day)], "")
                for line, day in zip(lines, dates(lines), strict=True)
            ]
            errors = [
                e for a in answers for e in Confirmation._b2b_answer_errors(a[0], a[1])
            ]
            assert not errors, errors[:3]
            result = Confirmation._b2b_answer(answers, author, "csv")
            assert result["applied"] == len(lines), result

        def floor(lines):
            for line, day in zip(lines, dates(lines), strict=True):
                line._update_date_planned(line._convert_to_middle_of_day(day))

        timings = {"ours": [], "odoo": []}
        queries = {"ours": [], "odoo": []}
        for index in range(CONFIRM_ROUNDS):
            for name, func, lines in (
                ("ours", ours, sets[2 * index]),
                ("odoo", floor, sets[2 * index + 1]),
            ):
                env.invalidate_all()
                lines = lines.browse(lines.ids)
                start_q, start = env.cr.sql_log_count, time.perf_counter()
                func(lines)
                env.flush_all()
                timings[name].append(time.perf_counter() - start)
                queries[name].append(env.cr.sql_log_count - start_q)
        ours_s = statistics.median(timings["ours"])
        floor_s = statistics.median(timings["odoo"])
        ratio = ours_s / floor_s
        print(
            f"[confirm] ours, {len(sets[0])} lines in one submission (checked, "
            f"applied, receipts moved, logged on {CONFIRM_ORDERS} orders): median "
            f"{ours_s:.2f}s, queries {queries['ours']}"
        )
        print(
            f"[confirm] Odoo's _update_date_planned of the same lines and dates: "
            f"median {floor_s:.2f}s, queries {queries['odoo']}"
        )
        print(
            f"[confirm] RATIO ours/Odoo: {ratio:.2f}x (target <= {MAX_CONFIRM_RATIO}x)"
        )
        return ratio <= MAX_CONFIRM_RATIO


# ----------------------------------------------------------------------
# 3. the late-line job over 10,000 and 100,000 open lines
# ----------------------------------------------------------------------


def seed_late_lines(env, supplier, count):
    """``count`` open, confirmed lines whose date passed, LATE_LINES_PER_ORDER
    per order (those of an order on the same day): one order confirmed
    through Odoo, its line confirmed, then copied with SQL (the orders, then
    the lines). A chunk of the job then meets new orders at both sizes."""
    orders = confirmed_orders(env, supplier, 1, 1, date.today() + timedelta(5))
    line = orders.order_line
    Confirmation = env["b2b.order.line.confirmation"].sudo()
    Confirmation._b2b_answer(
        [(line, [(line.product_qty, line._b2b_local_date(line.date_planned))], "")],
        supplier,
        "portal",
    )
    env.flush_all()
    cr = env.cr

    def columns(table, skip):
        cr.execute(
            SQL(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_name = %s AND column_name NOT IN %s",
                table,
                tuple(skip),
            )
        )
        return [SQL.identifier(row[0]) for row in cr.fetchall()]

    order_columns = columns("purchase_order", ("id", "name"))
    cr.execute(
        SQL(
            "INSERT INTO purchase_order (name, %(columns)s)"
            " SELECT 'BENCH/LATE/' || g, %(columns)s"
            " FROM purchase_order, generate_series(1, %(count)s) g WHERE id = %(id)s"
            " RETURNING id",
            columns=SQL(", ").join(order_columns),
            count=count // LATE_LINES_PER_ORDER,
            id=orders.id,
        )
    )
    order_ids = [row[0] for row in cr.fetchall()]
    line_columns = columns("purchase_order_line", ("id", "order_id", "date_planned"))
    cr.execute(
        SQL(
            "INSERT INTO purchase_order_line (order_id, date_planned, %(columns)s)"
            " SELECT (%(orders)s::int[])[1 + (g - 1) / %(per_order)s],"
            "        now() - interval '3 days'"
            "            - ((g - 1) / %(per_order)s) * interval '1 minute',"
            "        %(columns)s"
            " FROM purchase_order_line, generate_series(1, %(count)s) g"
            " WHERE id = %(id)s",
            columns=SQL(", ").join(line_columns),
            orders=order_ids,
            per_order=LATE_LINES_PER_ORDER,
            count=count,
            id=line.id,
        )
    )
    cr.execute("ANALYZE purchase_order_line")
    cr.execute("ANALYZE purchase_order")
    env.invalidate_all()


def bench_late(args):
    results = {}
    for count in (10_000, 100_000):
        with rolled_back_env(args) as env:
            supplier = supplier_with_user(env)
            start = time.perf_counter()
            seed_late_lines(env, supplier, count)
            print(
                f"[late {count}] seeded {count} late confirmed lines in "
                f"{count // LATE_LINES_PER_ORDER} orders in "
                f"{time.perf_counter() - start:.1f}s"
            )
            Line = env["purchase.order.line"]
            chunks = []
            for _chunk in range(LATE_CHUNKS_MEASURED + 1):
                env.invalidate_all()
                gc.collect()  # untimed: a full collection lands on whoever runs
                start_q, start = env.cr.sql_log_count, time.perf_counter()
                done = Line._cron_b2b_detect_late_lines(chunk_size=LATE_CHUNK)
                env.flush_all()
                chunks.append(
                    (done, env.cr.sql_log_count - start_q, time.perf_counter() - start)
                )
            measured = chunks[1:]  # the first one warms the caches
            seconds = statistics.median(t for _d, _q, t in measured)
            print(
                f"[late {count}] chunks of {LATE_CHUNK}: reported "
                f"{[d for d, _q, _t in measured]}, queries "
                f"{[q for _d, q, _t in measured]}, median {seconds:.3f}s per chunk"
            )
            results[count] = (seconds, [q for _d, q, _t in measured])
    growth = results[100_000][0] / results[10_000][0]
    same_queries = set(results[100_000][1]) == set(results[10_000][1])
    print(
        f"[late] RATIO chunk at 100,000 / chunk at 10,000: {growth:.2f}x (target "
        f"<= {MAX_CHUNK_GROWTH}x); queries per chunk equal: {same_queries}"
    )
    return growth <= MAX_CHUNK_GROWTH and same_queries


def main():
    parser = argument_parser()
    parser.add_argument("--port", type=int, default=8231)
    parser.add_argument("--skip-page", action="store_true")
    parser.add_argument("--skip-confirm", action="store_true")
    parser.add_argument("--skip-late", action="store_true")
    args = parser.parse_args()
    ok = True
    if not args.skip_confirm:
        ok &= bench_confirm(args)
    if not args.skip_late:
        ok &= bench_late(args)
    if not args.skip_page:
        ok &= bench_page(args)
    print("RESULT:", "OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
