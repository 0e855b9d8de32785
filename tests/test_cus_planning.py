"""CUS003: a CUS needs a diagnosis no older than the period the law in force sets, and a programme."""

from __future__ import annotations

import pytest

from model import load_scenario, load_scenario_text, validate
from model.law import provision
from tests.conftest import ROOT

CUS = ROOT / "org_configs" / "tarnowskie_gory_cus.yaml"


def centre(on: str, planning: str) -> str:
    return f"""
centre: {{name: CUS, population: 6000, model: care_area, institution: cus, effective_from: {on},
         shared_services: CUW, director_qualifications: szkolenie dyrektora CUS}}
units:
  - {{id: cus, name: Centrum, kind: management, functions: [first_contact],
     staff: [{{role: social_worker, fte: 3}}, {{role: services_organiser, fte: 1}}, {{role: plan_coordinator, fte: 1}}]}}
{planning}
"""


PLANNING = """
social_services:
  diagnosis_every_years: {every}
  diagnosis_basis: unverified
  diagnoses: [{{completed: 2020-03-31}}]
  programmes: [{{name: Program, valid_from: 2021-01-01, valid_to: 2025-12-31}}]
"""


def cus003(text: str) -> list[str]:
    return [f.text("pl") for f in validate(load_scenario_text(text)) if f.rule == "CUS003"]


def test_the_period_is_five_years_and_unverified_article():
    law = provision("cus.diagnosis", load_scenario(CUS).config.centre.effective_from)
    assert law.value == 5 and "niezweryfikowane" in law.citation


@pytest.mark.parametrize(
    "on, expected",
    [("2025-03-30", 0), ("2025-04-01", 1), ("2026-01-02", 2)],  # due 31.03.2025; programme ends 31.12.2025
)
def test_the_diagnosis_falls_due_five_years_on_and_a_programme_must_be_in_force(on, expected):
    assert len(cus003(centre(on, PLANNING.format(every=5)))) == expected


def test_the_file_cannot_stretch_the_period_the_law_sets():
    """A file that claims ten years between diagnoses still gets the finding after five."""
    found = cus003(centre("2025-06-01", PLANNING.format(every=10)))
    assert len(found) == 1 and "2025-03-31" in found[0]


def test_no_planning_at_all_is_reported_and_an_ops_is_exempt():
    assert len(cus003(centre("2024-01-01", ""))) == 2
    ops = centre("2024-01-01", "").replace("institution: cus", "institution: ops")
    assert cus003(ops) == []


def test_the_shipped_cus_configuration_has_its_diagnosis_and_programme():
    assert [f for f in validate(load_scenario(CUS)) if f.rule == "CUS003"] == []
