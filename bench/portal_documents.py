"""Benchmark: the documents section of a portal thread page with many documents.

Seeds a supplier with a portal user, a shared thread, N purchase orders and N
quotations sent to it, and a competitor's orders linked to the same thread; then
prints the time and SQL queries to list the documents the portal user may open
(what /my/b2b/threads/<id> renders), for 5 documents and for all of them.
Everything runs in one transaction that is rolled back.

Usage: python3 bench/portal_documents.py -c .cache/odoo-test.conf -d b2b_test [-n 1000]
"""

import time

from common import run_benchmark


def portal_controller():
    """The controllers as Odoo combines them for a request (imported once the
    addons path is configured)."""
    from odoo.addons.account.controllers.portal import PortalAccount
    from odoo.addons.b2b_communication.controllers.portal import B2bPortal
    from odoo.addons.b2b_communication.controllers.thread_documents import (
        B2bThreadDocumentsPortal,
    )
    from odoo.addons.purchase.controllers.portal import (
        CustomerPortal as PurchasePortal,
    )
    from odoo.addons.sale.controllers.portal import CustomerPortal as SalePortal

    class Portal(
        B2bThreadDocumentsPortal, B2bPortal, SalePortal, PurchasePortal, PortalAccount
    ):
        pass

    return Portal()


def seed(env, thread, partner, count):
    purchases = env["purchase.order"].create(
        [
            {"partner_id": partner.id, "b2b_thread_id": thread.id, "state": "purchase"}
            for _i in range(count // 2)
        ]
    )
    sales = env["sale.order"].create(
        [
            {"partner_id": partner.id, "b2b_thread_id": thread.id, "state": "sent"}
            for _i in range(count - count // 2)
        ]
    )
    purchases.message_subscribe(partner.ids)
    sales.message_subscribe(partner.ids)
    env.flush_all()


def measure(env, label, thread, user):
    """Second of two runs: the first fills the registry caches (rules, access)."""
    portal_env = env(user=user)
    env.invalidate_all()
    list_documents(env, thread, portal_env)
    env.invalidate_all()
    start_queries = env.cr.sql_log_count
    start = time.perf_counter()
    rows = list_documents(env, thread, portal_env)
    elapsed = time.perf_counter() - start
    queries = env.cr.sql_log_count - start_queries
    print(
        f"{label:38} {len(rows):6d} rows {elapsed * 1000:9.1f} ms {queries:4d} queries"
    )


def list_documents(env, thread, portal_env):
    return portal_controller()._b2b_thread_portal_documents(
        portal_env["b2b.thread"].browse(thread.id), env=portal_env
    )


def run(env, count):
    Partner = env["res.partner"]
    supplier = Partner.create({"name": "Bench Supplier", "is_company": True})
    rival = Partner.create({"name": "Bench Rival", "is_company": True})
    contact = Partner.create({"name": "Bench Portal", "parent_id": supplier.id})
    user = env["res.users"].create(
        {
            "name": "Bench Portal",
            "login": "bench_portal_documents",
            "partner_id": contact.id,
            "groups_id": [(6, 0, env.ref("base.group_portal").ids)],
        }
    )
    thread = env["b2b.thread"].create(
        {
            "subject": "Bench portal documents",
            "partner_id": supplier.id,
            "is_shared": True,
        }
    )
    seed(env, thread, rival, 50)
    seed(env, thread, supplier, 5)
    measure(env, "portal documents, 5 of the supplier", thread, user)
    t0 = time.perf_counter()
    seed(env, thread, supplier, count - 5)
    print(f"seeded {count - 5} more documents in {time.perf_counter() - t0:.1f}s")
    measure(env, f"portal documents, {count} of the supplier", thread, user)


if __name__ == "__main__":
    run_benchmark(run, 1000)
