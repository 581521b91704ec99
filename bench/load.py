"""Load test: Odoo with --workers=2, internal and portal users at the same time.

Starts its own Odoo server (multi-worker, with the gevent port for websockets) on
loopback, logs in N internal and N portal users, and has them hit the main pages and
post messages concurrently for a bounded number of requests. Prints requests/s,
p50/p95/p99 latency and errors per page, side by side with Odoo's own portal page
/my/orders (so the figure is a ratio), and checks that every posted message exists.

Usage (database made by `make run`, server of `make run` stopped or on another port):
    python3 bench/load.py -c .cache/odoo-demo.conf -d b2b_demo [--clients 8]
Only loopback addresses are used.
"""

import argparse
import re
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

INTERNAL_PAGES = [
    ("rpc b2b.thread list", "rpc", ("b2b.thread", "web_search_read")),
    ("rpc b2b.task list", "rpc", ("b2b.task", "web_search_read")),
    ("rpc My Work", "rpc", ("b2b.task", "get_my_work_data")),
]
PORTAL_PAGES = [
    ("/my/orders (Odoo)", "get", "/my/orders"),
    ("/my/b2b/threads", "get", "/my/b2b/threads"),
    ("/my/b2b/tasks", "get", "/my/b2b/tasks"),
    ("/my", "get", "/my"),
]


def start_server(config, database, port):
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        config,
        "-d",
        database,
        "--workers=2",
        f"--http-port={port}",
        f"--gevent-port={port + 1}",
        "--max-cron-threads=0",
        "--http-interface=127.0.0.1",
        "--log-level=warn",
        "--limit-time-real=120",
    ]
    # the server log goes to a file: an unread pipe would block Odoo once full
    log = open(f"/tmp/b2b-load-{port}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if requests.get(f"{base}/web/login", timeout=5).status_code == 200:
                return proc, base
        except requests.RequestException:
            pass
        time.sleep(1)
    proc.kill()
    raise SystemExit("Odoo did not start")


def login(base, login_name, password):
    session = requests.Session()
    page = session.get(f"{base}/web/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    resp = session.post(
        f"{base}/web/login",
        data={"login": login_name, "password": password, "csrf_token": token},
        timeout=30,
    )
    resp.raise_for_status()
    return session


def rpc(session, base, model, method, args=None, kwargs=None, timeout=60):
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {
            "model": model,
            "method": method,
            "args": args or [],
            "kwargs": kwargs or {},
        },
    }
    return session.post(
        f"{base}/web/dataset/call_kw/{model}/{method}", json=payload, timeout=timeout
    )


def run_client(base, user, pages, n_requests, results, lock, post_thread_id, posted):
    session = login(base, *user)
    for i in range(n_requests):
        name, kind, target = pages[i % len(pages)]
        start = time.perf_counter()
        if kind == "get":
            resp = session.get(base + target, timeout=60)
            ok = resp.status_code < 500
        else:
            model, method = target
            kwargs = (
                {"specification": {"display_name": {}}, "limit": 80}
                if method == "web_search_read"
                else {}
            )
            args = [[]] if method == "web_search_read" else []
            resp = rpc(session, base, model, method, args, kwargs)
            ok = resp.status_code == 200 and "error" not in resp.json()
        elapsed = time.perf_counter() - start
        with lock:
            results.setdefault(name, []).append((elapsed, ok, resp.status_code))
        if post_thread_id and i % 5 == 4:
            body = f"load-test {user[0]} {i} {time.time()}"
            start = time.perf_counter()
            resp = rpc(
                session,
                base,
                "b2b.thread",
                "message_post",
                [[post_thread_id]],
                {
                    "body": body,
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_note",
                },
            )
            ok = resp.status_code == 200 and "error" not in resp.json()
            with lock:
                results.setdefault("rpc message_post", []).append(
                    (time.perf_counter() - start, ok, resp.status_code)
                )
                if ok:
                    posted.append(body)


