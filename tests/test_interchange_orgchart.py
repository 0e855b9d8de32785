"""The org chart for HR and org-design tools: a post per row (CSV, XLSX) and a graph (GraphML),
read back with the readers those tools' users have (csv, openpyxl, networkx)."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from openpyxl import load_workbook

from model.cli import main
from model.config.loader import load_scenario
from model.staffing.costs import staff_costs
from tests.conftest import DEFAULT_CONFIG


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(DEFAULT_CONFIG)


def _number(text: str) -> float:
    return float(text.replace(",", ".")) if text else 0.0


def test_csv_has_a_row_per_post_and_the_centres_totals(scenario, tmp_path):
    out = tmp_path / "posts.csv"
    assert main(["export", "orgchart", str(DEFAULT_CONFIG), "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
    expected = sum(max(1, len(u.staff)) for u in scenario.units)
    assert len(rows) == expected
    assert sum(_number(r["etaty"]) for r in rows) == pytest.approx(sum(u.fte() for u in scenario.units))
    costs = staff_costs(scenario)
    assert sum(_number(r["koszt miesięczny, zł"]) for r in rows) == pytest.approx(costs.monthly)
    by_unit = {r["id komórki"]: r for r in rows}
    for unit in scenario.units:
        for child in unit.units:
            assert by_unit[child.id]["id komórki nadrzędnej"] == unit.id
    assert any(r["stanowisko"] == "pracownik socjalny" for r in rows)


def test_xlsx_matches_the_csv(scenario, tmp_path):
    out = tmp_path / "posts.xlsx"
    assert main(["export", "orgchart", str(DEFAULT_CONFIG), "-o", str(out)]) == 0
    sheet = load_workbook(out).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "id komórki" and len(values) - 1 == sum(max(1, len(u.staff)) for u in scenario.units)
    assert sum(row[8] or 0 for row in values[1:]) == pytest.approx(sum(u.fte() for u in scenario.units))


def test_graphml_has_a_node_per_unit_and_an_edge_per_reporting_line(scenario, tmp_path):
    out = tmp_path / "chart.graphml"
    assert main(["export", "orgchart", str(DEFAULT_CONFIG), "--format", "graphml", "-o", str(out)]) == 0
    graph = nx.read_graphml(out)
    assert set(graph.nodes) == {u.id for u in scenario.units}
    solid = sum(len(u.units) for u in scenario.units)
    assert sum(1 for *_, d in graph.edges(data=True) if d["line"] == "solid") == solid
    top = scenario.config.units[0]
    assert graph.nodes[top.id]["label"] == top.name and graph.in_degree(top.id) == 0
