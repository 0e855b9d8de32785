"""The workload balance: hand-computed hours on small centres, WISN's arithmetic against the WHO
manual, bad input as one line, and the shipped centres."""

from __future__ import annotations

import pytest

from model import ConfigError, load_scenario, load_scenario_text
from model.staffing.workload import balance

# An office open 8 h on weekdays with Polish holidays: 2024 has 252 such days (2,016 h).
YEAR_2024_HOURS = 252 * 8


def centre(unit_extra: str = "", procedure_extra: str = "", per_week: float = 10, availability: float = 0.8) -> str:
    """A centre of two units: a desk serving first contact, a team of assistants, one procedure
    that visits the desk once and the team with probability 0.5 (fixed 30 and 120 minutes)."""
    return f"""
centre: {{name: OPS Testowo, population: 6000, model: care_area, effective_from: 2024-03-01}}
availability: {{default: {availability}}}
units:
  - {{id: desk, name: Stanowisko, kind: post, functions: [first_contact], staff: [{{role: social_worker, fte: 3}}]}}
  - id: team
    name: Zespół Asystentów
    kind: team
    functions: [family_assistance]
    staff: [{{role: family_assistant, fte: 2}}]
{unit_extra}
  - {{id: boss, name: Kierownik, kind: post, staff: [{{role: manager, fte: 1}}]}}
procedures:
  - id: visit
    name: Wizyta
    arrivals: {{per_week: {per_week}}}
    entry: serve
{procedure_extra}
    steps:
      - id: serve
        function: first_contact
        duration: 30
        next: [{{to: help, p: 0.5}}, {{to: end, p: 0.5}}]
      - {{id: help, function: family_assistance, duration: 120, next: end}}
"""


def test_hours_are_the_flow_the_caseload_and_other_work_by_hand() -> None:
    extra = """    caseload: {families: 20, hours_per_case_month: "90 min"}
    other_work:
      - {activity: sprawozdawczość, share: 0.1, source: assumption}
      - {activity: narady zespołu, hours_per_week_per_fte: 2, source: assumption}
      - {activity: rozprawy sądowe, hours_per_year: 50, source: assumption}"""
    found = balance(load_scenario_text(centre(extra), "c.yaml"))
    assert found.year == 2024 and found.hours_per_fte == YEAR_2024_HOURS
    weeks = YEAR_2024_HOURS / 40  # arrivals come on open time: 10 a week of 40 open hours
    desk, team = found.units["desk"], found.units["team"]
    assert desk.available_hours == pytest.approx(3 * 0.8 * YEAR_2024_HOURS)
    assert desk.procedure_hours == pytest.approx(10 * weeks * 0.5)
    assert team.procedure_hours == pytest.approx(10 * weeks * 0.5 * 2)
    assert team.caseload_hours == pytest.approx(20 * 1.5 * 12)
    available = 2 * 0.8 * YEAR_2024_HOURS
    assert team.other_hours == pytest.approx((0.1 + 2 / 40) * available + 50)
    assert team.explained_share == pytest.approx((team.procedure_hours + 360 + team.other_hours) / available)
    # WISN: client work / AWT × 1 / (1 − CAS) + IAS / AWT, AWT per FTE = available / FTE
    per_fte = available / 2
    required = (team.procedure_hours + 360) / per_fte / (1 - 0.15) + 50 / per_fte
    assert team.required_fte == pytest.approx(required)
    assert team.wisn_ratio == pytest.approx(2 / required)
    assert found.not_modelled == ["boss"]
    assert any("Kierownik" in w.text("pl") for w in found.warnings)


def test_a_declared_unit_outside_the_model_is_listed_without_a_warning() -> None:
    text = centre().replace(
        "{id: boss, name: Kierownik, kind: post,", "{id: boss, name: Kierownik, kind: post, not_modelled: kieruje,"
    )
    found = balance(load_scenario_text(text, "c.yaml"))
    assert found.not_modelled == ["boss"]
    assert not any("Kierownik" in w.text("pl") for w in found.warnings)


def test_a_caseload_on_a_procedure_falls_where_its_work_falls() -> None:
    text = centre(procedure_extra="    caseload: {families: 10, hours_per_case_month: 2}")
    found = balance(load_scenario_text(text, "c.yaml"))
    desk, team = found.units["desk"], found.units["team"]
    assert desk.caseload_hours + team.caseload_hours == pytest.approx(10 * 2 * 12)
    assert team.caseload_hours == pytest.approx(2 * desk.caseload_hours)  # twice the procedure's work


@pytest.mark.parametrize(
    ("caseload", "words"),
    [
        ('{families: 20, hours_per_case_month: "dwie godziny"}', "hours_per_case_month"),
        ('{families: 20, hours_per_case_month: "3 d"}', "calendar time"),
        ("{families: -4}", "families"),
        ("{families: 2.5}", "families"),
    ],
)
def test_a_bad_caseload_is_one_line_with_file_and_line(caseload: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_scenario_text(centre(f"    caseload: {caseload}"), "c.yaml")
    problem = caught.value.problems[0]
    assert problem.file == "c.yaml" and problem.line == 11
    assert words in problem.text("en") and "\n" not in problem.text("en")


def test_other_work_needs_exactly_one_measure() -> None:
    extra = """    other_work:
      - {activity: sprawozdawczość, share: 0.1, hours_per_year: 10, source: assumption}"""
    with pytest.raises(ConfigError) as caught:
        load_scenario_text(centre(extra), "c.yaml")
    assert "exactly one" in caught.value.problems[0].text("en")


def test_other_work_filling_the_time_is_a_warning_not_a_traceback() -> None:
    extra = """    other_work:
      - {activity: dokumentacja, share: 0.7, source: assumption}
      - {activity: narady, hours_per_week_per_fte: 20, source: assumption}"""
    found = balance(load_scenario_text(centre(extra), "c.yaml"))
    team = found.units["team"]
    assert team.required_fte == float("inf") and team.wisn_ratio == 0
    assert any("Zespół Asystentów" in w.text("pl") and "120" in w.text("pl") for w in found.warnings)


def test_every_shipped_centre_balances(shipped_config) -> None:
    found = balance(load_scenario(shipped_config))
    assert found.units
    for unit in found.units.values():
        assert unit.available_hours > 0 and unit.explained_share >= 0
