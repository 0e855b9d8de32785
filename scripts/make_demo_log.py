"""Generate the synthetic demonstration log data/demo/rejestr_syntetyczny_2025.csv.gz.

SYNTHETIC: no real person or case. The stated model is org_configs/tarnowskie_gory_2017.yaml
with its shipped procedures (every figure there an assumption), field hours switched off so
that a step's start → completion is its effort, simulated by the project's own engine
(model.calibration.simulation.demo_log) over the calendar year 2025 from seed 2025, after half a
year's warm-up, keeping the cases begun in 2025. Calibrating the log against that configuration
recovers the figures (tests/test_calibration.py checks the tolerances).

Run: PYTHONPATH=. python scripts/make_demo_log.py
"""

from __future__ import annotations

import gzip
from pathlib import Path

from model.calibration.simulation import demo_log
from model.config.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "org_configs" / "tarnowskie_gory_2017.yaml"
TARGET = ROOT / "data" / "demo" / "rejestr_syntetyczny_2025.csv.gz"


def main() -> None:
    log = demo_log(load_scenario(CONFIG))
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(TARGET, "wb", mtime=0) as out:  # mtime 0: the same bytes on every run
        out.write(log.to_csv(index=False).encode("utf-8"))
    print(f"{TARGET.relative_to(ROOT)}: {len(log)} events, {log['case:concept:name'].nunique()} cases (synthetic)")


if __name__ == "__main__":
    main()
