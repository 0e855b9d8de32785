"""The procedures added for care homes, funerals, meals, crisis intervention, family benefits and
housing allowance: each loads, runs on the structures that have the units for it, and cites the
provisions checked against the acts (a test pins each, so a careless edit shows)."""

from __future__ import annotations

import networkx as nx
import pytest

from model import load_scenario, validate
from model.checks.flow import procedure_graph
from model.config.loader import load_procedure
from model.config.schema import END
from model.simulation import SimulationSettings, simulate
from tests.conftest import CONFIGS, ROOT

PROCEDURES = ROOT / "procedures"


def steps_of(procedure_id: str, folder: str = "") -> dict:
    procedure = load_procedure(PROCEDURES / folder / f"{procedure_id}.yaml")
    return {step.id: step for step in procedure.steps}


@pytest.mark.parametrize("path", CONFIGS, ids=[p.stem for p in CONFIGS])
def test_every_shipped_configuration_validates_without_errors(path):
    findings = validate(load_scenario(path))
    assert not [f for f in findings if f.severity.value == "error"], [str(f) for f in findings]


def test_care_home_referral_issues_both_decisions_of_art_59_after_an_interview():
    steps = steps_of("skierowanie_do_dps")
    decision = steps["decyzja"]
    assert decision.decision and "art. 59 ust. 1" in decision.document
    assert steps["wywiad"].field and steps["wywiad"].interview and steps["wywiad"].deadline.law == "interview.deadline"
    assert "art. 59 ust. 2" in steps["przekazanie_dokumentow"].document
    basis = " ".join(load_procedure(PROCEDURES / "skierowanie_do_dps.yaml").basis)
    assert "art. 17 ust. 1 pkt 16" in basis and "art. 59 ust. 1–3" in basis


def test_funeral_is_arranged_without_a_decision_and_costs_are_recovered_under_art_96():
    procedure = load_procedure(PROCEDURES / "sprawienie_pogrzebu.yaml")
    assert not any(step.decision for step in procedure.steps)
    assert {"art. 17 ust. 1 pkt 15 ustawy z dnia 12 marca 2004 r. o pomocy społecznej"} <= set(procedure.basis)
    assert any("art. 44" in b for b in procedure.basis) and any("art. 96 ust. 3" in b for b in procedure.basis)


def test_meals_have_a_route_without_interview_or_decision_for_a_pupil_named_by_the_school():
    procedure = load_procedure(PROCEDURES / "posilek.yaml")
    graph = procedure_graph(procedure)
    route = nx.shortest_path(graph, procedure.entry, "objecie_bez_decyzji")
    steps = {step.id: step for step in procedure.steps}
    assert not any(steps[s].decision or steps[s].field for s in route)
    in_2024 = load_scenario(ROOT / "org_configs" / "gops_rural.yaml").procedure("posilek")  # the 2024–2028 edition
    assert any("M.P. 2023 poz. 881" in b for b in in_2024.basis)


def test_crisis_intervention_needs_no_decision_and_cites_art_47():
    procedure = load_procedure(PROCEDURES / "interwencja_kryzysowa.yaml")
    assert not any(step.decision for step in procedure.steps)
    assert procedure.basis[0] == "art. 47 ust. 1–3 ustawy z dnia 12 marca 2004 r. o pomocy społecznej"
    assert not any(step.deadline for step in procedure.steps)  # "natychmiastowa": the act gives no days


@pytest.mark.parametrize(
    ("procedure_id", "folder", "function"),
    [
        ("swiadczenia_rodzinne", "", "family_benefits"),
        ("dodatek_mieszkaniowy", "dodatki_mieszkaniowe", "housing_allowance"),
    ],
)
def test_family_benefits_and_housing_allowance_are_decided_by_their_own_unit_without_an_interview(
    procedure_id, folder, function
):
    steps = steps_of(procedure_id, folder)
    decisions = [step for step in steps.values() if step.decision]
    assert [step.function for step in decisions] == [function]
    assert not any(step.field for step in steps.values())


def test_housing_allowance_is_loaded_only_where_the_centre_has_a_housing_allowance_unit():
    for path in CONFIGS:
        scenario = load_scenario(path)
        has_unit = any("housing_allowance" in unit.functions for unit in scenario.units)
        assert (scenario.procedure("dodatek_mieszkaniowy") is not None) == has_unit, path.name


def test_new_procedures_end_and_simulate_on_the_2017_structure():
    scenario = load_scenario(ROOT / "org_configs" / "tarnowskie_gory_2017.yaml")
    new = ["skierowanie_do_dps", "sprawienie_pogrzebu", "posilek", "interwencja_kryzysowa", "swiadczenia_rodzinne"]
    for procedure_id in [*new, "dodatek_mieszkaniowy"]:
        graph = procedure_graph(scenario.procedure(procedure_id))
        assert all(nx.has_path(graph, node, END) for node in graph), procedure_id
    result = simulate(scenario, SimulationSettings(days=60, warmup_days=5, replications=2, processes=1))
    for procedure_id in ["posilek", "swiadczenia_rodzinne", "dodatek_mieszkaniowy"]:
        assert result.procedures[procedure_id].completed.mean > 0, procedure_id
