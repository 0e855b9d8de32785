"""The client flow and the org chart as networkx graphs.

Built once from the typed model; the validation rules, the simulation and the views only read
them. In a procedure graph the nodes are step ids plus :data:`~model.config.schema.END`, every edge
carries its probability ``p``, and node attribute ``step`` holds the :class:`Step`.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from model.config.loader import Scenario
from model.config.schema import END, Procedure, Step, Unit


def procedure_graph(procedure: Procedure) -> nx.DiGraph:
    """The routing of one procedure: steps as nodes, ``next`` as edges weighted by ``p``.

    Edges to unknown step ids are kept (their target gets ``step=None``) so that rules can
    report them instead of the graph hiding them. Repeated targets add up their ``p``.
    """
    graph = nx.DiGraph(procedure=procedure.id, entry=procedure.entry)
    graph.add_node(END, step=None)
    for step in procedure.steps:
        graph.add_node(step.id, step=step)
    for step in procedure.steps:
        for target, p in step.branches:
            if target not in graph:
                graph.add_node(target, step=None, unknown=True)
            previous = graph.edges[step.id, target]["p"] if graph.has_edge(step.id, target) else 0.0
            graph.add_edge(step.id, target, p=previous + p, minutes=_own_minutes(step))
    return graph


def org_graph(scenario: Scenario) -> nx.DiGraph:
    """The org chart: edges supervisor → unit (``line="solid"``) and dotted lines (``"dotted"``)."""
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


def quickest_minutes(graph: nx.DiGraph, source: str, target: str, *, after_source: bool = False) -> float | None:
    """Mean working minutes along the quickest route from ``source`` to the end of ``target``.

    Counts each step's mean duration plus its delay, the target's own included, and the
    source's own unless ``after_source`` (a deadline counted from a step runs from its
    completion); ``None`` when ``target`` cannot be reached from ``source``.
    """
    try:
        length = nx.shortest_path_length(graph, source, target, weight="minutes")
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None
    if after_source:
        length -= _own_minutes(graph.nodes[source]["step"])
    return length + _own_minutes(graph.nodes[target]["step"])


def _own_minutes(step: Step) -> float:
    return step.duration.mean_minutes + (step.delay or 0)
