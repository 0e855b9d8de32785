"""The rules an inspector checks first (issue 20): what findings say about family assistants doing
social work (art. 12 uwr), qualifications (art. 116 u.p.s., art. 12 uwr), the 50-family
alternative of art. 110 ust. 11 (from 1.01.2015 only) and the council's resolutions."""

from __future__ import annotations

import datetime as dt

import pytest

from model import load_scenario, load_scenario_text, validate
from model.config.norms import required_social_workers, role_floors, staffing_norm
from model.law import provision

from .conftest import ROOT

CONFIGS = ROOT / "org_configs"

HEAD = "centre: {name: OPS, population: 6000, model: care_area, effective_from: 2024-01-01}\n"


def _findings(text: str, rule: str):
    return [f for f in validate(load_scenario_text(text)) if f.rule == rule]


# --- item 5: art. 12 uwr: an assistant's work is never combined with a social worker's -----------


def test_a_unit_of_family_assistants_doing_social_work_is_an_error():
    text = HEAD + (
        "units:\n"
        "  - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],\n"
        "     staff: [{role: social_worker, fte: 3}]}\n"
        "  - {id: ar, name: Asystenci rodziny, kind: team, functions: [social_work],\n"
        "     staff: [{role: family_assistant, fte: 2}]}\n"
    )
    found = _findings(text, "SEP003")
    assert len(found) == 1 and found[0].severity.value == "error"
    said = found[0].text("pl")
    assert "„Asystenci rodziny”" in said and "art. 12 ustawy o wspieraniu rodziny" in said
    assert "wobec tej samej rodziny" not in said


def test_social_workers_doing_family_assistance_are_an_error_too():
    text = HEAD + (
        "units:\n"
        "  - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, social_work],\n"
        "     staff: [{role: social_worker, fte: 3}]}\n"
        "  - {id: ar, name: Zespół wsparcia, kind: team, functions: [family_assistance],\n"
        "     staff: [{role: social_worker, fte: 2}]}\n"
    )
    assert [f.text("pl") for f in _findings(text, "SEP003")][0].startswith("komórka „Zespół wsparcia”")


def test_assistants_in_a_unit_of_their_own_pass():
    text = HEAD + (
        "units:\n"
        "  - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, social_work],\n"
        "     staff: [{role: social_worker, fte: 3}]}\n"
        "  - {id: ar, name: Asystenci rodziny, kind: team, functions: [family_assistance],\n"
        "     staff: [{role: family_assistant, fte: 2}]}\n"
    )
    assert not _findings(text, "SEP003")


def test_the_catalogue_states_the_bar_without_the_same_family():
    citation = provision("uwr.assistant_not_social_worker", dt.date(2024, 1, 1)).citation
    assert citation.startswith("art. 12 ustawy o wspieraniu rodziny") and "tej samej rodziny" not in citation


# --- item 9: the 50-family alternative applies from 1.01.2015 ----------------------------------


def test_the_norm_before_2015_knows_no_families_alternative():
    before = provision("ups.social_worker_norm", dt.date(2014, 12, 31))
    after = provision("ups.social_worker_norm", dt.date(2015, 1, 1))
    assert before.value == {"inhabitants": 2000, "minimum": 3}
    assert after.value == {"inhabitants": 2000, "families": 50, "minimum": 3}
    units = (
        "units:\n  - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, social_work],\n"
        "     caseload: {families: 100}, staff: [{role: social_worker, fte: 3}]}\n"
    )
    old = load_scenario_text(HEAD.replace("population: 6000", "population: 10000").replace("2024", "2014") + units)
    new = load_scenario_text(HEAD.replace("population: 6000", "population: 10000") + units)
    assert required_social_workers(old) == 5  # 10 000 / 2 000: the families do not lower it in 2014
    assert required_social_workers(new) == 3  # 100 / 50 = 2, at least 3
    assert {f.rule for f in validate(old)} >= {"STAFF001"} and "STAFF001" not in {f.rule for f in validate(new)}
    assert staffing_norm(old).families_per is None and staffing_norm(old).families is None
    said = next(f for f in validate(old) if f.rule == "STAFF001").text("pl")
    assert "rodzin" not in said and "wymaga co najmniej 5 (1 na 2\u202f000 mieszkańców, nie mniej niż 3)" in said


# --- item 6: qualifications ---------------------------------------------------------------------


def test_an_unqualified_social_worker_does_not_count_toward_the_norm():
    text = HEAD + (
        "units:\n  - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, social_work],\n"
        "     staff: [{role: social_worker, fte: 3}, {role: social_worker, fte: 1, qualified: false}]}\n"
    )
    scenario = load_scenario_text(text)
    assert staffing_norm(scenario).have == 3
    qual = _findings(text, "QUAL001")
    assert len(qual) == 1 and "art. 116" in qual[0].text("pl") and qual[0].subject == "ops"
    assert qual[0].line == 4  # the line of the staff entry


def test_a_count_of_qualified_fte_counts_that_many():
    text = HEAD + (
        "units:\n  - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, social_work],\n"
        "     staff: [{role: social_worker, fte: 4, qualified: 2.5}]}\n"
    )
    scenario = load_scenario_text(text)
    assert staffing_norm(scenario).have == 2.5
    assert "STAFF001" in {f.rule for f in validate(scenario)}  # 3 needed, 2.5 qualified
    floor = next(f for f in role_floors(scenario) if "art. 110" in f.citation)  # what the optimiser keeps
    assert sum(floor.counted(s) for u in scenario.units for s in u.staff) == 2.5


