"""The ``dot`` the app keeps running for its charts (views/dot.py), against Debian's Graphviz: the
same drawing as a ``dot`` of its own, a killed one replaced, a refused chart refused as before."""

from __future__ import annotations

import os
import re
import signal
import subprocess
from pathlib import Path

import graphviz
import pytest

from model import load_scenario
from model.exports.orgchart import orgchart
from tests.conftest import DEFAULT_CONFIG
from views import dot

CHART = orgchart(load_scenario(DEFAULT_CONFIG), show_location=True, line_legend=True).source


def kept_dots() -> set[int]:
    """The ``dot`` processes this test process runs now."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            name, parent = stat[stat.index("(") + 1 : stat.rindex(")")], int(stat[stat.rindex(")") + 2 :].split()[1])
            if name == "dot" and parent == os.getpid() and stat[stat.rindex(")") + 2] != "Z":
                found.add(int(entry.name))
    return found


def same_drawing(svg: str) -> str:
    """The SVG without the graph's element id, which a ``dot`` numbers by the graphs it has read."""
    return re.sub(r'<g id="[^"]*graph0"', '<g id="graph0"', svg)


def test_a_kept_dot_draws_chart_after_chart_as_a_dot_of_its_own_does() -> None:
    alone = graphviz.Source(CHART).pipe(format="svg", encoding="utf-8")
    renamed = CHART.replace("Dyrektor", "Dyrektorka", 1)
    drawn = [dot.svg(CHART), dot.svg(renamed), dot.svg(CHART)]
    assert same_drawing(drawn[0]) == same_drawing(drawn[2]) == same_drawing(alone)
    assert "Dyrektorka" in drawn[1] and "Dyrektorka" not in drawn[2]  # each answer is its own chart's
    assert 1 <= len(kept_dots()) <= dot.KEPT


def test_a_killed_dot_is_replaced_and_the_chart_still_drawn() -> None:
    dot.svg(CHART)
    for pid in kept_dots():
        os.kill(pid, signal.SIGKILL)
    assert same_drawing(dot.svg(CHART)) == same_drawing(graphviz.Source(CHART).pipe(format="svg", encoding="utf-8"))
    assert same_drawing(dot.svg(CHART)).count("</svg>") == 1
    assert kept_dots()  # a live one again


def test_a_chart_dot_refuses_is_refused_as_before_and_the_next_one_drawn() -> None:
    with pytest.raises(subprocess.CalledProcessError):
        dot.svg("digraph { a -> }")
    assert "</svg>" in dot.svg(CHART)
