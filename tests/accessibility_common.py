# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The accessibility audit of a page in one state: axe-core's WCAG 2.1 A/AA rules
in Odoo's headless Chromium, at a desktop and a phone width (see
test_accessibility_states.py for the pages and states it audits)."""

import json
import os
import re
from collections.abc import Callable
from typing import NamedTuple

MODULE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# tools/ensure_axe.sh installs the pinned axe-core there (tools/run_tests.sh calls it)
AXE_JS = os.environ.get("B2B_AXE_JS") or os.path.join(
    os.environ.get("B2B_CACHE_DIR") or os.path.join(MODULE_DIR, ".cache"),
    "axe/node_modules/axe-core/axe.min.js",
)
WIDTHS = ("1366x768", "390x844")

# The states a page is audited in (AuditedPage.state)
FULL = "full"  # long lists with pagers, long names, many attachments
EMPTY = "empty"  # nothing yet: no threads, tasks, messages, documents, results
AFTER = "after an action"  # a form sent: its answer, or its error
ERROR = "error page"  # 4xx pages a partner can land on (old or mistyped links)
STATES = (FULL, EMPTY, AFTER, ERROR)


class Submit(NamedTuple):
    """A form of the page, sent as the visitor sends it: the values typed into
    its fields by name (or by a CSS selector: the first field it finds; a
    checkbox is ticked by a true value, a file field gets the file ``[name,
    text]``; a value may be a function of the test case returning it), then
    the browser's own submit (its checks first). The page that answers must
    show ``shows`` (say, the thank-you alert): the audit is of the answer
    meant, not of some other page."""

    form: str  # CSS selector
    shows: str  # CSS selector
    fields: dict | None = None


class AuditedPage(NamedTuple):
    """One page in one state, audited at each width of ``WIDTHS``.

    ``url``: the path to open, formatted with the test case as ``t``
    (``"/my/b2b/tasks/{t.task.id}"``), or a function of the test case returning
    it, called for each width (it may create what the state needs, e.g. an open
    task to mark as done);
    ``actor``: who opens it (a key of the test's ``ACTORS``); ``state``: one of
    ``STATES``; ``submit``: the form the visitor sends first, the audit is then
    of the page that answers it."""

    name: str
    url: str | Callable
    actor: str
    state: str
    submit: Submit | None = None


# Run in the page: send the form when asked to (into a frame as large as the
# screen, so that the answer is rendered at the screen's width), then axe on the
# page shown. Serious and critical violations of the WCAG 2.1 A and AA rules,
# and (on a phone) a page wider than the screen, are errors.
AXE_RUN = """
;(async () => {
    const loaded = (win) =>
        win.document.readyState === "complete"
            ? Promise.resolve()
            : new Promise((resolve) => win.addEventListener("load", resolve));
    const fail = (message) => console.error("B2B-AXE-FAIL " + message);
    const settled = async (ready) => {
        for (let i = 0; i < 100 && !ready(); i++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    };
    // interactive: Odoo's lazy scripts loaded (until then they hold back the
    // forms' submit events) and its public root started
    const interactive = async (win) => {
        await loaded(win);
        await settled(() => win.odoo?.__WOWL_DEBUG__);
    };
    await interactive(window);
    let win = window;
    if (SUBMIT) {
        const form = document.querySelector(SUBMIT.form);
        if (!form) {
            return fail(`no form ${SUBMIT.form} on the page`);
        }
        for (const [name, value] of Object.entries(SUBMIT.fields || {})) {
            // a field by its name, else the first one a CSS selector finds
            // (names holding a record's id: "[name^=reason_]")
            const field = form.elements.namedItem(name) || form.querySelector(name);
            if (!field) {
                return fail(`no field ${name} in ${SUBMIT.form}`);
            }
            if (field.type === "checkbox") {
                field.checked = Boolean(value);
            } else if (field.type === "file") {
                // the file a visitor picks: [name, text]
                const files = new DataTransfer();
                files.items.add(new File([value[1]], value[0]));
                field.files = files.files;
            } else {
                field.value = value;
            }
        }
        if (!form.checkValidity()) {
            return fail(`the browser refuses to send ${SUBMIT.form}`);
        }
        const frame = document.createElement("iframe");
        frame.name = "b2b_axe_answer";
        frame.style.cssText =
            "position: fixed; inset: 0; width: 100%; height: 100%; border: 0; " +
            "z-index: 2147483647; background: white;";
        document.body.appendChild(frame);
        document.documentElement.style.overflow = "hidden";
        // the load of the answer, not of the frame's first blank page
        const answered = new Promise((resolve) =>
            frame.addEventListener("load", () => {
                if (frame.contentWindow.location.href !== "about:blank") {
                    resolve();
                }
            })
        );
        form.target = frame.name;
        form.requestSubmit();
        const late = new Promise((resolve) => setTimeout(resolve, 30000, "late"));
        if ((await Promise.race([answered, late])) === "late") {
            return fail(`no answer to ${SUBMIT.form} within 30 s`);
        }
        win = frame.contentWindow;
        await interactive(win);
        if (!win.document.querySelector(SUBMIT.shows)) {
            return fail(`the answer to ${SUBMIT.form} shows no ${SUBMIT.shows}`);
        }
    }
    const doc = win.document;
    win.eval(AXE_SOURCE);
    // the portal home shows its entries once their counters are read
    await settled(() => !doc.querySelector(".o_portal_doc_spinner"));
    // Odoo's portal chatter loads lazily into a shadow root: check it loaded
    if (doc.querySelector(".o_portal_chatter")) {
        await win.odoo.portalChatterReady;
        const shown = ".o-mail-Message, .o-mail-Thread-empty > span";
        await settled(() =>
            doc.querySelector("#chatterRoot")?.shadowRoot?.querySelector(shown)
        );
    }
    const result = await win.axe.run(doc, {
        runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        resultTypes: ["violations"],
        iframes: false,
    });
    const bad = result.violations.filter(
        (v) => ["serious", "critical"].includes(v.impact)
    );
    const problems = bad.map((v) =>
        `${v.id} (${v.impact}, ${v.nodes.length}x: ` +
        v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | ") + ") " +
        `[${(v.nodes[0].any[0] || v.nodes[0].all[0] || {}).message || ""}` +
        ` in ${v.nodes[0].html.slice(0, 120)}]`
    );
    const root = doc.documentElement;
    if (CHECK_SCROLL && root.scrollWidth > root.clientWidth) {
        // the innermost element sticking out, to find the culprit
        const wide = [...doc.body.querySelectorAll("*")].filter(
            (el) => el.getBoundingClientRect().right > root.clientWidth
        );
        const culprit = wide.find((el) => !wide.includes(el.firstElementChild));
        problems.push(
            `sideways scroll (${root.scrollWidth} > ${root.clientWidth} px` +
            (culprit ? `: <${culprit.tagName.toLowerCase()} ` +
                `class="${culprit.className}"> ` +
                `"${culprit.textContent.trim().slice(0, 40)}")` : ")")
        );
    }
    // the chatter clips what is wider than itself: no page scroll, but a name
    // cut off on a phone
    const chatter = doc.querySelector("#chatterRoot")?.shadowRoot;
    const cut = CHECK_SCROLL && chatter && [
        ...chatter.querySelectorAll(".o-mail-Message-author, .o-mail-Message-body"),
    ].find((el) => el.getBoundingClientRect().right > root.clientWidth);
    if (cut) {
        const text = cut.innerText.slice(0, 40);
        problems.push(`cut off at the screen's edge: ${cut.className} "${text}"`);
    }
    console.log("b2b-axe " + JSON.stringify({rules: bad.map((v) => v.id),
        nodes: bad.reduce((n, v) => n + v.nodes.length, 0)}));
    if (problems.length) {
        fail(problems.join("; "));
    } else {
        console.log("test successful");
    }
})();
"""


class AxeAuditMixin:
    """For an HttpCase: ``_audit(pages)`` opens each page as its actor, in its
    state, at each width, and fails with every problem axe finds. The case maps
    each actor to a login (``None``: no session) in ``_actor_login``."""

    def _actor_login(self, actor):
        raise NotImplementedError

    def _axe(self, url, login, size, submit=None):
        """The problems axe finds on ``url`` at ``size``: '' when none."""
        with open(AXE_JS, encoding="utf-8") as axe_file:
            axe_source = axe_file.read()
        constants = {
            "AXE_SOURCE": axe_source,
            "SUBMIT": submit and submit._asdict(),
            "CHECK_SCROLL": size.startswith("390"),
        }
        code = "\n".join(
            ["{", *(f"const {k} = {json.dumps(v)};" for k, v in constants.items())]
            + [AXE_RUN, "}"]
        )
        self.browser_size = size
        try:
            self.browser_js(url, code, login=login, timeout=120)
        except self.failureException as error:
            # browser_js quotes the whole code (axe's source): keep the verdict only
            found = re.findall(r"B2B-AXE-FAIL ([^\n]*)", str(error))
            return found[-1] if found else str(error)[-2000:]
        return ""

    def _audit(self, pages):
        """Audit ``pages`` (AuditedPage); ``B2B_AXE_ONLY`` (a part of a page's
        name or URL) narrows them down when debugging."""
        if not os.path.isfile(AXE_JS):
            self.skipTest(f"axe-core missing ({AXE_JS}): run tools/ensure_axe.sh")
        only = os.environ.get("B2B_AXE_ONLY")
        problems = []
        for page in pages:
            for size in WIDTHS:
                url = (
                    page.url.format(t=self)
                    if isinstance(page.url, str)
                    else page.url(self)
                )
                if only and only not in f"{page.name} {url}":
                    continue
                submit = page.submit and page.submit._replace(
                    fields={
                        name: value(self) if callable(value) else value
                        for name, value in (page.submit.fields or {}).items()
                    }
                )
                found = self._axe(url, self._actor_login(page.actor), size, submit)
                if found:
                    problems.append(
                        f"{page.name} ({page.state}) {url} [{page.actor}, {size}]: "
                        f"{found}"
                    )
        if problems:
            self.fail(
                "serious or critical WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
            )
