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
ROW = 250.0
"""Height of a row of a lane: a task, its deadline timer with its label, the annotation under it."""
MARGIN = 40.0
GAP = 20.0
"""Least horizontal space between two nodes of one row."""
POINTS_PER_INCH = 72.0
LABEL = (110.0, 28.0)
"""A flow's name: two lines of a modeller's small font."""


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


def flow_order(nodes: Sequence[Node], edges: Sequence[tuple[str, str, str]]) -> dict[str, tuple[float, float]]:
    """Graphviz's position of each node's centre, in points: x from the leftmost node, y from the
    topmost (:class:`~model.exports.render.ExportError` when ``dot`` is not installed)."""
    graph = graphviz.Digraph(graph_attr={"rankdir": "LR", "nodesep": "0.5", "ranksep": "1.0"})
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
    centres = {
        item["name"]: tuple(float(v) for v in item["pos"].split(","))
        for item in laid.get("objects", [])
        if "pos" in item
    }
    left = min((x for x, _ in centres.values()), default=0.0)
    top = max((y for _, y in centres.values()), default=0.0)  # Graphviz's y grows upwards
    return {name: (x - left, top - y) for name, (x, y) in centres.items()}


def _lines(heights: list[float]) -> list[float]:
    """Graphviz's horizontal lines among ``heights``: values closer than a row's gap are one line."""
    lines: list[float] = []
    for height in sorted(heights):
        if not lines or height - lines[-1] > GAP:
            lines.append(height)
    return lines


def lay_out_pool(
    nodes: Sequence[Node], edges: Sequence[tuple[str, str, str]], lanes: Sequence[str], top: float
) -> PoolLayout:
    """The pool of one process, its top edge at ``top``: lanes in the order given, top to bottom;
    in a lane, a row for each horizontal line Graphviz put its nodes on, so that branches Graphviz
    drew apart stay apart."""
    centres = flow_order(nodes, edges)
    left = POOL_LABEL * 2 + MARGIN
    rows = {lane: _lines([centres[n.id][1] for n in nodes if n.lane == lane]) for lane in lanes}
    right = max((left + centres[n.id][0] + SIZES["task"][0] for n in nodes), default=left) + MARGIN
    lane_boxes: dict[str, Box] = {}
    y = top
    for lane in lanes:
        height = ROW * max(1, len(rows[lane]))
        lane_boxes[lane] = Box(POOL_LABEL, y, right - POOL_LABEL, height)
        y += height
    boxes: dict[str, Box] = {}
    for node in nodes:
        x, height_in_graph = centres[node.id]
        row = next(i for i, line in reversed(list(enumerate(rows[node.lane]))) if line <= height_in_graph)
        width, height = SIZES[node.kind]
        middle = lane_boxes[node.lane].y + row * ROW + SIZES["task"][1] / 2 + MARGIN / 2
        boxes[node.id] = Box(left + x - width / 2 + SIZES["task"][0] / 2, middle - height / 2, width, height)
    routes = {
        flow: _route(boxes[source], boxes[target], [b for n, b in boxes.items() if n not in (source, target)])
        for flow, source, target in edges
    }
    return PoolLayout(Box(0.0, top, right, y - top), lane_boxes, boxes, routes)


def label_box(points: Sequence[tuple[float, float]]) -> Box:
    """Where a flow's name goes: above its longest horizontal run, near that run's start."""
    runs = [(a, b) for a, b in zip(points, points[1:]) if a[1] == b[1]]
    (x, y), (other, _) = max(runs, key=lambda r: abs(r[1][0] - r[0][0])) if runs else (points[0], points[1])
    return Box(min(x, other) + 6, y - LABEL[1] - 2, *LABEL)


Point = tuple[float, float]


def _candidates(source: Box, target: Box) -> list[list[Point]]:
    """Orthogonal routes from ``source`` to ``target``, the plainest first."""
    start, end = (source.right, source.middle), (target.x, target.middle)
    if target.x >= source.right:
        if abs(source.middle - target.middle) < 1:  # over (or under) the tasks of the row
            above = source.middle - SIZES["task"][1] / 2 - GAP / 2
            below = source.middle + SIZES["task"][1] / 2 + GAP
            return [
                [start, end],
                [(source.centre, source.y), (source.centre, above), (target.centre, above), (target.centre, target.y)],
                [
                    (source.centre, source.bottom),
                    (source.centre, below),
                    (target.centre, below),
                    (target.centre, target.bottom),
                ],
            ]
        elbows = (source.right + GAP, target.x - GAP, (source.right + target.x) / 2)
        return [[start, (x, source.middle), (x, target.middle), end] for x in elbows]
    below = max(source.bottom, target.bottom) + GAP
    above = min(source.y, target.y) - GAP / 2
    return [
        [
            (source.centre, source.bottom),
            (source.centre, below),
            (target.centre, below),
            (target.centre, target.bottom),
        ],
        [(source.centre, source.y), (source.centre, above), (target.centre, above), (target.centre, target.y)],
    ]


def _crosses(points: Sequence[Point], box: Box) -> bool:
    """Whether an orthogonal route passes through ``box``."""
    for (x1, y1), (x2, y2) in zip(points, points[1:]):
        low_x, high_x, low_y, high_y = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
        if low_x < box.right and high_x > box.x and low_y < box.bottom and high_y > box.y:
            return True
    return False


def _route(source: Box, target: Box, others: Sequence[Box] = ()) -> list[Point]:
    """The first of :func:`_candidates` that passes through no other node, else the plainest."""
    routes = _candidates(source, target)
    return next((r for r in routes if not any(_crosses(r, box) for box in others)), routes[0])
