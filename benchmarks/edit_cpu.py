"""Benchmark: the model's part of one edit in the app, in CPU milliseconds.

An edit in the app's edit panel (a post's FTE typed and Enter, or a unit renamed) calls
``model.config.editing.edit_history`` with the app's loader: the edit applied to the round-trip
document, the YAML text written back, the text loaded and checked by the schema; the app then
runs the rules over the new configuration for its findings. This script makes the same calls,
one session's edits in a row as a person makes them, and prints p50 and p95 of each part:

- **edit + write**: ``edit_history`` less its loading (applying the edit, ``roundtrip.dump``);
- **load**: ``load_scenario_text`` of the new text (what ``views.cached.load`` runs);
- **rules**: ``validate`` of the new scenario (what ``views.cached.findings_of`` runs);
- **total**: the three together.

CPU time of this process (``time.process_time``) does not count the time other processes take
the cores, so the figures compare between a quiet and a busy machine (a busy one still slows
them somewhat: shared caches and a lower clock); wall-clock milliseconds are printed beside them.
Streamlit's own work (its script rerun, its messages) is not in these figures:
``benchmarks/app_clicks.py`` measures a whole click. Usage::

    python benchmarks/edit_cpu.py [--edits 40] [CONFIG.yaml ...]
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model import Scenario, load_scenario_text, validate
from model.config import editing

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ("org_configs/tarnowskie_gory_2017.yaml", "org_configs/tarnowskie_gory_cus.yaml")
PARTS = ("edit + write", "load", "rules", "total")


@dataclass
class Timings:
    """Milliseconds of each part of each edit: CPU, and wall clock for the total."""

    cpu: dict[str, list[float]] = field(default_factory=lambda: {part: [] for part in PARTS})
    wall: list[float] = field(default_factory=list)


def edits(scenario: Scenario, kind: str, count: int) -> list[editing.Edit]:
    """``count`` edits of the kind ``kind`` as the edit panel makes them, over the units with staff in turn."""
    units = [unit for unit in scenario.units if unit.staff]
    made: list[editing.Edit] = []
    for number in range(count):
        unit = units[(number * 7) % len(units)]
        if kind == "fte":
            rows: list[dict[str, Any]] = [
                {"role": s.role.value, "fte": s.fte, "note": s.note or ""} for s in unit.staff
            ]
            rows[0]["fte"] = unit.staff[0].fte + 0.5 * (1 + number % 3)
            made.append(functools.partial(editing.set_staff, unit_id=unit.id, staff=rows))
        else:
            name = f"{unit.name} – zmiana {number}"
            made.append(functools.partial(editing.update_unit, unit_id=unit.id, name=name))
    return made


def measure(path: Path, kind: str, count: int) -> Timings:
    """One session's ``count`` edits of ``kind`` on the configuration at ``path``, each timed."""
    text = path.read_text(encoding="utf-8")
    name, base_dir = path.name, str(path.parent)
    scenario = load_scenario_text(text, name, base_dir, root=ROOT)
    history = editing.History(text)
    timings = Timings()
    loading: list[float] = []
    latest: list[Scenario] = []

    def load(new_text: str, new_name: str, folder: str) -> Scenario:
        start = time.process_time()
        latest[:] = [load_scenario_text(new_text, new_name, folder, root=ROOT)]
        loading.append((time.process_time() - start) * 1000)
        return latest[0]

    editing.edit_history(history, "rozgrzewka", edits(scenario, kind, 1)[0], name, base_dir, load)  # parsed once
    for change in edits(scenario, kind, count):
        loading.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        editing.edit_history(history, "zmiana", change, name, base_dir, load)
        edited = (time.process_time() - cpu) * 1000
        rules = time.process_time()
        validate(latest[0])
        done = time.process_time()
        timings.wall.append((time.perf_counter() - wall) * 1000)
        timings.cpu["edit + write"].append(edited - sum(loading))
        timings.cpu["load"].append(sum(loading))
        timings.cpu["rules"].append((done - rules) * 1000)
        timings.cpu["total"].append((done - cpu) * 1000)
    return timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def figures(values: list[float]) -> str:
    return f"{statistics.median(values):7.1f} / {p95(values):6.1f} ms"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("configs", nargs="*", default=list(CONFIGS), help="configurations to edit")
    parser.add_argument("--edits", type=int, default=40, help="edits of each kind (default 40)")
    args = parser.parse_args(argv)
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{'configuration':34} {'edit':5} " + " ".join(f"{part + ' p50/p95':>22}" for part in PARTS) + "  wall p50/p95"
    )
    for config in args.configs:
        path = (ROOT / config).resolve()
        for kind, label in (("fte", "FTE"), ("name", "name")):
            timings = measure(path, kind, args.edits)
            print(
                f"{path.name:34} {label:5} "
                + " ".join(f"{figures(timings.cpu[part]):>22}" for part in PARTS)
                + f"  {figures(timings.wall)}"
            )
    print(f"load average at the end {os.getloadavg()[0]:.1f}; CPU ms of this process, wall clock beside")


if __name__ == "__main__":
    main()
