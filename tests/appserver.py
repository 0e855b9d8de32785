"""The app served by ``streamlit run`` on a free loopback port.

The browser tests and the app benchmarks start it the same way, so a flag added for one (a
data folder, a log) serves all of them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

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
            process.kill()
            process.wait()
            raise AppDidNotStart(f"Streamlit did not start on {url}")
        time.sleep(0.3)


def stop_app(process: subprocess.Popen) -> None:
    """Ask the server to stop; kill it when it does not within ten seconds."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
