"""Client moves between buildings before and after a change, from a paired simulation.

Both structures receive the same clients at the same moments (common random numbers,
:func:`model.simulation.compare`), so replication *i* of A and of B form a pair and the change
in trips per client gets a paired 95% Student-t interval, much narrower than two separate ones.
SimPy is imported only when this runs: ``diff`` without ``--trips`` never loads it.
"""

from __future__ import annotations

import math
from typing import Any

from model.config.loader import Scenario
from model.impact.diff import TripChange
from model.simulation.settings import SimulationSettings
from model.simulation.stats import CONFIDENCE
from model.simulation.student import t_quantile


def trip_changes(before: Scenario, after: Scenario, settings: SimulationSettings) -> list[TripChange]:
    """Trips per client of every walk-in procedure, A and B, and the paired interval of B − A."""
    from model.simulation import compare

    outcome = compare(before, after, settings)
    a, b = outcome.a, outcome.b
    found = []
    for procedure in a.network.procedures:
        if not procedure.walk_in:  # staff visiting open cases: the client makes no trip
            continue
        pairs = [
            (_per_client(run_a, procedure.id), _per_client(run_b, procedure.id)) for run_a, run_b in zip(a.runs, b.runs)
        ]
        pairs = [(x, y) for x, y in pairs if x is not None and y is not None]
        found.append(
            TripChange(
                procedure.id,
                _mean([x for x, _ in pairs]),
                _mean([y for _, y in pairs]),
                paired_interval([y - x for x, y in pairs]),
            )
        )
    return found


def _per_client(run: dict[str, Any], procedure_id: str) -> float | None:
    tally = run["procedures"][procedure_id]
    return tally["trips"] / tally["completed"] if tally["completed"] else None


def _mean(values: list[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def paired_interval(differences: list[float]) -> list[float] | None:
    """95% Student-t interval of the mean of paired differences (``None`` under two pairs)."""
    n = len(differences)
    if n < 2:
        return None
    mean = math.fsum(differences) / n
    sd = math.sqrt(math.fsum((d - mean) ** 2 for d in differences) / (n - 1))
    half = t_quantile(0.5 + CONFIDENCE / 2, n - 1) * sd / math.sqrt(n)
    return [mean - half, mean + half]
