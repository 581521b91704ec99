"""Shared by the benchmarks: command-line arguments, an environment on the
database whose changes are rolled back, and running a chunked cron job to the end
as ir.cron would while printing its time and SQL queries, in all and per chunk."""

import argparse
import contextlib
import cProfile
import gc
import pstats
import time
from unittest.mock import patch

import odoo


def argument_parser():
    """A parser with the Odoo configuration file (-c) and database (-d)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", dest="config", required=True)
    parser.add_argument("-d", dest="database", required=True)
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="profile the job's calls (cProfile) and print its N most expensive "
        "functions (cumulative time) at the end",
    )
    parser.add_argument(
        "--profile-file", help="also save the profile there (for pstats, snakeviz)"
    )
    return parser


class JobProfiler:
    """cProfile over the job's calls only (not the seeding, not the floor)."""

    def __init__(self, top, path=None):
        self.top, self.path = top, path
        self.profile = cProfile.Profile() if top or path else None

    @contextlib.contextmanager
    def __call__(self):
        if self.profile:
            self.profile.enable()
        try:
            yield
        finally:
            if self.profile:
                self.profile.disable()

    def print_stats(self):
        if self.path:
            self.profile.dump_stats(self.path)
        if self.top:
            stats = pstats.Stats(self.profile).strip_dirs().sort_stats("cumulative")
            stats.print_stats(self.top)
            stats.sort_stats("tottime").print_stats(self.top)


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


FLOOR_LABELS = {
    "layout": "layout floor (Odoo's send_mail_batch in "
    "our layout, i.e. mail.mail_notification_light less one line: the denominator)",
    "bare": "bare floor (send_mail_batch, no layout: the distance to the limit)",
}


# the layout of our emails (Odoo's mail.mail_notification_light without its "Your
# <model>" line, same cost): the floor gives the same output as the job
EMAIL_LAYOUT = "b2b_communication.mail_notification_light_b2b"
# the job at most this fraction of Odoo's own send_mail_batch in the layout
# every email of this module goes out in (issue 26)
MAX_LAYOUT_RATIO = 0.5
# chunk time flat: a chunk at most this much slower at the largest size, or in
# the second half of the run
MAX_CHUNK_GROWTH = 1.2


def floor_templates(env, subject):
    """Odoo's floors: a QWeb mail.template printing the recipient's name, sent
    inside the light notification layout that every email of this module uses
    (the floor of the target) and bare (no layout, for information)."""
    template = env["mail.template"].create(
        {
            "name": "Bench floor",
            "model_id": env["ir.model"]._get_id("res.partner"),
            "subject": subject,
            "body_html": '<p>Dear <t t-out="object.name"/>,</p>',
            "email_to": "{{ object.email }}",
            "auto_delete": False,
        }
    )
    return {"layout": (template, EMAIL_LAYOUT), "bare": (template, False)}


# the floor the target applies to (the layout floor) runs right after each call
# of the job, over the same recipients (interleaved: the load of the shared
# machine weighs the same on both); the bare floor, for information, runs after
# the whole job over the same chunks of recipients
INTERLEAVED_FLOORS = ("layout",)


class Floors:
    """Odoo's floors (``floor_templates``) beside a job's run: those of
    INTERLEAVED_FLOORS right after each call of the job over the recipients
    that call handled (:meth:`after_call`), the others over the same chunks
    once the run is over (:meth:`finish`); ``totals`` is their {name: (time,
    queries)}."""

    def __init__(self, env, subject):
        self.env = env
        floors = floor_templates(env, subject)
        self.interleaved = {k: v for k, v in floors.items() if k in INTERLEAVED_FLOORS}
        self.after = {k: v for k, v in floors.items() if k not in INTERLEAVED_FLOORS}
        self.totals = dict.fromkeys(floors, (0.0, 0))
        self.chunks = []

    def after_call(self, partner_ids):
        """The interleaved floors over the recipients of a call of the job;
        returns the layout floor's time for them."""
        self.chunks.append(list(partner_ids))
        before = self.totals["layout"][0]
        run_floors(self.env, self.interleaved, partner_ids, self.totals)
        return self.totals["layout"][0] - before

    def finish(self):
        """The other floors over the chunks of recipients the job handled."""
        for partner_ids in self.chunks:
            run_floors(self.env, self.after, partner_ids, self.totals)
        return self.totals


