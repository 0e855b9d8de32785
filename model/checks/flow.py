"""The client flow and the org chart as networkx graphs.

Built once from the typed model; the validation rules, the simulation and the views only read
them. In a procedure graph the nodes are step ids plus :data:`~model.config.schema.END`, every edge
carries its probability ``p``, and node attribute ``step`` holds the :class:`Step`.

networkx is imported when the first graph is built, not with this module: a simulation of a
valid configuration needs no graph (see :mod:`model.simulation.network`), and networkx takes
longer to import than a year of an M/M/3 queue takes to simulate a third of.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from model.config.loader import Scenario
from model.config.schema import END, Procedure, Step, Unit

if TYPE_CHECKING:  # the annotations; at run time each graph builder imports networkx itself
    import networkx as nx


def procedure_graph(procedure: Procedure) -> nx.DiGraph:
    """The routing of one procedure: steps as nodes, ``next`` as edges weighted by ``p``.

    Edges to unknown step ids are kept (their target gets ``step=None``) so that rules can
    report them instead of the graph hiding them. Repeated targets add up their ``p``.
    """
    import networkx as nx

    graph = nx.DiGraph(procedure=procedure.id, entry=procedure.entry)
    graph.add_node(END, step=None)
    for step in procedure.steps:
        graph.add_node(step.id, step=step)
    for step in procedure.steps:
        for target, p in step.branches:
            if target not in graph:
                graph.add_node(target, step=None, unknown=True)
            previous = graph.edges[step.id, target]["p"] if graph.has_edge(step.id, target) else 0.0
            graph.add_edge(step.id, target, p=previous + p)
    return graph


def org_graph(scenario: Scenario) -> nx.DiGraph:
    """The org chart: edges supervisor → unit (``line="solid"``) and dotted lines (``"dotted"``)."""
    import networkx as nx

    graph = nx.DiGraph()
    for unit in scenario.units:
        graph.add_node(unit.id, unit=unit)

    def link(parent: Unit) -> None:
        for child in parent.units:
            graph.add_edge(parent.id, child.id, line="solid")
            link(child)

    for top in scenario.config.units:
        link(top)
    for unit in scenario.units:
        for boss in unit.also_reports_to:
            if boss in graph:
                graph.add_edge(boss, unit.id, line="dotted")
    return graph


def servers(scenario: Scenario) -> dict[str, list[Unit]]:
    """Function id → the staffed units that serve it, in chart order."""
    result: dict[str, list[Unit]] = defaultdict(list)
    for unit in scenario.units:
        if unit.fte() > 0:
            for function in unit.functions:
                result[function].append(unit)
    return dict(result)


def quickest_ends(
    graph: nx.DiGraph,
    source: str,
    start: float,
    finish: Callable[[Step, float], float],
    targets: Collection[str],
    *,
    after_source: bool = False,
) -> dict[str, float]:
    """The earliest time each step can be done when ``source`` is reached at ``start``.

    ``finish(step, time)`` tells when a step reached at ``time`` is done (its delay, then its
    work), so delays may depend on the day, as calendar days do. The source's own step counts
    unless ``after_source`` (a deadline counted from a step runs from its completion: the source
    is then done at ``start``). Dijkstra's algorithm over times: exact on a clock where starting
    later never ends earlier. One search serves every deadline counted from ``source`` (issue 23):
    it stops when all ``targets`` are done. Steps that cannot be reached, or that are not reached
    before the last target, are left out.
    """
    if source not in graph:
        return {}
    left = set(targets) - ({source} if after_source else set())
    queue = [(start, node) for node in graph.successors(source)] if after_source else [(start, source)]
    heapq.heapify(queue)
    done: dict[str, float] = {}
    while queue and left:
        reached, node = heapq.heappop(queue)
        step = graph.nodes[node].get("step")
        if node in done or step is None:
            continue
        done[node] = finish(step, reached)
        left.discard(node)
        for following in graph.successors(node):
            if following not in done:
                heapq.heappush(queue, (done[node], following))
    if after_source:
        done[source] = start
    return done
