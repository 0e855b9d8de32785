"""The org chart as HR and org-design tools import it: a table of posts, or a graph.

CSV and XLSX have one row per post, that is per role staffed in a unit, with the unit, its
parent, symbol and kind, the role, FTE and the monthly cost (FTE × the role's cost in
``costs:``; blank when the configuration has none, never 0); a unit with no staff is one row
without a role, so the hierarchy is whole. GraphML (yEd, Gephi) has a node per unit and an
edge per reporting line, the dotted ones marked.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

from model.config.loader import Scenario
from model.config.schema import Unit
from model.extras import need
from model.i18n import t
from model.staffing.costs import role_cost

CSV_ENCODING = "utf-8-sig"
"""With the byte-order mark, Excel shows the Polish letters."""
COLUMNS = (
    "unit_id",
    "unit",
    "symbol",
    "kind",
    "parent_id",
    "parent",
    "role_id",
    "role",
    "fte",
    "monthly_cost_per_fte",
    "monthly_cost",
    "address",
)


@dataclass(frozen=True)
class Post:
    """One row: a role staffed in a unit (or a unit with no staff)."""

    unit: Unit
    parent: Unit | None
    role_id: str
    fte: float
    cost_per_fte: float | None
    address: str | None

    @property
    def cost(self) -> float | None:
        return None if self.cost_per_fte is None else self.cost_per_fte * self.fte


def posts(scenario: Scenario) -> Iterator[Post]:
    """The posts of the chart, parents before children, roles in the unit's order."""
    addresses = {loc.id: loc.address for loc in scenario.config.locations}

    def walk(unit: Unit, parent: Unit | None) -> Iterator[Post]:
        address = addresses.get(unit.location or "")
        if not unit.staff:
            yield Post(unit, parent, "", 0.0, None, address)
        for staff in unit.staff:
            yield Post(unit, parent, staff.role.value, staff.fte, role_cost(scenario, unit.id, staff.role), address)
        for child in unit.units:
            yield from walk(child, unit)

    for top in scenario.config.units:
        yield from walk(top, None)


def _cells(post: Post) -> list[object]:
    unit, parent = post.unit, post.parent
    return [
        unit.id,
        unit.name,
        unit.symbol or "",
        t(f"kind.{unit.kind.value}", "pl"),
        parent.id if parent else "",
        parent.name if parent else "",
        post.role_id,
        t(f"role.{post.role_id}", "pl") if post.role_id else "",
        post.fte,
        post.cost_per_fte,
        post.cost,
        post.address or "",
    ]


def headers() -> list[str]:
    return [t(f"orgtable.{column}", "pl") for column in COLUMNS]


def orgchart_csv(scenario: Scenario) -> str:
    """Semicolon-separated, decimal commas, as a Polish Excel opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers())
    for post in posts(scenario):
        writer.writerow(
            [
                ("" if v is None else f"{v:g}".replace(".", ",")) if isinstance(v, float) or v is None else v
                for v in _cells(post)
            ]
        )
    return out.getvalue()


def orgchart_xlsx(scenario: Scenario) -> bytes:
    need("xlsx")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = t("orgtable.sheet", "pl")
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for post in posts(scenario):
        sheet.append(_cells(post))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def orgchart_graphml(scenario: Scenario) -> bytes:
    """A node per unit (name as ``label``, which Gephi and yEd show), an edge per reporting line."""
    graph = nx.DiGraph()
    for unit in scenario.units:
        monthly = [role_cost(scenario, unit.id, s.role) for s in unit.staff]
        cost = None if any(c is None for c in monthly) else sum(c * s.fte for c, s in zip(monthly, unit.staff) if c)
        graph.add_node(
            unit.id,
            label=unit.name,
            symbol=unit.symbol or "",
            kind=unit.kind.value,
            fte=float(unit.fte()),
            **({} if cost is None else {"monthly_cost": float(cost)}),
        )
    for unit in scenario.units:
        for child in unit.units:
            graph.add_edge(unit.id, child.id, line="solid")
        for boss in unit.also_reports_to:
            if boss in graph:
                graph.add_edge(boss, unit.id, line="dotted")
    out = io.BytesIO()
    nx.write_graphml(graph, out, encoding="utf-8")
    return out.getvalue()


def orgchart_file(scenario: Scenario, fmt: str) -> bytes:
    if fmt == "csv":
        return orgchart_csv(scenario).encode(CSV_ENCODING)
    if fmt == "xlsx":
        return orgchart_xlsx(scenario)
    return orgchart_graphml(scenario)
