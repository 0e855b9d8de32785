"""The log distances of the fit report: each procedure's observed cases against its simulated
ones, over the cases begun in the period, each simulated run measured on its own and the
distances given as their mean over the runs with a 95% interval.

Both logs are placed on the procedures by the calibration's own matching
(:func:`model.calibration.matching.match`), so an observed activity is compared under the step it
matched (a name such as "Wywiad środowiskowy" counts as the step ``wywiad``), as the simulated
log names it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from model.calibration.log import EventLog
from model.calibration.matching import match
from model.config.schema import Procedure
from model.interchange.distances import MEASURES, log_distances
from model.simulation.results import Estimate
from model.simulation.stats import estimate


def procedure_logs(
    log: EventLog, procedures: list[Procedure], first: dt.date, last: dt.date
) -> dict[str, pd.DataFrame]:
    """Per procedure, the events (``case activity start end``) of its cases begun from ``first`` to ``last``."""
    frame = log.frame.sort_values(["case", "end", "row"], kind="stable").reset_index(drop=True)
    found = match(frame, procedures)
    begun = frame["start"].fillna(frame["end"]).groupby(frame["case"]).transform("min")
    inside = (begun >= pd.Timestamp(first)) & (begun < pd.Timestamp(last) + pd.Timedelta(days=1))
    placed = frame.assign(
        activity=found.step_of_event.where(found.step_of_event.notna(), frame["activity"]),
        procedure=frame["case"].map(found.procedure_of_case),
    )[inside]
    columns = ["case", "activity", "start", "end"]
    return {str(pid): events[columns] for pid, events in placed.groupby("procedure")}


def distance_estimates(
    observed: EventLog,
    simulated: Sequence[EventLog],
    procedures: list[Procedure],
    first: dt.date,
    last: dt.date,
) -> dict[str, dict[str, Estimate]]:
    """Procedure id → measure (:data:`~model.interchange.distances.MEASURES`) → its estimate over the runs."""
    seen = procedure_logs(observed, procedures, first, last)
    runs = [procedure_logs(log, procedures, first, last) for log in simulated]
    result: dict[str, dict[str, Estimate]] = {}
    for pid, events in seen.items():
        measured = [d for run in runs if (d := log_distances(events, run.get(pid, events.iloc[:0]))) is not None]
        if measured:
            result[pid] = {name: estimate([getattr(d, name) for d in measured]) for name in MEASURES}
    return result
