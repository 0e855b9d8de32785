"""The scenario compiled for simulation: plain, picklable data and the demand it puts on units.

The pydantic model is the format; this is what a replication runs on. Compiling once in the
parent process checks everything that would make a simulation meaningless (an unknown step,
a function nobody serves, a route with no end) and hands worker processes a small object.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from model.checks import flow
from model.config.availability import unit_servers
from model.config.calendar import WorkingCalendar
from model.config.errors import ConfigError, Problem
from model.config.loader import Scenario
from model.config.quantities import Span
from model.config.schema import END, Duration, Procedure, Unit
from model.i18n import msg
from model.law import Provision

ARRIVAL = -1
"""Deadline anchor: the client's arrival."""


@dataclass(frozen=True)
class UnitSpec:
    """A unit as a replication needs it: plain data, so that worker processes get it cheaply."""

    id: str
    name: str
    servers: int
    """Staff serving at once: FTE × availability, rounded half up, at least 1 (see
    :func:`model.config.availability.unit_servers`)."""
    fte: float
    location: str | None
    """Own location, else the nearest supervisor's: where the client has to go."""
    functions: frozenset[str]
    cases: int | None = None
    """Open cases the unit can carry at once (``cases_per_fte`` × FTE, rounded down); ``None``: no limit."""


@dataclass(frozen=True)
class DeadlineSpec:
    """A step's statutory deadline, its end on the clock worked out once for every start day."""

    span: Span
    anchor: int
    """Index of the step whose completion starts the count, or :data:`ARRIVAL`."""
    basis: str
    by: tuple[float, ...]
    """For a count that starts on open day *i*, the working minute by which the step must be done
    (empty for minutes): see :func:`deadline_ends`."""


def deadline_ends(calendar: WorkingCalendar, span: Span, dates: Provision | None = None) -> tuple[float, ...]:
    """For each open day a count of ``span`` may start on, the working minute by which the step
    must be done: the closing of the last open day up to the deadline's last day
    (:meth:`~model.config.calendar.LegalCalendar.due`); empty for a span in minutes.

    A step that ends at closing time ended that day, and the clock's last open day takes every
    later minute, so a step done at minute ``m`` kept it exactly when ``m`` is at most this (what
    :meth:`~model.config.calendar.WorkingCalendar.kept` says, with one comparison per client).
    """
    if span.unit == "minutes":
        return ()
    open_days, day_minutes = calendar.open_days, calendar.day_minutes
    last = len(open_days) - 1
    ends = []
    for day in open_days:
        final = bisect_right(open_days, calendar.legal.due(day, span, dates)) - 1  # its last open day
        ends.append(math.inf if final >= last else -math.inf if final < 0 else float((final + 1) * day_minutes))
    return tuple(ends)


@dataclass(frozen=True)
class StepSpec:
    """A step as a replication needs it: units by index, durations as numbers, branches as cumulative shares."""

    key: str
    """``procedure/step``: the name in results."""
    index: int
    function: str
    units: tuple[int, ...]
    """Indexes of the units that can serve the step, in chart order."""
    duration: tuple[str, float, float, float]
    """Distribution and its parameters, see :func:`_duration`."""
    delay: float
    """Working minutes of the delay before the step: exact, or the mean when ``delay_span`` is set."""
    delay_span: Span | None
    """The delay when its working minutes depend on when it starts (calendar days, see the calendar)."""
    targets: tuple[int | None, ...]
    """Indexes of the next steps (``None`` is the end), aligned with ``cumulative``."""
    cumulative: tuple[float, ...]
    field: bool
    client_present: bool
    """The client comes in for the step: only such steps can be trips between buildings."""
    deadline: DeadlineSpec | None
    anchor: bool
    """Some deadline counts from this step's completion, so it must be remembered."""
    mean_minutes: float


@dataclass(frozen=True)
class ProcedureSpec:
    """A procedure as a replication needs it, with its arrival rate and expected visits per step."""

    id: str
    name: str
    rate: float
    """Clients per working minute."""
    entry: int
    steps: tuple[StepSpec, ...]
    visits: tuple[float, ...]
    """Expected visits of each step per client (routes may loop)."""
    has_deadline: bool
    walk_in: bool
    """A client comes in (trips count); ``False`` for recurring work on open cases."""
    warm: bool = False
    """The run starts with its open cases in a steady state (see the engine's warm start): a
    caseload procedure, or one whose clients become cases of a unit that declares a caseload, so
    that the open cases at the start are those the declaration names (rule STAFF006 compares them)."""


