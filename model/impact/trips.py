"""Client moves between buildings before and after a change, from a paired simulation.

Both structures receive the same clients at the same moments (common random numbers,
:func:`model.simulation.compare`), so replication *i* of A and of B form a pair and the change
in trips per client gets a paired 95% Student-t interval, much narrower than two separate ones.
The simulation engine is imported only when this runs: ``diff`` without ``--trips`` never loads it.
"""

from __future__ import annotations

from model.config.loader import Scenario
from model.impact.diff import TripChange
from model.simulation.settings import SimulationSettings


def trip_changes(before: Scenario, after: Scenario, settings: SimulationSettings) -> list[TripChange]:
    """Trips per client of every walk-in procedure, A and B, and the paired interval of B − A."""
    from model.simulation import compare

    outcome = compare(before, after, settings)
    found = []
    for procedure_id, a in outcome.a.procedures.items():
        if not a.walk_in:  # staff visiting open cases: the client makes no trip
            continue
        found.append(
            TripChange(
                procedure_id,
                a.trips_per_client.mean,
                outcome.b.procedures[procedure_id].trips_per_client.mean,
                outcome.procedures[procedure_id].trips_per_client,
            )
        )
    return found
