"""A procedure's client flow as a Graphviz diagram, for managers and trainers.

Steps are boxes labelled with who serves them and in which building; edges carry the branch
probability and its reason; a statutory deadline is printed on the step it binds. Grouping by
building draws each address as a frame, so every edge that crosses a frame is a trip the
client makes. Trainer mode passes the path walked so far and the current step to highlight;
on a projector it draws only that step's neighbourhood, in brief labels of one large size.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Collection, Sequence

import graphviz

from model.checks.flow import procedure_graph, servers
from model.config.loader import Scenario
from model.config.schema import END, Procedure, Step, Unit
from model.exports.orgchart import FONT
from model.i18n import t
from model.present.journey import location_of

START = "__start__"
WIDTH = 34
"""Characters per line of a step's name."""

CURRENT_FILL, VISITED_FILL, PATH_COLOUR, MISSING_COLOUR = "#ffd966", "#fff2cc", "#c0392b", "#c0392b"
HOME = "__home__"
MAX_UNITS_SHOWN = 3
"""Serving units listed on a step; more (five care areas) are counted, not listed."""
PROJECTOR_POINTS = 14
"""The one text size of the drawing around a step: 14 pt is 18.7 CSS px, so a projector's 20 px
text asks a mere 1.07× enlarging (the shipped steps' drawings are then 800 CSS px wide at most)."""
PROJECTOR_WIDTH = 18
"""Characters per line of a name in the drawing around a step: a step with one neighbour a rank
fits beside the card in half of a projector's 853 CSS px (the shipped ones are 253 px wide at 20 px
text, by the median); two or three successors side by side are panned to."""
CURRENT_CLASS = "current"
"""The SVG class of the highlighted step, by which the app scrolls it into view."""


def flowchart(
    scenario: Scenario,
    procedure_id: str,
    *,
    path: Sequence[str] = (),
    current: str | None = None,
    flagged: Collection[str] = (),
    by_building: bool = False,
    lang: str = "pl",
    around: str | None = None,
) -> graphviz.Digraph:
    """The routing graph of ``procedure_id``; nodes are named by step id (plus ``end``).

    ``path`` holds step ids in the order a client walked them (drawn bold), ``current`` the
    step to highlight, ``flagged`` the steps that validation findings point at (framed red);
    ``by_building`` frames steps by the address of the unit serving them. With ``around`` only
    that step and its neighbours are drawn, each by its name and who serves it, all in one large
    size (:data:`PROJECTOR_POINTS`): on a projector, the part being explained, legible from the back.
    """
    procedure = scenario.procedure(procedure_id)
    if procedure is None:
        raise KeyError(procedure_id)
    shown = neighbourhood(procedure, around) if around else None
    small = str(PROJECTOR_POINTS) if around else "10"
    graph = graphviz.Digraph(procedure.id, engine="dot")
    graph.attr(rankdir="TB", fontname=FONT, nodesep="0.35", ranksep="0.5", bgcolor="white")
    graph.attr(
        "node",
        shape="box",
        style="rounded,filled",
        fillcolor="white",
        fontname=FONT,
        fontsize=small if around else "11",
    )
    graph.attr("edge", fontname=FONT, fontsize=small, color="#555555")

    visited = set(path)
    walked = set(zip([START, *path], path))
    if shown is None or START in shown:
        graph.node(START, t("flow.start", lang), shape="circle", fillcolor="#d9ead3", fontsize=small)
        graph.edge(START, procedure.entry, **_path_style((START, procedure.entry) in walked))
    end_style = (
        {"fillcolor": CURRENT_FILL, "penwidth": "3", "color": PATH_COLOUR, "class": CURRENT_CLASS}
        if current == END
        else {"fillcolor": "#f3f3f3"}
    )
    if shown is None or END in shown:
        graph.node(END, t("flow.end", lang), shape="doublecircle", fontsize=small, **end_style)

    serving = servers(scenario)
    groups: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for step in procedure.steps:
        if shown is not None and step.id not in shown:
            continue
        units = serving.get(step.function, [])
        label, place, place_title, missing = _label(scenario, procedure, step, units, lang)
        if around:
            label = _brief_label(scenario, step, units, lang)
        groups.setdefault(place, []).append(step.id)
        titles[place] = place_title
        graph.node(step.id, f"<{label}>", **_step_style(step, missing or step.id in flagged, visited, current))

    if by_building:
        for index, (place, members) in enumerate(groups.items()):
            with graph.subgraph(name=f"cluster_{index}") as frame:
                frame.attr(label=titles[place], style="rounded,dashed", color="#7f7f7f", fontname=FONT, fontsize="11")
                for member in members:
                    frame.node(member)

    _branches(graph, procedure, walked, shown, PROJECTOR_WIDTH if around else 24, lang)
    return graph


