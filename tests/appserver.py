"""The app served by ``streamlit run`` on a free loopback port.

The browser tests and the app benchmarks start it the same way, so a flag added for one (a
data folder, a log) serves all of them; and the same for ``scripts/serve.sh``, nginx in front
of several processes (:func:`serve`).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from model.i18n import t

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
START_TIMEOUT = 60
"""Seconds a server may take to answer its health check."""


class AppDidNotStart(RuntimeError):
    """The server exited or did not answer in time; the message names its address."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_app(
    env: Mapping[str, str] | None = None,
    output: IO | int = subprocess.DEVNULL,
    options: Sequence[str] = (),
    port: int | None = None,
) -> tuple[subprocess.Popen, str]:
    """Start the app with ``env`` added to this process's environment and Streamlit's ``options``
    (``--secrets.files …``) on ``port`` (a free one by default); its server and URL once it answers."""
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port)]
        + ["--server.address", HOST, "--server.headless", "true", "--browser.gatherUsageStats", "false"]
        + ["--server.fileWatcherType", "none", *options],
        cwd=ROOT,
        stdout=output,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", **(env or {})},
        start_new_session=True,  # its simulation pool (a fork server and workers) stops with it: see stop_app
    )
    url = f"http://{HOST}:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return process, url
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop_app(process)
            raise AppDidNotStart(f"Streamlit did not start on {url}")
        time.sleep(0.3)


def stop_app(process: subprocess.Popen) -> None:
    """Ask the server and every process it started to stop; kill them when they do not within ten
    seconds. The whole session: a server killed alone left its simulation pool's fork server and
    workers running, three such groups after one run of the suite."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def page_option(page: Any, name: str) -> Any:
    """The option named ``name`` in the app's row of pages, found as a screen reader finds it: a
    radio of the radio group "Strona aplikacji" (a Playwright page, sync or async)."""
    return page.get_by_role("radiogroup", name=t("nav.pages")).get_by_role("radio", name=name, exact=True)


# --- scripts/serve.sh: nginx with TLS in front of several processes ------------------------------

SERVE_TIMEOUT = 120
"""Seconds serve.sh may take until nginx and every process answer."""


@dataclass(frozen=True)
class Served:
    """scripts/serve.sh running on loopback: the proxy's URL, its run folder, the processes' ports."""

    url: str
    run: Path
    backends: tuple[int, ...]

    def log(self) -> list[tuple[str, str, str, str, int]]:
        """nginx's access log: (method, path, the process that answered last, routing cookie, status)."""
        pattern = re.compile(r'"(\S+) (\S+)" (\d+) \d+ upstream=(.+) node=(\S+)')
        found = (pattern.search(line) for line in (self.run / "access.log").read_text().splitlines())
        return [(m[1], m[2], (re.findall(r"[\d.]+:\d+", m[4]) or ["-"])[-1], m[5], int(m[3])) for m in found if m]

    def pid(self, port: int) -> int:
        return int((self.run / f"streamlit-{self.backends.index(port)}.pid").read_text())

    def pids(self) -> list[int]:
        """The app processes serving now (serve.sh writes each one's pid when it starts it)."""
        return [self.pid(port) for port in self.backends]


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive free loopback ports."""
    for base in range(20000 + os.getpid() % 20000, 60000, 7):
        sockets = []
        try:
            for port in range(base, base + count):
                probe = socket.socket()
                sockets.append(probe)
                probe.bind((HOST, port))
            return base
        except OSError:
            continue
        finally:
            for probe in sockets:
                probe.close()
    raise RuntimeError("no free ports")


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1 and its key, in ``folder``."""
    cert, key = folder / "mops.crt", folder / "mops.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}"]
        + ["-addext", f"subjectAltName=IP:{HOST}", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def unverified() -> ssl.SSLContext:
    """A TLS context that accepts :func:`self_signed`'s certificate."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # our own self-signed certificate
    return context


def healthy(url: str, context: ssl.SSLContext | None = None) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2, context=context) as answer:
            return answer.status == 200
    except OSError:
        return False


@contextmanager
def serve(folder: Path, database_url: str, processes: int = 2) -> Iterator[Served]:
    """scripts/serve.sh on loopback, without sign-in: nginx with a self-signed certificate in front of
    ``processes`` app processes whose store is ``database_url`` (PostgreSQL), its files in ``folder``.
    Stopped, every process with it, when the block ends; :class:`AppDidNotStart` when it does not
    answer within :data:`SERVE_TIMEOUT` seconds (with the script's own words)."""
    cert, key = self_signed(folder)
    port = free_ports(processes + 1)  # nginx on the first, the processes on the next ones
    run = folder / "run"
    log = folder / "serve.log"
    process = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "serve.sh"), "--cert", str(cert), "--key", str(key)]
        + ["--processes", str(processes), "--address", HOST, "--port", str(port)]
        + ["--backend-port", str(port + 1), "--run-dir", str(run), "--without-signin"],
        cwd=ROOT,
        env={**os.environ, "MOPS_DATABASE_URL": database_url, "PYTHON": sys.executable},
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        start_new_session=True,
    )
    served = Served(f"https://{HOST}:{port}", run, tuple(range(port + 1, port + 1 + processes)))
    try:
        deadline = time.monotonic() + SERVE_TIMEOUT
        # the processes first: a probe through nginx while they start fails, and nginx then leaves a
        # process out for fail_timeout (10 s), sending every session opened meanwhile to the other one
        while not (all(healthy(f"http://{HOST}:{p}") for p in served.backends) and healthy(served.url, unverified())):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AppDidNotStart(f"serve.sh did not start:\n{log.read_text()}")
            time.sleep(0.5)
        yield served
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
