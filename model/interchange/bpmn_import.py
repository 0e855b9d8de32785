"""A BPMN 2.0 process drawn in Camunda Modeler, bpmn.io or Bizagi, read as a procedure.

Tasks become steps, exclusive gateways branches, timer events before a task its delay, a timer
on a task's border its deadline (the legal basis from the annotation joined to it), lanes
functions. Probabilities, durations and the procedure's own fields come from our extension
(:data:`~.bpmn.MOPS`, as :mod:`.bpmn_export` writes it), else from a Prosimos simulation JSON,
else from stated defaults with a warning. What has no place in a procedure (parallel or
inclusive gateways, subprocesses, message flows, events other than timers) is a finding with
the element's id, never dropped in silence; a finding of severity ``error`` means the procedure
is not written. The file is read with defusedxml: no entity expansion, no external entities.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

from model.config.errors import ConfigError, Problem
from model.config.functions import BUILTIN
from model.config.loader import validate_as
from model.config.located import yaml_span
from model.config.quantities import Span
from model.config.schema import END, Procedure
from model.i18n import Message, msg
from model.interchange.bpmn import BPMN, MOPS, local_name, namespace, span_of_iso

TASKS = {
    "task",
    "userTask",
    "manualTask",
    "serviceTask",
    "scriptTask",
    "businessRuleTask",
    "sendTask",
    "receiveTask",
}
BACK_OFFICE = TASKS - {"task", "userTask"}
"""Kinds of task done without the client: a step with ``client_present: false``."""
IGNORED = {"documentation", "extensionElements", "laneSet", "textAnnotation", "association", "sequenceFlow"}
"""Children of a process that carry no flow of their own (sequence flows are read from their ends)."""
UNMAPPABLE = {
    "parallelGateway",
    "inclusiveGateway",
    "eventBasedGateway",
    "complexGateway",
    "subProcess",
    "adHocSubProcess",
    "transaction",
    "callActivity",
    "dataObject",
    "dataObjectReference",
    "dataStoreReference",
}
DEFAULT_DURATION_MINUTES = 30.0  # assumption: a step whose file gives no duration; stated in a warning
DEFAULT_ARRIVALS_PER_WEEK = 1.0  # assumption: a process whose file gives no arrival rate; stated in a warning
TOLERANCE = 1e-6
_IDENTIFIER = re.compile(r"[^A-Za-z0-9_\-]+")


@dataclass(frozen=True)
class ImportFinding:
    """Something of the file the procedure does not carry as drawn, at one element."""

    severity: str
    """``error``: nothing is written; ``warning``: written, with an assumption the user should check."""
    element: str
    message: Message


@dataclass
class ImportResult:
    procedures: list[Procedure]
    findings: list[ImportFinding] = field(default_factory=list)

    @property
    def errors(self) -> list[ImportFinding]:
        return [f for f in self.findings if f.severity == "error"]


def identifier(text: str) -> str:
    """A BPMN id as a step or procedure id: ``Activity_0x1`` stays, other characters become ``_``."""
    cleaned = _IDENTIFIER.sub("_", text).strip("_") or "element"
    return cleaned if re.match(r"[A-Za-z_]", cleaned) else f"_{cleaned}"


def _bool(value: str | None, default: bool = False) -> bool:
    return default if value is None else value.strip().lower() == "true"


def _float(value: str | None) -> float | None:
    return None if value is None else float(value)


@dataclass
class Parameters:
    """Simulation parameters from a Prosimos JSON: seconds turned into minutes, by element id."""

    branches: dict[str, float] = field(default_factory=dict)
    """Sequence flow id → probability."""
    durations: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Task id → our duration (``dist`` and its parameters in minutes)."""
    timers: dict[str, Span] = field(default_factory=dict)
    arrivals_per_week: float | None = None
    notes: list[ImportFinding] = field(default_factory=list)


SECONDS_PER_MINUTE = 60.0


