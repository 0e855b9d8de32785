"""Rules of deadlines: the quickest route, walked on the simulation's calendar, must be able to meet each."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from model.checks import flow
from model.checks.findings import Hit, Severity, rule
from model.checks.rules.context import Context, span_text, subject, work_text
from model.config.calendar import WorkingCalendar
from model.config.quantities import Span
from model.config.schema import Deadline, Procedure, Step
from model.i18n import Message, msg
from model.law.benefit_period import fixes_dates


@rule(
    "TIME001",
    Severity.warning,
    "Deadline the quickest route cannot meet",
    citation="the deadline's own basis (e.g. art. 35 § 3 KPA)",
    fix="shorten the steps or delays before the deadline",
)
def unmeetable_deadline(ctx: Context) -> Iterator[Hit]:
    """Even the quickest route, at mean durations and delays, must be able to meet a step's deadline.

    A deadline runs from the client's arrival or from the completion of an earlier step. The
    route is walked on the simulation's own calendar (:mod:`model.config.calendar`): delays
    in days run through nights and weekends, working days skip the days off, and the deadline's
    last day is counted as KPA art. 57 counts it. The rule fires when the deadline is missed
    for a client who comes at the opening of any open day of the first four weeks alike: it
    cannot be met whenever they come. The simulation counts every client.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact, decision_benefits], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, delay: 3 d, next: decide}
              - id: decide
                function: decision_benefits
                duration: 30 min
                next: end
                deadline: {within: 1 month, basis: art. 35 § 3 KPA}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact, decision_benefits], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, delay: 35 d, next: decide}
              - id: decide
                function: decision_benefits
                duration: 30 min
                next: end
                deadline: {within: 1 month, basis: art. 35 § 3 KPA}
    """
    clock = ctx.clock
    if clock is None:
        return
    calendar = ctx.scenario.config.calendar.model_dump_json()  # what the clock is built from
    ids = Counter(procedure.id for procedure in ctx.scenario.procedures)
    for procedure in ctx.scenario.procedures:
        if any(step.deadline and step.deadline.within is not None for step in procedure.steps):
            walk = _Walk(procedure, calendar, clock, ctx.starts, ctx.graphs[procedure.id])
            # two procedures of one id share the graph of the last: not the procedure's own, not kept
            yield from _unmeetable(walk) if ids[procedure.id] == 1 else _unmeetable.__wrapped__(walk)


class _Walk:
    """One procedure's deadlines to check on a calendar: the key of :func:`_unmeetable` (the
    procedure by its identity, the calendar by its content) and what the search walks (the clock
    built from that calendar, its starts, the procedure's graph), which the key determines."""

    def __init__(self, procedure: Procedure, calendar: str, clock: WorkingCalendar, starts: list[float], graph: Any):
        self.procedure, self.calendar, self.clock, self.starts, self.graph = procedure, calendar, clock, starts, graph

    def __hash__(self) -> int:
        return hash((id(self.procedure), self.calendar))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Walk) and other.procedure is self.procedure and other.calendar == self.calendar


WALKS_KEPT = 256
"""Procedures' TIME001 hits kept (see :func:`_unmeetable`)."""


@lru_cache(maxsize=WALKS_KEPT)
def _unmeetable(walk: _Walk) -> tuple[Hit, ...]:
    """TIME001's hits in one procedure, kept: they depend on the procedure and the calendar alone,
    and the loader keeps each procedure read in the law of a day (nothing changes it), so an edit
    of the staff or the chart, which changes neither, searches nothing again (the searches were
    half the rules' time of such an edit)."""
    procedure, clock, starts, graph = walk.procedure, walk.clock, walk.starts, walk.graph

    def finish(step: Step, minute: float) -> float:
        waited = minute if step.delay is None else clock.after(minute, step.delay)
        return waited + step.duration.mean_minutes

    deadlines = [
        (step, step.deadline, step.deadline.within, _counted_from(procedure, step.deadline))
        for step in procedure.steps
        if step.deadline and step.deadline.within is not None
    ]
    targets: dict[tuple[str, str, bool], set[str]] = {}  # the deadlines counted from one source share a search
    for step, _, _, key in deadlines:
        targets.setdefault(key, set()).add(step.id)
    searches: dict[tuple[str, str, bool], list[dict[str, float]]] = {}
    hits: list[Hit] = []
    for step, deadline, span, key in deadlines:
        _, source, from_completion = key
        if source not in graph or graph.nodes[source].get("step") is None:
            continue  # REF003 reports it
        if key not in searches:
            searches[key] = [
                flow.quickest_ends(graph, source, start, finish, targets[key], after_source=from_completion)
                for start in starts
            ]
        ends = [(start, done.get(step.id)) for start, done in zip(starts, searches[key])]
        routes = [(start, end) for start, end in ends if end is not None]
        if len(routes) < len(ends):  # the step cannot be reached from the source at all
            hits.append(
                Hit(
                    msg("finding.TIME001.source", step=step.id, source=source),
                    deadline,
                    "from",
                    subject(procedure, step),
                )
            )
        elif not any(clock.kept(span, start, end, from_completion, deadline.dated) for start, end in routes):
            taken = min((_taken(clock, span, start, end, from_completion) for start, end in routes), key=lambda x: x[0])
            hits.append(
                Hit(
                    msg(
                        "finding.TIME001",
                        step=step.id,
                        procedure=procedure.name,
                        within=span_text(span),
                        basis=deadline.basis,
                        needed=taken[1],
                    ),
                    deadline,
                    "within",
                    subject(procedure, step),
                )
            )
    return tuple(hits)