@dataclass(frozen=True)
class OpenCase:
    """A client already in progress when the run begins (the warm-start API).

    ``procedure`` and ``step`` are ids (resolved to indexes by :func:`compile_network`);
    ``started`` is the working minute at which the case began, 0 or earlier.
    """

    procedure: str | int
    step: str | int
    started: float = 0.0


@dataclass(frozen=True)
class Network:
    """Everything one replication needs, and nothing from pydantic."""

    units: tuple[UnitSpec, ...]
    procedures: tuple[ProcedureSpec, ...]
    policy: str
    calendar: WorkingCalendar
    window_end: float
    """Working minute at which arrivals stop; the calendar runs on for the run-out."""
    open_cases: tuple[OpenCase, ...] = ()
    """Clients in progress at minute 0, with procedure and step as indexes (see the engine)."""
    care_area: frozenset[str] = frozenset()
    """Functions routed by care area whatever ``policy`` says (config ``routing.care_area``)."""

    def policy_for(self, function: str) -> str:
        return "care_area" if function in self.care_area else self.policy

    @property
    def field_share(self) -> float:
        """Share of the working day open to field work (0 when field work has no hours of its own)."""
        window = self.calendar.field_window
        return (window[1] - window[0]) / self.calendar.day_minutes if window else 0.0

    def in_field(self, step: StepSpec) -> bool:
        """Whether ``step`` is done in field hours, apart from the office's work."""
        return step.field and self.calendar.field_window is not None

    def offered_load(self) -> list[tuple[float, float]]:
        """Per unit, the mean busy servers needed (office, field) if routing spreads work evenly.

        Several units serving one function share its work in proportion to their servers
        (shortest queue) or FTE (care area); ``first`` sends everything to the first.
        """
        load = [[0.0, 0.0] for _ in self.units]
        for procedure in self.procedures:
            for step, visits in zip(procedure.steps, procedure.visits):
                work = procedure.rate * visits * step.mean_minutes
                servers = [self.units[u].servers for u in step.units]
                fte = [self.units[u].fte for u in step.units]
                for unit, share in zip(step.units, split(self.policy_for(step.function), servers, fte)):
                    load[unit][self.in_field(step)] += work * share
        return [(office, field) for office, field in load]


def split(policy: str, servers: Sequence[float], fte: Sequence[float]) -> list[float]:
    """How a step's work is split between the units serving it (``servers`` and ``fte`` of each,
    in chart order) when routing spreads it evenly: by staff for the shortest queue, by FTE for
    care areas (the engine draws a care area by FTE), all to the first for ``first``."""
    if policy == "first":
        return [1.0] + [0.0] * (len(servers) - 1)
    weight = fte if policy == "care_area" else servers
    total = sum(weight)
    return [w / total if total else 1 / len(weight) for w in weight]


def compile_network(
    scenario: Scenario,
    days: int,
    demand: dict[str, float],
    run_out_days: int = 0,
    open_cases: tuple[OpenCase, ...] = (),
) -> Network:
    """Turn the scenario into a :class:`Network` for ``days`` civil days of arrivals and
    ``run_out_days`` more in which their clients may finish. The warm-up is no part of it: the
    engine counts everything, and the days cut off are chosen afterwards.

    It runs no validation rule: a scenario the blocking rules refuse is the caller's to stop
    (:func:`model.simulation.gate.compiled` does both). A routing with no end raises
    :class:`NeverEnds`, as the routing must be solved for the expected visits anyway."""
    unknown = sorted(set(demand) - {p.id for p in scenario.procedures} - {"*"})
    if unknown:
        known = ", ".join(p.id for p in scenario.procedures)
        raise ConfigError(
            Problem(scenario.file, None, msg("error.sim.demand_unknown", unknown=", ".join(unknown), known=known))
        )
    if any(m < 0 for m in demand.values()):
        raise ConfigError(Problem(scenario.file, None, msg("error.sim.demand_negative")))
    config = scenario.config
    calendar = WorkingCalendar.build(config.calendar, days + run_out_days, scenario.file)
    units = _units(scenario)
    index = {u.id: i for i, u in enumerate(units)}
    served = {f: tuple(index[u.id] for u in us) for f, us in flow.servers(scenario).items()}
    held = {f for u in scenario.units if u.caseload for f in u.functions}
    ends: dict[tuple[Span, Provision | None], tuple[float, ...]] = {}
    try:
        procedures = tuple(
            _procedure(
                p,
                scenario.file,
                served,
                calendar,
                demand.get(p.id, demand.get("*", 1.0)) * p.arrivals.rate_for(config.centre.population),
                p.origin == "caseload" or p.caseload is not None or any(s.function in held for s in p.steps),
                ends,
            )
            for p in scenario.procedures
        )
    except _Stuck as stuck:
        raise NeverEnds(scenario, stuck.procedure) from None
    return Network(
        units,
        procedures,
        config.routing.policy,
        calendar,
        calendar.minutes_before(days),
        _open_cases(open_cases, procedures, scenario.file),
        frozenset(config.routing.care_area),
    )


