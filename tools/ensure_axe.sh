#!/usr/bin/env bash
# axe-core (WCAG rules engine of tests/test_accessibility_states.py), pinned, from the npm
# registry into .cache/axe when missing. Prints the path of axe.min.js.
# Usage: tools/ensure_axe.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_npm_packages "$CACHE_DIR/axe" axe-core@4.14.1
echo "$CACHE_DIR/axe/node_modules/axe-core/axe.min.js"