def _counted_from(procedure: Procedure, deadline: Deadline) -> tuple[str, str, bool]:
    """Where a deadline runs from: ``(procedure, source step, from the source's completion)``."""
    from_arrival = deadline.from_ == "arrival"
    return procedure.id, procedure.entry if from_arrival else deadline.from_, not from_arrival


def _taken(
    clock: WorkingCalendar, span: Span, start: float, end: float, from_completion: bool
) -> tuple[float, Message]:
    """How long a route takes, in the deadline's terms: working time, working days or days."""
    if span.unit == "minutes":
        return end - start, work_text(end - start)
    first = clock.open_days[clock.day(start, from_completion)]
    last = clock.open_days[clock.day(end, finishing=True)]
    if span.unit == "working_days":
        days = clock.legal.working_days_between(first, last)
        return days, msg("span.working_days", amount=days)
    return last - first, msg("span.days", amount=last - first)


@rule(
    "TIME002",
    Severity.warning,
    "Family benefits cited under art. 26 but counted by the general month",
    citation="art. 26 ustawy z dnia 28 listopada 2003 r. o świadczeniach rodzinnych; art. 35 § 3 KPA",
    fix="add 'dates: family_benefits.new_period' to the decision step's deadline",
    law=("family_benefits.new_period",),
)
def family_benefits_by_month(ctx: Context) -> Iterator[Hit]:
    """A procedure that cites art. 26 of the family-benefits act must count its decision by art. 26.

    Art. 26 fixes the last day of an application for the new benefit period as a calendar date by
    the date it is filed (filed in August: by 30 November), not a month after it. A decision step
    whose deadline counts only the general month (art. 35 § 3 KPA) in a procedure that cites the
    article shows, and simulates, the wrong due date for every application of the new period.
    Quiet where the law of the configuration's date fixes no dates.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area, effective_from: 2024-01-01}
        units:
          - {id: sr, name: Dział Świadczeń Rodzinnych, kind: team,
             functions: [family_benefits], staff: [{role: clerk, fte: 3}]}
        procedures:
          - id: sr
            name: Świadczenia rodzinne
            basis: ["{law:family_benefits.new_period.citation}"]
            arrivals: {per_week: 5}
            entry: decide
            steps:
              - id: decide
                function: family_benefits
                decision: true
                duration: 30 min
                next: end
                deadline: {within: 1 month, basis: art. 35 § 3 KPA, dates: family_benefits.new_period}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area, effective_from: 2024-01-01}
        units:
          - {id: sr, name: Dział Świadczeń Rodzinnych, kind: team,
             functions: [family_benefits], staff: [{role: clerk, fte: 3}]}
        procedures:
          - id: sr
            name: Świadczenia rodzinne
            basis: ["{law:family_benefits.new_period.citation}"]
            arrivals: {per_week: 5}
            entry: decide
            steps:
              - id: decide
                function: family_benefits
                decision: true
                duration: 30 min
                next: end
                deadline: {within: 1 month, basis: art. 35 § 3 KPA}
    """
    law = ctx.law("family_benefits.new_period")
    if law is None or not fixes_dates(law):
        return
    for procedure, step in ctx.steps():
        if (
            step.decision
            and step.deadline is not None
            and step.deadline.dated is None
            and law.citation in procedure.basis
        ):
            yield Hit(
                msg("finding.TIME002", step=step.name or step.id, procedure=procedure.name, citation=law.citation),
                step.deadline,
                "within",
                subject(procedure, step),
            )
