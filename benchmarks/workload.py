"""Benchmark: the workload balance (``python -m model workload``, the app's "Bilans pracy") in-process.

Two cases: each shipped configuration (target for Tarnowskie Góry: under 100 ms, as the app
redraws the balance on every edit), and the generated centre of 1,000 units and 200 procedures
of ``benchmarks/validate.py``. Each figure is the median of several calls of
:func:`model.staffing.workload.balance` on a scenario already loaded (loading is the editor's
cost, paid once per edit whatever the tab), after one call that warms the imports. Usage::

    python benchmarks/workload.py [--runs 21]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.validate import generated_centre  # noqa: E402
from model import load_scenario  # noqa: E402
from model.config.loader import Scenario  # noqa: E402
from model.staffing.workload import balance  # noqa: E402


def median_ms(scenario: Scenario, runs: int) -> float:
    """Median wall time of one balance, milliseconds."""
    balance(scenario)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        balance(scenario)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    print(f"workload balance, in-process, median of {args.runs} calls")
    for config in sorted((ROOT / "org_configs").glob("*.yaml")):
        target = "   (target 100 ms)" if config.stem.startswith("tarnowskie_gory") else ""
        print(f"  {config.name:40} {median_ms(load_scenario(config), args.runs):8.1f} ms{target}")
    with tempfile.TemporaryDirectory() as folder:
        big = load_scenario(generated_centre(Path(folder)))
        print(f"  {'generated: 1,000 units, 200 procedures':40} {median_ms(big, max(3, args.runs // 5)):8.1f} ms")


if __name__ == "__main__":
    main()
