"""The organisational chart (*schemat organizacyjny*) as a Graphviz graph.

One node per unit, named by the unit's id, so the app can point at a unit and tests can check
the structure; the reporting lines of the YAML nesting are solid, ``also_reports_to`` dotted.
Lines run through small joint points (names start with :data:`JOINT_PREFIX`) so that they
are square as on a printed chart. Leaf units (teams and posts with nobody below them) hang in
a column under their supervisor instead of spreading sideways, and :mod:`model.exports.render` can ask
for departments in rows or in columns too: a centre with 80 units then still fits a page
without microscopic text.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import graphviz

from model.config.loader import Scenario
from model.config.schema import Unit, UnitKind
from model.i18n import t

FONT = "DejaVu Sans"
"""Has every Polish letter. Graphviz finds it through fontconfig (Debian package
fonts-dejavu-core); the document pages of :mod:`model.exports.regulation` use the copy in ``model/fonts``."""

NAME_WIDTH = 25
"""Characters per line of a unit's name: long names wrap instead of widening the chart."""

BOX_WIDTH = 2.3
"""Inches; the minimum width of every box, so that stacked boxes line up."""

FONT_SIZE = 11
"""Points, at 100% scale, of the names."""

SMALL_FONT_SIZE = FONT_SIZE - 1
"""Points of the FTE and address lines, the smallest text: :mod:`model.exports.render` refuses to print
it below a readable size."""

PALETTE = (
    "#cfe2f3",
    "#d9ead3",
    "#fff2cc",
    "#f4cccc",
    "#d9d2e9",
    "#fce5cd",
    "#d0e0e3",
    "#ead1dc",
    "#e6e6b8",
    "#c9daf8",
    "#b6d7a8",
    "#ffe599",
    "#ea9999",
    "#b4a7d6",
)
"""Pale fills, so black text stays legible in colour and in greyscale print."""

HIGHLIGHT = "#c0392b"

STATUS_STYLE = {
    "new": {"fillcolor": "#d9ead3", "color": "#2e7d32", "penwidth": "2.5"},
    "changed": {"fillcolor": "#fff2cc", "color": "#b7950b", "penwidth": "2.5"},
    "closed": {"fillcolor": "#eeeeee", "color": "#777777", "fontcolor": "#777777", "penwidth": "1.5"},
}
"""A change's colours (:mod:`model.impact`): new green, changed amber, closed grey and dashed."""

JOINT_PREFIX = "_joint_"
"""Names of the joint points that lines run through (spines, trunks); not units."""

TEXT = {
    "pl": {
        "legend": "Funkcja wiodąca komórki",
        "total": "łącznie",
        "hidden": "podległe: {units} (poza tym schematem)",  # true in print and in the app alike
        "unit_forms": ("komórka", "komórki", "komórek"),
        "status": {"new": "nowa komórka", "changed": "zmieniona", "closed": "zlikwidowana"},
    },
    "en": {
        "legend": "Main function of the unit",
        "total": "in total",
        "hidden": "below: {units} (not on this chart)",
        "unit_forms": ("unit", "units", "units"),
        "status": {"new": "new unit", "changed": "changed", "closed": "closed"},
    },
}

_KIND_STYLE = {
    UnitKind.management: {"style": "filled,bold", "fillcolor": "#e8e8e8", "penwidth": "2"},
    UnitKind.department: {"style": "filled", "fillcolor": "#f3f3f3", "penwidth": "1.5"},
    UnitKind.section: {"style": "filled", "fillcolor": "white"},
    UnitKind.team: {"style": "filled", "fillcolor": "white"},
    UnitKind.post: {"style": "filled,rounded", "fillcolor": "white"},
}


