#!/usr/bin/env bash
# Prettier with its XML plugin, at the versions OCA's addon template pins, from the npm
# registry into .cache/prettier when missing; settings in .prettierrc.yml and
# .editorconfig. Called by pre-commit (`make lint`) with --check; to format files:
#   tools/prettier.sh --write views/b2b_thread_views.xml
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
PRETTIER_DIR="$CACHE_DIR/prettier"
ensure_npm_packages "$PRETTIER_DIR" prettier@2.7.1 @prettier/plugin-xml@2.2.0
exec "$PRETTIER_DIR/node_modules/.bin/prettier" --plugin-search-dir="$PRETTIER_DIR" "$@"
