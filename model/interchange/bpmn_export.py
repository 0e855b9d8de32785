"""Procedures as a BPMN 2.0 file that Camunda Modeler, bpmn.io, Bizagi and Prosimos open.

Each procedure is a pool (a participant of one collaboration) with a lane per unit that serves
its steps, or per function (``lanes="function"``). A step with the client is a user task, a
back-office step a manual task; a step's delay is a timer event before it; branches leave an
exclusive gateway; a statutory deadline is a non-interrupting timer on the task's border with
an annotation citing its legal basis. Everything the simulation needs, and every field of the
procedure that BPMN has no place for, goes into our extension namespace (:data:`~.bpmn.MOPS`),
so that :mod:`.bpmn_import` reads the same procedure back. The diagram (BPMN DI) is laid out
by :mod:`.bpmn_layout`. Names are Polish, as the procedures write them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from model.checks.flow import servers
from model.config.loader import Scenario
from model.config.located import yaml_span
from model.config.quantities import Span, parse_span
from model.config.schema import END, Deadline, Duration, Procedure, Step
from model.i18n import t
from model.interchange.bpmn import NAMESPACES, element_id, iso_duration, qualified
from model.interchange.bpmn_layout import SIZES, Box, Node, PoolLayout, label_box, lay_out_pool
from model.law import LawError, provision

for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)

LANES = ("unit", "function")
BRANCH_VARIABLE = "mops_branch"
"""The variable a branch's condition tests: the number of the branch a simulation drew."""
ANNOTATION = (260.0, 14.0)
"""Width of a deadline's annotation and the height of one line of its text."""
CHARS_PER_LINE = 40


@dataclass
class Drawn:
    """One procedure's elements as drawn: what the Prosimos parameters and the DI refer to."""

    procedure: Procedure
    process_id: str
    tasks: dict[str, Step] = field(default_factory=dict)
    """Task id → its step."""
    gateways: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    """Split gateway id → (outgoing flow id, probability)."""
    timers: dict[str, Span] = field(default_factory=dict)
    """Delay timer id → its span."""
    lanes: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    """Lane id → its name and the ids of the units it stands for (none for a function lane)."""
    nodes: list[Node] = field(default_factory=list)
    flows: list[tuple[str, str, str]] = field(default_factory=list)
    """(flow id, source id, target id)."""
    deadlines: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Boundary timer id → (task id, annotation id)."""
    named: set[str] = field(default_factory=set)
    """Flows with a name (a branch's label), whose label the diagram places."""


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _sub(parent: ET.Element, prefix: str, local: str, **attributes: str | None) -> ET.Element:
    """A child element; attributes given as ``None`` are left out."""
    return ET.SubElement(parent, qualified(prefix, local), {k: v for k, v in attributes.items() if v is not None})


def _text(parent: ET.Element, prefix: str, local: str, text: str, **attributes: str | None) -> ET.Element:
    element = _sub(parent, prefix, local, **attributes)
    element.text = text
    return element


def _number(value: float | None) -> str | None:
    return None if value is None else repr(float(value))


def deadline_term(deadline: Deadline, on: dt.date) -> tuple[Span, str] | None:
    """A deadline's term and legal basis on ``on``: as written, or from the law catalogue."""
    if deadline.within is not None and deadline.basis:
        return deadline.within, deadline.basis
    if deadline.law is None:
        return None
    try:
        found = provision(deadline.law, on)
    except LawError:
        return None
    return (parse_span(found.value), found.citation) if found.value is not None else None


PROCEDURE_FIELDS = frozenset({"id", "name", "description", "basis", "origin", "arrivals", "caseload", "entry", "steps"})
"""The procedure's fields the file carries in elements of their own; any other goes in ``mops:more``."""
STEP_FIELDS = frozenset(
    {
        "id",
        "name",
        "description",
        "function",
        "duration",
        "next",
        "delay",
        "deadline",
        "decision",
        "interview",
        "appeal",
        "field",
        "client_present",
        "document",
    }
)


def _more(extension: ET.Element, model: Procedure | Step, written: frozenset[str]) -> None:
    """Fields without an element of their own, as JSON: a field added to the schema later still
    comes back from the file."""
    rest = model.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude_none=True, exclude=set(written))
    if rest:
        _text(extension, "mops", "more", json.dumps(rest, ensure_ascii=False, sort_keys=True))


def _bounds(parent: ET.Element, box: Box) -> None:
    size = {"width": f"{box.width:.0f}", "height": f"{box.height:.0f}"}
    _sub(parent, "dc", "Bounds", x=f"{box.x:.0f}", y=f"{box.y:.0f}", **size)


