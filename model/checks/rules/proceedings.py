"""Rules of proceedings: the interview before a decision, who conducts it, who signs, the appeal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from model.checks.findings import Hit, Severity, rule
from model.checks.rules.context import Context, span_text, subject
from model.config.functions import DECISION_BENEFITS
from model.config.quantities import parse_span
from model.i18n import msg

if TYPE_CHECKING:  # annotations; a rule imports networkx when it runs
    import networkx as nx


@rule(
    "PROC001",
    Severity.error,
    "Benefit decision with no environmental interview before it",
    citation="art. 106 ust. 4 u.p.s.",
    fix="route the client through a step with interview: true before the decision",
    law=("ups.interview",),
)
def interview_before_decision(ctx: Context) -> Iterator[Hit]:
    """A benefit of social assistance is granted by decision only after a family environmental
    interview (art. 106 ust. 4 u.p.s.): every route from the entry to a decision step of
    ``decision_benefits`` must pass a step marked ``interview: true``.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area, shared_services: CUW}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, decision_benefits],
             staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, next: visit}
              - {id: visit, function: first_contact, duration: 1 h, interview: true, next: decide}
              - {id: decide, function: decision_benefits, duration: 30 min, decision: true, next: end}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area, shared_services: CUW}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, decision_benefits],
             staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, next: decide}
              - {id: decide, function: decision_benefits, duration: 30 min, decision: true, next: end}
    """
    import networkx as nx

    law = ctx.law("ups.interview")
    if law is None:
        return
    for procedure in ctx.scenario.procedures:
        graph = ctx.graphs[procedure.id]
        if procedure.entry not in graph:
            continue
        skipping = graph.subgraph([n for n in graph if not _interview(graph, n)])
        reachable = (
            nx.descendants(skipping, procedure.entry) | {procedure.entry} if procedure.entry in skipping else set()
        )
        for step in procedure.steps:
            if step.decision and step.function == DECISION_BENEFITS and step.id in reachable:
                yield Hit(
                    msg("finding.PROC001", step=step.id, procedure=procedure.name, citation=law.citation),
                    step,
                    "decision",
                    subject(procedure, step),
                )


def _interview(graph: nx.DiGraph, node: str) -> bool:
    step = graph.nodes[node].get("step")
    return bool(step and step.interview)


@rule(
    "PROC002",
    Severity.error,
    "Environmental interview by a unit with no social worker",
    citation="art. 107 u.p.s.; rozporządzenie w sprawie rodzinnego wywiadu środowiskowego (niezweryfikowane)",
    fix="serve the interview's function only by units with social-worker staff",
    law=("ups.interview_by_social_worker",),
)
def interview_by_social_worker(ctx: Context) -> Iterator[Hit]:
    """Only a social worker conducts the family environmental interview. Every unit that may
    be sent a step marked ``interview: true`` must have social-worker staff.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area, shared_services: CUW}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}]}
          - {id: desk, name: Sekcja Świadczeń, kind: section, functions: [decision_benefits],
             staff: [{role: clerk, fte: 1}, {role: social_worker, fte: 1}]}
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, next: visit}
              - {id: visit, function: decision_benefits, duration: 1 h, interview: true, next: end}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area, shared_services: CUW}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}]}
          - {id: desk, name: Sekcja Świadczeń, kind: section, functions: [decision_benefits],
             staff: [{role: clerk, fte: 2}]}
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, next: visit}
              - {id: visit, function: decision_benefits, duration: 1 h, interview: true, next: end}
    """
    law = ctx.law("ups.interview_by_social_worker")
    if law is None:
        return
    for procedure, step in ctx.steps():
        if not step.interview:
            continue
        for unit in ctx.servers.get(step.function, []):
            if unit.social_worker_fte() <= 0:
                yield Hit(
                    msg("finding.PROC002", step=step.id, procedure=procedure.name, unit=unit.name),
                    step,
                    "interview",
                    subject(procedure, step),
                )


@rule(
    "PROC003",
    Severity.error,
    "Decision no authorised post signs",
    citation="art. 110 ust. 7–8 u.p.s.",
    fix="list the function under authorisations: of the deciding unit or of a superior",
    law=("ups.authorisation",),
)
def decision_authorised(ctx: Context) -> Iterator[Hit]:
    """A decision is signed by someone holding the mayor's authorisation (art. 110 ust. 7–8
    u.p.s.): the director, or staff authorised on the director's request. Every unit serving a
    decision step's function must hold it for that function, itself or through a superior
    (``authorisations: [decision_benefits]``); the regulation draft lists them.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area, shared_services: CUW}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, decision_benefits],
             authorisations: [decision_benefits], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, interview: true, next: decide}
              - {id: decide, function: decision_benefits, duration: 30 min, decision: true, next: end}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area, shared_services: CUW}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, decision_benefits],
             staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, interview: true, next: decide}
              - {id: decide, function: decision_benefits, duration: 30 min, decision: true, next: end}
    """
    law = ctx.law("ups.authorisation")
    if law is None:
        return
    reported: set[tuple[str, str]] = set()
    for _procedure, step in ctx.steps():
        if not step.decision:
            continue
        for unit in ctx.servers.get(step.function, []):
            if (unit.id, step.function) in reported:
                continue
            if not any(step.function in boss.authorisations for boss in ctx.chain(unit)):
                reported.add((unit.id, step.function))
                yield Hit(
                    msg(
                        "finding.PROC003",
                        unit=unit.name,
                        function=ctx.scenario.function_name(step.function),
                        citation=law.citation,
                    ),
                    unit,
                    "functions",
                    unit.id,
                )


@rule(
    "PROC004",
    Severity.error,
    "Appeal forwarded to the SKO later than art. 133 KPA allows",
    citation="art. 133 KPA",
    fix="give the appeal step a deadline of at most 7 days (law: kpa.forward_appeal)",
    law=("kpa.forward_appeal",),
)
def appeal_forwarded_in_time(ctx: Context) -> Iterator[Hit]:
    """The centre decides in the first instance; an appeal against its decision goes to the
    local appeals board (SKO) through the centre, which forwards it with the files within 7 days
    (art. 133 KPA). A step marked ``appeal: true`` needs that deadline.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area, shared_services: CUW}
        units:
          - id: ops
            name: Ośrodek
            kind: management
            functions: [first_contact, decision_benefits]
            authorisations: [decision_benefits]
            staff: [{role: social_worker, fte: 3}]
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, interview: true, next: decide}
              - id: decide
                function: decision_benefits
                duration: 30 min
                decision: true
                next: [{to: end, p: 0.9}, {to: appeal, p: 0.1}]
              - id: appeal
                function: decision_benefits
                duration: 1 h
                appeal: true
                deadline: {within: 7 d, from: decide, basis: art. 133 KPA}
                next: end

    Fails::

        centre: {name: OPS, population: 6000, model: care_area, shared_services: CUW}
        units:
          - id: ops
            name: Ośrodek
            kind: management
            functions: [first_contact, decision_benefits]
            authorisations: [decision_benefits]
            staff: [{role: social_worker, fte: 3}]
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, interview: true, next: decide}
              - id: decide
                function: decision_benefits
                duration: 30 min
                decision: true
                next: [{to: end, p: 0.9}, {to: appeal, p: 0.1}]
              - id: appeal
                function: decision_benefits
                duration: 1 h
                appeal: true
                deadline: {within: 14 d, from: decide, basis: art. 133 KPA}
                next: end
    """
    law = ctx.law("kpa.forward_appeal")
    if law is None:
        return
    limit, clock = parse_span(law.value), ctx.clock
    for procedure, step in ctx.steps():
        if not step.appeal:
            continue
        within = step.deadline.within if step.deadline else None
        if within is None or (
            clock is not None
            and any(clock.last_day(within, t, True) > clock.last_day(limit, t, True) for t in ctx.starts)
        ):
            yield Hit(
                msg(
                    "finding.PROC004",
                    step=step.id,
                    procedure=procedure.name,
                    limit=span_text(limit),
                    citation=law.citation,
                ),
                step.deadline or step,
                "within" if step.deadline else "appeal",
                subject(procedure, step),
            )


@rule(
    "PROC005",
    Severity.warning,
    "Decision with no appeal route",
    citation="art. 127 § 1 i art. 129 § 2 KPA",
    fix="add a branch from the decision to a step marked appeal: true",
    law=("kpa.appeal",),
)
def appeal_route(ctx: Context) -> Iterator[Hit]:
    """A party may appeal a decision within 14 days (art. 129 § 2 KPA). A procedure whose
    decision has no branch to an ``appeal: true`` step hides that work from the simulation and
    the 7-day forwarding deadline from PROC004.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area, shared_services: CUW}
        units:
          - id: ops
            name: Ośrodek
            kind: management
            functions: [first_contact, decision_benefits]
            authorisations: [decision_benefits]
            staff: [{role: social_worker, fte: 3}]
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, interview: true, next: decide}
              - id: decide
                function: decision_benefits
                duration: 30 min
                decision: true
                next: [{to: end, p: 0.9}, {to: appeal, p: 0.1}]
              - {id: appeal, function: decision_benefits, duration: 1 h, appeal: true, next: end}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area, shared_services: CUW}
        units:
          - id: ops
            name: Ośrodek
            kind: management
            functions: [first_contact, decision_benefits]
            authorisations: [decision_benefits]
            staff: [{role: social_worker, fte: 3}]
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, interview: true, next: decide}
              - {id: decide, function: decision_benefits, duration: 30 min, decision: true, next: end}
    """
    import networkx as nx

    law = ctx.law("kpa.appeal")
    if law is None:
        return
    for procedure in ctx.scenario.procedures:
        graph = ctx.graphs[procedure.id]
        for step in procedure.steps:
            if not step.decision or step.id not in graph:
                continue
            after = nx.descendants(graph, step.id)
            if not any(_appeal(graph, n) for n in after):
                yield Hit(
                    msg("finding.PROC005", step=step.id, procedure=procedure.name, citation=law.citation),
                    step,
                    "decision",
                    subject(procedure, step),
                )


def _appeal(graph: nx.DiGraph, node: str) -> bool:
    step = graph.nodes[node].get("step")
    return bool(step and step.appeal)
