"""The next weeks from today's backlog: expected statutory-deadline breaches per week.

The calibrated model starts with the open cases at their steps (see :mod:`.simulation`) and new
cases arriving as calibrated; each run's event log is checked against the deadlines of the law
in force (the same counting as :mod:`model.config.calendar`). A breach is counted in the
week its deadline runs out, when the step was done late, or when an open case's current step
is still not done at the end of the run (steps not yet begun at the end are not counted).
Deadlines counted from an earlier step of an open case (whose date the snapshot lacks) are not
checked. Per week and procedure: the mean over runs and its 95% interval (Student's t).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from model.calibration.opencases import Snapshot
from model.calibration.simulation import event_log
from model.config.calendar import LegalCalendar
from model.config.loader import Scenario
from model.simulation.results import Estimate
from model.simulation.stats import estimate


@dataclass
class Forecast:
    """Expected statutory-deadline breaches per week from ``start``, over ``runs`` runs begun with
    the snapshot's ``cases`` open."""

    start: dt.date
    weeks: int
    runs: int
    cases: int
    breaches: dict[str, list[Estimate]]
    """Procedure → per week the mean over runs with its 95% interval."""

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start.isoformat(),
            "weeks": self.weeks,
            "runs": self.runs,
            "open_cases": self.cases,
            "breaches": {
                p: [{"week": i + 1} | asdict(found) for i, found in enumerate(rows)]
                for p, rows in self.breaches.items()
            },
        }


def forecast(
    scenario: Scenario, snapshot: Snapshot, start: dt.date, weeks: int = 8, runs: int = 10, seed: int = 1
) -> Forecast:
    """Simulate ``weeks`` from ``start`` with the snapshot's cases open, ``runs`` times, and count the
    deadline breaches each week (see the module's docstring for what counts)."""
    days = weeks * 7
    legal = LegalCalendar.poland(start.year - 1, start.year + 2)
    open_cases = tuple((c.procedure, c.step) for c in snapshot.cases)
    at = {i: c.step for i, c in enumerate(snapshot.cases, start=1)}
    counts = {p.id: np.zeros((runs, weeks)) for p in scenario.procedures if any(s.deadline for s in p.steps)}
    for run in range(runs):
        log = event_log(scenario, start, days, seed, run, open_cases)
        numbers = log["case:concept:name"].str.split("-", n=1).str[1].astype(int)
        arrived = log.groupby(numbers)["time:start_timestamp"].min()
        for index, case in enumerate(snapshot.cases, start=1):
            arrived[index] = case.started  # an open case began before today
        _count(scenario, log, numbers, arrived, start, legal, counts, run, at)
    breaches = {p: [estimate(values[:, w].tolist()) for w in range(weeks)] for p, values in counts.items()}
    return Forecast(start, weeks, runs, len(snapshot.cases), breaches)


def _count(
    scenario: Scenario,
    log: pd.DataFrame,
    numbers: pd.Series,
    arrived: pd.Series,
    start: dt.date,
    legal: LegalCalendar,
    counts: dict[str, np.ndarray],
    run: int,
    at: dict[int, str],
) -> None:
    """Add run ``run``'s breaches to ``counts`` (procedure → runs × weeks), each in the week its
    deadline runs out: steps done late, and open cases still at a step (``at``: case number →
    step) whose deadline passed."""
    first = start.toordinal()
    done = {(n, step): end for n, step, end in zip(numbers, log["concept:name"], log["time:timestamp"])}
    procedure_of = dict(zip(numbers, log["case:procedure"]))
    for number, procedure_id in procedure_of.items():
        procedure = scenario.procedure(procedure_id)
        if procedure is None:  # the log was written from this scenario: every case has its procedure
            continue
        for step in procedure.steps:
            deadline = step.deadline
            if deadline is None or deadline.within is None or deadline.within.unit == "minutes":
                continue
            if deadline.from_ == "arrival":
                anchor = arrived.get(number)
            else:
                anchor = done.get((number, deadline.from_))
            if anchor is None or pd.isna(anchor):
                continue
            due = legal.due(pd.Timestamp(anchor).toordinal(), deadline.within, deadline.dated)
            week = (due + 1 - first) // 7
            if not 0 <= week < counts[procedure_id].shape[1]:
                continue
            end = done.get((number, step.id))
            reached = end is not None or at.get(number) == step.id
            if reached and (end is None or pd.Timestamp(end).toordinal() > due):
                counts[procedure_id][run, week] += 1
