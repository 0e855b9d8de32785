"""How fast the app answers: the first page render, and a rerun after an edit.

Run ``python benchmarks/app_rerun.py``. Targets: first render under 3 s, rerun after an edit
under 300 ms on the default configuration (Tarnowskie Góry, 2017). Each edit sets a new FTE
in the staff table of the first-contact post, so every rerun meets a configuration text the
caches have not seen: reloading, validating and drawing the chart are all measured.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
EDITS = 15
FIRST_RENDER_TARGET = 3.0
RERUN_TARGET = 0.300


def timed(at: AppTest) -> float:
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise SystemExit(f"the app failed: {at.exception}")
    return elapsed


def main() -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    first = timed(at)

    at.segmented_control(key="tab").set_value("tab.edit")
    timed(at)
    post = next(u.id for u in _units(at) if "first_contact" in u.functions)
    at.selectbox(key="edit_unit").set_value(post)
    timed(at)

    plain = [timed(at) for _ in range(5)]
    edits = []
    for index in range(EDITS):
        fte = next(w for w in at.text_input if w.key.startswith("staff_") and "_0_fte_" in w.key)
        fte.set_value(f"{2.0 + 0.25 * (index + 1):g}".replace(".", ","))  # typed as a Polish user types it
        edits.append(timed(at))
        if f"fte: {2.0 + 0.25 * (index + 1)}" not in at.session_state["history"].current:
            raise SystemExit("the edit did not reach the configuration")

    def row(label: str, seconds: float, target: float | None = None) -> str:
        if target is None:
            verdict = ""
        else:
            verdict = "  OK" if seconds <= target else f"  over the target of {target * 1000:.0f} ms"
        return f"{label:<44}{seconds * 1000:8.0f} ms{verdict}"

    print(row("first page render (cold caches)", first, FIRST_RENDER_TARGET))
    print(row("rerun without a change (median of 5)", statistics.median(plain)))
    print(row(f"rerun after an edit (median of {EDITS})", statistics.median(edits), RERUN_TARGET))
    print(row(f"rerun after an edit (slowest of {EDITS})", max(edits)))


def _units(at: AppTest) -> list:
    from model import load_scenario_text

    source = at.session_state["source"]
    return load_scenario_text(at.session_state["history"].current, source["name"], source["base_dir"]).units


if __name__ == "__main__":
    main()
