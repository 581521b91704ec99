"""Take the README's screenshots from a running demo (make run) in headless Chromium.

Usage: python3 tools/screenshots.py [--url http://localhost:8069] [--out DIR]
Needs the `playwright` Python package (driver only: it uses Debian's /usr/bin/chromium,
it never downloads a browser).
"""

import argparse
import pathlib

from playwright.sync_api import sync_playwright

SHOTS = [
    # (file name, login, path, selector to wait for)
    (
        "my_work",
        "admin",
        "/odoo/action-b2b_communication.b2b_my_work_action",
        ".o_b2b_my_work .card",
    ),
    (
        "screenshot_threads",
        "admin",
        "/odoo/action-b2b_communication.b2b_thread_action",
        ".o_kanban_record",
    ),
]


def login(page, base, user):
    page.goto(f"{base}/web/login")
    page.fill("input[name=login]", user)
    page.fill("input[name=password]", user)
    page.click("button[type=submit]")
    page.wait_for_selector(".o_main_navbar, .o_portal, #wrapwrap", timeout=60000)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--out", default="static/description")
    parser.add_argument(
        "--extra",
        action="append",
        default=[],
        help="name,login,path,selector for additional pages",
    )
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    shots = list(SHOTS) + [tuple(extra.split(",", 3)) for extra in args.extra]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        sessions = {}
        for name, user, path, selector in shots:
            if user not in sessions:
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                page = context.new_page()
                login(page, args.url, user)
                sessions[user] = page
            page = sessions[user]
            page.goto(args.url + path)
            page.wait_for_selector(selector, timeout=60000)
            page.wait_for_timeout(800)
            page.screenshot(path=str(out / f"{name}.png"))
            print("saved", out / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main()
