#!/usr/bin/env bash
# The addon's checks (.pre-commit-config.yaml: ruff, pylint-odoo, OCA's module and
# translation checks, prettier) with the tools of the Python that runs Odoo; they are
# installed from PyPI (prettier from npm, tools/prettier.sh) when missing. Called by
# `make lint` and `make test`.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"
require_odoo >/dev/null
missing=()
"$PYTHON" -c "import pre_commit" 2>/dev/null || missing+=("pre-commit")
"$PYTHON" -c "import pylint_odoo" 2>/dev/null || missing+=("pylint-odoo")
"$PYTHON" -m ruff --version >/dev/null 2>&1 || missing+=("ruff")
"$PYTHON" -c "import oca_pre_commit_hooks" 2>/dev/null || missing+=("oca-odoo-pre-commit-hooks")
if [ ${#missing[@]} -gt 0 ]; then
    log "Installing lint tools: ${missing[*]}"
    "$PYTHON" -m pip install -q "${missing[@]}"
fi
bash "$REPO_ROOT/tools/prettier.sh" --version >/dev/null  # installed once, before the hooks
# the hooks call python3 and oca-checks-*: those of this Python's environment
PATH="$(dirname "$PYTHON"):$PATH" "$PYTHON" -m pre_commit run --all-files --show-diff-on-failure