def orgchart(
    scenario: Scenario,
    *,
    show_fte: bool = True,
    color_by_function: bool = False,
    highlight: Iterable[str] = frozenset(),
    lang: str = "pl",
    show_location: bool = False,
    spread_depth: int | None = None,
    wrap: int | None = None,
    root: str | Sequence[str] | None = None,
    max_depth: int | None = None,
    line_legend: bool = False,
    status: Mapping[str, str] | None = None,
) -> graphviz.Digraph:
    """The chart of ``scenario``: director at the top, then deputies, departments, teams, posts.

    ``highlight`` holds unit ids drawn emphasised (the app points at findings with it);
    ``color_by_function`` fills each box by the unit's first function and adds a legend;
    ``line_legend`` explains solid and dotted lines in that legend when the chart has dotted lines
    (the printed annex explains them in its title block instead).
    ``spread_depth`` limits how many levels spread sideways (see :func:`_link_children`);
    lower values give a narrower, taller chart. ``wrap`` puts at most that many units side by
    side and the rest in further rows below. ``root`` draws only that unit's subtree (or those
    of several units, side by side) and ``max_depth`` only the levels down to it (0 = the
    top), a box noting its hidden subordinates: that is how :mod:`model.exports.render` splits a chart
    too big for one page. ``status`` maps unit ids to ``new``, ``changed`` or ``closed`` and colours
    those boxes, with a legend (the as-is → to-be chart of :mod:`model.impact`). The graph has no
    title and no page size; :mod:`model.exports.render` adds those for print.
    """
    text = TEXT.get(lang, TEXT["pl"])
    colours = function_colours(scenario) if color_by_function else {}
    drawn = _drawn(scenario, root, max_depth)
    graph = graphviz.Digraph("schemat", engine="dot")
    graph.attr(
        rankdir="TB", splines="ortho", nodesep="0.2", ranksep="0.22", newrank="true", fontname=FONT, bgcolor="white"
    )
    graph.attr("node", shape="box", fontname=FONT, fontsize=str(FONT_SIZE), margin="0.1,0.04", width=str(BOX_WIDTH))
    graph.attr("edge", arrowhead="none", penwidth="1.2", color="#333333")

    units = [unit for unit in scenario.units if unit.id in drawn]

    def spread(unit: Unit) -> bool:
        return spread_depth is None or drawn[unit.id] < spread_depth

    for unit in units:
        style = _box_style(unit, colours, status or {}, set(highlight))
        hidden = sum(len(child.walk()) for child in unit.units if child.id not in drawn)
        graph.node(unit.id, label=unit_label(unit, scenario, show_fte, show_location, text, hidden), **style)
    for unit in units:
        children = [child for child in unit.units if child.id in drawn]
        _link_children(graph, unit, children, drawn, spread, wrap)
    _dotted(graph, units, drawn)
    lines = line_legend and dotted_lines(scenario, root, max_depth)
    if colours or lines:
        graph.node("legend", label=_legend(scenario, colours, lang, text, lines), shape="plaintext", margin="0")
    if status:
        _status_legend(graph, text)
    return graph


def _drawn(scenario: Scenario, root: str | Sequence[str] | None, max_depth: int | None) -> dict[str, int]:
    """The units drawn, by id, with their depth: ``root``'s subtrees (the whole chart without one)
    down to ``max_depth``."""
    roots = [root] if isinstance(root, str) else list(root or [])
    tops = [scenario.unit(unit_id) for unit_id in roots] if roots else scenario.config.units
    if None in tops:
        raise ValueError(f"no unit with id {root!r}")
    return {
        unit.id: depth
        for top in tops
        if top
        for unit, depth in with_depth(top)
        if max_depth is None or depth <= max_depth
    }


def _box_style(
    unit: Unit, colours: Mapping[str | None, str], status: Mapping[str, str], highlight: set[str]
) -> dict[str, str]:
    """A unit's box: its kind's style, filled by function, coloured by status, emphasised if highlighted."""
    style = dict(_KIND_STYLE[unit.kind])
    if colours:
        style["fillcolor"] = colours.get(unit.functions[0] if unit.functions else None, "white")
    if unit.id in status:
        style.update(STATUS_STYLE[status[unit.id]])
        if status[unit.id] == "closed":
            style["style"] = style["style"] + ",dashed"
    if unit.id in highlight:
        style.update(color=HIGHLIGHT, penwidth="4", style=style["style"] + ",bold")
    return style