def _step_style(step: Step, marked: bool, visited: Collection[str], current: str | None) -> dict[str, str]:
    """A step's box: dashed for field work, doubled for a decision, framed red when ``marked``
    (nobody serves it, or a finding points at it), filled along the path walked."""
    style: dict[str, str] = {"style": "rounded,filled,dashed"} if step.field else {}
    if step.decision:
        style["peripheries"] = "2"
    if marked:
        style.update(color=MISSING_COLOUR, penwidth="3")
    if step.id in visited:
        style["fillcolor"] = VISITED_FILL
    if step.id == current:
        style.update(fillcolor=CURRENT_FILL, penwidth="4", color=PATH_COLOUR, **{"class": CURRENT_CLASS})
    return style


def _branches(
    graph: graphviz.Digraph,
    procedure: Procedure,
    walked: set[tuple[str, str]],
    shown: set[str] | None,
    width: int,
    lang: str,
) -> None:
    """The edges: each branch with its probability and reason (``width`` characters a line), bold
    along the path walked; an unknown target drawn red; only those between ``shown`` steps, when some are."""
    routing = procedure_graph(procedure)
    for step in procedure.steps:
        labels = {b.to: b.label for b in step.next} if isinstance(step.next, list) else {}
        for target, p in step.branches:
            if shown is not None and not {step.id, target} <= shown:
                continue
            if routing.nodes[target].get("unknown"):
                graph.node(
                    target, t("flow.unknown_step", lang, step=target), color=MISSING_COLOUR, fontcolor=MISSING_COLOUR
                )
            text = f"{p:.0%}" if p < 1 else ""
            if labels.get(target):
                text = f"{text} {labels[target]}".strip()
            style = {"label": "\n".join(_lines(text, width))} if text else {}
            style.update({"penwidth": f"{1 + 2 * p:.1f}", **_path_style((step.id, target) in walked)})
            graph.edge(step.id, target, **style)


def neighbourhood(procedure: Procedure, step_id: str) -> set[str]:
    """The step, the steps that lead to it and those it leads to (``start`` and ``end`` included)."""
    graph = procedure_graph(procedure)
    if step_id not in graph:
        return {step_id}
    around = {step_id, *graph.predecessors(step_id), *graph.successors(step_id)}
    if step_id == procedure.entry:
        around.add(START)
    return around


def _path_style(on_path: bool) -> dict[str, str]:
    return {"color": PATH_COLOUR, "penwidth": "3.5"} if on_path else {}


