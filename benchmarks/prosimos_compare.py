"""Cross-check: the same M/M/c queue simulated here and, from our BPMN and Prosimos JSON export,
in Prosimos; and the wait both give beside the Erlang C formula.

Prosimos is not a dependency of the project (it pins pandas below 3 and brings ~850 MB of
packages): give the Python of a separate environment where it is installed, e.g.
``python3 -m venv /tmp/prosimos && /tmp/prosimos/bin/pip install prosimos==2.1.0``. Usage::

    python benchmarks/prosimos_compare.py --prosimos-python /tmp/prosimos/bin/python [--cases 20000]

Printed: the mean wait in the queue (minutes) of each replication of each simulator, the mean
with its 95% interval, and Erlang C's exact value; and the time each took.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.config.loader import load_scenario_text
from model.interchange.bpmn_export import export_bpmn
from model.interchange.prosimos import prosimos_parameters
from model.simulation import SimulationSettings, simulate
from model.simulation.stats import estimate

SERVERS, SERVICE, LOAD = 2, 60.0, 0.8
PER_WEEK = LOAD * SERVERS / SERVICE * 7 * 24 * 60
MMC = f"""\
centre: {{name: OPS M/M/{SERVERS}, population: 10000, model: care_area}}
units:
  - {{id: desk, name: Stanowisko, kind: post, functions: [first_contact], staff: [{{role: clerk, fte: {SERVERS}}}]}}
calendar: {{kind: always}}
routing: {{policy: first}}
availability: {{default: 1}}
procedures:
  - id: visit
    name: Wizyta
    arrivals: {{per_week: {PER_WEEK}}}
    entry: serve
    steps:
      - {{id: serve, function: first_contact, duration: {{dist: exponential, mean: {SERVICE}}}, next: end}}
"""
RUNNER = """
import sys, pandas as pd
from prosimos.simulation_engine import run_simulation
bpmn, parameters, cases, out, seed = sys.argv[1:6]
import numpy, random
numpy.random.seed(int(seed)); random.seed(int(seed))
run_simulation(bpmn, parameters, int(cases), log_out_path=out, starting_at="2026-01-05T00:00:00.000+00:00")
log = pd.read_csv(out)
enabled, started = (pd.to_datetime(log[c], format="ISO8601", utc=True) for c in ("enable_time", "start_time"))
waits = (started - enabled).dt.total_seconds() / 60
skip = len(waits) // 10  # the first tenth: the queue filling from empty
print(waits.iloc[skip:].mean())
"""


def erlang_c_wait(servers: int, service: float, load: float) -> float:
    """Mean wait in queue of M/M/c (minutes)."""
    a = load * servers
    top = a**servers / math.factorial(servers) / (1 - load)
    waiting = top / (sum(a**k / math.factorial(k) for k in range(servers)) + top)
    return waiting * service / (servers * (1 - load))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prosimos-python", required=True, help="the Python of an environment with prosimos")
    parser.add_argument("--cases", type=int, default=20000, help="cases per Prosimos run")
    parser.add_argument("--replications", type=int, default=5)
    args = parser.parse_args()
    scenario = load_scenario_text(MMC, "mmc.yaml")
    days = math.ceil(args.cases / (PER_WEEK / 7))
    started = time.perf_counter()
    ours = simulate(
        scenario, SimulationSettings(days=days, replications=args.replications, seed=1, warmup_days=days // 10)
    )
    ours_time = time.perf_counter() - started
    wait = ours.steps["visit/serve"].wait_minutes
    with tempfile.TemporaryDirectory() as folder:
        bpmn, parameters = Path(folder) / "mmc.bpmn", Path(folder) / "mmc.json"
        data, drawn = export_bpmn(scenario, scenario.procedures, plain_tasks=True)
        bpmn.write_bytes(data)
        parameters.write_text(json.dumps(prosimos_parameters(scenario, drawn[0])))
        script = Path(folder) / "run.py"
        script.write_text(RUNNER)
        theirs = []
        started = time.perf_counter()
        for replication in range(args.replications):
            out = Path(folder) / f"log{replication}.csv"
            command = [args.prosimos_python, str(script), str(bpmn), str(parameters), str(args.cases), str(out)]
            result = subprocess.run([*command, str(replication + 1)], capture_output=True, text=True, check=True)
            theirs.append(float(result.stdout.strip().splitlines()[-1]))
        theirs_time = time.perf_counter() - started
    found = estimate(theirs)
    exact = erlang_c_wait(SERVERS, SERVICE, LOAD)
    print(f"M/M/{SERVERS}, service {SERVICE:g} min, utilisation {LOAD:g}; Erlang C mean wait {exact:.2f} min")
    print(
        f"  this tool: {days} days × {args.replications} replications, mean wait {wait.mean:.2f} "
        f"[{wait.ci95.low:.2f}; {wait.ci95.high:.2f}] min, {ours_time:.1f} s"
    )
    print(
        f"  Prosimos:  {args.cases} cases × {args.replications} runs, mean wait {found.mean:.2f} "
        f"[{found.ci95.low:.2f}; {found.ci95.high:.2f}] min, {theirs_time:.1f} s; runs: "
        + ", ".join(f"{w:.2f}" for w in theirs)
    )
    print(f"  Prosimos's mean within our interval: {wait.ci95.low <= found.mean <= wait.ci95.high}")


if __name__ == "__main__":
    main()
