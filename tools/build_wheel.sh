#!/usr/bin/env bash
# Build the addon's wheel (odoo-addon-b2b_communication) the way OCA publishes addons.
# whool packs every git-tracked file of the addon folder and has no exclude option,
# so the committed tree is exported keeping only what an installed addon needs
# (Python, data/views/security/demo XML, i18n, static incl. static/description,
# README.rst, tests as in OCA wheels) into a folder named b2b_communication, then
# built there. Prints the wheel's file list and size; fails if tooling slipped in.
# Usage: tools/build_wheel.sh [output dir, default dist/]
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(realpath -m "${1:-$REPO_ROOT/dist}")"
ADDON_PATHS=(
    __init__.py __manifest__.py pyproject.toml README.rst
    controllers data demo i18n models security static tests views
)
FORBIDDEN='^odoo/addons/b2b_communication/(tools|bench|docs|readme|\.ci|\.github)/|^odoo/addons/b2b_communication/(Makefile|\.ruff\.toml|\.pylintrc[^/]*|\.pre-commit[^/]*|\.gitignore|README\.md)$'

python3 -c "import whool" 2>/dev/null || python3 -m pip install -q whool
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/b2b_communication" "$OUT"
existing=()
for p in "${ADDON_PATHS[@]}"; do
    git -C "$REPO_ROOT" cat-file -e "HEAD:$p" 2>/dev/null && existing+=("$p")
done
git -C "$REPO_ROOT" archive HEAD -- "${existing[@]}" | tar -x -C "$work/b2b_communication"
# whool lists the files with git (and reads the version from it when the folder is
# a checkout): make the export a one-commit repository
git -C "$work/b2b_communication" init -q
git -C "$work/b2b_communication" add -A
git -C "$work/b2b_communication" -c user.name=build -c user.email=build@localhost commit -qm build
rm -f "$OUT"/odoo_addon_b2b_communication-*.whl
(cd "$work/b2b_communication" && python3 -m pip wheel -q --no-deps --no-build-isolation -w "$OUT" .)
wheel="$(ls "$OUT"/odoo_addon_b2b_communication-*.whl)"
python3 - "$wheel" "$FORBIDDEN" <<'PY'
import re
import sys
import zipfile

path, forbidden = sys.argv[1], re.compile(sys.argv[2])
with zipfile.ZipFile(path) as wheel:
    infos = wheel.infolist()
for info in infos:
    print(f"{info.file_size:>10}  {info.filename}")
bad = [i.filename for i in infos if forbidden.search(i.filename)]
print(f"{len(infos)} files, {sum(i.file_size for i in infos)} bytes uncompressed")
if bad:
    sys.exit("ERROR: tooling in the wheel: " + ", ".join(bad))
PY
echo "$wheel: $(du -h "$wheel" | cut -f1) ($(stat -c %s "$wheel") bytes)"
