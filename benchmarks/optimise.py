"""Benchmark: ``python -m model optimise`` and ``sweep`` on the shipped Tarnowskie Góry configuration.

Whole-process wall time, as a user waits for it (target: optimise under 60 s on two cores), with
the number of plans simulated and the simulations the queueing bound avoided; then the same
search with the bound switched off (in-process), to show what the bound saves; then a demand
sweep on local processes and on a local Dask cluster. Usage::

    python benchmarks/optimise.py [--processes 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "org_configs" / "tarnowskie_gory_2017.yaml"


def timed(argv: list[str]) -> tuple[float, dict]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "model", *argv], capture_output=True, text=True, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    return elapsed, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    workers = ["--processes", str(args.processes)]
    print(f"machine: {os.cpu_count()} cores; {args.processes} worker processes; {CONFIG.name}")

    cases = {
        "shipped targets": [],
        "demand × 2.5": ["--demand", "*=2.5"],
    }
    for label, extra in cases.items():
        elapsed, out = timed(["optimise", str(CONFIG), "--json", *workers, *extra])
        print(
            f"optimise, {label}: {elapsed:.1f} s; {out['evaluations']} plans simulated, "
            f"{out['pruned_by_bound']} avoided by the bound; cost {out['cost_now']:,.0f} → "
            f"{out['cost_needed']:,.0f} PLN/month; feasible {out['feasible']}"
        )

    sys.path.insert(0, str(ROOT))
    from model.config.loader import load_scenario
    from model.simulation.executor import LocalExecutor
    from model.staffing.evaluate import plan_settings
    from model.staffing.optimiser import optimise
    from model.staffing.targets import levels_of, resolve

    scenario = load_scenario(CONFIG)
    targets = resolve(scenario, levels_of(scenario))
    with LocalExecutor(args.processes) as executor:
        for use_bound in (True, False):
            started = time.perf_counter()
            found = optimise(scenario, targets, plan_settings(demand={"*": 2.5}), executor, use_bound=use_bound)
            print(
                f"in-process, demand × 2.5, bound {'on' if use_bound else 'off'}: "
                f"{time.perf_counter() - started:.1f} s, {found.evaluations} plans simulated, "
                f"cost {found.cost_needed:,.0f} PLN/month"
            )

    sweep = ["sweep", str(CONFIG), "--demand", "*=0.8..1.6:0.1", "--json"]
    elapsed, out = timed([*sweep, *workers])
    print(f"sweep, 9 demand levels × 10 replications, local processes: {elapsed:.1f} s")
    elapsed, out = timed([*sweep, "--engine", "dask", "--processes", str(args.processes)])
    print(f"sweep, the same on a local Dask cluster ({args.processes} workers, started inside): {elapsed:.1f} s")


if __name__ == "__main__":
    main()
