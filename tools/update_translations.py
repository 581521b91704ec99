"""Write i18n/b2b_communication.pot from a freshly exported .pot and merge it into the
bg and de catalogues (see tools/export_pot.sh).

Odoo's exporter follows the .cache/addons/b2b_communication link back into the
repository and lists every source file twice; those references are dropped.
"""

import pathlib
import sys

import polib

ROOT = pathlib.Path(__file__).resolve().parent.parent
LANGS = {"bg": "Bulgarian", "de": "German"}


def clean_pot(path):
    pot = polib.pofile(path, wrapwidth=78)
    for entry in pot:
        entry.occurrences = [
            (file, line) for file, line in entry.occurrences if "/.cache/" not in file
        ]
        entry.comment = "\n".join(
            line for line in entry.comment.splitlines() if "/.cache/" not in line
        )
    return pot


def main(exported):
    pot = clean_pot(exported)
    pot.metadata["Project-Id-Version"] = "Odoo Server 18.0"
    pot.save(str(ROOT / "i18n" / "b2b_communication.pot"))
    for code, name in LANGS.items():
        po_path = ROOT / "i18n" / f"{code}.po"
        if po_path.exists():
            po = polib.pofile(str(po_path), wrapwidth=78)
        else:
            po = polib.POFile(wrapwidth=78)
            po.metadata = dict(pot.metadata)
            po.metadata["Language"] = code
            po.metadata["Language-Team"] = name
            po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
            po.metadata["Content-Transfer-Encoding"] = "8bit"
        po.merge(pot)
        for entry in po.obsolete_entries():
            po.remove(entry)
        po.save(str(po_path))
        print(
            f"{po_path.name}: {po.percent_translated()}% translated, "
            f"{len(po.untranslated_entries())} untranslated"
        )


if __name__ == "__main__":
    main(sys.argv[1])
