#!/usr/bin/env bash
# Build the addon's wheel (odoo-addon-b2b_communication) the way OCA publishes addons:
# whool derives the addon name from the folder holding pyproject.toml, so the
# committed tree is exported into a folder named b2b_communication first.
# Usage: tools/build_wheel.sh [output dir, default dist/]
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(realpath -m "${1:-$REPO_ROOT/dist}")"
python3 -c "import whool" 2>/dev/null || python3 -m pip install -q whool
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/b2b_communication" "$OUT"
git -C "$REPO_ROOT" archive HEAD | tar -x -C "$work/b2b_communication"
# whool reads the version from git when the folder is a checkout; give it the manifest's
git -C "$work/b2b_communication" init -q
git -C "$work/b2b_communication" add -A
git -C "$work/b2b_communication" -c user.name=build -c user.email=build@localhost commit -qm build
(cd "$work/b2b_communication" && python3 -m pip wheel -q --no-deps --no-build-isolation -w "$OUT" .)
ls "$OUT"/odoo_addon_b2b_communication-*.whl