def read_prosimos(data: dict[str, Any]) -> Parameters:
    """The parts of a Prosimos simulation JSON a procedure holds (the format: :mod:`.prosimos`)."""
    found = Parameters()
    for gateway in data.get("gateway_branching_probabilities", []):
        for path in gateway.get("probabilities", []):
            if "value" in path:
                found.branches[path["path_id"]] = float(path["value"])
    for task in data.get("task_resource_distribution", []):
        resources = task.get("resources") or []
        if resources:
            duration = _duration_of(resources[0])
            if duration is None:
                found.notes.append(
                    ImportFinding(
                        "warning",
                        task["task_id"],
                        msg("bpmn.import.distribution", name=resources[0].get("distribution_name", "")),
                    )
                )
            else:
                found.durations[task["task_id"]] = duration
    for event in data.get("event_distribution", []):
        duration = _duration_of(event)
        if duration is not None:
            found.timers[event["event_id"]] = Span(float(duration.get("value", duration.get("mean", 0.0))), "minutes")
    arrival = data.get("arrival_time_distribution")
    if arrival:
        duration = _duration_of(arrival)
        mean = None if duration is None else duration.get("value", duration.get("mean"))
        weekly = _calendar_minutes(data.get("arrival_time_calendar", []))
        if mean and weekly:
            found.arrivals_per_week = weekly / mean
    return found


def _duration_of(item: dict[str, Any]) -> dict[str, Any] | None:
    """A Prosimos distribution (seconds; parameters as pix-framework's ``DurationDistribution``)
    as our duration in minutes; normal and gamma become a lognormal of the same mean and sd."""
    name = item.get("distribution_name")
    seconds = [float(p["value"]) for p in item.get("distribution_params", [])]
    values = [v / SECONDS_PER_MINUTE for v in seconds]
    if name in ("fix", "fixed") and values:
        return {"dist": "fixed", "value": values[0]}
    if name in ("expon", "exponential") and values:
        return {"dist": "exponential", "mean": values[0]}
    if name in ("norm", "normal") and len(values) >= 2 and values[0] > 0:
        return {"dist": "lognormal", "mean": values[0], "sd": values[1]}
    if name in ("lognorm", "gamma") and len(values) >= 2 and values[0] > 0:
        # the second parameter is the variance, in seconds squared
        return {"dist": "lognormal", "mean": values[0], "sd": math.sqrt(seconds[1]) / SECONDS_PER_MINUTE}
    if name == "uniform" and len(values) >= 2:
        low, high = values[0], values[1]
        return {"dist": "triangular", "min": low, "mode": (low + high) / 2, "max": high}
    return None


def _calendar_minutes(periods: list[dict[str, str]]) -> float:
    """Minutes a week in a Prosimos weekly calendar."""
    days = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]
    total = 0.0
    for period in periods:
        first, last = days.index(period["from"].upper()), days.index(period["to"].upper())
        begin, end = (_minute(period[k]) for k in ("beginTime", "endTime"))
        total += (last - first + 1) * max(0.0, end - begin)
    return total


def _minute(text: str) -> float:
    hours, minutes, *seconds = (float(x) for x in text.split(":"))
    return hours * 60 + minutes + (seconds[0] / 60 if seconds else 0)


