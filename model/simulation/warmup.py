"""The warm-up: chosen from the data (MSER-5) unless given, and a replication's numbers after it.

A run that starts empty (or with only part of its open cases) first fills up; numbers from
those days are biased. Rather than guess how long that takes, the warm-up is read from the
output: the mean number of clients in the centre on each open day, averaged over the
replications, goes into MSER-5 (White 1997; White, Cobb and Spratt 2000; the rule Hoad, Robinson
and Davies, J. Oper. Res. Soc. 2010, chose for automated warm-up estimation): batch the series into means of 5 days, and cut off the first d
batches where d, searched over the first half, makes the standard error of the remaining
mean smallest. With a warm start, the centre looks like any other day from the first one, and
MSER-5 rightly picks a short warm-up or none.

The engine cuts nothing while it runs: :class:`~model.simulation.stats.Tally` keeps its numbers
day by day, and :func:`cut` sums them from the chosen day on, the cohort by arrival day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from model.simulation.network import Network
from model.simulation.stats import Record
from model.simulation.survival import kaplan_meier

BATCH = 5
"""Days per batch mean in MSER-5."""
GIVEN, MSER5 = "given", "MSER-5"


@dataclass(frozen=True)
class Truncation:
    """The warm-up cut off a run: its length and how it was chosen."""

    open_days: int
    """Open days cut off (the clock's days)."""
    days: int
    """The same in civil days, as the user gives it."""
    method: str
    """:data:`GIVEN` or :data:`MSER5`."""
    at_limit: bool = False
    """MSER-5 found its minimum at the end of the half it searches: the run may be too short to settle."""


def mser(series: Sequence[float], batch: int = BATCH) -> tuple[int, bool]:
    """Observations to cut off the start of ``series`` by MSER-``batch``, and whether that is the search's limit.

    MSER(d) = Σ_{j>d} (Z_j − Z̄_d)² / (k − d)² over the k batch means Z; d ranges over the first
    half of the batches, and the smallest d wins a tie. A series shorter than two batches is
    not cut.
    """
    values = np.asarray(series, dtype=float)
    k = len(values) // batch
    if k < 2:
        return 0, False
    means = values[: k * batch].reshape(k, batch).mean(axis=1)
    tail_sum = np.cumsum(means[::-1])[::-1]  # Σ Z_j for j ≥ d
    tail_squares = np.cumsum((means**2)[::-1])[::-1]
    count = k - np.arange(k)
    statistic = np.maximum(tail_squares - tail_sum**2 / count, 0.0) / count**2
    limit = k // 2
    best = int(np.argmin(statistic[: limit + 1]))
    return best * batch, best == limit


def choose(network: Network, warmup_days: int | None, records: Sequence[Record]) -> Truncation:
    """The warm-up of a run: ``warmup_days`` if given, else MSER-5 on the pooled clients in the centre."""
    calendar = network.calendar
    if warmup_days is not None:
        return Truncation(int(round(calendar.minutes_before(warmup_days) / calendar.day_minutes)), warmup_days, GIVEN)
    in_centre = np.mean([record.present / record.day_minutes for record in records], axis=0)
    cut_off, at_limit = mser(in_centre)
    return Truncation(cut_off, calendar.open_days[cut_off] - calendar.open_days[0], MSER5, at_limit)


@dataclass(frozen=True)
class ProcedureFigures:
    """One procedure's cohort in one replication: the clients who arrived after the warm-up.

    Named as :class:`~model.simulation.results.ProcedureStats` names the estimates made of them.
    """

    arrived: int
    completed: int
    censored: int
    """Still open at the cap of the run-out."""
    deadline_checks: int
    deadline_met: int
    deadline_censored: int
    lead_time_working_minutes: float | None
    lead_time_days: float | None
    """Plain mean, a censored client counted with the time seen."""
    lead_time_km_days: float | None
    lead_time_km_median_days: float | None
    km_horizon_days: float
    trips: int

    @property
    def deadline_met_share(self) -> float | None:
        return ratio(self.deadline_met, self.deadline_checks)

    @property
    def trips_per_client(self) -> float | None:
        return ratio(self.trips, self.arrived)


@dataclass(frozen=True)
class StepFigures:
    """A step's numbers in one replication after the warm-up: what its row in the results is estimated from."""

    count: int
    """Clients whose service at the step began after the warm-up."""
    wait_minutes: float | None
    deadline_checks: int
    deadline_met: int

    @property
    def deadline_met_share(self) -> float | None:
        return ratio(self.deadline_met, self.deadline_checks)


@dataclass(frozen=True)
class UnitFigures:
    """A unit's numbers in one replication after the warm-up."""

    utilisation: float | None
    mean_queue: float | None
    final_queue: int


@dataclass(frozen=True)
class RunFigures:
    """One replication's numbers after the warm-up, the centre's as properties named as
    :class:`~model.simulation.results.SystemStats` names them."""

    window_minutes: float
    """Working minutes measured: from the end of the warm-up to the end of the window."""
    mean_in_system: float | None
    procedures: dict[str, ProcedureFigures]
    steps: dict[str, StepFigures]
    """By ``procedure/step``."""
    units: dict[str, UnitFigures]
    events: int

    @property
    def arrived(self) -> int:
        return sum(p.arrived for p in self.procedures.values())

    @property
    def completed(self) -> int:
        return sum(p.completed for p in self.procedures.values())

    @property
    def arrivals_per_working_minute(self) -> float:
        return sum(p.arrived for p in self.procedures.values()) / self.window_minutes

    @property
    def lead_time_working_minutes(self) -> float | None:
        """Every client's lead time: the procedures' means weighted by their arrivals."""
        procedures = [p for p in self.procedures.values() if p.arrived and p.lead_time_working_minutes is not None]
        return ratio(
            sum((p.lead_time_working_minutes or 0.0) * p.arrived for p in procedures),
            sum(p.arrived for p in procedures),
        )

    @property
    def deadline_met_share(self) -> float | None:
        procedures = self.procedures.values()
        return ratio(sum(p.deadline_met for p in procedures), sum(p.deadline_checks for p in procedures))

    @property
    def wait_minutes(self) -> float | None:
        """Every wait for staff: the steps' means weighted by their counts."""
        steps = [s for s in self.steps.values() if s.count and s.wait_minutes is not None]
        return ratio(sum((s.wait_minutes or 0.0) * s.count for s in steps), sum(s.count for s in steps))


def cut(record: Record, network: Network, first: int) -> RunFigures:
    """One replication's numbers from open day ``first`` on.

    Time averages cover the days from ``first``; the cohort is the clients who arrived on them,
    followed to the end of their procedure or to the cap.
    """
    day_minutes = record.day_minutes
    window = (record.days - first) * day_minutes
    horizon = record.horizon_days - network.calendar.civil_minute(first * day_minutes) / 1440

    def after(table: np.ndarray) -> list[float]:
        """Each row's sum from day ``first`` on (one numpy call for the table, not one a row)."""
        return table[:, first:].sum(axis=1).tolist()

    arrivals, checks, met, running_at_cap = (
        after(t) for t in (record.arrivals, record.deadline_checks, record.deadline_met, record.deadline_censored)
    )
    procedures = {}
    for i, p in enumerate(network.procedures):
        rows = record.cohort[i]
        rows = rows[rows[:, 0] >= first]
        censored = rows[:, 4] > 0
        lead_days = rows[:, 2] / 1440
        survival = kaplan_meier(lead_days, ~censored, horizon)
        procedures[p.id] = ProcedureFigures(
            arrived=int(arrivals[i]),
            completed=int(len(rows) - censored.sum()),
            censored=int(censored.sum()),
            deadline_checks=int(checks[i]),
            deadline_met=int(met[i]),
            deadline_censored=int(running_at_cap[i]),
            lead_time_working_minutes=float(rows[:, 1].mean()) if len(rows) else None,
            lead_time_days=float(lead_days.mean()) if len(rows) else None,
            lead_time_km_days=survival.restricted_mean,
            lead_time_km_median_days=survival.median,
            km_horizon_days=horizon,
            trips=int(rows[:, 3].sum()),
        )
    starts, waiting, step_checks, step_met = (
        after(t) for t in (record.starts, record.waiting, record.step_checks, record.step_met)
    )
    steps = {
        key: StepFigures(
            count=int(starts[slot]),
            wait_minutes=ratio(waiting[slot], int(starts[slot])),
            deadline_checks=int(step_checks[slot]),
            deadline_met=int(step_met[slot]),
        )
        for slot, key in enumerate(record.steps)
    }
    busy, queued = after(record.busy), after(record.queued)
    return RunFigures(
        window_minutes=window,
        mean_in_system=ratio(record.present[first:].sum(), window),
        procedures=procedures,
        steps=steps,
        units={
            u.id: UnitFigures(
                utilisation=ratio(busy[i], u.servers * window),
                mean_queue=ratio(queued[i], window),
                final_queue=record.final_queue[i],
            )
            for i, u in enumerate(network.units)
        },
        events=record.events,
    )


def ratio(total: float | None, count: float) -> float | None:
    """``total / count``; ``None`` when there is nothing to divide by (no client, no time) or no total."""
    return float(total / count) if count and total is not None else None