def _open_cases(cases: tuple[OpenCase, ...], procedures: tuple[ProcedureSpec, ...], file: str) -> tuple[OpenCase, ...]:
    """The open cases with indexes for ids; an unknown procedure or step is a configuration error."""
    index = {p.id: i for i, p in enumerate(procedures)}
    found = []
    for case in cases:
        if case.procedure not in index:
            raise ConfigError(Problem(file, None, msg("error.sim.open_case_procedure", procedure=case.procedure)))
        p = index[case.procedure]
        steps = {s.key.split("/", 1)[1]: s.index for s in procedures[p].steps}
        if case.step not in steps:
            raise ConfigError(
                Problem(file, None, msg("error.sim.open_case_step", procedure=case.procedure, step=case.step))
            )
        if case.started > 0:
            raise ConfigError(Problem(file, None, msg("error.sim.open_case_started", procedure=case.procedure)))
        found.append(OpenCase(p, steps[case.step], case.started))
    return tuple(found)


def _units(scenario: Scenario) -> tuple[UnitSpec, ...]:
    found: list[UnitSpec] = []

    def walk(unit: Unit, location: str | None) -> None:
        location = unit.location or location
        if unit.fte() > 0:
            found.append(
                UnitSpec(
                    unit.id,
                    unit.name,
                    unit_servers(unit, scenario.config),
                    unit.fte(),
                    location,
                    frozenset(unit.functions),
                    None if unit.cases_per_fte is None else max(1, math.floor(unit.cases_per_fte * unit.fte())),
                )
            )
        for child in unit.units:
            walk(child, location)

    for top in scenario.config.units:
        walk(top, None)
    return tuple(found)


def _procedure(
    procedure: Procedure,
    file: str,
    served: dict[str, tuple[int, ...]],
    calendar: WorkingCalendar,
    per_week: float,
    warm: bool,
    ends: dict[tuple[Span, Provision | None], tuple[float, ...]],
) -> ProcedureSpec:
    """One procedure compiled; ``ends`` keeps the deadline tables already worked out (:func:`deadline_ends`)."""
    position = {s.id: i for i, s in enumerate(procedure.steps)}
    anchors = {s.deadline.from_ for s in procedure.steps if s.deadline and s.deadline.from_ != "arrival"}
    steps = []
    for i, step in enumerate(procedure.steps):
        total = sum(p for _, p in step.branches)
        cumulative = tuple(np.cumsum([p / total for _, p in step.branches]))
        deadline = None
        if step.deadline:
            anchor = ARRIVAL if step.deadline.from_ == "arrival" else position[step.deadline.from_]
            span = step.deadline.term
            dates = step.deadline.dated  # art. 26 of the family-benefits act: dates by the day of the application
            if (span, dates) not in ends:  # steps of one deadline share its table
                ends[span, dates] = deadline_ends(calendar, span, dates)
            deadline = DeadlineSpec(span, anchor, step.deadline.basis or "", ends[span, dates])
        delay, delay_span = _delay(step.delay, calendar)
        steps.append(
            StepSpec(
                key=f"{procedure.id}/{step.id}",
                index=i,
                function=step.function,
                units=served[step.function],
                duration=_duration(step.duration),
                delay=delay,
                delay_span=delay_span,
                targets=tuple(None if t == END else position[t] for t, _ in step.branches),
                cumulative=cumulative,
                field=step.field,
                client_present=step.client_present,
                deadline=deadline,
                anchor=step.id in anchors,
                mean_minutes=step.duration.mean_minutes,
            )
        )
    return ProcedureSpec(
        procedure.id,
        procedure.name,
        per_week / calendar.week_minutes,
        position[procedure.entry],
        tuple(steps),
        _visits(procedure, position),
        any(s.deadline for s in steps),
        procedure.origin == "walk_in",
        warm,
    )


