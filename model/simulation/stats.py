"""Statistics kept beside the client process, and confidence intervals over replications.

A :class:`Tally` is told what happens to each client (arrived, started, served, left) and
keeps sums only, day by day, in a :class:`Record`; the warm-up is cut off afterwards (see
:mod:`model.simulation.warmup`). Time averages (queue length, busy staff, clients in the
centre) are the overlap of each client's interval with each day, so they obey Little's law by
construction rather than by sampling.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from model.simulation.network import ARRIVAL, DeadlineSpec, Network
from model.simulation.student import t_quantile

CONFIDENCE = 0.95


class Client:
    """One person walking a procedure; the engine moves them, the tally reads them."""

    __slots__ = (
        "procedure",
        "arrived",
        "tied",
        "held",
        "place",
        "trips",
        "done",
        "stage",
        "desk",
        "since",
        "working",
    )

    def __init__(self, procedure: Any, arrived: float):
        self.procedure = procedure
        self.arrived = arrived
        self.tied: list[Any] = []  # care-area units the client has been assigned to
        self.held: list[Any] = []  # units with a case limit carrying this client's case
        self.place: str | None = None  # the building the client was last served in
        self.trips = 0
        self.done: dict[int, float] = {}  # completion time of steps some deadline counts from
        self.stage: Any = None  # the step the client is at, while at one
        self.desk: Any = None
        self.since = arrived  # when the current wait or piece of work began
        self.working = False


class Tally:
    """Sums for one replication, by open day, indexed by the position of procedures, steps and units.

    Nothing is left out while the run goes on: every sum is kept per open day (of the event, or
    of the client's arrival for the cohort's numbers), so that the warm-up can be chosen from
    the data afterwards and cut off exactly (see :mod:`model.simulation.warmup`). A time average
    is the overlap of each interval with each day: the part days at the ends, and the whole days
    between as a difference array, so that a case open for months costs no more than one visit.
    """

    def __init__(self, network: Network, slots: int):
        self.network = network
        calendar = self.calendar = network.calendar
        self.day_minutes = calendar.day_minutes
        days = len(calendar.open_days)
        self.last_day = days - 1
        # civil minute = working minute + shift[open day]: lead times as the client lives them
        self.shift = [calendar.civil_minute(d * calendar.day_minutes) - d * calendar.day_minutes for d in range(days)]
        procedures, units = len(network.procedures), len(network.units)

        def per_day(count: int, zero: float = 0) -> list[list[float]]:
            return [[zero] * (days + 2) for _ in range(count)]

        self.arrivals = per_day(procedures, 0)
        self.cohort: list[list[tuple[int, float, float, int, bool]]] = [[] for _ in range(procedures)]
        """Per procedure, each client of the cohort: arrival day, lead time (working minutes,
        civil minutes), trips, and whether they were still open at the cap (censored)."""
        self.deadline_checks = per_day(procedures, 0)
        self.deadline_met = per_day(procedures, 0)
        self.deadline_censored = per_day(procedures, 0)
        self.starts = per_day(slots, 0)
        self.waiting = per_day(slots, 0.0)
        self.step_checks = per_day(slots, 0)
        self.step_met = per_day(slots, 0)
        self.busy, self.busy_days = per_day(units, 0.0), per_day(units, 0)
        self.queued, self.queued_days = per_day(units, 0.0), per_day(units, 0)
        self.present, self.present_days = [0.0] * (days + 2), [0] * (days + 2)
        self.live: dict[Client, None] = {}  # a dict, not a set: its order, and so the sums, repeat

    def spread(self, parts: list[float], whole: list[int], start: float, end: float) -> None:
        """Add the interval [start, end) to the days it overlaps (see the class docstring)."""
        day_minutes = self.day_minutes
        first, last = int(start // day_minutes), int(end // day_minutes)
        if first == last:
            parts[first] += end - start
        else:
            parts[first] += (first + 1) * day_minutes - start
            parts[last] += end - last * day_minutes
            whole[first + 1] += 1
            whole[last] -= 1

    # --- what happens to a client, in the order it happens ------------------------------------
    # The engine keeps the client's position (``stage``, ``desk``, ``since``) up to date; these
    # methods turn it into sums. A client of the cohort arrived during the run (minute > 0);
    # open cases of a warm start began at 0 or earlier and are not part of it.

    def arrived(self, me: Client) -> None:
        self.live[me] = None
        if me.arrived > 0:
            self.arrivals[me.procedure.index][int(me.arrived // self.day_minutes)] += 1

    def started(self, me: Client, now: float) -> None:
        """Served after waiting since ``me.since``; being served in another building is a trip."""
        stage, desk, since = me.stage, me.desk, me.since
        day = int(now // self.day_minutes)
        self.starts[stage.slot][day] += 1
        self.waiting[stage.slot][day] += now - since
        self.spread(self.queued[desk.index], self.queued_days[desk.index], since, now)
        me.since, me.working = now, True
        if stage.visited and desk.location is not None:  # a home visit or back-office work is no trip
            if me.place is not None and me.place != desk.location:
                me.trips += 1
            me.place = desk.location

    def resumed(self, me: Client, now: float) -> None:
        """Field work goes on in the next field hours."""
        me.since, me.working = now, True

    def worked(self, me: Client, now: float) -> None:
        index = me.desk.index
        self.spread(self.busy[index], self.busy_days[index], me.since, now)
        me.since, me.working = now, False

    def served(self, me: Client, now: float) -> None:
        """The step's work is done in one piece: :meth:`worked` and :meth:`finished` at once."""
        index = me.desk.index
        self.spread(self.busy[index], self.busy_days[index], me.since, now)
        me.since, me.working = now, False
        stage = me.stage
        if stage.anchor or stage.deadline is not None:
            self.finished(me, now)
        else:
            me.stage = None

    def finished(self, me: Client, now: float) -> None:
        stage = me.stage
        if stage.anchor:
            me.done[stage.index] = now
        if stage.deadline is not None and me.arrived > 0:  # the cohort's deadlines
            met = self.met(me, stage.deadline, now)
            if met is not None:
                day, p = int(me.arrived // self.day_minutes), me.procedure.index
                self.step_checks[stage.slot][day] += 1
                self.step_met[stage.slot][day] += met
                self.deadline_checks[p][day] += 1
                self.deadline_met[p][day] += met
        me.stage = None

    def left(self, me: Client, now: float) -> None:
        """The client's procedure is over: their whole lead time counts if they came during the run."""
        del self.live[me]
        self.spread(self.present, self.present_days, max(me.arrived, 0.0), now)
        if me.arrived > 0:
            self.lead(me, now, False)

    def lead(self, me: Client, now: float, censored: bool) -> None:
        self.cohort[me.procedure.index].append(
            (
                int(me.arrived // self.day_minutes),
                now - me.arrived,
                now + self.shift[self.day(now, True)] - me.arrived - self.shift[self.day(me.arrived)],
                me.trips,
                censored,
            )
        )

    def day(self, minute: float, finishing: bool = False) -> int:
        """Open-day index of ``minute`` (see :meth:`WorkingCalendar.day`), without a method lookup chain."""
        index = int(minute // self.day_minutes)
        if finishing and index and index * self.day_minutes == minute:
            index -= 1
        return index if index < self.last_day else self.last_day

    # --- deadlines ----------------------------------------------------------------------------

    def met(self, me: Client, deadline: DeadlineSpec, now: float) -> bool | None:
        """Whether the step finished at ``now`` kept its deadline; ``None`` if it never started counting.

        A deadline counts from the client's arrival or from the *completion* of an earlier step
        (the application filed, the need reported): the event the law counts from.
        """
        if deadline.anchor == ARRIVAL:
            start, finishing = me.arrived, False
        elif deadline.anchor in me.done:
            start, finishing = me.done[deadline.anchor], True
        else:
            return None  # this client's route skipped the step the deadline counts from
        if deadline.span.unit == "minutes":
            return now - start <= deadline.span.amount
        return self.calendar.open_days[self.day(now, True)] <= deadline.due[self.day(start, finishing)]

    # --- the end of the run -------------------------------------------------------------------

    def close(self, now: float, desks: list[Any], stages: list[Any]) -> Record:
        """The window's day-by-day numbers, the clients still inside at its end included.

        Lead times and deadlines are not complete yet: they belong to the cohort (see :meth:`follow_up`).
        """
        days = int(round(now / self.day_minutes))
        present, present_days = self.present[:], self.present_days[:]
        busy, busy_days = [b[:] for b in self.busy], [b[:] for b in self.busy_days]
        backlog = [0] * len(desks)
        for me in self.live:
            self.spread(present, present_days, max(me.arrived, 0.0), now)
            if me.stage is None:
                continue
            if me.working:
                self.spread(busy[me.desk.index], busy_days[me.desk.index], me.since, now)
            else:
                backlog[me.desk.index] += 1

        def daily(parts: list[float], whole: list[int]) -> np.ndarray:
            return np.asarray(parts[:days]) + self.day_minutes * np.cumsum(whole)[:days]

        return Record(
            day_minutes=self.day_minutes,
            days=days,
            steps=tuple(stage.key for stage in stages),
            present=daily(present, present_days),
            busy=np.array([daily(b, w) for b, w in zip(busy, busy_days)]).reshape(len(busy), days),
            queued=np.array([daily(q, w) for q, w in zip(self.queued, self.queued_days)]).reshape(len(busy), days),
            final_queue=backlog,
            starts=np.array([s[:days] for s in self.starts], dtype=float).reshape(len(stages), days),
            waiting=np.array([w[:days] for w in self.waiting]).reshape(len(stages), days),
        )

    def follow_up(self, record: Record, now: float) -> Record:
        """Complete ``record`` with the cohort: every client who came in during the window.

        Those who finished count with their lead time; those still open at ``now`` (the cap of
        the run-out) are *censored* and count with the time they have spent so far. Deadlines
        are the cohort's too: each step's deadline counts as met or missed when the step
        finishes, or at the cap as missed when it has passed (an overloaded unit cannot hide
        behind the clients it never finishes), and otherwise as censored.
        """
        today = self.calendar.open_days[self.day(now, True)]
        for me in self.live:
            if me.arrived <= 0:
                continue
            self.lead(me, now, True)
            deadline = me.stage.deadline if me.stage is not None else None
            if deadline is None or deadline.span.unit == "minutes":
                continue
            anchor = me.arrived if deadline.anchor == ARRIVAL else me.done.get(deadline.anchor)
            if anchor is None:
                continue
            day, p = int(me.arrived // self.day_minutes), me.procedure.index
            if deadline.due[self.day(anchor, deadline.anchor != ARRIVAL)] < today:
                self.step_checks[me.stage.slot][day] += 1  # already missed, though not yet done
                self.deadline_checks[p][day] += 1
            else:
                self.deadline_censored[p][day] += 1  # still running at the cap: censored
        days = record.days

        def table(rows: list[list[float]]) -> np.ndarray:
            return np.array([row[:days] for row in rows], dtype=float).reshape(len(rows), days)

        record.arrivals = table(self.arrivals)
        record.cohort = [np.array(c, dtype=float).reshape(len(c), 5) for c in self.cohort]
        record.deadline_checks = table(self.deadline_checks)
        record.deadline_met = table(self.deadline_met)
        record.deadline_censored = table(self.deadline_censored)
        record.step_checks = table(self.step_checks)
        record.step_met = table(self.step_met)
        record.horizon_days = (self.calendar.civil_minute(now, True)) / 1440
        return record


@dataclass
class Record:
    """One replication day by day: what :class:`Tally` saw, before the warm-up is cut off.

    Rows are procedures, steps or units in network order; columns are the window's open days
    (a client's numbers under the day they arrived, a time average under the day it covers).
    :func:`model.simulation.warmup.cut` turns it into the replication's numbers.
    """

    day_minutes: float
    days: int
    """Open days in the window."""
    steps: tuple[str, ...]
    present: np.ndarray
    """Client-minutes spent in the centre on each day (divided by the day's minutes: the mean number)."""
    busy: np.ndarray
    queued: np.ndarray
    final_queue: list[int]
    starts: np.ndarray
    waiting: np.ndarray
    arrivals: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    cohort: list[np.ndarray] = field(default_factory=list)
    """Per procedure, one row per client of the cohort: arrival day, lead time in working
    minutes, lead time in civil minutes, trips, 1 if censored at the cap."""
    deadline_checks: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    deadline_met: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    deadline_censored: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    step_checks: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    step_met: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    horizon_days: float = 0.0
    """Civil days from the start of the run to the cap."""
    events: int = 0


class Estimate(NamedTuple):
    """A mean over replications with its Student-t confidence interval (``None`` bounds if n < 2)."""

    mean: float
    low: float | None
    high: float | None
    n: int

    @property
    def interval(self) -> list[float] | None:
        return None if self.low is None else [self.low, self.high]  # type: ignore[list-item]


def estimate(values: list[float | None], signed: bool = False) -> Estimate | None:
    """Mean and 95% CI of one number across replications; replications without it are left out.

    Quantities are non-negative (waits, times, counts, shares), so the interval is cut at 0
    unless the number is ``signed`` (a difference between two variants).
    """
    seen = [v for v in values if v is not None and not math.isnan(v)]
    n = len(seen)
    if n == 0:
        return None
    mean = math.fsum(seen) / n
    if n < 2:
        return Estimate(mean, None, None, n)
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in seen) / (n - 1))
    half = t_quantile(0.5 + CONFIDENCE / 2, n - 1) * sd / math.sqrt(n)
    return Estimate(mean, mean - half if signed else max(0.0, mean - half), mean + half, n)
