#!/usr/bin/env bash
# Installs the configurator on a fresh Debian/Ubuntu machine, into a project virtual environment.
#
# System packages (apt-get, with sudo when not root): Graphviz's `dot` and DejaVu fonts for the
# org-chart exports with Polish letters, Chromium and poppler for the end-to-end and export
# tests, PostgreSQL for the scenario store's tests (and its client's pg_dump/pg_restore for backups), nginx
# for scripts/serve.sh (and openssl for its tests' certificate), python3-venv where `python3 -m venv`
# is missing, and a C compiler and Python's headers for the simulation's compiled modules (setup.py).
# Python packages go into .venv only, never into the system's Python (PEP 668): first the exact
# versions of requirements.lock, then this package itself, editable, without resolving again and
# with the locked mypyc compiling the simulation's hot modules beside their sources.
# Safe to run again: it skips what is there, and the compiling when the build is current.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "error: $python is older than 3.11; set PYTHON=/path/to/python3.11+" >&2; exit 1; }

need=()
command -v dot >/dev/null 2>&1 || need+=(graphviz)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v pg_dump >/dev/null 2>&1 || need+=(postgresql-client)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || need+=(nginx-light)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v cc >/dev/null 2>&1 || need+=(gcc)
"$python" -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(sysconfig.get_path("include") + "/Python.h"))' \
  || need+=(python3-dev)
if [ ! -x .venv/bin/python ] && ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  need+=("python3-venv")
fi
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing system packages: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
pip=(.venv/bin/python -m pip --disable-pip-version-check -q)
"${pip[@]}" install -r requirements.lock
if ! .venv/bin/python -c 'import sys, model.simulation as s; sys.exit(s.RUNNING != "compiled")' 2>/dev/null; then
  "${pip[@]}" install --no-deps --no-build-isolation -e .  # about a minute: mypyc (setup.py)
fi
