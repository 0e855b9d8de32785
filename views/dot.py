"""Graphviz's ``dot`` kept running for the app's charts, instead of a new process for each chart.

A new ``dot`` spends most of a chart's CPU before it reads the chart: loading its plugins and
the fonts' configuration costs ≈ 20 ms of the ≈ 30 ms an org chart of Tarnowskie Góry takes, and
every edit draws a chart anew. A ``dot`` reads graph after graph from its input and writes each
one's SVG as soon as the graph ends, so a process kept running pays that start once.

A few processes are kept (:data:`KEPT`), each used by one chart at a time. One that dies (Graphviz
aborts on some orthogonal layouts) or does not answer in time is dropped, and that chart is drawn
by a process of its own, as before, whose error says what went wrong.
"""

from __future__ import annotations

import os
import queue
import selectors
import subprocess
import time

import graphviz

KEPT = 2
"""``dot`` processes kept per server process: charts drawn at once by different sessions each get one."""

TIMEOUT = 30.0
"""Seconds a kept ``dot`` may take for one chart before it is given up and the chart drawn apart."""

END = b"</svg>\n"
"""How an SVG ends; Graphviz escapes every text of a chart, so nothing before the end reads like it."""


class _Failed(Exception):
    """The kept process died or did not answer."""


class _Dot:
    """One ``dot -Tsvg`` process, fed one graph at a time."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            ["dot", "-Tsvg"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )

    def svg(self, source: str) -> str:
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(source.encode("utf-8") + b"\n")
            self.process.stdin.flush()
        except OSError as exc:  # it died: its end of the pipe is closed
            raise _Failed from exc
        out = bytearray()
        deadline = time.monotonic() + TIMEOUT
        with selectors.DefaultSelector() as waiting:
            waiting.register(self.process.stdout, selectors.EVENT_READ)
            while not out.endswith(END):
                if not waiting.select(max(deadline - time.monotonic(), 0)):
                    raise _Failed("no answer in time")
                chunk = os.read(self.process.stdout.fileno(), 1 << 16)
                if not chunk:
                    raise _Failed("dot ended")
                out += chunk
        return out.decode("utf-8")

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


_idle: queue.LifoQueue[_Dot | None] = queue.LifoQueue()
for _ in range(KEPT):
    _idle.put(None)  # a free place: its process is started when a chart first needs it


def svg(source: str) -> str:
    """The SVG ``dot`` draws of the DOT ``source`` (its XML declaration and comments included)."""
    kept = _idle.get()
    try:
        kept = kept or _Dot()
        return kept.svg(source)
    except (_Failed, OSError):
        if kept is not None:
            kept.close()
        kept = None
        return graphviz.Source(source).pipe(format="svg", encoding="utf-8")
    finally:
        _idle.put(kept)