class ProcessReader:
    """One ``<process>``: its nodes, flows and lanes, and the procedure they make."""

    def __init__(self, process: Element, name: str, lane_map: dict[str, str], parameters: Parameters, pool: str | None):
        self.process = process
        self.id = process.get("id", "process")
        self.name = name
        self.lane_map = lane_map
        self.parameters = parameters
        self.pool = pool
        self.findings: list[ImportFinding] = []
        self.nodes: dict[str, Element] = {}
        self.outgoing: dict[str, list[Element]] = {}
        self.boundaries: dict[str, list[Element]] = {}
        self.annotations: dict[str, str] = {}
        for child in process:
            kind = local_name(child.tag)
            child_id = child.get("id", "")
            if namespace(child.tag) != BPMN or kind in IGNORED:
                if kind == "sequenceFlow":
                    self.outgoing.setdefault(child.get("sourceRef", ""), []).append(child)
                continue
            if kind == "boundaryEvent":
                self.boundaries.setdefault(child.get("attachedToRef", ""), []).append(child)
            self.nodes[child_id] = child
        texts = {
            a.get("id", ""): " ".join((t.text or "").strip() for t in a if local_name(t.tag) == "text")
            for a in process
            if local_name(a.tag) == "textAnnotation"
        }
        for link in (a for a in process if local_name(a.tag) == "association"):
            source, target = link.get("sourceRef", ""), link.get("targetRef", "")
            if target in texts:
                self.annotations[source] = texts[target]
            elif source in texts:
                self.annotations[target] = texts[source]
        self.lane_of: dict[str, tuple[str, str]] = {}
        for lane in process.iter(f"{{{BPMN}}}lane"):
            for ref in lane.iter(f"{{{BPMN}}}flowNodeRef"):
                self.lane_of[(ref.text or "").strip()] = (lane.get("id", ""), lane.get("name", "") or "")

    # --- helpers -----------------------------------------------------------------------------

    def find(self, severity: str, element: str, code: str, **params: Any) -> None:
        self.findings.append(ImportFinding(severity, element, msg(code, **params)))

    @staticmethod
    def extension(element: Element, local: str) -> Element | None:
        for extensions in element:
            if local_name(extensions.tag) == "extensionElements":
                for item in extensions:
                    if namespace(item.tag) == MOPS and local_name(item.tag) == local:
                        return item
        return None

    def step_id(self, task_id: str) -> str:
        ours = self.extension(self.nodes[task_id], "step")
        if ours is not None and ours.get("id"):
            return ours.get("id", "")
        prefix = f"{self.id}."
        return identifier(task_id[len(prefix) :] if task_id.startswith(prefix) else task_id)

    # --- the flow ----------------------------------------------------------------------------

    def targets(
        self, flow: Element, seen: frozenset[str] = frozenset()
    ) -> Iterator[tuple[str, float, str | None, Span | None, str]]:
        """Where a sequence flow leads: ``(task id or END, probability, label, delay, gateway id)``,
        through timers, merging gateways and nested splits."""
        label = flow.get("name") or None
        target = flow.get("targetRef", "")
        delay: Span | None = None
        while True:
            node = self.nodes.get(target)
            if node is None:
                self.find("error", flow.get("id", ""), "bpmn.import.dangling", target=target)
                return
            kind = local_name(node.tag)
            if kind in TASKS:
                yield target, 1.0, label, delay, ""
                return
            if kind == "endEvent":
                yield END, 1.0, label, None, ""
                return
            if kind == "intermediateCatchEvent" and self.timer(node) is not None:
                delay = self.delay_of(node)
                onward = self.outgoing.get(target, [])
                if len(onward) != 1:
                    self.find("error", target, "bpmn.import.one_out")
                    return
                target = onward[0].get("targetRef", "")
                continue
            if kind == "exclusiveGateway" and target not in seen:
                onward = self.outgoing.get(target, [])
                probabilities = self.probabilities(target, onward)
                split = len(onward) > 1 or any(self.extension(out, "branch") is not None for out in onward)
                for out, p in zip(onward, probabilities):
                    for found, q, inner, later, gateway in self.targets(out, seen | {target}):
                        yield found, p * q, inner or label, later or delay, gateway or (target if split else "")
                return
            self.unmappable(node)
            return

    def probabilities(self, gateway: str, flows: list[Element]) -> list[float]:
        """Each outgoing flow's probability: our extension, the Prosimos JSON, else equal (warned)."""
        if len(flows) == 1:
            return [1.0]
        found: list[float | None] = []
        for flow in flows:
            ours = self.extension(flow, "branch")
            if ours is not None and ours.get("p") is not None:
                found.append(float(ours.get("p", "")))
            else:
                found.append(self.parameters.branches.get(flow.get("id", "")))
        if any(p is None for p in found):
            self.find("warning", gateway, "bpmn.import.equal", count=len(flows))
            return [1.0 / len(flows)] * len(flows)
        values = [float(p) for p in found if p is not None]
        if abs(sum(values) - 1.0) > TOLERANCE:
            self.find("error", gateway, "bpmn.import.sum", total=sum(values))
        return values

    def timer(self, node: Element) -> Element | None:
        return next((d for d in node if local_name(d.tag) == "timerEventDefinition"), None)

    def delay_of(self, node: Element) -> Span | None:
        ours = self.extension(node, "delay")
        if ours is not None and ours.get("span"):
            from model.config.quantities import parse_span

            return parse_span(ours.get("span"))
        if node.get("id", "") in self.parameters.timers:
            return self.parameters.timers[node.get("id", "")]
        definition = self.timer(node)
        text = next((c.text or "" for c in definition or [] if local_name(c.tag) == "timeDuration"), "")
        span = span_of_iso(text)
        if span is None:
            self.find("error", node.get("id", ""), "bpmn.import.timer", text=text.strip())
        return span

    def more(self, ours: Element | None, element: str) -> dict[str, Any]:
        """The fields :mod:`.bpmn_export` wrote as JSON in ``mops:more`` (a field the schema
        gained after the BPMN elements were chosen); unreadable JSON is a finding."""
        item = None if ours is None else next((c for c in ours if local_name(c.tag) == "more"), None)
        if item is None:
            return {}
        try:
            found = json.loads(item.text or "")
        except ValueError:
            found = None
        if not isinstance(found, dict):
            self.find("error", element, "bpmn.import.more")
            return {}
        return found

    def unmappable(self, node: Element) -> None:
        element = node.get("id", "")
        if not any(f.element == element for f in self.findings):
            self.find("error", element, "bpmn.import.unmappable", kind=local_name(node.tag))

    # --- the procedure -----------------------------------------------------------------------

    def function_of(self, task_id: str) -> str:
        lane_id, lane_name = self.lane_of.get(task_id, ("", ""))
        for key in (lane_id, lane_name):
            if key and key in self.lane_map:
                return self.lane_map[key]
        by_name = {f.name.lower(): f.id for f in BUILTIN.values()}
        if lane_name.lower() in by_name:
            return by_name[lane_name.lower()]
        if lane_id in BUILTIN:
            return lane_id
        function = identifier(lane_name or lane_id or "unassigned").lower()
        self.find("warning", lane_id or task_id, "bpmn.import.lane", lane=lane_name or lane_id, function=function)
        return function

    def duration_of(self, task_id: str, ours: Element | None) -> dict[str, Any]:
        item = None if ours is None else next((c for c in ours if local_name(c.tag) == "duration"), None)
        if item is not None:
            result: dict[str, Any] = {"dist": item.get("dist", "fixed")}
            for key in ("value", "mean", "sd", "min", "mode", "max"):
                if item.get(key) is not None:
                    result[key] = float(item.get(key, ""))
            return result
        if task_id in self.parameters.durations:
            return self.parameters.durations[task_id]
        self.find("warning", task_id, "bpmn.import.duration", minutes=DEFAULT_DURATION_MINUTES)
        return {"dist": "fixed", "value": DEFAULT_DURATION_MINUTES}

    def deadline_of(self, task_id: str, ours: Element | None) -> dict[str, Any] | None:
        item = None if ours is None else next((c for c in ours if local_name(c.tag) == "deadline"), None)
        if item is not None:
            deadline = {k: item.get(k) for k in ("within", "basis", "law", "dates", "from") if item.get(k) is not None}
            return deadline
        for boundary in self.boundaries.get(task_id, []):
            definition = self.timer(boundary)
            if (
                definition is None
                or _bool(boundary.get("cancelActivity"), True)
                or self.outgoing.get(boundary.get("id", ""))
            ):
                continue  # handled as unmappable in read()
            text = next((c.text or "" for c in definition if local_name(c.tag) == "timeDuration"), "")
            span = span_of_iso(text)
            if span is None:
                self.find("error", boundary.get("id", ""), "bpmn.import.timer", text=text.strip())
                continue
            basis = self.annotations.get(boundary.get("id", ""), "")
            if not basis:
                self.find("warning", boundary.get("id", ""), "bpmn.import.basis")
                basis = msg("bpmn.import.unverified").text("pl")
            return {"within": yaml_span(span), "basis": basis}
        return None

    def read(self) -> Procedure | None:
        starts = [n for n, e in self.nodes.items() if local_name(e.tag) == "startEvent"]
        self.check_nodes()
        if len(starts) != 1:
            self.find("error", self.id, "bpmn.import.starts", count=len(starts))
            return None
        entry = list(self.targets_of(starts[0]))
        if len(entry) != 1 or entry[0][0] == END:
            self.find("error", starts[0], "bpmn.import.entry")
            return None
        tasks = [n for n, e in self.nodes.items() if local_name(e.tag) in TASKS]
        delays: dict[str, Span | None] = {entry[0][0]: entry[0][3]}
        steps = [(task_id, step) for task_id in tasks if (step := self.step_of(task_id, delays)) is not None]
        for task_id, step in steps:
            delay = delays.get(task_id)
            if delay is not None:
                step["delay"] = yaml_span(delay)
        return self.procedure(entry[0][0], [s for _, s in steps])

    def check_nodes(self) -> None:
        """Every element this format cannot say is a finding: timers that cancel or lead on, events of a kind."""
        for node_id, node in self.nodes.items():
            kind = local_name(node.tag)
            if kind in UNMAPPABLE or (kind not in TASKS and kind not in _EVENTS_AND_GATEWAYS):
                self.unmappable(node)
            elif kind == "boundaryEvent":
                if self.timer(node) is None or _bool(node.get("cancelActivity"), True) or self.outgoing.get(node_id):
                    self.unmappable(node)
            elif kind in ("intermediateCatchEvent", "intermediateThrowEvent") and self.timer(node) is None:
                self.unmappable(node)
            elif kind in ("startEvent", "endEvent") and any(
                local_name(d.tag).endswith("EventDefinition") for d in node
            ):
                self.find("warning", node_id, "bpmn.import.event_kind")

    def step_of(self, task_id: str, delays: dict[str, Span | None]) -> dict[str, Any] | None:
        """A task as a step of the procedure (None when no way leads on from it); the delays before
        the tasks it leads to are noted in ``delays``."""
        node = self.nodes[task_id]
        ours = self.extension(node, "step")
        found = list(self.targets_of(task_id))
        for target, _, _, delay, _ in found:
            if target != END and delay is not None:
                delays[target] = delay
        step: dict[str, Any] = {"id": self.step_id(task_id)}
        if node.get("name"):
            step["name"] = node.get("name")
        step["function"] = (
            ours.get("function") if ours is not None and ours.get("function") else self.function_of(task_id)
        )
        step["duration"] = self.duration_of(task_id, ours)
        branched = len(found) > 1 or any(gateway for *_, gateway in found)
        if not self.outgoing.get(task_id):
            self.find("error", task_id, "bpmn.import.no_way_on")
        if not found:  # what stopped the way is a finding already
            return None
        if branched:
            step["next"] = [
                {"to": END if t == END else self.step_id(t), "p": p} | ({"label": label} if label else {})
                for t, p, label, _, _ in found
            ]
        else:
            step["next"] = END if found[0][0] == END else self.step_id(found[0][0])
        deadline = self.deadline_of(task_id, ours)
        if deadline is not None:
            step["deadline"] = deadline
        _flags(step, local_name(node.tag), ours)
        description = _documentation(node)
        if description:
            step["description"] = description
        step.update(self.more(ours, task_id))
        return step

    def targets_of(self, node_id: str) -> Iterator[tuple[str, float, str | None, Span | None, str]]:
        flows = self.outgoing.get(node_id, [])
        if len(flows) > 1:
            self.find("error", node_id, "bpmn.import.implicit_split", count=len(flows))
        for flow in flows[:1]:
            yield from self.targets(flow)

    def procedure(self, entry: str, steps: list[dict[str, Any]]) -> Procedure | None:
        ours = self.extension(self.process, "procedure")
        data: dict[str, Any] = {"id": identifier(self.id), "name": self.name}
        description = _documentation(self.process)
        if description:
            data["description"] = description
        arrivals = None if ours is None else next((c for c in ours if local_name(c.tag) == "arrivals"), None)
        if ours is not None:
            basis = [(c.text or "").strip() for c in ours if local_name(c.tag) == "basis"]
            if basis:
                data["basis"] = basis
            if ours.get("origin"):
                data["origin"] = ours.get("origin")
            caseload = next((c for c in ours if local_name(c.tag) == "caseload"), None)
            if caseload is not None:
                data["caseload"] = {"families": int(caseload.get("families", "0"))}
            data.update(self.more(ours, self.id))
        if arrivals is not None:
            data["arrivals"] = {"per_week": float(arrivals.get("perWeek", "0"))}
            if arrivals.get("referencePopulation"):
                data["arrivals"]["reference_population"] = int(arrivals.get("referencePopulation", "0"))
        elif self.parameters.arrivals_per_week is not None:
            data["arrivals"] = {"per_week": round(self.parameters.arrivals_per_week, 6)}
        else:
            self.find("warning", self.id, "bpmn.import.arrivals", per_week=DEFAULT_ARRIVALS_PER_WEEK)
            data["arrivals"] = {"per_week": DEFAULT_ARRIVALS_PER_WEEK}
        data["entry"] = self.step_id(entry)
        data["steps"] = steps
        try:
            return validate_as(Procedure, data, self.id)
        except ConfigError as exc:
            for problem in exc.problems:
                self.findings.append(
                    ImportFinding("error", self.id, msg("bpmn.import.invalid", detail=problem.text("en")))
                )
            return None


