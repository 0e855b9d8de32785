"""How long the app's default Symulacja run takes, clicked as a director clicks it (AppTest).

Run ``python benchmarks/app_simulation.py [--clicks 3]``. It opens the app on its default
configuration (Tarnowskie Góry) in Streamlit's AppTest, opens the Symulacja tab, waits while the
form starts the shared pool of workers (as a user reads the form), then clicks "Uruchom
symulację" with the form's defaults (a year, ±5 %) ``--clicks`` times. For each click it prints
the wall clock of the whole click, of the simulation and of drawing its results, and the CPU
time the page's own thread spent on each (``time.thread_time``: AppTest's own polling, in its
main thread, is not the app's); the replications run in the workers. The target is the
simulation under 3 s wall on two cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

import model.simulation as simulation  # noqa: E402
import model.simulation.runner as runner  # noqa: E402
import views.simulation as page  # noqa: E402

POOL_START = 3.0
"""Seconds given to the shared pool to start its workers, as while a user reads the form."""


def timed(found: dict[str, tuple[float, float]], name: str, function: Any) -> Any:
    """``function``, recording the wall clock and this thread's CPU time of each call under ``name``."""

    def call(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            found[name] = (time.perf_counter() - wall, time.thread_time() - cpu)

    return call


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=3)
    args = parser.parse_args()
    found: dict[str, tuple[float, float]] = {}
    runner.simulate = timed(found, "simulation", runner.simulate)  # the view imports it when it runs
    page.show_result = timed(found, "drawing", page.show_result)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    at.segmented_control(key="tab").set_value("tab.simulation").run()
    time.sleep(POOL_START)
    print(
        f"{os.cpu_count()} CPU core(s), the engine {simulation.RUNNING}, load average {os.getloadavg()[0]:.1f} "
        "(other work slows the wall clock)"
    )
    simulations = []
    for click in range(1, args.clicks + 1):
        found.clear()
        form = next(f for f in at.get("form") if f.proto.form.form_id == "simulation_form")
        started = time.perf_counter()
        form.button[0].click()
        at.run()
        elapsed = time.perf_counter() - started
        if at.exception:
            raise SystemExit(f"the app failed: {at.exception}")
        result = at.session_state["simulation"]["result"]
        (sim_wall, sim_cpu), (draw_wall, draw_cpu) = found["simulation"], found["drawing"]
        simulations.append(sim_wall)
        print(
            f"click {click}: {elapsed:.2f} s wall; the simulation {sim_wall:.2f} s wall ({result.replications} "
            f"replications of {result.days} days, ±{result.precision:.0%}), {sim_cpu:.2f} s CPU in the page's "
            f"thread; drawing {draw_wall:.2f} s wall, {draw_cpu:.2f} s CPU; load {os.getloadavg()[0]:.1f}"
        )
    print(f"the simulation: median {statistics.median(simulations):.2f} s wall (target under 3 s on two cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
