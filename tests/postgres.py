"""A real PostgreSQL for the store's tests: ``MOPS_TEST_DATABASE_URL``, or a throwaway cluster.

The throwaway cluster is Debian's PostgreSQL (``/usr/lib/postgresql/*/bin``, installed by
scripts/install.sh): ``initdb`` into a temporary folder, ``pg_ctl`` listening on loopback and a
unix socket in that folder, stopped and deleted after the session. PostgreSQL refuses to run as
root, so as root the cluster is run by the ``postgres`` user. Missing binaries fail the tests
with what to install: a silent skip would hide a broken set-up.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(
            f"PostgreSQL's {name} not found: install it (apt-get install postgresql) or set MOPS_TEST_DATABASE_URL"
        )
    return found[-1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def server(durable: bool = False) -> Iterator[str]:
    """The URL of a PostgreSQL server to make test databases in (its ``postgres`` database); a
    throwaway one skips ``fsync`` unless ``durable`` (a benchmark of saving wants what a centre runs)."""
    if url := os.environ.get("MOPS_TEST_DATABASE_URL"):
        yield url
        return
    folder = Path(tempfile.mkdtemp(prefix="mops-pg-"))
    as_user: list[str] = []
    user = os.environ.get("USER", "postgres")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        as_user, user = ["runuser", "-u", "postgres", "--"], "postgres"
    data, port = folder / "data", _free_port()
    run = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    subprocess.run([*as_user, _bin("initdb"), "-D", str(data), "-A", "trust", "-U", user, "-E", "UTF8"], **run)
    options = f"-h 127.0.0.1 -p {port} -k {folder}" + ("" if durable else " -F -c fsync=off")
    subprocess.run(
        [*as_user, _bin("pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"], **run
    )
    try:
        yield f"postgresql+psycopg://{user}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_user, _bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], check=False, capture_output=True
        )
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(server_url: str) -> str:
    """A new empty database on the server; its SQLAlchemy URL."""
    name = f"mops_test_{uuid.uuid4().hex[:12]}"
    plain = server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"
