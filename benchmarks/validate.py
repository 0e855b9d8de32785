"""Benchmark: ``python -m model validate`` as a user runs it, whole process, start to exit.

Two cases: each shipped configuration (target under 0.4 s), and a generated centre of 1,000
units and 200 procedures (target under 1 s), which shows how the rules scale. Each figure is
the median of several runs of a fresh interpreter, so it includes Python's start and every
import: what a person waiting at a terminal feels. Usage::

    python benchmarks/validate.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS = ("first_contact", "decision_benefits", "benefit_payment", "social_work", "services")


def generated_centre(folder: Path, units: int = 1000, procedures: int = 200) -> Path:
    """A centre of ``units`` units (departments of teams) and ``procedures`` four-step procedures."""
    teams = []
    for number in range(units - 1 - units // 20):
        teams.append(
            {
                "id": f"team_{number}",
                "name": f"Zespół {number}",
                "kind": "team",
                "location": "main",
                "functions": [FUNCTIONS[number % len(FUNCTIONS)]],
                "staff": [{"role": "social_worker", "fte": 2}],
            }
        )
    departments = [
        {"id": f"dept_{d}", "name": f"Dział {d}", "kind": "department", "units": teams[d :: units // 20]}
        for d in range(units // 20)
    ]
    config = {
        "centre": {
            "name": "Ośrodek testowy",
            "population": 200_000,
            "model": "separated",
            "effective_from": "2024-01-01",
        },
        "locations": [{"id": "main", "address": "ul. Testowa 1"}],
        "units": [
            {
                "id": "director",
                "name": "Dyrektor",
                "kind": "management",
                "staff": [{"role": "manager", "fte": 1}],
                "units": departments,
            }
        ],
        "procedures": [],
    }
    for p in range(procedures):
        config["procedures"].append(
            {
                "id": f"procedure_{p}",
                "name": f"Procedura {p}",
                "entry": "contact",
                "arrivals": {"per_week": 1},
                "steps": [
                    {"id": "contact", "function": "first_contact", "duration": "20 min", "next": "interview"},
                    {
                        "id": "interview",
                        "function": "decision_benefits",
                        "duration": "60 min",
                        "field": True,
                        "deadline": {"within": "14 wd", "from": "arrival", "basis": "§ 3 ust. 2 rozporządzenia"},
                        "next": [{"to": "decision", "p": 0.8}, {"to": "work", "p": 0.2}],
                    },
                    {
                        "id": "decision",
                        "function": "decision_benefits",
                        "duration": "30 min",
                        "decision": True,
                        "next": "payment",
                    },
                    {"id": "work", "function": "social_work", "duration": "60 min", "next": "end"},
                    {"id": "payment", "function": "benefit_payment", "duration": "10 min", "next": "end"},
                ],
            }
        )
    path = folder / "generated.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def whole_process(config: Path, runs: int) -> float:
    """Median wall time of ``python -m model validate CONFIG`` in a fresh interpreter."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "model", "validate", str(config)], cwd=ROOT, capture_output=True, text=True
        )
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            raise SystemExit(f"validate failed on {config}: {result.stderr.strip()}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"python -m model validate, whole process, median of {args.runs} runs")
    for config in sorted((ROOT / "org_configs").glob("*.yaml")):
        print(f"  {config.name:40} {whole_process(config, args.runs):6.3f} s   (target 0.4 s)")
    with tempfile.TemporaryDirectory() as folder:
        big = generated_centre(Path(folder))
        print(f"  {'generated: 1,000 units, 200 procedures':40} {whole_process(big, args.runs):6.3f} s   (target 1 s)")


if __name__ == "__main__":
    main()
