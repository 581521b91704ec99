"""Build README.rst (the addon's app-page readme) from the readme/*.md fragments.

OCA generates it with oca-gen-addon-readme; this small stand-in keeps the same
sources (readme/DESCRIPTION.md, USAGE.md, CONFIGURE.md, CONTRIBUTORS.md) so the
fragments stay the only place to edit. Run: python3 tools/gen_readme_rst.py
"""

import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SECTIONS = [
    ("DESCRIPTION", None),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("CONTRIBUTORS", "Contributors"),
]


def main():
    title = "B2B Communication"
    out = ["=" * len(title), title, "=" * len(title), ""]
    out += [".. !! Generated from readme/*.md: do not edit by hand.", ""]
    for fragment, heading in SECTIONS:
        path = ROOT / "readme" / f"{fragment}.md"
        if not path.exists():
            continue
        if heading:
            out += [heading, "=" * len(heading), ""]
        out += [path.read_text().strip(), ""]
    (ROOT / "README.rst").write_text("\n".join(out))


if __name__ == "__main__":
    main()