_EVENTS_AND_GATEWAYS = {
    "startEvent",
    "endEvent",
    "intermediateCatchEvent",
    "intermediateThrowEvent",
    "boundaryEvent",
    "exclusiveGateway",
}


def _flags(step: dict[str, Any], kind: str, ours: Any) -> None:
    """The step's flags from our extension element; without it, whether the client is present
    follows the kind of task (a service or script task is back-office work)."""
    if ours is None:
        step["client_present"] = kind not in BACK_OFFICE
        return
    for key in ("decision", "interview", "appeal", "field"):
        step[key] = _bool(ours.get(key))
    step["client_present"] = _bool(ours.get("clientPresent"), True)
    if ours.get("document"):
        step["document"] = ours.get("document")


def _documentation(element: Element) -> str | None:
    texts = [(c.text or "").strip() for c in element if local_name(c.tag) == "documentation"]
    return "\n".join(t for t in texts if t) or None


def read_definitions(data: bytes, name: str) -> Element:
    """The ``<definitions>`` root of a BPMN file; one located line when it is not XML or not BPMN."""
    try:
        root = ElementTree.parse(io.BytesIO(data)).getroot()
    except ElementTree.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise ConfigError(Problem(name, line, msg("bpmn.import.not_xml", detail=str(exc)))) from None
    except Exception as exc:  # defusedxml's refusals: entities, external references, DTDs
        raise ConfigError(Problem(name, None, msg("bpmn.import.refused", detail=type(exc).__name__))) from None
    if namespace(root.tag) != BPMN or local_name(root.tag) != "definitions":
        raise ConfigError(Problem(name, 1, msg("bpmn.import.not_bpmn", element=root.tag)))
    return root


