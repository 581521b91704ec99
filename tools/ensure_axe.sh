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
    if ! command -v npm >/dev/null; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            log "Installing Debian's npm for axe-core" >&2
            { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; } >&2 ||
                die "apt-get install npm failed; retry: apt-get install -y npm"
        else
            die "npm is needed to install axe-core for the accessibility tests (e.g. sudo apt-get install -y npm)."
        fi
    fi
    log "Installing axe-core@$AXE_VERSION into $AXE_DIR" >&2
    mkdir -p "$AXE_DIR"
    npm install --silent --no-audit --no-fund --prefix "$AXE_DIR" "axe-core@$AXE_VERSION" >&2
fi
echo "$AXE_JS"
