#!/usr/bin/env bash
# Regenerates requirements.lock from pyproject.toml's ranges: exact versions for every Python
# ≥ 3.11.2 (Debian 12's) and platform (uv's universal resolution), every extra included (the optional features,
# the tests, the documentation), so that scripts/install.sh installs everything for the app and CI.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pip install -q --disable-pip-version-check uv
.venv/bin/python -m uv pip compile pyproject.toml --all-extras --universal --python-version 3.11.2 \
  --no-header --quiet -o requirements.lock
