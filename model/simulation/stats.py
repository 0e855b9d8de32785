"""Statistics kept beside the client process, and confidence intervals over replications.

A :class:`Tally` is told what happens to each client (arrived, started, served, left) and
sums it day by day into a :class:`Record`; the warm-up is cut off afterwards (see
:mod:`model.simulation.warmup`). Time averages (queue length, busy staff, clients in the
centre) are the overlap of each client's interval with each day, so they obey Little's law by
construction rather than by sampling.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from mypy_extensions import mypyc_attr

from model.simulation.network import ARRIVAL, DeadlineSpec, Network
from model.simulation.results import Estimate, Interval
from model.simulation.student import t_quantile

if TYPE_CHECKING:  # the engine imports this module; compiled together, mypyc knows its classes
    from model.simulation.engine import Desk, Flow, Stage
    from model.simulation.eventloop import Servers

CONFIDENCE = 0.95


class Client:
    """One person walking a procedure; the engine moves them, the tally reads them.

    Its attributes are typed as precisely as the engine's classes allow: compiled, the tally
    then reads them (and theirs) as fields of a struct, not by name. ``stage`` and ``desk`` stay
    ``Any`` for the tallies that record events (they read them while the client is at a step,
    unasked); :class:`Tally` reads them into typed names.
    """

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
        "heading",
    )

    def __init__(self, procedure: Flow, arrived: float):
        self.procedure = procedure
        self.arrived = arrived
        # tuples: most clients never add to them, and an empty tuple costs no allocation
        self.tied: tuple[Desk, ...] = ()  # care-area units the client has been assigned to
        self.held: tuple[Servers, ...] = ()  # the case places (of units with a limit) this client's case takes
        self.place: str | None = None  # the building the client was last served in
        self.trips = 0
        self.done: dict[int, float] = {}  # completion time of steps some deadline counts from
        self.stage: Any = None  # the step (a Stage) the client is at, while at one
        self.desk: Any = None  # the unit (a Desk) serving that step, once the client is at one
        self.since = arrived  # when the current wait or piece of work began
        self.working = False
        # the step the client is at or on the way to (in its delay, or waiting for a case place)
        self.heading: Stage | None = None


@mypyc_attr(allow_interpreted_subclasses=True)  # compiled (see .native), kept open for the recording tallies
class Tally:
    """What one replication saw, kept as plain rows and summed day by day at the end.

    Nothing is left out while the run goes on: every wait, piece of work and stay is one row,
    and :meth:`close` and :meth:`follow_up` sum them per open day (of the event, or of the
    client's arrival for the cohort's numbers) with numpy, so that the warm-up can be chosen
    from the data afterwards and cut off exactly (see :mod:`model.simulation.warmup`). A row
    costs the engine one append, less than any sum it replaces.
    """

    def __init__(self, network: Network, slots: int):
        self.network = network
        calendar = self.calendar = network.calendar
        self.day_minutes = calendar.day_minutes
        self.last_day = len(calendar.open_days) - 1
        # flat rows (numpy reads a flat list of numbers many times faster than one of tuples)
        self.waits: list[float] = []
        """Each wait for staff: step slot, unit, from, to."""
        self.work: list[float] = []
        """Each piece of work: unit, from, to."""
        self.stays: list[float] = []
        """Each client who left: procedure, arrival, departure, trips."""
        self.departed = _rows([], 4)
        """The first rows of :attr:`stays` as a table, made by :meth:`close` (once: a row costs
        more to convert than to append) for :meth:`follow_up` too."""
        self.slots, self.width = slots, len(calendar.open_days) + 1
        # each deadline judged, as its step slot and the client's arrival day (``slot * width + day``),
        # counted at the end (few steps have deadlines); a procedure's are the sum of its steps'
        self.step_checks: list[int] = []
        self.step_met: list[int] = []
        self.deadline_censored: list[int] = []  # still running at the cap, as ``procedure * width + day``
        self.live: dict[Client, None] = {}  # a dict, not a set: its order, and so the sums, repeat

    # --- what happens to a client, in the order it happens ------------------------------------
    # The engine keeps the client's position (``stage``, ``desk``, ``since``) up to date; these
    # methods turn it into rows. A client of the cohort arrived during the run (minute > 0);
    # open cases of a warm start began at 0 or earlier and are not part of it.

    def arrived(self, me: Client) -> None:
        self.live[me] = None

    def started(self, me: Client, now: float) -> None:
        """Served after waiting since ``me.since``; being served in another building is a trip."""
        stage: Stage = me.stage
        desk: Desk = me.desk
        self.waits += (stage.slot, desk.index, me.since, now)
        me.since, me.working = now, True
        if stage.visited and desk.location is not None:  # a home visit or back-office work is no trip
            if me.place is not None and me.place != desk.location:
                me.trips += 1
            me.place = desk.location

    def resumed(self, me: Client, now: float) -> None:
        """Field work goes on in the next field hours."""
        me.since, me.working = now, True

    def worked(self, me: Client, now: float) -> None:
        desk: Desk = me.desk
        self.work += (desk.index, me.since, now)
        me.since, me.working = now, False

    def served(self, me: Client, now: float) -> None:
        """The step's work is done in one piece: :meth:`worked` and :meth:`finished` at once."""
        desk: Desk = me.desk
        self.work += (desk.index, me.since, now)
        me.since, me.working = now, False
        stage: Stage = me.stage
        if stage.anchor or stage.deadline is not None:
            self.finished(me, now)
        else:
            me.stage = None

    def finished(self, me: Client, now: float) -> None:
        stage: Stage = me.stage
        if stage.anchor:
            me.done[stage.index] = now
        if stage.deadline is not None and me.arrived > 0:  # the cohort's deadlines
            met = self.met(me, stage.deadline, now)
            if met is not None:
                at = stage.slot * self.width + int(me.arrived // self.day_minutes)
                self.step_checks.append(at)
                if met:
                    self.step_met.append(at)
        me.stage = None

    def left(self, me: Client, now: float) -> None:
        """The client's procedure is over: their whole lead time counts if they came during the run."""
        del self.live[me]
        self.stays += (me.procedure.index, me.arrived, now, me.trips)

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
        return now <= deadline.by[self.day(start, finishing)]

    # --- the end of the run -------------------------------------------------------------------

    def close(self, now: float, desks: list[Desk], stages: list[Stage]) -> Record:
        """The window's day-by-day numbers, the clients still inside at its end included.

        Lead times and deadlines are not complete yet: they belong to the cohort (see :meth:`follow_up`).
        """
        days, day_minutes = int(round(now / self.day_minutes)), self.day_minutes
        units = len(desks)
        live: list[float] = []
        work, backlog = self.work[:], [0] * units
        for me in self.live:
            live += (-1, me.arrived, now, me.trips)
            if me.stage is not None:
                desk: Desk = me.desk
                if me.working:
                    work += (desk.index, me.since, now)
                else:
                    backlog[desk.index] += 1
        waits = _rows(self.waits, 4)
        slot, start = waits[:, 0].astype(int), waits[:, 3]
        on = np.minimum(start // day_minutes, days).astype(int)  # the day each service began
        width = days + 1
        self.departed = _rows(self.stays, 4)
        stays_ = np.vstack([self.departed, _rows(live, 4)])[:, 1:3]
        work_ = _rows(work, 3)
        self.waits, self.work = [], []  # the run-out's are not the window's
        return Record(
            day_minutes=day_minutes,
            days=days,
            steps=tuple(stage.key for stage in stages),
            present=by_day(np.zeros(len(stays_), dtype=int), stays_[:, 0], stays_[:, 1], 1, days, day_minutes)[0],
            busy=by_day(work_[:, 0].astype(int), work_[:, 1], work_[:, 2], units, days, day_minutes),
            queued=by_day(waits[:, 1].astype(int), waits[:, 2], start, units, days, day_minutes),
            final_queue=backlog,
            starts=_count(slot * width + on, None, len(stages), width)[:, :days],
            waiting=_count(slot * width + on, start - waits[:, 2], len(stages), width)[:, :days],
        )

    def follow_up(self, record: Record, now: float) -> Record:
        """Complete ``record`` with the cohort: every client who came in during the window.

        Those who finished count with their lead time; those still open at ``now`` (the cap of
        the run-out) are *censored* and count with the time they have spent so far. Deadlines
        are the cohort's too: each step's deadline counts as met or missed when the step
        finishes; at the cap, the deadline of the step a client is at (served, in line, or still
        in the delay before it) counts as missed when it has passed (an overloaded unit cannot
        hide behind the clients it never finishes), and otherwise as censored.
        """
        for me in self.live:
            if me.arrived <= 0:
                continue
            stage = me.heading  # the step at hand: being served, in line, or still in its delay
            if stage is None or stage.deadline is None:
                continue
            deadline = stage.deadline
            anchor = me.arrived if deadline.anchor == ARRIVAL else me.done.get(deadline.anchor)
            if anchor is None:
                continue
            day = int(me.arrived // self.day_minutes)
            if deadline.span.unit == "minutes":
                passed = now - anchor > deadline.span.amount
            else:
                passed = now > deadline.by[self.day(anchor, deadline.anchor != ARRIVAL)]
            if passed:
                self.step_checks.append(stage.slot * self.width + day)  # already missed, though not yet done
            else:
                self.deadline_censored.append(me.procedure.index * self.width + day)  # still running at the cap
        days = record.days
        stays = self.stays[4 * len(self.departed) :]  # those who left in the run-out
        for me in self.live:
            stays += (me.procedure.index, me.arrived, now, me.trips)
        rows = np.vstack([self.departed, _rows(stays, 4)])
        censored = np.arange(len(rows)) >= len(self.stays) // 4  # the live ones, added last
        cohort = np.column_stack([rows, censored])[rows[:, 1] > 0]
        procedure, arrived, left = cohort[:, 0].astype(int), cohort[:, 1], cohort[:, 2]
        arrival_day = (arrived // self.day_minutes).astype(int)
        lead_civil = self.civil(left, True) - self.civil(arrived, False)
        table = np.column_stack([arrival_day, left - arrived, lead_civil, cohort[:, 3], cohort[:, 4]])
        # each procedure's rows in the order they came (a stable sort), cut where the procedure changes
        procedures = self.network.procedures
        ends = np.cumsum(np.bincount(procedure, minlength=len(procedures)))
        record.cohort = np.split(table[np.argsort(procedure, kind="stable")], ends[:-1]) if procedures else []
        record.arrivals = _count(procedure * days + arrival_day, None, len(procedures), days)

        def table_(judged: list[int], rows: int) -> np.ndarray:
            return _count(np.array(judged, dtype=int), None, rows, self.width)[:, :days]

        def by_procedure(steps: np.ndarray) -> np.ndarray:
            """A procedure's deadlines: the sum of its steps' rows (its slots)."""
            found = np.zeros((len(procedures), days))
            np.add.at(found, owner, steps)
            return found

        owner = np.repeat(np.arange(len(procedures)), [len(p.steps) for p in procedures])
        record.step_checks = table_(self.step_checks, self.slots)
        record.step_met = table_(self.step_met, self.slots)
        record.deadline_checks = by_procedure(record.step_checks)
        record.deadline_met = by_procedure(record.step_met)
        record.deadline_censored = table_(self.deadline_censored, len(procedures))
        record.horizon_days = self.calendar.civil_minute(now, True) / 1440
        return record

    def civil(self, minutes: np.ndarray, finishing: bool) -> np.ndarray:
        """Civil minutes of working ``minutes`` (see :meth:`WorkingCalendar.civil_minute`), all at once."""
        calendar, day_minutes = self.calendar, self.day_minutes
        index = (minutes // day_minutes).astype(int)
        if finishing:
            index -= (index > 0) & (index * day_minutes == minutes)
        index = np.minimum(index, self.last_day)
        open_days = np.asarray(calendar.open_days)
        return (open_days[index] - open_days[0]) * 1440 + calendar.opens_at + minutes - index * day_minutes


def _rows(flat: list[float], width: int) -> np.ndarray:
    """The flat rows a :class:`Tally` appends, as a (read-only) table of ``width`` columns.

    Packed as C doubles by :func:`struct.pack`, which converts a list of numbers with half the
    work of ``numpy.fromiter`` (that goes through numpy's general scalar conversion for each).
    """
    return np.frombuffer(struct.pack(f"{len(flat)}d", *flat)).reshape(-1, width)


def by_day(row: np.ndarray, start: np.ndarray, end: np.ndarray, rows: int, days: int, day_minutes: float) -> np.ndarray:
    """Minutes of the intervals [start, end) that fall on each of ``days`` open days, per ``row``.

    The part days at the ends of an interval are added as they are, the whole days between as a
    difference array, so that a case open for months costs no more than a visit.
    """
    start = np.clip(start, 0.0, days * day_minutes)
    end = np.clip(end, 0.0, days * day_minutes)
    width = days + 2
    first, last = (start // day_minutes).astype(int), (end // day_minutes).astype(int)
    same = first == last
    parts = _count(row * width + first, np.where(same, end - start, (first + 1) * day_minutes - start), rows, width)
    across = ~same  # the intervals over more than one day: picked out once
    at_row, at_last = row[across] * width, last[across]
    parts += _count(at_row + at_last, end[across] - at_last * day_minutes, rows, width)
    whole = _count(at_row + first[across] + 1, None, rows, width)
    whole -= _count(at_row + at_last, None, rows, width)
    return (parts + day_minutes * np.cumsum(whole, axis=1))[:, :days]


def _count(index: np.ndarray, weights: np.ndarray | None, rows: int, width: int) -> np.ndarray:
    return np.bincount(index, weights, minlength=rows * width).astype(float).reshape(rows, width)


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


def estimate(values: list[float | None], signed: bool = False, upper: float | None = None) -> Estimate:
    """Mean and 95% CI of one number across replications; replications without it are left out.

    Quantities are non-negative (waits, times, counts, shares), so the interval is cut at 0
    unless the number is ``signed`` (a difference between two variants), and at ``upper`` when
    the number has a ceiling (a share stops at 1: the t interval knows no ceiling).
    """
    seen = [v for v in values if v is not None and not math.isnan(v)]
    n = len(seen)
    if n == 0:
        return Estimate()
    mean = math.fsum(seen) / n
    if n < 2:
        return Estimate(mean, None, n)
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in seen) / (n - 1))
    half = t_quantile(0.5 + CONFIDENCE / 2, n - 1) * sd / math.sqrt(n)
    low, high = mean - half if signed else max(0.0, mean - half), mean + half
    return Estimate(mean, Interval(low, high if upper is None else min(upper, high)), n)