def _dotted(graph: graphviz.Digraph, units: list[Unit], drawn: Mapping[str, int]) -> None:
    """The dotted lines of functional reporting (``also_reports_to``) between drawn units."""
    for unit in units:
        for boss in unit.also_reports_to:
            if boss in drawn:
                # a line down from a higher level may steer ranks (weight 0: not positions); ortho
                # routing crashes on some layouts where it may not
                upward = {} if drawn[boss] < drawn[unit.id] else {"constraint": "false"}
                graph.edge(boss, unit.id, style="dotted", weight="0", color="#555555", penwidth="1", **upward)


def _status_legend(graph: graphviz.Digraph, text: Mapping[str, Any]) -> None:
    rows = "".join(
        f'<TR><TD BGCOLOR="{STATUS_STYLE[key]["fillcolor"]}" WIDTH="18"> </TD>'
        f'<TD ALIGN="LEFT">{html.escape(text["status"][key])}</TD></TR>'
        for key in STATUS_STYLE
    )
    graph.node(
        "status_legend",
        label=f'<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3">{rows}</TABLE>>',
        shape="plaintext",
        margin="0",
    )


def dotted_lines(scenario: Scenario, root: str | Sequence[str] | None = None, max_depth: int | None = None) -> bool:
    """Whether the chart drawn with these ``root`` and ``max_depth`` has a dotted line (``also_reports_to``)."""
    drawn = _drawn(scenario, root, max_depth)
    return any(boss in drawn for unit in scenario.units if unit.id in drawn for boss in unit.also_reports_to)


def _link_children(
    graph: graphviz.Digraph,
    parent: Unit,
    children: list[Unit],
    drawn: dict[str, int],
    spread: Callable[[Unit], bool],
    wrap: int | None,
) -> None:
    """Solid lines to the subordinates; stacked ones hang in a column off a spine of joints.

    When ``spread(parent)``, only leaves are stacked and units with subordinates (drawn or
    not) stand side by side, ``wrap`` of them to a row; a further row hangs from a trunk that
    runs down between the subtrees of the row above. Otherwise every subordinate is stacked,
    its own subtree indented below it. The spine (``parent → joint → joint …``, a joint on the
    rank of each stacked unit) draws the comb of a printed org chart and keeps the column
    narrow however many units hang from it.
    """
    stacked = [child for child in children if not spread(parent) or not child.units]
    side_by_side = [child for child in children if child not in stacked]
    rows = [side_by_side[i : i + wrap] for i in range(0, len(side_by_side), wrap)] if wrap else [side_by_side]
    above = parent.id
    for index, row in enumerate(rows):
        if index == len(rows) - 1:
            for child in row:
                graph.edge(above, child.id)
            break
        half = (len(row) + 1) // 2  # the trunk to the next row passes through the middle of this one
        for child in row[:half]:
            graph.edge(above, child.id)
        trunk = f"{JOINT_PREFIX}{parent.id}_row{index + 1}"
        graph.node(trunk, **_POINT)
        graph.edge(above, trunk, minlen=str(1 + max(_height(child, drawn, spread, wrap) for child in row)))
        for child in row[half:]:
            graph.edge(above, child.id)
        above = trunk
    above, gap = parent.id, 1
    corner = parent.id if not side_by_side else None  # a pure column hangs from the left
    for index, child in enumerate(stacked):
        joint = f"{JOINT_PREFIX}{parent.id}_{index}"
        graph.node(joint, **_POINT)
        graph.edge(above, joint, weight="20", minlen=str(gap), **({"tailport": "sw"} if above == corner else {}))
        with graph.subgraph() as same_rank:
            same_rank.attr(rank="same")
            same_rank.edge(joint, child.id)
        above, gap = joint, sum(1 for below in child.walk() if below.id in drawn)


_POINT = {"shape": "point", "width": "0.01", "height": "0.01", "label": ""}


