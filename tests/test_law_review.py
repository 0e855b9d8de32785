"""The corrections of the legal review (issue 20), each pinned by what a document or a finding says.

Every test here failed before its correction: the interview deadlines of the 2016 regulation are in
§ 2 ust. 1–2 (not § 3), the 2017 documents speak of the "osoba dotknięta przemocą w rodzinie", the
centre is not the first-instance organ, a deadline names the step it counts from, and every
citation of the catalogue has a line in the project's own list of sources.
"""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest

from model import load_scenario
from model.law import provision, render
from model.law.catalogue import CATALOGUE
from model.present.flowchart import deadline_text

from .conftest import ROOT

CONFIGS = ROOT / "org_configs"
PROCEDURES = ROOT / "procedures"
SOURCES = ROOT / "model" / "law" / "sources.csv"


@pytest.fixture(scope="module")
def tg2017():
    return load_scenario(CONFIGS / "tarnowskie_gory_2017.yaml")


@pytest.fixture(scope="module")
def rural():
    return load_scenario(CONFIGS / "gops_rural.yaml")


def _texts(scenario) -> str:
    """Every text of a loaded configuration a document or a view can show."""
    words = [u.name for u in scenario.units] + [t for u in scenario.units for t in u.tasks]
    for p in scenario.procedures:
        words += [p.name, p.description or "", *p.basis]
        for s in p.steps:
            words += [s.name or "", s.document or "", s.description or ""]
            words += [s.deadline.basis or ""] if s.deadline else []
    return "\n".join(words)


# --- item 4: the interview deadlines of the 2016 regulation are in § 2 ------------------------


def test_the_2016_interview_terms_are_in_paragraph_2_of_the_regulation(tg2017):
    """infor.pl's copy of Dz.U. 2016 poz. 1406: § 2 ust. 1 (14 working days), ust. 2 (2 working days)."""
    day = dt.date(2017, 9, 1)
    assert provision("interview.deadline", day).citation.startswith(
        "§ 2 ust. 1 rozporządzenia MRPiPS z dnia 25 sierpnia 2016"
    )
    assert provision("interview.urgent", day).citation.startswith("§ 2 ust. 2 rozporządzenia MRPiPS z dnia 25 sierpnia")
    basis = tg2017.procedure("zasilek_okresowy").step("wywiad").deadline.basis
    assert basis.startswith("§ 2 ust. 1 rozporządzenia MRPiPS z dnia 25 sierpnia 2016") and "§ 3" not in basis


def test_the_2021_interview_terms_stay_in_paragraph_3(rural):
    basis = rural.procedure("zasilek_okresowy").step("wywiad").deadline.basis
    assert basis.startswith("§ 3 ust. 2 rozporządzenia MRiPS z dnia 8 kwietnia 2021")
    assert provision("interview.urgent", dt.date(2022, 1, 1)).citation.startswith("§ 3 ust. 3 rozporządzenia MRiPS")


# --- item 7: the person affected by violence, in the words of the act of the date --------------


def test_the_2017_documents_speak_of_a_person_affected_by_family_violence(tg2017):
    nk = tg2017.procedure("niebieska_karta")
    assert "zgłasza się osoba dotknięta przemocą w rodzinie" in nk.description
    assert "osoby dotkniętej przemocą w rodzinie" in nk.description
    assert "z osobą dotkniętą przemocą w rodzinie" in nk.step("wszczecie").description
    team = tg2017.unit("zespol_przeciwdzialania_przemocy")
    assert "udzielanie wsparcia i poradnictwa osobom dotkniętym przemocą w rodzinie" in team.tasks
    assert "doznając" not in _texts(tg2017)


def test_a_2024_configuration_speaks_of_a_person_experiencing_domestic_violence(rural):
    nk = rural.procedure("niebieska_karta")
    assert "zgłasza się osoba doznająca przemocy domowej" in nk.description
    assert "z osobą doznającą przemocy domowej" in nk.step("wszczecie").description
    assert "dotknięt" not in nk.description


def test_the_victim_is_law_keyed_in_every_case_the_files_use():
    assert render("{law:violence.victim.dat_pl}", dt.date(2017, 9, 1)) == "osobom dotkniętym przemocą w rodzinie"
    assert render("{law:violence.victim.dat_pl}", dt.date(2023, 6, 22)) == "osobom doznającym przemocy domowej"


# --- item 8: the organ of the first instance is the mayor, not the centre ---------------------