class Writer:
    """Builds the document: one collaboration, a process per procedure, one diagram of all pools."""

    def __init__(self, scenario: Scenario, lanes: str, plain_tasks: bool = False):
        self.scenario = scenario
        self.lanes = lanes
        self.plain_tasks = plain_tasks
        self.on = scenario.law.on if scenario.law else dt.date.today()
        self.served_by = servers(scenario)
        self.root = ET.Element(
            qualified("bpmn", "definitions"),
            {
                "id": "definitions",
                "targetNamespace": "urn:mops-configurator:procedures",
                "exporter": "mops-configurator",
                "exporterVersion": "1",
            },
        )
        self.collaboration = _sub(self.root, "bpmn", "collaboration", id="collaboration")
        self.drawn: list[Drawn] = []
        self.annotations: dict[str, str] = {}

    # --- the model --------------------------------------------------------------------------

    def lane_of(self, procedure: Procedure, step: Step) -> tuple[str, str, list[str]]:
        """The lane of a step: its id, name and units."""
        if self.lanes == "function":
            return element_id(procedure.id, "lane", step.function), self.scenario.function_name(step.function), []
        units = self.served_by.get(step.function, [])
        if not units:
            name = t("bpmn.lane.unserved", "pl", function=self.scenario.function_name(step.function))
            return element_id(procedure.id, "lane", step.function), name, []
        return (
            element_id(procedure.id, "lane", *(u.id for u in units)),
            " / ".join(u.name for u in units),
            [u.id for u in units],
        )

    def add(self, procedure: Procedure) -> Drawn:
        pid = procedure.id
        drawn = Drawn(procedure, pid)
        _sub(self.collaboration, "bpmn", "participant", id=element_id(pid, "pool"), name=procedure.name, processRef=pid)
        process = _sub(self.root, "bpmn", "process", id=pid, name=procedure.name, isExecutable="true")
        if procedure.description:
            _text(process, "bpmn", "documentation", procedure.description)
        self._procedure_extension(process, procedure)
        lane_set = _sub(process, "bpmn", "laneSet", id=element_id(pid, "lanes"))
        members: dict[str, list[str]] = {}

        def place(node_id: str, kind: str, lane: str) -> None:
            drawn.nodes.append(Node(node_id, kind, lane))
            members.setdefault(lane, []).append(node_id)

        def entry_of(target: str) -> str:
            if target == END:
                return element_id(pid, "end")
            step = procedure.step(target)
            return element_id(pid, target, "delay") if step is not None and step.delay else element_id(pid, target)

        def flow(source: str, target: str, name: str | None = None, suffix: str = "") -> ET.Element:
            flow_id = element_id(source, "out") + suffix
            drawn.flows.append((flow_id, source, target))
            if name:
                drawn.named.add(flow_id)
            return _sub(process, "bpmn", "sequenceFlow", id=flow_id, name=name, sourceRef=source, targetRef=target)

        lanes: dict[str, str] = {}  # step id → its lane
        for step in procedure.steps:
            lane_id, name, units = self.lane_of(procedure, step)
            lanes.setdefault(step.id, lane_id)
            drawn.lanes.setdefault(lane_id, (name, units))
        entry_lane = lanes[procedure.entry]
        start = element_id(pid, "start")
        _sub(process, "bpmn", "startEvent", id=start, name=t(f"bpmn.start.{procedure.origin}", "pl"))
        place(start, "event", entry_lane)
        flow(start, entry_of(procedure.entry))
        end_lane = None
        for step in procedure.steps:
            lane = lanes[step.id]
            task_id = element_id(pid, step.id)
            if step.delay:
                timer = element_id(pid, step.id, "delay")
                event = _sub(
                    process,
                    "bpmn",
                    "intermediateCatchEvent",
                    id=timer,
                    name=t("bpmn.delay", "pl", span=str(step.delay)),
                )
                _sub(_sub(event, "bpmn", "extensionElements"), "mops", "delay", span=yaml_span(step.delay))
                definition = _sub(event, "bpmn", "timerEventDefinition", id=element_id(timer, "timer"))
                _text(definition, "bpmn", "timeDuration", iso_duration(step.delay))
                place(timer, "event", lane)
                drawn.timers[timer] = step.delay
                flow(timer, task_id)
            kind = "task" if self.plain_tasks else "userTask" if step.client_present else "manualTask"
            task = _sub(process, "bpmn", kind, id=task_id, name=step.name)
            if step.description:
                _text(task, "bpmn", "documentation", step.description)
            self._step_extension(task, step)
            place(task_id, "task", lane)
            drawn.tasks[task_id] = step
            if step.deadline is not None:
                self._deadline(process, procedure, step, task_id, drawn)
            if isinstance(step.next, str):
                flow(task_id, entry_of(step.next))
                end_lane = end_lane or (lane if step.next == END else None)
                continue
            split = element_id(pid, step.id, "split")
            _sub(process, "bpmn", "exclusiveGateway", id=split, name=t("bpmn.split", "pl"))
            place(split, "gateway", lane)
            flow(task_id, split)
            outgoing = []
            for index, branch in enumerate(step.next):
                sequence = flow(split, entry_of(branch.to), branch.label, suffix=f".{index + 1}")
                _sub(_sub(sequence, "bpmn", "extensionElements"), "mops", "branch", p=repr(float(branch.p)))
                # an engine needs a condition on every outgoing flow of an exclusive gateway: the
                # branch drawn by the simulation, by its probability
                condition = _text(sequence, "bpmn", "conditionExpression", f"{BRANCH_VARIABLE} == {index + 1}")
                condition.set(qualified("xsi", "type"), "bpmn:tFormalExpression")
                outgoing.append((sequence.get("id", ""), branch.p))
                end_lane = end_lane or (lane if branch.to == END else None)
            drawn.gateways[split] = outgoing
        end = element_id(pid, "end")
        _sub(process, "bpmn", "endEvent", id=end, name=t("bpmn.end", "pl"))
        place(end, "event", end_lane or entry_lane)
        for lane_id, (name, _) in drawn.lanes.items():
            lane_element = _sub(lane_set, "bpmn", "lane", id=lane_id, name=name)
            for member in members.get(lane_id, []):
                _text(lane_element, "bpmn", "flowNodeRef", member)
        self._order(process)
        self.drawn.append(drawn)
        return drawn

    def _procedure_extension(self, process: ET.Element, procedure: Procedure) -> None:
        extension = _sub(
            _sub(process, "bpmn", "extensionElements"),
            "mops",
            "procedure",
            origin=procedure.origin,
            entry=procedure.entry,
        )
        arrivals = procedure.arrivals
        _sub(
            extension,
            "mops",
            "arrivals",
            perWeek=repr(float(arrivals.per_week)),
            referencePopulation=None if arrivals.reference_population is None else str(arrivals.reference_population),
        )
        if procedure.caseload is not None:
            _sub(extension, "mops", "caseload", families=str(procedure.caseload.families))
        for item in procedure.basis:
            _text(extension, "mops", "basis", item)
        _more(extension, procedure, PROCEDURE_FIELDS)

    def _step_extension(self, task: ET.Element, step: Step) -> None:
        extension = _sub(
            _sub(task, "bpmn", "extensionElements"),
            "mops",
            "step",
            id=step.id,
            function=step.function,
            clientPresent=_bool(step.client_present),
            decision=_bool(step.decision),
            interview=_bool(step.interview),
            appeal=_bool(step.appeal),
            field=_bool(step.field),
            document=step.document,
        )
        duration: Duration = step.duration
        _sub(
            extension,
            "mops",
            "duration",
            dist=duration.dist,
            value=_number(duration.value),
            mean=_number(duration.mean),
            sd=_number(duration.sd),
            min=_number(duration.min),
            mode=_number(duration.mode),
            max=_number(duration.max),
        )
        _more(extension, step, STEP_FIELDS)
        deadline = step.deadline
        if deadline is not None:
            _sub(
                extension,
                "mops",
                "deadline",
                law=deadline.law,
                within=None if deadline.within is None else yaml_span(deadline.within),
                basis=deadline.basis,
                dates=deadline.dates,
                **{"from": deadline.from_},
            )

    def _deadline(self, process: ET.Element, procedure: Procedure, step: Step, task_id: str, drawn: Drawn) -> None:
        """A non-interrupting timer on the task's border and an annotation with the legal basis."""
        assert step.deadline is not None
        term = deadline_term(step.deadline, self.on)
        if term is None:
            return
        span, basis = term
        anchor = step.deadline.from_
        if anchor == "arrival":
            since = t("bpmn.deadline.arrival", "pl")
        else:
            earlier = procedure.step(anchor)
            since = t("bpmn.deadline.step", "pl", step=(earlier.name if earlier and earlier.name else anchor))
        pid = procedure.id
        boundary = element_id(pid, step.id, "deadline")
        event = _sub(
            process,
            "bpmn",
            "boundaryEvent",
            id=boundary,
            name=t("bpmn.deadline", "pl", span=str(span), since=since),
            attachedToRef=task_id,
            cancelActivity="false",
        )
        definition = _sub(event, "bpmn", "timerEventDefinition", id=element_id(boundary, "timer"))
        _text(definition, "bpmn", "timeDuration", iso_duration(span))
        annotation = element_id(pid, step.id, "basis")
        note = _sub(process, "bpmn", "textAnnotation", id=annotation)
        self.annotations[annotation] = t("bpmn.basis", "pl", basis=basis)
        _text(note, "bpmn", "text", self.annotations[annotation])
        _sub(
            process, "bpmn", "association", id=element_id(annotation, "link"), sourceRef=boundary, targetRef=annotation
        )
        drawn.deadlines[boundary] = (task_id, annotation)

    @staticmethod
    def _order(process: ET.Element) -> None:
        """The XSD's order within a process: documentation, extensions, lanes, the flow, then the
        artifacts (annotations and their associations)."""
        order = ("documentation", "extensionElements", "laneSet", "", "textAnnotation", "association")
        children = list(process)
        ranked = sorted(
            children,
            key=lambda c: order.index(tag if (tag := c.tag.rsplit("}", 1)[-1]) in order else ""),
        )
        for child in children:
            process.remove(child)
        process.extend(ranked)

    # --- the diagram ------------------------------------------------------------------------

    def diagram(self) -> None:
        """BPMN DI: the pools one under another, each laid out by :func:`lay_out_pool`."""
        diagram = _sub(self.root, "bpmndi", "BPMNDiagram", id="diagram")
        plane = _sub(diagram, "bpmndi", "BPMNPlane", id="plane", bpmnElement="collaboration")
        top = 0.0
        for drawn in self.drawn:
            layout = lay_out_pool(drawn.nodes, drawn.flows, list(drawn.lanes), top)
            self._shape(plane, element_id(drawn.process_id, "pool"), layout.pool, horizontal=True)
            for lane_id, box in layout.lanes.items():
                self._shape(plane, lane_id, box, horizontal=True)
            for node in drawn.nodes:
                self._shape(plane, node.id, layout.nodes[node.id])
            self._deadline_shapes(plane, drawn, layout)
            for flow_id, points in layout.edges.items():
                self._edge(plane, flow_id, points, label_box(points) if flow_id in drawn.named else None)
            top = layout.pool.bottom + 40

    def _deadline_shapes(self, plane: ET.Element, drawn: Drawn, layout: PoolLayout) -> None:
        for boundary, (task_id, annotation) in drawn.deadlines.items():
            task = layout.nodes[task_id]
            size = SIZES["event"][0]
            timer = Box(task.right - size - 4, task.bottom - size / 2, size, size)
            width, line = ANNOTATION
            text = self.annotations[annotation]
            note = Box(task.x, task.bottom + 62, width, line * (math.ceil(len(text) / CHARS_PER_LINE) + 1))
            self._shape(plane, boundary, timer)
            self._shape(plane, annotation, note)
            self._edge(plane, element_id(annotation, "link"), [(timer.centre, timer.bottom), (timer.centre, note.y)])

    @staticmethod
    def _shape(plane: ET.Element, element: str, box: Box, horizontal: bool | None = None) -> None:
        shape = _sub(
            plane,
            "bpmndi",
            "BPMNShape",
            id=f"{element}.di",
            bpmnElement=element,
            isHorizontal=None if horizontal is None else _bool(horizontal),
        )
        _bounds(shape, box)

    @staticmethod
    def _edge(plane: ET.Element, element: str, points: Sequence[tuple[float, float]], label: Box | None = None) -> None:
        edge = _sub(plane, "bpmndi", "BPMNEdge", id=f"{element}.di", bpmnElement=element)
        for x, y in points:
            _sub(edge, "di", "waypoint", x=f"{x:.0f}", y=f"{y:.0f}")
        if label is not None:
            _bounds(_sub(edge, "bpmndi", "BPMNLabel"), label)

    def document(self) -> bytes:
        ET.indent(self.root)
        return ET.tostring(self.root, encoding="utf-8", xml_declaration=True)


def export_bpmn(
    scenario: Scenario, procedures: Sequence[Procedure], lanes: str = "unit", plain_tasks: bool = False
) -> tuple[bytes, list[Drawn]]:
    """The BPMN 2.0 document of ``procedures`` with its diagram, and what was drawn (for
    :func:`model.interchange.prosimos.prosimos_parameters`).

    ``plain_tasks`` writes every step as a plain ``task``: Prosimos 2.1 simulates only those
    (its parser, ``simulation_properties_parser.parse_simulation_model``, skips user and manual
    tasks); whether the client is present still travels in our extension.
    """
    writer = Writer(scenario, lanes, plain_tasks)
    for procedure in procedures:
        writer.add(procedure)
    writer.diagram()
    return writer.document(), writer.drawn