def _height(unit: Unit, drawn: dict[str, int], spread: Callable[[Unit], bool], wrap: int | None) -> int:
    """Ranks the subtree of ``unit`` occupies in the layout of :func:`_link_children`."""
    children = [child for child in unit.units if child.id in drawn]
    if not children:
        return 1
    if not spread(unit):
        return sum(1 for below in unit.walk() if below.id in drawn)
    column = sum(1 for child in children if not child.units)
    side_by_side = [child for child in children if child.units]
    rows = [side_by_side[i : i + wrap] for i in range(0, len(side_by_side), wrap)] if wrap else [side_by_side]
    tiers = sum(max((_height(c, drawn, spread, wrap) for c in row), default=0) for row in rows) + len(rows) - 1
    return 1 + max(column, tiers)


def with_depth(unit: Unit, depth: int = 0) -> list[tuple[Unit, int]]:
    """``unit`` and everything below it, parents first, each with its level below ``unit``."""
    return [(unit, depth)] + [pair for child in unit.units for pair in with_depth(child, depth + 1)]


def unit_label(
    unit: Unit, scenario: Scenario, show_fte: bool, show_location: bool, text: Mapping[str, Any], hidden: int = 0
) -> str:
    """An HTML-like label: symbol in bold, the name wrapped; FTE, address, hidden units in small print."""
    lines = []
    if unit.symbol:
        lines.append(f"<B>{html.escape(unit.symbol)}</B>")
    lines += [html.escape(line) for line in textwrap.wrap(unit.name, NAME_WIDTH)]
    small = []
    if show_fte:
        own = unit.fte()
        total = sum(u.fte() for u in unit.walk())
        phrase = fte_phrase if text is TEXT["pl"] else (lambda fte: f"{round(fte, 2):g} FTE")
        if own or not unit.units:
            small.append(phrase(own))
        if unit.units and total != own:
            small.append(f"{text['total']} {phrase(total)}")
    if show_location and unit.location:
        place = next((loc for loc in scenario.config.locations if loc.id == unit.location), None)
        if place:
            small.append(place.address.split(",")[0])
    if hidden:
        small.append(text["hidden"].format(units=polish_count(hidden, *text["unit_forms"])))
    lines += [f'<FONT POINT-SIZE="{SMALL_FONT_SIZE}">{html.escape(part)}</FONT>' for part in small]
    return "<" + "<BR/>".join(lines) + ">"


def fte_phrase(fte: float) -> str:
    """FTE with the Polish grammatical number: 1 etat, 3 etaty, 5 etatów, 2,5 etatu."""
    return t("unit.fte", "pl", fte=round(fte, 2))


def polish_count(n: int, one: str, few: str, many: str) -> str:
    """``n`` with the noun in the form Polish needs: 1 etat, 2–4 (not 12–14) etaty, else etatów."""
    if n == 1:
        return f"1 {one}"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return f"{n} {few}"
    return f"{n} {many}"


def function_colours(scenario: Scenario) -> dict[str | None, str]:
    """Colour per main function, in order of first appearance in the chart (stable across renders)."""
    mains: list[str] = []
    for unit in scenario.units:
        if unit.functions and unit.functions[0] not in mains:
            mains.append(unit.functions[0])
    return {function: PALETTE[i % len(PALETTE)] for i, function in enumerate(mains)}


def _legend(
    scenario: Scenario, colours: dict[str | None, str], lang: str, text: Mapping[str, Any], lines: bool = False
) -> str:
    rows = [f'<TR><TD COLSPAN="2"><B>{html.escape(text["legend"])}</B></TD></TR>'] if colours else []
    if lines:
        for sample, code in (("────", "chart.legend.solid"), ("┈┈┈┈", "chart.legend.dotted")):
            rows.append(f'<TR><TD>{sample}</TD><TD ALIGN="LEFT">{html.escape(t(code, lang))}</TD></TR>')
    for function, colour in colours.items():
        known = scenario.functions.get(function or "")
        name = (known.name_en if lang == "en" else known.name) if known else function or "—"
        rows.append(f'<TR><TD BGCOLOR="{colour}" WIDTH="18"> </TD><TD ALIGN="LEFT">{html.escape(name)}</TD></TR>')
    return '<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3">' + "".join(rows) + "</TABLE>>"
