"""Shared by the benchmarks: command-line arguments, an environment on the
database whose changes are rolled back, and running a chunked cron job to the end
as ir.cron would while printing its time and SQL queries, in all and per chunk."""

import argparse
import contextlib
import time

import odoo


def argument_parser():
    """A parser with the Odoo configuration file (-c) and database (-d)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", dest="config", required=True)
    parser.add_argument("-d", dest="database", required=True)
    return parser


@contextlib.contextmanager
def rolled_back_env(args):
    """Superuser environment on ``args.database``; everything is rolled back."""
    if odoo.tools.config["db_name"] != args.database:  # parse once per process
        odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        try:
            yield env
        finally:
            cr.rollback()


def run_chunked(env, job, chunk, label):
    """Call ``job(chunk_size=chunk)`` until it reports no work; print figures."""
    cr = env.cr
    total_start, total_queries, chunks, done = time.perf_counter(), 0, [], 0
    while True:
        start_q, start_t = cr.sql_log_count, time.perf_counter()
        count = job(chunk_size=chunk)
        env.flush_all()
        queries = cr.sql_log_count - start_q
        total_queries += queries
        if not count:
            break
        done += count
        chunks.append((count, queries, time.perf_counter() - start_t))
        env.invalidate_all()
    elapsed = time.perf_counter() - total_start
    print(
        f"cron run: {done} {label} in {len(chunks)} chunks, {elapsed:.1f}s, "
        f"{total_queries} queries"
    )
    if chunks:
        print(f"queries per chunk of {chunk}: {[q for _c, q, _t in chunks]}")
        print(f"time per chunk: avg {sum(t for *_x, t in chunks) / len(chunks):.2f}s")
    return done
