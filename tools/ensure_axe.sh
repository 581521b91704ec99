#!/usr/bin/env bash
# axe-core (WCAG rules engine of tests/test_accessibility.py), pinned, from the npm
# registry into .cache/axe when missing. Prints the path of axe.min.js.
# Usage: tools/ensure_axe.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
AXE_VERSION=4.14.1
AXE_DIR="$CACHE_DIR/axe"
AXE_JS="$AXE_DIR/node_modules/axe-core/axe.min.js"
installed="$(cd "$AXE_DIR" 2>/dev/null && node -p 'require("axe-core/package.json").version' 2>/dev/null || true)"
if [ "$installed" != "$AXE_VERSION" ] || [ ! -s "$AXE_JS" ]; then
    command -v npm >/dev/null || die "npm is needed to install axe-core for the accessibility tests."
    log "Installing axe-core@$AXE_VERSION into $AXE_DIR" >&2
    mkdir -p "$AXE_DIR"
    npm install --silent --no-audit --no-fund --prefix "$AXE_DIR" "axe-core@$AXE_VERSION" >&2
fi
echo "$AXE_JS"
