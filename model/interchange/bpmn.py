"""What the BPMN writer and reader share: namespaces, element ids, timer durations.

A procedure's element ids are ``<procedure>.<step>`` (``.delay``, ``.split``, ``.deadline``
added for the elements around a step), so one file can hold several procedures and the reader
can tell our own elements from a modeller's. Durations of timers are ISO 8601 (``PT30M``,
``P3D``), as BPMN requires; the exact span (``3 wd``) travels in our extension beside them.
"""

from __future__ import annotations

import re

from model.config.quantities import Span

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
MOPS = "urn:mops-configurator:bpmn:1"
"""Our extension namespace: the simulation parameters and the procedure's own fields."""

NAMESPACES = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "xsi": XSI, "mops": MOPS}

_ISO = re.compile(
    r"^P(?:(?P<years>\d+(?:\.\d+)?)Y)?(?:(?P<months>\d+(?:\.\d+)?)M)?(?:(?P<weeks>\d+(?:\.\d+)?)W)?"
    r"(?:(?P<days>\d+(?:\.\d+)?)D)?(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)


def qualified(prefix: str, local: str) -> str:
    """``{namespace}local`` for ElementTree."""
    return f"{{{NAMESPACES[prefix]}}}{local}"


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def element_id(procedure: str, *parts: str) -> str:
    """The id of one of a procedure's elements: ``zasilek_okresowy.wywiad.delay``."""
    return ".".join((procedure, *parts))


def iso_duration(span: Span) -> str:
    """The span as an ISO 8601 duration for a timer; working days become days (the exact span
    travels in our extension)."""
    amount = f"{span.amount:g}"
    if span.unit == "minutes":
        return f"PT{amount}M"
    if span.unit == "months":
        return f"P{amount}M"
    return f"P{amount}D"


def span_of_iso(text: str) -> Span | None:
    """An ISO 8601 duration as a span: time of day as working minutes, days and weeks as calendar
    days, months as months; ``None`` when it is not one or mixes them (``P1DT2H``)."""
    found = _ISO.match(text.strip())
    if not found or text.strip() in ("P", "PT"):
        return None
    parts = {k: float(v) for k, v in found.groupdict().items() if v is not None}
    clock = {k for k in parts if k in ("hours", "minutes", "seconds")}
    calendar = {k for k in parts if k in ("weeks", "days")}
    months = {k for k in parts if k in ("years", "months")}
    if sum(bool(group) for group in (clock, calendar, months)) != 1:
        return None
    if clock:
        return Span(parts.get("hours", 0) * 60 + parts.get("minutes", 0) + parts.get("seconds", 0) / 60, "minutes")
    if calendar:
        return Span(parts.get("weeks", 0) * 7 + parts.get("days", 0), "days")
    return Span(parts.get("years", 0) * 12 + parts.get("months", 0), "months")