@pytest.mark.parametrize(
    "path", sorted(PROCEDURES.rglob("*.yaml")) + sorted(CONFIGS.glob("*.yaml")), ids=lambda p: p.stem
)
def test_no_file_makes_the_centre_the_first_instance_organ(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"(Ośrodek|Centrum) jest organem pierwszej instancji", text), path.name


def test_appeals_are_forwarded_by_the_organ_on_whose_authorisation_the_director_decided(tg2017):
    step = tg2017.procedure("zasilek_celowy").step("przekazanie_odwolania")
    assert "organ pierwszej instancji" in step.description
    assert "wójt, burmistrz lub prezydent miasta" in step.description
    assert "art. 110 ust. 7" in step.description
    legal = tg2017.unit("radca_prawny")
    assert any("organu pierwszej instancji (Burmistrza" in task for task in legal.tasks)


# --- item 11: "niezweryfikowane" in Polish text; a step's name, never its id -------------------


def test_polish_citations_say_niezweryfikowane_never_unverified(tg2017, rural):
    for item in CATALOGUE:
        assert "unverified" not in item.citation, item.key
    for scenario in (tg2017, rural):
        assert "unverified" not in _texts(scenario)
    nk = rural.procedure("niebieska_karta")
    assert "niezweryfikowane" in nk.step("przekazanie_grupie").deadline.basis


def test_the_2023_niebieska_karta_terms_apply_from_28_september_2023():
    """A regulation signed on 6.09.2023 cannot apply 14 days after its publication on 14.09.2023;
    the day is 28.09.2023 (a secondary source, so the citation still says niezweryfikowane)."""
    before, after = dt.date(2023, 9, 27), dt.date(2023, 9, 28)
    assert provision("nk.pass_to_team", before).value == "7 d"
    assert provision("nk.pass_to_group", before).value is None  # the 2011 regulation set no term
    assert provision("nk.pass_to_team", after).value == "5 wd"
    assert provision("nk.pass_to_group", after).value == "3 wd"
    assert provision("nk.group_meeting", after).value == "5 wd"
    assert "niezweryfikowane" in provision("nk.pass_to_team", after).citation


def test_the_individual_plan_term_is_the_catalogues_and_says_its_article_is_unverified():
    cus = load_scenario(CONFIGS / "tarnowskie_gory_cus.yaml")
    procedure = cus.procedure("indywidualny_plan_uslug")
    deadline = procedure.step("opracowanie_planu").deadline
    assert deadline.law == "cus.individual_plan" and deadline.from_ == "arrival"
    assert deadline.basis == provision("cus.individual_plan", dt.date(2026, 1, 1)).citation
    assert "30 dni od dnia wystąpienia z wnioskiem (artykuł: niezweryfikowane)" in deadline.basis
    assert deadline.basis in procedure.basis and not any("{law:" in text for text in procedure.basis)


def test_a_deadline_counted_from_a_step_names_that_step_not_its_id(tg2017):
    procedure = tg2017.procedure("zasilek_celowy")
    step = procedure.step("przekazanie_odwolania")
    assert step.deadline.from_ == "przyjecie_odwolania"
    text = deadline_text(procedure, step)
    source = procedure.step("przyjecie_odwolania").name
    assert f"od kroku „{source}”" in text and "przyjecie_odwolania" not in text
    assert "from step “" in deadline_text(procedure, step, "en")


# --- the project's own list of sources ---------------------------------------------------------


def _sources() -> list[dict[str, str]]:
    with SOURCES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_citation_of_the_catalogue_has_a_line_in_the_sources_list():
    """act, article, date, where it was read: one line per catalogue entry (key and the day it starts)."""
    rows = _sources()
    assert rows and set(rows[0]) == {"key", "valid_from", "act", "provision", "checked", "read_at", "note"}
    listed = {(row["key"], row["valid_from"]) for row in rows}
    for item in CATALOGUE:
        assert (item.key, item.valid_from.isoformat()) in listed, item.key
    by_entry = {(row["key"], row["valid_from"]): row for row in rows}
    for item in CATALOGUE:
        row = by_entry[(item.key, item.valid_from.isoformat())]
        assert row["read_at"] == item.source, item.key
        assert row["checked"] in ("tak", "niezweryfikowane"), item.key
        assert (row["checked"] == "niezweryfikowane") == ("niezweryfikowane" in item.citation), item.key
    assert len(listed) == len(rows), "one line per citation"
