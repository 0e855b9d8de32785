"""Where each element of a BPMN diagram goes: Graphviz orders the flow, lanes give the rows.

Graphviz (``dot``, left to right) places the flow nodes so that sequence flows run forward with
few crossings; we keep its horizontal positions and put each node in its lane's horizontal
band, stacking nodes of one lane that would overlap. The result is the BPMN DI of a pool: the
shapes of its lanes and nodes and the waypoints of its flows, in pixels as modellers read them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import graphviz

SIZES = {"task": (100.0, 80.0), "event": (36.0, 36.0), "gateway": (50.0, 50.0)}
"""Width and height of each kind of node, as Camunda Modeler and bpmn.io draw them."""
POOL_LABEL = 30.0
"""The pool's name band on the left, and each lane's beside it."""
ROW = 170.0
"""Height of a row of a lane: a task, its deadline timer and the annotation under it."""
MARGIN = 40.0
GAP = 20.0
"""Least horizontal space between two nodes of one row."""
POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def middle(self) -> float:
        return self.y + self.height / 2

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    """``task``, ``event`` or ``gateway`` (see :data:`SIZES`)."""
    lane: str


@dataclass(frozen=True)
class PoolLayout:
    pool: Box
    lanes: dict[str, Box]
    nodes: dict[str, Box]
    edges: dict[str, list[tuple[float, float]]]
    """Sequence flow id → its waypoints."""


def flow_order(nodes: Sequence[Node], edges: Sequence[tuple[str, str, str]]) -> dict[str, float]:
    """Graphviz's left-to-right position of each node's centre, in points from the leftmost
    (:class:`~model.exports.render.ExportError` when ``dot`` is not installed)."""
    graph = graphviz.Digraph(graph_attr={"rankdir": "LR", "nodesep": "0.5", "ranksep": "0.5"})
    for node in nodes:
        width, height = SIZES[node.kind]
        graph.node(
            node.id,
            label="",
            shape="box",
            fixedsize="true",
            width=f"{width / POINTS_PER_INCH:.3f}",
            height=f"{height / POINTS_PER_INCH:.3f}",
        )
    for _, source, target in edges:
        graph.edge(source, target)
    try:
        laid = json.loads(graph.pipe(format="json"))
    except graphviz.ExecutableNotFound:
        from model.exports.render import ExportError

        raise ExportError("error.export.no_dot") from None
    centres = {item["name"]: float(item["pos"].split(",")[0]) for item in laid.get("objects", []) if "pos" in item}
    least = min(centres.values(), default=0.0)
    return {name: x - least for name, x in centres.items()}


def lay_out_pool(
    nodes: Sequence[Node], edges: Sequence[tuple[str, str, str]], lanes: Sequence[str], top: float
) -> PoolLayout:
    """The pool of one process, its top edge at ``top``: lanes in the order given, top to bottom."""
    centres = flow_order(nodes, edges)
    left = POOL_LABEL * 2 + MARGIN
    rows: dict[str, list[float]] = {lane: [] for lane in lanes}  # per lane: each row's rightmost edge
    placed: dict[str, tuple[str, int, float, float]] = {}  # node → lane, row, x, width
    for node in sorted(nodes, key=lambda n: centres[n.id]):
        width, _ = SIZES[node.kind]
        x = left + centres[node.id] - width / 2 + SIZES["task"][0] / 2
        lane_rows = rows[node.lane]
        row = next((i for i, right in enumerate(lane_rows) if right + GAP <= x), len(lane_rows))
        if row == len(lane_rows):
            lane_rows.append(0.0)
        lane_rows[row] = x + width
        placed[node.id] = (node.lane, row, x, width)
    right = max((x + width for _, _, x, width in placed.values()), default=left) + MARGIN
    lane_boxes: dict[str, Box] = {}
    y = top
    for lane in lanes:
        height = ROW * max(1, len(rows[lane]))
        lane_boxes[lane] = Box(POOL_LABEL, y, right - POOL_LABEL, height)
        y += height
    boxes: dict[str, Box] = {}
    for node in nodes:
        lane, row, x, width = placed[node.id]
        _, height = SIZES[node.kind]
        middle = lane_boxes[lane].y + row * ROW + SIZES["task"][1] / 2 + MARGIN / 2
        boxes[node.id] = Box(x, middle - height / 2, width, height)
    routes = {flow: _route(boxes[source], boxes[target]) for flow, source, target in edges}
    return PoolLayout(Box(0.0, top, right, y - top), lane_boxes, boxes, routes)


def _route(source: Box, target: Box) -> list[tuple[float, float]]:
    """Waypoints of a flow: straight or with one elbow forward, under both nodes backward."""
    if target.x >= source.right:
        if abs(source.middle - target.middle) < 1:
            return [(source.right, source.middle), (target.x, target.middle)]
        elbow = (source.right + target.x) / 2
        return [
            (source.right, source.middle),
            (elbow, source.middle),
            (elbow, target.middle),
            (target.x, target.middle),
        ]
    below = max(source.bottom, target.bottom) + GAP
    return [
        (source.centre, source.bottom),
        (source.centre, below),
        (target.centre, below),
        (target.centre, target.bottom),
    ]
