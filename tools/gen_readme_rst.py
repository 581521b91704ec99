"""Build README.rst and static/description/index.html (the addon's app page) from the
readme/*.md fragments.

OCA generates both with oca-gen-addon-readme; this small stand-in keeps the same
sources (readme/DESCRIPTION.md, INSTALL.md, CONFIGURE.md, USAGE.md, HISTORY.md,
CONTRIBUTORS.md) so the fragments stay the only place to edit.
Run: python3 tools/gen_readme_rst.py
"""

import html
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
TITLE = "B2B Communication"
SECTIONS = [
    ("DESCRIPTION", None),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("HISTORY", "Changelog"),
    ("CONTRIBUTORS", "Contributors"),
]


def fragments():
    for fragment, heading in SECTIONS:
        path = ROOT / "readme" / f"{fragment}.md"
        if path.exists():
            yield heading, path.read_text().strip()


def build_rst():
    out = ["=" * len(TITLE), TITLE, "=" * len(TITLE), ""]
    out += [".. !! Generated from readme/*.md: do not edit by hand.", ""]
    for heading, text in fragments():
        if heading:
            out += [heading, "=" * len(heading), ""]
        # a fragment's own "## " headings (HISTORY.md: one per release)
        text = re.sub(
            r"^## (.+)$",
            lambda m: f"{m[1]}\n{'~' * len(m[1])}",
            text,
            flags=re.MULTILINE,
        )
        out += [text, ""]
    (ROOT / "README.rst").write_text("\n".join(out))


def inline(text):
    text = html.escape(text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"\*(.+?)\*", r"<em>\1</em>", text)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", text)


def md_to_html(text):
    """Enough Markdown for the fragments: paragraphs, bullet and numbered lists."""
    blocks, items, kind, para = [], [], None, []

    def close():
        nonlocal items, kind, para
        if items:
            blocks.append(
                f"<{kind}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{kind}>"
            )
        if para:
            blocks.append(f"<p>{inline(' '.join(para))}</p>")
        items, kind, para = [], None, []

    for line in text.splitlines():
        if line.startswith("## "):
            close()
            blocks.append(f"<h4>{inline(line[3:])}</h4>")
            continue
        bullet = re.match(r"^\s*([*-]|\d+\.)\s+(.*)", line)
        if bullet:
            if para:
                close()
            kind = "ol" if bullet.group(1)[0].isdigit() else "ul"
            items.append(inline(bullet.group(2)))
        elif line.strip() and items:
            items[-1] += " " + inline(line.strip())
        elif line.strip():
            para.append(line.strip())
        else:
            close()
    close()
    return "\n".join(blocks)


def build_html():
    head = (
        '<section class="oe_container"><div class="oe_row oe_spaced">'
        f'<h2 class="oe_slogan">{TITLE}</h2>'
    )
    body = [head]
    for heading, text in fragments():
        if heading:
            body.append(f"<h3>{html.escape(heading)}</h3>")
        body.append(md_to_html(text))
    for shot in sorted((ROOT / "static" / "description").glob("screenshot_*.png")):
        body.append(
            f'<p><img class="img img-fluid" src="{shot.name}" alt="{shot.stem}"/></p>'
        )
    body.append("</div></section>")
    (ROOT / "static" / "description" / "index.html").write_text("\n".join(body) + "\n")


if __name__ == "__main__":
    build_rst()
    build_html()