def run_floors(env, floors, partner_ids, totals):
    """Odoo's floors over ``partner_ids``, one after the other; adds their
    (time, queries) to ``totals``."""
    cr = env.cr
    for name, (template, layout) in floors.items():
        # collect the garbage of what ran before, untimed: a full
        # collection would otherwise land on whichever runs next
        gc.collect()
        start_q, start_t = cr.sql_log_count, time.perf_counter()
        template.send_mail_batch(partner_ids, email_layout_xmlid=layout)
        env.flush_all()
        env.invalidate_all()
        elapsed, queries = totals[name]
        totals[name] = (
            elapsed + time.perf_counter() - start_t,
            queries + cr.sql_log_count - start_q,
        )


def print_floors(prefix, job_time, floors, max_ratio=MAX_LAYOUT_RATIO):
    """Print each floor's time and queries and the job's ratio to it. The
    target applies to the layout floor (Odoo's ``send_mail_batch`` of a
    template printing the recipient's name, in the layout every email of this
    module uses); the ratio to the bare floor (no layout) is printed beside
    it as the distance to the limit."""
    ratios = {}
    for name, (elapsed, queries) in floors.items():
        ratios[name] = job_time / elapsed
        when = (
            "right after each chunk" if name in INTERLEAVED_FLOORS else "after the run"
        )
        print(
            f"{prefix}{FLOOR_LABELS[name]}, over the same recipients {when}: "
            f"{elapsed:.1f}s, {queries} queries"
        )
    print(
        f"{prefix}RATIO job/layout floor: {ratios['layout']:.2f}x (target <= "
        f"{max_ratio}x); RATIO job/bare floor: {ratios['bare']:.2f}x "
        "(the distance to the limit, information)"
    )
    return ratios


def call_job(env, job, profiler, *patches):
    """One call of a chunked cron job, as ir.cron makes it, timed: the garbage
    of what ran before is collected first, untimed (a full collection would
    otherwise land on whichever runs next), and the progress the job reports
    is caught (outside ir.cron there is no progress record). ``patches`` are
    applied during the call. Returns (queries, seconds, {done, remaining})."""
    cr = env.cr
    progress = {}

    def notify(_cron, *, done, remaining, deactivate=False):
        progress.update(done=done, remaining=remaining)

    gc.collect()
    start_q, start_t = cr.sql_log_count, time.perf_counter()
    with contextlib.ExitStack() as stack:
        stack.enter_context(profiler())
        stack.enter_context(
            patch.object(type(env["ir.cron"]), "_notify_progress", notify)
        )
        for patcher in patches:
            stack.enter_context(patcher)
        job()
        env.flush_all()
    env.invalidate_all()
    return cr.sql_log_count - start_q, time.perf_counter() - start_t, progress


def run_chunked(env, job, chunk, label):
    """Call ``job(chunk_size=chunk)`` until it reports no work; print figures."""
    cr = env.cr
    total_start, total_queries, chunks, done = time.perf_counter(), 0, [], 0
    while True:
        # collect the garbage of what ran before, untimed: a full
        # collection would otherwise land on whichever runs next
        gc.collect()
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


def run_benchmark(run, default_count):
    """The command line of a benchmark of one data size: -c, -d and -n (the size,
    ``default_count`` by default); calls ``run(env, count)``, rolled back."""
    parser = argument_parser()
    parser.add_argument("-n", dest="count", type=int, default=default_count)
    args = parser.parse_args()
    with rolled_back_env(args) as env:
        run(env, args.count)
