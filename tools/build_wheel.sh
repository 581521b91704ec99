#!/usr/bin/env bash
# Build the addon's wheel (odoo-addon-b2b_communication) the way OCA publishes addons.
# whool packs every git-tracked file of the addon folder and has no exclude option,
# so the committed tree is exported without the repository's tooling (tools/,
# bench/, readme/ fragments, CI and lint configs, README.md) into a folder named
# b2b_communication, then built there. Prints the wheel's file list and size; fails
# if tooling slipped in, or if a file the manifest loads or a package the addon
# imports is missing (an installed addon must work).
# Usage: tools/build_wheel.sh [output dir, default dist/]
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(realpath -m "${1:-$REPO_ROOT/dist}")"
TOOLING=(
    tools bench docs readme .ci .github Makefile README.md .gitignore .ruff.toml
    .pylintrc .pylintrc-mandatory .pre-commit-config.yaml
)
FORBIDDEN='^odoo/addons/b2b_communication/(tools|bench|docs|readme|\.ci|\.github)/|^odoo/addons/b2b_communication/(Makefile|\.ruff\.toml|\.pylintrc[^/]*|\.pre-commit[^/]*|\.gitignore|README\.md)$'

python3 -c "import whool" 2>/dev/null || python3 -m pip install -q whool
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/b2b_communication" "$OUT"
git -C "$REPO_ROOT" archive HEAD | tar -x -C "$work/b2b_communication"
(cd "$work/b2b_communication" && rm -rf "${TOOLING[@]}")
# whool lists the files with git (and reads the version from it when the folder is
# a checkout): make the export a one-commit repository
git -C "$work/b2b_communication" init -q
git -C "$work/b2b_communication" add -A
git -C "$work/b2b_communication" -c user.name=build -c user.email=build@localhost commit -qm build
rm -f "$OUT"/odoo_addon_b2b_communication-*.whl
(cd "$work/b2b_communication" && python3 -m pip wheel -q --no-deps --no-build-isolation -w "$OUT" .)
wheel="$(ls "$OUT"/odoo_addon_b2b_communication-*.whl)"
python3 - "$wheel" "$FORBIDDEN" "$REPO_ROOT" <<'PY'
import ast
import pathlib
import re
import sys
import zipfile

path, forbidden, root = sys.argv[1], re.compile(sys.argv[2]), pathlib.Path(sys.argv[3])
prefix = "odoo/addons/b2b_communication/"
with zipfile.ZipFile(path) as wheel:
    infos = wheel.infolist()
names = {info.filename for info in infos}
for info in infos:
    print(f"{info.file_size:>10}  {info.filename}")
print(f"{len(infos)} files, {sum(i.file_size for i in infos)} bytes uncompressed")
bad = [name for name in sorted(names) if forbidden.search(name)]
manifest = ast.literal_eval((root / "__manifest__.py").read_text())
needed = [f for key in ("data", "demo") for f in manifest.get(key, [])]
needed += [
    f"{line.split()[-1]}/__init__.py"
    for line in (root / "__init__.py").read_text().splitlines()
    if line.startswith("from . import ")
]
missing = [f for f in needed if prefix + f not in names]
if bad:
    sys.exit("ERROR: tooling in the wheel: " + ", ".join(bad))
if missing:
    sys.exit("ERROR: missing from the wheel: " + ", ".join(missing))
PY
echo "$wheel: $(du -h "$wheel" | cut -f1) ($(stat -c %s "$wheel") bytes)"
