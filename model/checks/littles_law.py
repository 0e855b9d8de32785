"""Open cases the client flow implies: Little's law, L = λ · W, on a procedure's routing.

A unit that carries cases (family assistants, social workers' families) holds a client's case
from the first step it serves until the client's procedure ends, as the engine holds a case
place (:mod:`model.simulation.engine`). In a steady state the cases open at once are the rate at
which clients come times the mean time a case stays open. Both come from the procedures:
arrivals per week, and the delays and durations of the steps from the first one the unit
serves to the end, with the routing's loops. Waiting in line is not counted, so the figure is
a floor. Validation compares it with the caseload a configuration declares, which the norm
rules read (STAFF001, STAFF003), so that the rules and the simulation tell one story.

Only the calendar and the schema are imported, and no numpy: validation, which the simulation's
compiler calls and which starts in a blink on the command line, reads this module too. The
linear systems are a procedure's few steps, solved by Gaussian elimination.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from model.config.calendar import WorkingCalendar
from model.config.quantities import Span
from model.config.schema import Procedure

SINGULAR = 1e-9
"""A pivot this small means a loop with no way out (rule FLOW002): no steady state to speak of."""


class NeverEnds(ArithmeticError):
    """Some clients of the procedure never finish: the routing has a loop with no way out."""


def delay_minutes(span: Span | None, calendar: WorkingCalendar) -> float:
    """Working minutes of a step's delay: exact when fixed on this calendar, else its typical length."""
    if span is None:
        return 0.0
    fixed = calendar.fixed(span)
    return calendar.typical(span) if fixed is None else fixed


def case_entries(procedure: Procedure, functions: set[str]) -> dict[str, float]:
    """For each step serving one of ``functions``, the probability that a client's first such step
    is this one (where a unit serving them opens the client's case)."""
    steps = procedure.steps
    index = {s.id: i for i, s in enumerate(steps)}
    if procedure.entry not in index:
        return {}  # rule REF002 reports it
    held = [s.function in functions for s in steps]
    if not any(held):
        return {}  # no case opens here: nothing to solve (most units' functions are in few procedures)
    moves = [[0.0] * len(steps) if held[i] else row for i, row in enumerate(_moves(procedure, index))]
    # a case once opened, where the client goes next no longer matters: visits v = e + Pᵀ v
    entry = [float(i == index[procedure.entry]) for i in range(len(steps))]
    visits = _solve(_identity_minus(_transposed(moves)), entry)
    return {s.id: visits[i] for i, s in enumerate(steps) if held[i] and visits[i] > 0}


def time_to_end(procedure: Procedure, calendar: WorkingCalendar) -> dict[str, float]:
    """Expected working minutes from the start of each step (its delay included) to the end of
    the procedure, loops included, waits in line left out: T = (I − P)⁻¹ (delay + mean duration)."""
    steps = procedure.steps
    index = {s.id: i for i, s in enumerate(steps)}
    own = [delay_minutes(s.delay, calendar) + s.duration.mean_minutes for s in steps]
    remaining = _solve(_identity_minus(_moves(procedure, index)), own)
    return {s.id: remaining[i] for i, s in enumerate(steps)}


@dataclass(frozen=True)
class CaseFlow:
    """Cases at the units serving some functions, in a steady state."""

    new_per_week: float
    """Cases opened a week: clients a week × the probability that they reach those units."""
    open: float
    """Cases open at once: Little's law, clients per working minute × mean working minutes open."""

    @property
    def weeks_open(self) -> float:
        """Mean time a case stays open, in weeks of the calendar's open hours."""
        return self.open / self.new_per_week if self.new_per_week else 0.0

    def scaled(self, share: float) -> CaseFlow:
        """The part of these cases one of several units serving the functions carries."""
        return CaseFlow(self.new_per_week * share, self.open * share)

    def __add__(self, other: CaseFlow) -> CaseFlow:
        return CaseFlow(self.new_per_week + other.new_per_week, self.open + other.open)


def case_flow(procedure: Procedure, functions: set[str], per_week: float, calendar: WorkingCalendar) -> CaseFlow:
    """Cases of ``procedure`` at the units serving ``functions`` when ``per_week`` clients come a week;
    nothing for a route that never ends (rule FLOW002 reports it)."""
    return Routing(procedure, calendar).flow(functions, per_week)


@dataclass
class Routing:
    """One procedure's routing on a calendar, solved once however many units ask about it: a rule
    asks for each unit's functions, and the time to end is the same for all (issue 23)."""

    procedure: Procedure
    calendar: WorkingCalendar
    _entries: dict[frozenset[str], dict[str, float] | None] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def remaining(self) -> dict[str, float] | None:
        """:func:`time_to_end` of the procedure; ``None`` when some clients never finish."""
        try:
            return time_to_end(self.procedure, self.calendar)
        except NeverEnds:
            return None

    def flow(self, functions: set[str], per_week: float) -> CaseFlow:
        """:func:`case_flow` of this procedure."""
        key = frozenset(functions)
        if key not in self._entries:
            try:
                self._entries[key] = case_entries(self.procedure, functions)
            except NeverEnds:
                self._entries[key] = None
        entries = self._entries[key]
        remaining = self.remaining if entries else None  # solved only for a procedure that opens cases here
        if not entries or remaining is None:
            return CaseFlow(0.0, 0.0)
        rate = per_week / self.calendar.week_minutes
        reached = sum(entries.values())
        return CaseFlow(per_week * reached, rate * sum(p * remaining[step] for step, p in entries.items()))


def _moves(procedure: Procedure, index: dict[str, int]) -> list[list[float]]:
    """The routing matrix: row = from, column = to, probabilities normalised per step, the end left out."""
    moves = [[0.0] * len(index) for _ in index]
    for i, step in enumerate(procedure.steps):
        total = sum(p for _, p in step.branches)
        for target, p in step.branches:
            if target in index and total > 0:  # the end, or an unknown step (rule REF003 reports it)
                moves[i][index[target]] += p / total
    return moves


def _transposed(matrix: list[list[float]]) -> list[list[float]]:
    return [list(column) for column in zip(*matrix)]


def _identity_minus(matrix: list[list[float]]) -> list[list[float]]:
    return [[float(i == j) - value for j, value in enumerate(row)] for i, row in enumerate(matrix)]


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """``matrix⁻¹ · vector`` by Gaussian elimination with partial pivoting; :class:`NeverEnds` when
    the matrix is singular (I − P of a loop with no way out)."""
    n = len(vector)
    rows = [list(row) + [value] for row, value in zip(matrix, vector)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        if abs(rows[pivot][col]) < SINGULAR:
            raise NeverEnds
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col and rows[r][col]:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col])]
    return [rows[i][n] / rows[i][i] for i in range(n)]
