"""SEP002 binds social assistance only: family benefits and housing allowances may start at
their own department (they are not social assistance), a benefit decision may not."""

from __future__ import annotations

import pytest

from model import load_scenario_text, validate


def config(function: str) -> str:
    return f"""
centre: {{name: MOPS, population: 6000, model: separated}}
units:
  - {{id: fc, name: Stanowisko ds. Pierwszego Kontaktu, kind: post, functions: [first_contact],
     staff: [{{role: clerk, fte: 1}}]}}
  - {{id: dept, name: Dział, kind: department, functions: [{function}], staff: [{{role: clerk, fte: 3}}]}}
procedures:
  - id: apply
    name: Wniosek
    arrivals: {{per_week: 5}}
    entry: take
    steps:
      - {{id: take, function: {function}, duration: 20 min, next: end}}
"""


@pytest.mark.parametrize(
    "function, fires",
    [("family_benefits", False), ("housing_allowance", False), ("decision_benefits", True), ("services", True)],
)
def test_only_social_assistance_must_start_at_first_contact(function, fires):
    found = [f.rule for f in validate(load_scenario_text(config(function)))]
    assert ("SEP002" in found) is fires