def test_more_qualified_fte_than_the_line_has_is_refused():
    from model.config.errors import ConfigError

    text = (
        HEAD
        + "units:\n  - {id: ops, name: O, kind: management, staff: [{role: social_worker, fte: 2, qualified: 3}]}\n"
    )
    with pytest.raises(ConfigError, match="qualified"):
        load_scenario_text(text)


def test_an_unqualified_family_assistant_is_an_error():
    text = HEAD + (
        "units:\n  - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, social_work],\n"
        "     staff: [{role: social_worker, fte: 3}]}\n"
        "  - {id: ar, name: Asystenci rodziny, kind: team, functions: [family_assistance],\n"
        "     staff: [{role: family_assistant, fte: 2, qualified: 1}]}\n"
    )
    found = _findings(text, "QUAL002")
    assert len(found) == 1 and found[0].severity.value == "error" and "art. 12" in found[0].text("pl")


def test_social_workers_doing_only_decisions_or_administration_are_flagged():
    text = HEAD + (
        "units:\n  - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, social_work],\n"
        "     staff: [{role: social_worker, fte: 3}]}\n"
        "  - {id: dec, name: Zespół Decyzji, kind: team, functions: [decision_benefits, benefit_payment],\n"
        "     staff: [{role: social_worker, fte: 2}]}\n"
    )
    found = _findings(text, "QUAL003")
    assert [f.subject for f in found] == ["dec"] and "Zespół Decyzji" in found[0].text("pl")


# --- item 12: the council's resolutions ---------------------------------------------------------


def test_a_procedure_whose_resolution_is_not_named_is_a_finding(tmp_path):
    scenario = load_scenario(CONFIGS / "tarnowskie_gory_2017.yaml")
    found = {f.subject: f for f in validate(scenario, settings=False) if f.rule == "RES001"}
    assert set(found) == {"uslugi_opiekuncze", "sprawienie_pogrzebu"}
    assert "RES001" not in {f.rule for f in validate(scenario)}  # switched off, with the reason, in the file
    assert "nie zostały odnalezione w źródłach publicznych" in scenario.config.checks.disable["RES001"]
    assert "art. 50 ust. 6" in found["uslugi_opiekuncze"].text("pl")
    meals = " ".join(scenario.procedure("posilek").basis)
    assert "uchwała nr LIV/544/2014 Rady Miejskiej w Tarnowskich Górach z dnia 26 lutego 2014 r." in meals


def test_a_resolution_repealed_before_the_date_is_not_cited():
    cus = load_scenario(CONFIGS / "tarnowskie_gory_cus.yaml")  # 2026: the 2014 meals resolution ended in 2018
    assert "LIV/544/2014" not in " ".join(cus.procedure("posilek").basis)
    assert "posilek" in {f.subject for f in validate(cus, settings=False) if f.rule == "RES001"}
    rural = load_scenario(CONFIGS / "gops_rural.yaml")
    assert not [f for f in validate(rural, settings=False) if f.rule == "RES001"]
    assert "uchwała nr XV/101/2020 Rady Gminy Przykładowo z dnia 26 marca 2020 r. w sprawie szczegółowych" in " ".join(
        rural.procedure("uslugi_opiekuncze").basis
    )


# --- item 10: art. 26 of the family-benefits act ------------------------------------------------


@pytest.mark.parametrize(
    ("applied", "due"),
    [
        (dt.date(2024, 7, 1), dt.date(2024, 11, 30)),
        (dt.date(2024, 8, 31), dt.date(2024, 11, 30)),
        (dt.date(2024, 9, 1), dt.date(2024, 12, 31)),
        (dt.date(2024, 10, 31), dt.date(2024, 12, 31)),
        (dt.date(2024, 11, 1), dt.date(2025, 2, 28)),
        (dt.date(2023, 12, 31), dt.date(2024, 2, 29)),  # the last day of February, in a leap year too
        (dt.date(2024, 3, 15), None),  # outside the windows: the general month of art. 35 § 3 KPA
        (dt.date(2024, 6, 30), None),
        (dt.date(2017, 8, 15), dt.date(2017, 11, 30)),  # 2017/2018: from 1 August (elblag.eu)
        (dt.date(2017, 7, 15), None),  # not yet an application for 2017/2018
        (dt.date(2016, 9, 30), dt.date(2016, 11, 30)),  # 2016/2017: art. 26 ust. 3, to 30 September
        (dt.date(2010, 9, 30), None),  # before the terms the catalogue could check
    ],
)
def test_family_benefits_for_the_new_period_are_due_by_the_dates_of_art_26(applied, due):
    from model.law.benefit_period import new_period_due

    assert new_period_due(applied) == due


def test_the_family_benefits_procedure_cites_art_26_of_its_date():
    rural = load_scenario(CONFIGS / "gops_rural.yaml")
    basis = " ".join(rural.procedure("swiadczenia_rodzinne").basis)
    assert "złożony od 1 lipca (elektronicznie) do 31 sierpnia – ustalenie prawa i wypłata do 30 listopada" in basis
    tg2017 = load_scenario(CONFIGS / "tarnowskie_gory_2017.yaml").procedure("swiadczenia_rodzinne")
    old = " ".join(tg2017.basis)
    assert "złożony od 1 sierpnia do 31 sierpnia – ustalenie prawa i wypłata do 30 listopada" in old
    assert "stosuje się art. 35 § 3 KPA" not in old  # the 2017/2018 terms were found (elblag.eu)
    decision = next(s for s in tg2017.steps if s.decision)  # its deadline counts art. 26's dates too
    assert decision.deadline.dated is not None and decision.deadline.basis.startswith("art. 26 ustawy")
