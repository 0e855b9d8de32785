"""Where the store lives: ``MOPS_DATABASE_URL`` (shared PostgreSQL), else SQLite in ``MOPS_DATA_DIR``.

The data folder defaults to ``$XDG_DATA_HOME/mops`` (``~/.local/share/mops``); the database is
the file ``scenarios.sqlite3`` in it.
"""

from __future__ import annotations

import os
from pathlib import Path

DATABASE_FILE = "scenarios.sqlite3"


def data_dir() -> Path:
    if folder := os.environ.get("MOPS_DATA_DIR"):
        return Path(folder).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "mops"


def database_url() -> str:
    """The database to use: ``MOPS_DATABASE_URL`` when set, else the SQLite file in the data folder."""
    if url := os.environ.get("MOPS_DATABASE_URL"):
        return url
    return f"sqlite:///{data_dir() / DATABASE_FILE}"