def import_bpmn(
    data: bytes, name: str, simulation: dict[str, Any] | None = None, lane_map: dict[str, str] | None = None
) -> ImportResult:
    """Every process of a BPMN file as a procedure, with what could not be mapped."""
    root = read_definitions(data, name)
    parameters = read_prosimos(simulation or {})
    result = ImportResult([], list(parameters.notes))
    pools = {}
    for collaboration in (c for c in root if local_name(c.tag) == "collaboration"):
        for item in collaboration:
            kind = local_name(item.tag)
            if kind == "participant" and item.get("processRef"):
                pools[item.get("processRef", "")] = item.get("name")
            elif kind in ("messageFlow", "conversation", "choreography"):
                result.findings.append(
                    ImportFinding("error", item.get("id", ""), msg("bpmn.import.unmappable", kind=kind))
                )
    processes = [p for p in root if local_name(p.tag) == "process"]
    if not processes:
        raise ConfigError(Problem(name, None, msg("bpmn.import.no_process")))
    for process in processes:
        process_id = process.get("id", "process")
        title = process.get("name") or pools.get(process_id) or process_id
        reader = ProcessReader(process, title, lane_map or {}, parameters, pools.get(process_id))
        procedure = reader.read()
        result.findings.extend(reader.findings)
        if procedure is not None:
            result.procedures.append(procedure)
    return result
