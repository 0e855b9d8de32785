"""The MOPS → CUS configuration: the posts the act of 19.07.2019 names, with their qualifications,
the two CUS procedures (a refusal is a decision, a grant is not) and the planning calendar."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from model import load_scenario, validate
from model.checks.flow import procedure_graph
from model.config.schema import Role
from model.exports.regulation import regulation_markdown
from model.simulation import SimulationSettings, simulate
from tests.conftest import ROOT

CUS = ROOT / "org_configs" / "tarnowskie_gory_cus.yaml"


@pytest.fixture(scope="module")
def cus():
    return load_scenario(CUS)


def test_cus_is_a_dated_transformation_of_the_2017_centre(cus):
    centre = cus.config.centre
    assert centre.institution == "cus" and centre.effective_from > dt.date(2020, 1, 1)
    assert "HIPOTETYCZNE" in CUS.read_text(encoding="utf-8")
    old = {u.id for u in load_scenario(ROOT / "org_configs" / "tarnowskie_gory_2017.yaml").units}
    assert old <= {u.id for u in cus.units}


def test_cus_validates_without_errors(cus):
    assert not [f for f in validate(cus) if f.severity.value == "error"]


def test_the_three_posts_of_the_act_are_staffed_and_carry_their_qualifications(cus):
    by_role = {s.role: u for u in cus.units for s in u.staff}
    for role in (Role.services_organiser, Role.plan_coordinator, Role.community_organiser):
        assert role in by_role and by_role[role].qualifications, role
    coordinator = by_role[Role.plan_coordinator].qualifications
    assert any(q.startswith("art. 30 pkt 1") and "pracownika socjalnego" in q for q in coordinator)
    assert any("art. 28" in q for q in by_role[Role.services_organiser].qualifications)
    text = regulation_markdown(cus)
    assert "Wymagania kwalifikacyjne:" in text and "Do zadań Koordynatora Indywidualnych Planów" in text
    assert "Do zadań Organizatora Usług Społecznych należy w szczególności:" in text


def test_a_refusal_is_a_decision_and_a_grant_is_not(cus):
    procedure = cus.procedure("kwalifikacja_do_uslugi")
    steps = {s.id: s for s in procedure.steps}
    graph = procedure_graph(procedure)
    grant = nx.shortest_path(graph, procedure.entry, "skierowanie_do_realizatora")
    assert not any(steps[s].decision for s in grant)
    assert steps["decyzja_odmowna"].decision and steps["decyzja_odmowna"].deadline.basis == "art. 35 § 3 KPA"


def test_the_individual_plan_is_made_within_30_days_by_the_coordinator(cus):
    plan = cus.procedure("indywidualny_plan_uslug")
    made = next(s for s in plan.steps if s.id == "opracowanie_planu")
    assert made.function == "individual_service_plans" and made.deadline.within.amount == 30
    assert made.deadline.within.unit == "days"


def test_the_cus_procedures_are_loaded_only_by_the_cus():
    for path in (ROOT / "org_configs").glob("*.yaml"):
        loaded = load_scenario(path).procedure("kwalifikacja_do_uslugi") is not None
        assert loaded == (path == CUS), path.name


def test_planning_calendar_gives_the_next_diagnosis_and_the_programme_in_force(cus):
    planning = cus.config.social_services
    assert planning.diagnosis_every_years == 5
    assert planning.next_diagnosis() == dt.date(2030, 9, 30)
    assert planning.programme_on(cus.config.centre.effective_from).valid_to == dt.date(2029, 12, 31)
    assert planning.programme_on(dt.date(2031, 1, 1)) is None


def test_cus_simulates_and_the_new_posts_do_work(cus):
    result = simulate(cus, SimulationSettings(days=60, warmup_days=5, replications=2, processes=1))
    assert result.procedures["kwalifikacja_do_uslugi"].completed.mean > 0
    assert result.units["stanowisko_organizatora_uslug"].utilisation.mean > 0
