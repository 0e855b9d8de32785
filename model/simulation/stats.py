"""Statistics kept beside the client process, and confidence intervals over replications.

A :class:`Tally` is told what happens to each client (arrived, started, served, left) and
keeps sums only; it counts nothing that happens before the warm-up ends. Time averages
(queue length, busy staff, clients in the centre) are the overlap of each client's interval
with the observed window, so they obey Little's law by construction rather than by sampling.
"""

from __future__ import annotations

import math
from typing import Any

from model.simulation.network import ARRIVAL, DeadlineSpec, Network
from model.simulation.results import Estimate, Interval
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
    """Sums for one replication, indexed by the position of procedures, steps and units."""

    def __init__(self, network: Network, slots: int):
        self.network = network
        calendar = self.calendar = network.calendar
        self.warmup = network.warmup
        self.day_minutes = calendar.day_minutes
        self.last_day = len(calendar.open_days) - 1
        # civil minute = working minute + shift[open day]: lead times as the client lives them
        self.shift = [
            calendar.civil_minute(d * calendar.day_minutes) - d * calendar.day_minutes
            for d in range(len(calendar.open_days))
        ]
        procedures, units = len(network.procedures), len(network.units)
        self.arrivals = [0] * procedures
        self.completions = [0] * procedures
        self.lead_working = [0.0] * procedures
        self.lead_civil = [0.0] * procedures
        self.trips = [0] * procedures
        self.deadline_checks = [0] * procedures
        self.deadline_met = [0] * procedures
        self.starts = [0] * slots
        self.waiting = [0.0] * slots
        self.step_checks = [0] * slots
        self.step_met = [0] * slots
        self.busy = [0.0] * units
        self.queued = [0.0] * units
        self.present = 0.0
        self.live: dict[Client, None] = {}  # a dict, not a set: its order, and so the sums, repeat

    # --- what happens to a client, in the order it happens ------------------------------------
    # The engine keeps the client's position (``stage``, ``desk``, ``since``) up to date; these
    # methods turn it into sums.

    def arrived(self, me: Client) -> None:
        self.live[me] = None
        if me.arrived >= self.warmup:
            self.arrivals[me.procedure.index] += 1

    def started(self, me: Client, now: float) -> None:
        """Served after waiting since ``me.since``; being served in another building is a trip."""
        stage, desk, since, warmup = me.stage, me.desk, me.since, self.warmup
        if now >= warmup:
            self.starts[stage.slot] += 1
            self.waiting[stage.slot] += now - since
            self.queued[desk.index] += now - (since if since > warmup else warmup)
        me.since, me.working = now, True
        if stage.visited and desk.location is not None:  # a home visit or back-office work is no trip
            if me.place is not None and me.place != desk.location:
                me.trips += 1
            me.place = desk.location

    def resumed(self, me: Client, now: float) -> None:
        """Field work goes on in the next field hours."""
        me.since, me.working = now, True

    def worked(self, me: Client, now: float) -> None:
        since, warmup = me.since, self.warmup
        if now > warmup:
            self.busy[me.desk.index] += now - (since if since > warmup else warmup)
        me.since, me.working = now, False

    def served(self, me: Client, now: float) -> None:
        """The step's work is done in one piece: :meth:`worked` and :meth:`finished` at once."""
        since, warmup = me.since, self.warmup
        if now > warmup:
            self.busy[me.desk.index] += now - (since if since > warmup else warmup)
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
        if stage.deadline is not None and me.arrived >= self.warmup:  # the cohort's deadlines
            met = self.met(me, stage.deadline, now)
            if met is not None:
                self.step_checks[stage.slot] += 1
                self.step_met[stage.slot] += met
                self.deadline_checks[me.procedure.index] += 1
                self.deadline_met[me.procedure.index] += met
        me.stage = None

    def left(self, me: Client, now: float) -> None:
        """The client's procedure is over: their whole lead time counts if they came in the window."""
        del self.live[me]
        if now > self.warmup:
            self.present += now - max(me.arrived, self.warmup)
        if me.arrived >= self.warmup:
            self.lead(me, now)
            self.completions[me.procedure.index] += 1

    def lead(self, me: Client, now: float) -> None:
        p = me.procedure.index
        self.lead_working[p] += now - me.arrived
        self.lead_civil[p] += now + self.shift[self.day(now, True)] - me.arrived - self.shift[self.day(me.arrived)]
        self.trips[p] += me.trips

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

    def close(self, now: float, desks: list[Any], stages: list[Any]) -> dict[str, Any]:
        """Account for clients still inside at the end of the window and return its numbers.

        Lead times and deadlines are not here: they belong to the cohort (see :meth:`follow_up`).
        """
        backlog = [0] * len(desks)
        for me in self.live:
            self.present += now - max(me.arrived, self.warmup)
            if me.stage is None:
                continue
            if me.working:
                self.busy[me.desk.index] += now - max(me.since, self.warmup)
            else:
                backlog[me.desk.index] += 1
        window = now - self.warmup
        network = self.network
        return {
            "window_minutes": window,
            "in_system": self.present / window,
            "procedures": {p.id: {"arrived": self.arrivals[i]} for i, p in enumerate(network.procedures)},
            "steps": {
                stage.key: {
                    "count": self.starts[stage.slot],
                    "mean_wait_minutes": _ratio(self.waiting[stage.slot], self.starts[stage.slot]),
                }
                for stage in stages
            },
            "units": {
                u.id: {
                    "utilisation": self.busy[i] / (u.servers * window),
                    "mean_queue": self.queued[i] / window,
                    "final_queue": backlog[i],
                }
                for i, u in enumerate(network.units)
            },
        }

    def follow_up(self, result: dict[str, Any], now: float) -> dict[str, Any]:
        """Add the cohort's lead times to ``result``: every client who came in the window.

        Those who finished count with their lead time; those still open at ``now`` (the cap of
        the run-out) are *censored* and count with the time they have spent so far, so the mean
        is a lower bound when any are censored (the runner warns when more than a few are).
        Deadlines are the cohort's too: each step's deadline counts as met or missed when the
        step finishes, or at the cap as missed when it has passed (an overloaded unit cannot hide
        behind the clients it never finishes), and otherwise as censored.
        """
        censored = [0] * len(self.network.procedures)
        open_deadlines = [0] * len(self.network.procedures)
        today = self.calendar.open_days[self.day(now, True)]
        for me in self.live:
            if me.arrived >= self.warmup:
                censored[me.procedure.index] += 1
                self.lead(me, now)
                deadline = me.stage.deadline if me.stage is not None else None
                if deadline is None or deadline.span.unit == "minutes":
                    continue
                anchor = me.arrived if deadline.anchor == ARRIVAL else me.done.get(deadline.anchor)
                if anchor is None:
                    continue
                if deadline.due[self.day(anchor, deadline.anchor != ARRIVAL)] < today:
                    self.step_checks[me.stage.slot] += 1  # already missed, though not yet done
                    self.deadline_checks[me.procedure.index] += 1
                else:
                    open_deadlines[me.procedure.index] += 1  # still running at the cap: censored
        for key, stage_checks, stage_met in zip(result["steps"], self.step_checks, self.step_met):
            result["steps"][key].update(deadline_checks=stage_checks, deadline_met=stage_met)
        for i, p in enumerate(self.network.procedures):
            followed = self.completions[i] + censored[i]
            result["procedures"][p.id].update(
                completed=self.completions[i],
                censored=censored[i],
                deadline_checks=self.deadline_checks[i],
                deadline_met=self.deadline_met[i],
                deadline_censored=open_deadlines[i],
                lead_working_minutes=_ratio(self.lead_working[i], followed),
                lead_days=_ratio(self.lead_civil[i], followed * 1440),
                trips=self.trips[i],
            )
        return result


def _ratio(total: float, count: float) -> float | None:
    return total / count if count else None


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
