"""Shared by the benchmarks: command-line arguments, an environment on the
database whose changes are rolled back, and running a chunked cron job to the end
as ir.cron would while printing its time and SQL queries, in all and per chunk."""

import argparse
import contextlib
import cProfile
import gc
import pstats
import time

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
    "bare": "bare floor (send_mail_batch, no layout; issue 13)",
    "layout": "layout floor (send_mail_batch in mail.mail_notification_light; "
    "issue 15)",
}


EMAIL_LAYOUT = "mail.mail_notification_light"


def floor_templates(env, subject):
    """Odoo's floors: a QWeb mail.template printing the recipient's name, sent
    bare (issue 13's floor) and inside the light notification layout that every
    email of this module uses (issue 15)."""
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
    return {"bare": (template, False), "layout": (template, EMAIL_LAYOUT)}


# the floor the target applies to runs right after each call of the job, over
# the same recipients (interleaved: the load of the shared machine weighs the
# same on both); the layout floor, for information, runs after the whole job over
# the same chunks of recipients: interleaved, Odoo's rendering of the layout for
# every email slowed down everything that ran after it in the same transaction
# (the bare floor went from 1.0 to 4.5 ms per email over a 10,000 run, the job
# less), which blurred the ratio the target is about
INTERLEAVED_FLOORS = ("bare",)


def split_floors(floors):
    """``floors`` as (the ones to interleave with the job, the ones to run
    after it)."""
    interleaved = {k: v for k, v in floors.items() if k in INTERLEAVED_FLOORS}
    after = {k: v for k, v in floors.items() if k not in INTERLEAVED_FLOORS}
    return interleaved, after


def run_floors_after(env, floors, handled_chunks, totals):
    """The floors for information, over the chunks of recipients the job
    handled, once the job's run is over."""
    for partner_ids in handled_chunks:
        run_floors(env, floors, partner_ids, totals)


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


def print_floors(prefix, job_time, floors, max_ratio=1.5):
    """Print each floor's time and queries and the job's ratio to it. The
    target applies to the bare floor of issue 13 (``send_mail_batch`` of a
    template printing the recipient's name); the ratio to the layout floor
    (the same inside the company layout every email of this module uses) is
    printed for information."""
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
        f"{prefix}RATIO job/bare floor: {ratios['bare']:.2f}x (target <= "
        f"{max_ratio}x); RATIO job/layout floor: {ratios['layout']:.2f}x "
        "(information)"
    )
    return ratios


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
