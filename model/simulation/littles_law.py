"""Open cases the client flow implies: Little's law, L = λ · W, on a procedure's routing.

A unit that carries cases (family assistants, social workers' families) holds a client's case
from the first step it serves until the client's procedure ends, as the engine holds a case
place (:mod:`model.simulation.engine`). In a steady state the cases open at once are the rate at
which clients come times the mean time a case stays open. Both come from the procedures:
arrivals per week, and the delays and durations of the steps from the first one the unit
serves to the end, with the routing's loops. Waiting in line is not counted, so the figure is
a floor. Validation compares it with the caseload a configuration declares, which the norm
rules read (STAFF001, STAFF003), so that the rules and the simulation tell one story.

Only the calendar and the schema are imported: validation, which the simulation's compiler
calls, reads this module too.
"""

from __future__ import annotations

import numpy as np

from model.config.quantities import Span
from model.config.schema import END, Procedure
from model.simulation.calendar import WorkingCalendar


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
    held = np.array([s.function in functions for s in steps])
    moves = _moves(procedure, index)
    moves[held, :] = 0.0  # a case once opened: where the client goes next no longer matters here
    entry = np.zeros(len(steps))
    entry[index[procedure.entry]] = 1.0
    visits = np.linalg.solve(np.eye(len(steps)) - moves.T, entry)
    return {s.id: float(visits[i]) for i, s in enumerate(steps) if held[i] and visits[i] > 0}


def time_to_end(procedure: Procedure, calendar: WorkingCalendar) -> dict[str, float]:
    """Expected working minutes from the start of each step (its delay included) to the end of
    the procedure, loops included, waits in line left out: T = (I − P)⁻¹ (delay + mean duration)."""
    steps = procedure.steps
    index = {s.id: i for i, s in enumerate(steps)}
    own = np.array([delay_minutes(s.delay, calendar) + s.duration.mean_minutes for s in steps])
    remaining = np.linalg.solve(np.eye(len(steps)) - _moves(procedure, index), own)
    return {s.id: float(remaining[i]) for i, s in enumerate(steps)}


def implied_cases(procedure: Procedure, functions: set[str], per_week: float, calendar: WorkingCalendar) -> float:
    """Cases of ``procedure`` open at once at the units serving ``functions``, in a steady state:
    clients per working minute × the mean working minutes from a client's first step there to the end."""
    rate = per_week / calendar.week_minutes
    remaining = time_to_end(procedure, calendar)
    return rate * sum(p * remaining[step] for step, p in case_entries(procedure, functions).items())


def _moves(procedure: Procedure, index: dict[str, int]) -> np.ndarray:
    """The routing matrix: row = from, column = to, probabilities normalised per step, the end left out."""
    moves = np.zeros((len(index), len(index)))
    for i, step in enumerate(procedure.steps):
        total = sum(p for _, p in step.branches)
        for target, p in step.branches:
            if target != END and total > 0:
                moves[i, index[target]] += p / total
    return moves