def percentile(values, pct):
    values = sorted(values)
    index = min(len(values) - 1, round(pct / 100 * (len(values) - 1)))
    return values[index]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--port", type=int, default=8469)
    parser.add_argument("--clients", type=int, default=4, help="per user kind")
    parser.add_argument("--requests", type=int, default=40, help="per client")
    parser.add_argument("--internal", default="admin:admin,demo:demo")
    parser.add_argument("--portal", default="portal:portal")
    args = parser.parse_args()

    internal = [tuple(u.split(":")) for u in args.internal.split(",") if u]
    portal = [tuple(u.split(":")) for u in args.portal.split(",") if u]
    proc, base = start_server(args.config, args.database, args.port)
    try:
        admin = login(base, *internal[0])
        threads = rpc(admin, base, "b2b.thread", "search", [[]], {"limit": 1}).json()[
            "result"
        ]
        thread_id = threads[0] if threads else None
        # skip portal pages this database does not have (e.g. before the portal feature)
        probe = login(base, *portal[0])
        pages = [
            p
            for p in PORTAL_PAGES
            if probe.get(base + p[2], timeout=60).status_code == 200
        ]
        # warm-up (asset bundles, caches), not measured
        for _name, _kind, path in pages:
            probe.get(base + path, timeout=300)
        for _name, _kind, (model, method) in INTERNAL_PAGES:
            rpc(admin, base, model, method, timeout=300)
        results, posted, lock = {}, [], threading.Lock()
        jobs = []
        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients * 2) as pool:
            for i in range(args.clients):
                jobs.append(
                    pool.submit(
                        run_client,
                        base,
                        internal[i % len(internal)],
                        INTERNAL_PAGES,
                        args.requests,
                        results,
                        lock,
                        thread_id,
                        posted,
                    )
                )
                jobs.append(
                    pool.submit(
                        run_client,
                        base,
                        portal[i % len(portal)],
                        pages,
                        args.requests,
                        results,
                        lock,
                        None,
                        posted,
                    )
                )
            for job in jobs:
                job.result()
        wall = time.perf_counter() - t0
        total = sum(len(v) for v in results.values())
        errors = sum(1 for v in results.values() for _e, ok, _s in v if not ok)
        five_xx = sum(1 for v in results.values() for _e, _ok, s in v if s >= 500)
        print(
            f"{args.clients} internal + {args.clients} portal clients, "
            f"{total} requests in {wall:.1f}s = {total / wall:.1f} req/s, "
            f"errors {errors}, 5xx {five_xx}"
        )
        baseline = statistics.median(
            e for e, _ok, _s in results.get("/my/orders (Odoo)", [(1, 1, 1)])
        )
        header = ("page", "n", "err", "p50 ms", "p95 ms", "p99 ms", "vs /my/orders")
        print("{:28} {:>5} {:>4} {:>8} {:>8} {:>8} {:>14}".format(*header))
        for name, values in sorted(results.items()):
            times = [e for e, _ok, _s in values]
            p50 = percentile(times, 50)
            p95, p99 = percentile(times, 95), percentile(times, 99)
            print(
                f"{name:28} {len(times):5d} {sum(not v[1] for v in values):4d} "
                f"{p50 * 1000:8.0f} {p95 * 1000:8.0f} "
                f"{p99 * 1000:8.0f} {p50 / baseline:13.2f}x"
            )
        # no lost message: every acknowledged post is in the database
        found = (
            rpc(
                admin,
                base,
                "mail.message",
                "search_count",
                [
                    [
                        ["model", "=", "b2b.thread"],
                        ["res_id", "=", thread_id],
                        ["body", "ilike", "load-test"],
                    ]
                ],
            ).json()["result"]
            if thread_id
            else 0
        )
        print(
            f"messages posted {len(posted)}, found {found}"
            + (" (some from earlier runs)" if found > len(posted) else "")
        )
        if five_xx or found < len(posted):
            raise SystemExit(1)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