def _delay(span: Span | None, calendar: WorkingCalendar) -> tuple[float, Span | None]:
    """A step's delay in working minutes, and its span when the minutes depend on the start."""
    if span is None:
        return 0.0, None
    fixed = calendar.fixed(span)
    return (fixed, None) if fixed is not None else (calendar.typical(span), span)


def _duration(duration: Duration) -> tuple[str, float, float, float]:
    """``(dist, a, b, c)``, the engine's sampler's parameters (triangular: min, max, mode); lognormal
    turned from mean/sd to mu/sigma. :func:`moments` reads the same encoding."""
    if duration.dist == "fixed":
        return "fixed", duration.value, 0.0, 0.0  # type: ignore[return-value]
    if duration.dist == "exponential":
        return "exponential", duration.mean, 0.0, 0.0  # type: ignore[return-value]
    if duration.dist == "triangular":
        return "triangular", duration.min, duration.max, duration.mode  # type: ignore[return-value]
    mean, sd = duration.mean, duration.sd
    if not mean:
        return "fixed", 0.0, 0.0, 0.0
    sigma2 = float(np.log1p((sd / mean) ** 2))  # type: ignore[operator]
    return "lognormal", float(np.log(mean)) - sigma2 / 2, sigma2**0.5, 0.0


def moments(duration: tuple[str, float, float, float]) -> tuple[float, float]:
    """Mean and second moment of a compiled duration (see :func:`_duration`), for queueing formulas."""
    dist, a, b, c = duration
    if dist == "fixed":
        return a, a * a
    if dist == "exponential":
        return a, 2 * a * a
    if dist == "triangular":  # a = min, b = max, c = mode
        mean = (a + b + c) / 3
        return mean, (a * a + b * b + c * c - a * b - a * c - b * c) / 18 + mean * mean
    return math.exp(a + b * b / 2), math.exp(2 * a + 2 * b * b)  # lognormal: a = μ, b = σ


class _Stuck(Exception):
    """Some clients of ``procedure`` would never finish (raised by :func:`_visits`)."""

    def __init__(self, procedure: Procedure):
        super().__init__(procedure.id)
        self.procedure = procedure


class NeverEnds(ConfigError):
    """Clients of ``procedure`` would never finish, in the compiler's own words.

    :func:`model.simulation.gate.compiled` words it better where it can: rule FLOW002 names the
    step and the loop; the one case it cannot see, a way out whose probability is 0, keeps these.
    """

    def __init__(self, scenario: Scenario, procedure: Procedure):
        super().__init__(Problem(scenario.file, procedure.line, msg("error.sim.never_ends", procedure=procedure.id)))
        self.procedure = procedure


UNSOLVABLE = 1e12
"""Condition number past which the routing counts as singular: a loop without a way out."""


def _visits(procedure: Procedure, position: dict[str, int]) -> tuple[float, ...]:
    """Expected visits per step: the solution of v = e_entry + Pᵀ v (routes may loop back).

    Every client finishes with probability 1 exactly when I − Pᵀ is invertible (every step is
    transient); a loop with no way out makes it singular, in floating point only nearly so
    (its probabilities sum to 1 up to rounding), hence the condition number rather than the solver's error.
    """
    n = len(procedure.steps)
    moves = np.zeros((n, n))
    for i, step in enumerate(procedure.steps):
        total = sum(p for _, p in step.branches)
        for target, p in step.branches:
            if target != END:
                moves[i, position[target]] += p / total
    entry = np.zeros(n)
    entry[position[procedure.entry]] = 1.0
    routing = np.eye(n) - moves.T
    if np.linalg.cond(routing) > UNSOLVABLE:
        raise _Stuck(procedure)
    return tuple(float(v) for v in np.linalg.solve(routing, entry))
