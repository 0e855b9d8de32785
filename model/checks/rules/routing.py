"""Rules of the client flow: every step reachable, every route ends, branches sum to 1, every step served."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

from model.checks.findings import Hit, Severity, rule
from model.checks.rules.context import Context, subject
from model.config.schema import END
from model.i18n import msg
from model.law.norms import TOLERANCE

if TYPE_CHECKING:
    import networkx as nx


@rule(
    "FLOW001",
    Severity.error,
    "Step unreachable from the entry",
    citation="— (consistency of the routing)",
    fix="route a next: to the step or delete it",
)
def unreachable_step(ctx: Context) -> Iterator[Hit]:
    """Every step must be reachable from the procedure's entry, or no client ever gets there.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: info
            name: Informacja
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, next: more}
              - {id: more, function: first_contact, duration: 20 min, next: end}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: info
            name: Informacja
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, next: end}
              - {id: orphan, function: first_contact, duration: 20 min, next: end}
    """
    import networkx as nx

    for procedure in ctx.scenario.procedures:
        graph = ctx.graphs[procedure.id]
        if procedure.entry not in graph:
            continue
        reachable = nx.descendants(graph, procedure.entry) | {procedure.entry}
        for step in procedure.steps:
            if step.id not in reachable:
                yield Hit(
                    msg("finding.FLOW001", step=step.id, procedure=procedure.name, entry=procedure.entry),
                    step,
                    "id",
                    subject(procedure, step),
                )


@rule(
    "FLOW002",
    Severity.error,
    "Step from which the route never ends",
    citation="— (consistency of the routing)",
    fix="add a branch to 'end' or to a step that finishes",
)
def no_way_to_end(ctx: Context) -> Iterator[Hit]:
    """From every step a client must be able to reach ``end``; a cycle with no exit traps them.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: loop
            name: Pętla
            arrivals: {per_week: 5}
            entry: a
            steps:
              - {id: a, function: first_contact, duration: 20 min, next: b}
              - {id: b, function: first_contact, duration: 20 min, next: [{to: a, p: 0.3}, {to: end, p: 0.7}]}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: loop
            name: Pętla
            arrivals: {per_week: 5}
            entry: a
            steps:
              - {id: a, function: first_contact, duration: 20 min, next: b}
              - {id: b, function: first_contact, duration: 20 min, next: a}
    """
    import networkx as nx

    for procedure in ctx.scenario.procedures:
        graph = ctx.graphs[procedure.id]
        finishing = nx.ancestors(graph, END)
        for step in procedure.steps:
            leads_to_unknown = any(graph.nodes[n].get("unknown") for n in nx.descendants(graph, step.id))
            if step.id not in finishing and not leads_to_unknown:  # REF003 reports unknown targets
                cycle = _trap(graph, step.id, [s.id for s in procedure.steps])
                params = {"step": step.id, "procedure": procedure.name}
                message = (
                    msg("finding.FLOW002.loop", loop=" → ".join(cycle + cycle[:1]), **params)
                    if cycle
                    else msg("finding.FLOW002", **params)
                )
                yield Hit(message, step, "next", subject(procedure, step))


def _trap(graph: nx.DiGraph, start: str, order: list[str]) -> list[str]:
    """The loop a client from ``start`` is caught in: the first the depth-first search from
    ``start`` meets (the graph keeps the file's order of steps and branches), told from the step
    listed first in the procedure, so the message reads the same on every run."""
    import networkx as nx

    try:
        cycle = [u for u, _v, *_ in nx.find_cycle(graph, source=start)]
    except nx.NetworkXNoCycle:
        return []
    first = min(range(len(cycle)), key=lambda k: order.index(cycle[k]) if cycle[k] in order else len(order))
    return cycle[first:] + cycle[:first]


@rule(
    "FLOW003",
    Severity.error,
    "Branch probabilities do not sum to 1",
    citation="— (consistency of the routing)",
    fix="adjust the p values of the branches",
)
def probabilities(ctx: Context) -> Iterator[Hit]:
    """The ``p`` of a step's branches must add up to exactly 1.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: info
            name: Informacja
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - id: talk
                function: first_contact
                duration: 20 min
                next: [{to: end, p: 0.6}, {to: again, p: 0.4}]
              - {id: again, function: first_contact, duration: 20 min, next: end}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: info
            name: Informacja
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - id: talk
                function: first_contact
                duration: 20 min
                next: [{to: end, p: 0.5}, {to: again, p: 0.4}]
              - {id: again, function: first_contact, duration: 20 min, next: end}
    """
    for procedure, step in ctx.steps():
        total = sum(p for _, p in step.branches)
        if not math.isclose(total, 1.0, abs_tol=TOLERANCE):
            yield Hit(
                msg("finding.FLOW003", step=step.id, procedure=procedure.name, total=total),
                step,
                "next",
                subject(procedure, step),
            )


@rule(
    "SERV001",
    Severity.error,
    "Function needed but served by no staffed unit",
    citation="— (consistency of the routing)",
    fix="add the function to a unit with staff",
)
def unserved_function(ctx: Context) -> Iterator[Hit]:
    """Every step needs a unit with staff that serves its function, or clients wait forever.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact, services], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: care
            name: Usługi opiekuńcze
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, next: qualify}
              - {id: qualify, function: services, duration: 1 h, next: end}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: care
            name: Usługi opiekuńcze
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, next: qualify}
              - {id: qualify, function: services, duration: 1 h, next: end}
    """
    for procedure, step in ctx.steps():
        if step.function in ctx.scenario.functions and not ctx.servers.get(step.function):
            yield Hit(
                msg(
                    "finding.SERV001",
                    function=ctx.scenario.function_name(step.function),
                    step=step.id,
                    procedure=procedure.name,
                ),
                step,
                "function",
                subject(procedure, step),
            )