def _label(
    scenario: Scenario, procedure: Procedure, step: Step, units: list[Unit], lang: str
) -> tuple[str, str, str, bool]:
    """The HTML label of a step served by ``units``, the key and title of its building, and
    whether nobody serves it."""
    function_name = scenario.function_name(step.function, lang)
    name = step.name or step.id
    lines = [f"<B>{html.escape(line)}</B>" for line in textwrap.wrap(name, WIDTH)]
    lines.append(f'<FONT POINT-SIZE="10">{html.escape(function_name)}</FONT>')
    if units:
        shown = units if len(units) <= MAX_UNITS_SHOWN else units[: MAX_UNITS_SHOWN - 1]
        served_by = [f"→ {u.name}" for u in shown]
        if len(shown) < len(units):
            served_by[-1] += f" (+{len(units) - len(shown)})"
        lines += [
            f'<FONT POINT-SIZE="10">{html.escape(line)}</FONT>'
            for name in served_by
            for line in textwrap.wrap(name, WIDTH)
        ]
    else:
        lines.append(f'<FONT POINT-SIZE="10" COLOR="{MISSING_COLOUR}">{html.escape(t("flow.no_unit", lang))}</FONT>')
    location = location_of(scenario, units[0]) if units else None
    if step.field:
        place, title = HOME, t("flow.home", lang)
    elif location:
        place, title = location.id, location.name or location.address
    else:
        place, title = "", t("flow.no_address", lang)
    if step.field or location:
        where = t("flow.home", lang) if step.field else location.address  # type: ignore[union-attr]
        lines.append(f'<FONT POINT-SIZE="9" COLOR="#555555">{html.escape(where)}</FONT>')
    if step.document:
        lines.append(f'<FONT POINT-SIZE="9">{html.escape(t("flow.document", lang, document=step.document))}</FONT>')
    if step.decision:
        lines.append(f'<FONT POINT-SIZE="9"><B>{html.escape(t("flow.decision", lang))}</B></FONT>')
    if step.deadline:
        text = t("flow.deadline_label", lang, deadline=deadline_text(procedure, step, lang))
        lines += [
            f'<FONT POINT-SIZE="9" COLOR="#1f4e79">{html.escape(line)}</FONT>'
            for line in textwrap.wrap(text, WIDTH + 6)
        ]
    return "<BR/>".join(lines), place, title, not units


def _brief_label(scenario: Scenario, step: Step, units: list[Unit], lang: str) -> str:
    """A step as the projector shows it: its name in bold and who does it, in one size; the card
    beside the drawing says where, which document and which deadline."""
    lines = [f"<B>{html.escape(line)}</B>" for line in _lines(step.name or step.id, PROJECTOR_WIDTH)]
    lines += [html.escape(line) for line in _lines(scenario.function_name(step.function, lang), PROJECTOR_WIDTH)]
    if not units:
        missing = _lines(t("flow.no_unit", lang), PROJECTOR_WIDTH)
        lines += [f'<FONT COLOR="{MISSING_COLOUR}">{html.escape(line)}</FONT>' for line in missing]
    return "<BR/>".join(lines)


def _lines(text: str, width: int) -> list[str]:
    """``text`` in lines of about ``width`` characters broken between words only: a longer word
    ("interdyscyplinarnego") keeps its line, a form's code is not split at its hyphen ("NK-B"), and
    no line ends in a one-letter word (:func:`tied`)."""
    return textwrap.wrap(tied(text), width, break_long_words=False, break_on_hyphens=False)


def tied(text: str) -> str:
    """``text`` with each one-letter word ("o", "w", "i", "z") tied to the next by a no-break space:
    Polish typesetting leaves none at the end of a line."""
    return re.sub(r"(?<!\w)(\w) (?=\S)", "\\1\u00a0", text)


def deadline_text(procedure: Procedure, step: Step, lang: str = "pl") -> str:
    """``1 mies. od zgłoszenia (art. 35 § 3 KPA)``, or an empty string without a deadline.

    A deadline counted from an earlier step names that step as people know it (its ``name``),
    never by the id the file uses for it.
    """
    if not step.deadline:
        return ""
    deadline = step.deadline
    if deadline.from_ == "arrival":
        start = t("flow.from_arrival", lang)
    else:
        source = procedure.step(deadline.from_)
        start = t("flow.from_step", lang, step=source.name if source and source.name else deadline.from_)
    within = t(f"span.{deadline.term.unit}", lang, amount=deadline.term.amount)
    key = (
        "flow.deadline" if deadline.dated is None else "flow.deadline_dated"
    )  # art. 26: a date by the application's day
    return t(key, lang, within=within, start=start, basis=deadline.basis)
