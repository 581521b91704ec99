"""Shared by the cron benchmarks: run a chunked cron job to the end as ir.cron
would, and print its time and SQL queries, in all and per chunk."""

import time


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
