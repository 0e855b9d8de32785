"""Benchmark: BPMN export and import of every shipped procedure, and a year's event log of
Tarnowskie Góry (org_configs/tarnowskie_gory_2017.yaml) written as XES and CSV.

Printed: the BPMN round trip per procedure and in all (and that each came back equal); for the
log, the events written per second (simulation included, then the simulation alone, so that
the writer's share shows) and the peak of Python's memory while writing (tracemalloc, in a run
of its own), for a quarter and for a year: a streaming writer's peak does not grow with the log.
Usage::

    python benchmarks/interchange.py [--replications 1]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.config.loader import load_procedure, load_scenario
from model.interchange.bpmn_export import export_bpmn
from model.interchange.bpmn_import import import_bpmn
from model.interchange.eventlog import write_event_log
from model.simulation.engine import replicate
from model.simulation.runner import network_of
from model.simulation.settings import SimulationSettings

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "org_configs" / "tarnowskie_gory_2017.yaml"


def bpmn_round_trip() -> None:
    scenario = load_scenario(CONFIG)
    files = sorted((ROOT / "procedures").rglob("*.yaml"))
    procedures = [load_procedure(path) for path in files]
    print(f"BPMN: {len(procedures)} shipped procedures")
    total_export = total_import = 0.0
    equal = 0
    for procedure in procedures:
        started = time.perf_counter()
        data, _ = export_bpmn(scenario, [procedure])
        exported = time.perf_counter()
        back = import_bpmn(data, f"{procedure.id}.bpmn").procedures[0]
        imported = time.perf_counter()
        same = back.model_dump(mode="json") == procedure.model_dump(mode="json")
        equal += same
        total_export += exported - started
        total_import += imported - exported
        print(
            f"  {procedure.id:32} {len(procedure.steps):3} steps  {len(data) / 1024:6.1f} KiB  "
            f"export {1000 * (exported - started):6.1f} ms  import {1000 * (imported - exported):5.1f} ms  "
            f"{'equal' if same else 'DIFFERENT'}"
        )
    started = time.perf_counter()
    data, _ = export_bpmn(scenario, procedures)
    together = time.perf_counter() - started
    started = time.perf_counter()
    import_bpmn(data, "all.bpmn")
    read = time.perf_counter() - started
    print(
        f"  one by one: export {total_export:.2f} s, import {total_import:.2f} s; came back equal: {equal}/{len(procedures)}"
    )
    print(f"  all in one file ({len(data) / 1024:.0f} KiB): export {together:.2f} s, import {read:.2f} s")


def event_log(replications: int) -> None:
    scenario = load_scenario(CONFIG)
    print(f"Event log: {CONFIG.name}, {replications} replication(s)")
    with tempfile.TemporaryDirectory() as folder:
        for days in (91, 365):
            settings = SimulationSettings(days=days, replications=replications, seed=1, run_out_days=0)
            network = network_of(scenario, settings)
            started = time.perf_counter()
            for replication in range(replications):
                replicate(network, settings.seed, replication)
            simulation = time.perf_counter() - started
            tracemalloc.start()
            for replication in range(replications):
                replicate(network, settings.seed, replication)
            _, simulation_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"  {days:3} days: the simulation alone {simulation:.2f} s, peak Python memory {simulation_peak / 1e6:.1f} MB"
            )
            for fmt in ("xes", "csv"):
                path = Path(folder) / f"log.{fmt}"
                started = time.perf_counter()
                written = write_event_log(scenario, settings, path)
                elapsed = time.perf_counter() - started
                tracemalloc.start()
                write_event_log(scenario, settings, path)
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                writing = max(elapsed - simulation, 1e-9)
                print(
                    f"  {days:3} days {fmt.upper():3}: {written.cases:7,} cases {written.events:9,} events "
                    f"{path.stat().st_size / 1e6:5.1f} MB; {elapsed:5.2f} s = {written.events / elapsed:7,.0f} events/s "
                    f"with the simulation, {written.events / writing:7,.0f} events/s the log's own share; "
                    f"peak Python memory {peak / 1e6:5.1f} MB ({(peak - simulation_peak) / 1e6:+.1f} MB over the simulation's)"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=1)
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    bpmn_round_trip()
    event_log(args.replications)


if __name__ == "__main__":
    main()
