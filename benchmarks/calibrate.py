"""Benchmark: calibrating one million events (the issue's target: under 30 s on two cores).

The log is the demonstration model's year (org_configs/tarnowskie_gory_2017.yaml, field hours
off) simulated in as many independent replications as it takes to pass the size, stacked as
one register (a centre ~25 times Tarnowskie Góry's, or 25 years of it). Timed: reading the CSV
bytes with checks and pseudonyms, matching and estimation, the calibrated procedure files;
then, separately, the fit report's re-simulation (one run, at the log's own 25-fold demand).
Usage::

    python benchmarks/calibrate.py [--events 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.calibration.estimate import calibrate
from model.calibration.log import read_log
from model.calibration.report import fit_report
from model.calibration.simulation import demo_scenario, event_log
from model.calibration.writer import calibrated_scenario, procedure_files
from model.config.loader import load_scenario

CONFIG = Path(__file__).resolve().parent.parent / "org_configs" / "tarnowskie_gory_2017.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    scenario = demo_scenario(load_scenario(CONFIG))
    parts, total, replication = [], 0, 0
    while total < args.events:
        part = event_log(scenario, dt.date(2025, 1, 1), 365, 2025, replication)
        parts.append(part)
        total += len(part)
        replication += 1
    data = pd.concat(parts).head(args.events).to_csv(index=False).encode()
    print(f"log: {args.events:,} events, {len(data) / 1e6:.0f} MB of CSV, {replication} simulated years stacked")

    started = time.perf_counter()
    log = read_log(data, "benchmark.csv")
    read = time.perf_counter()
    found = calibrate(log, scenario)
    estimated = time.perf_counter()
    files, _ = procedure_files(scenario, found, "en")
    written = time.perf_counter()
    print(f"read + check + pseudonymise: {read - started:6.1f} s")
    print(f"match + estimate:            {estimated - read:6.1f} s")
    print(f"calibrated files:            {written - estimated:6.1f} s")
    print(f"calibration total:           {written - started:6.1f} s  (target < 30 s)")
    fit_report(calibrated_scenario(scenario, files), found, runs=1)
    print(f"fit report, 1 run:           {time.perf_counter() - written:6.1f} s")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, pandas {pd.__version__}")


if __name__ == "__main__":
    main()
