"""The law, right and dated: the catalogue's versions, the law of a configuration's date, and every
citation corrected in issue 10 pinned so that it cannot slip back."""

from __future__ import annotations

import datetime as dt
import inspect
from collections import defaultdict

import pytest

from model import load_scenario, load_scenario_text, validate
from model.config.calendar import LegalCalendar
from model.config.quantities import parse_span
from model.law import LawError, provision, render
from model.law.catalogue import CATALOGUE

from .conftest import ROOT

CONFIGS = ROOT / "org_configs"
PROCEDURES = ROOT / "procedures"


@pytest.fixture(scope="module")
def tg2017():
    return load_scenario(CONFIGS / "tarnowskie_gory_2017.yaml")


@pytest.fixture(scope="module")
def rural():
    return load_scenario(CONFIGS / "gops_rural.yaml")


def _text(path) -> str:
    return path.read_text(encoding="utf-8")


# --- the catalogue ----------------------------------------------------------------------------


def test_versions_of_a_provision_never_overlap_and_leave_no_gap():
    """A change of law is a new entry that starts the day after the old one ends."""
    versions = defaultdict(list)
    for item in CATALOGUE:
        versions[item.key].append(item)
    for key, items in versions.items():
        items.sort(key=lambda p: p.valid_from)
        for old, new in zip(items, items[1:], strict=False):
            assert old.valid_to is not None, key
            assert new.valid_from == old.valid_to + dt.timedelta(days=1), key
        assert items[-1].valid_to is None, key


def test_every_provision_has_a_public_source_and_a_polish_citation():
    for item in CATALOGUE:
        assert item.source.startswith(("https://", "http://")), item.key
        assert item.citation and item.act, item.key
        if isinstance(item.value, str) and item.key.startswith(("nk.", "interview.", "kpa.")):
            parse_span(item.value)  # a deadline the simulation can count


@pytest.mark.parametrize(
    ("key", "day", "expected", "cited"),
    [
        ("nk.pass_to_team", dt.date(2017, 9, 1), "7 d", "13 września 2011"),
        ("nk.pass_to_team", dt.date(2024, 1, 1), "5 wd", "6 września 2023"),
        ("nk.pass_to_group", dt.date(2017, 9, 1), None, "nie określa"),
        ("nk.pass_to_group", dt.date(2024, 1, 1), "3 wd", "6 września 2023"),
        ("nk.group_meeting", dt.date(2024, 1, 1), "5 wd", "6 września 2023"),
        ("interview.deadline", dt.date(2017, 9, 1), "14 wd", "25 sierpnia 2016"),
        ("interview.deadline", dt.date(2022, 1, 1), "14 wd", "§ 3 ust. 2 rozporządzenia MRiPS z dnia 8 kwietnia 2021"),
        ("interview.urgent", dt.date(2022, 1, 1), "2 wd", "§ 3 ust. 3"),
        ("kpa.forward_appeal", dt.date(2017, 9, 1), "7 d", "art. 133 KPA"),
        ("kpa.appeal", dt.date(2017, 9, 1), "14 d", "art. 129 § 2 KPA"),
    ],
)
def test_the_version_in_force_on_the_day_is_applied(key, day, expected, cited):
    found = provision(key, day)
    assert found.value == expected and cited in found.citation


def test_the_2021_interview_regulation_applies_from_11_november_2021():
    assert "2016" in provision("interview.deadline", dt.date(2021, 11, 10)).act
    assert "2021" in provision("interview.deadline", dt.date(2021, 11, 11)).act


def test_who_pays_the_child_benefit_changed_on_1_january_2022():
    assert provision("child_benefit.body", dt.date(2021, 12, 31)).value["body"] == "gmina"
    assert provision("child_benefit.body", dt.date(2022, 1, 1)).value["body"] == "ZUS"


def test_words_are_declined_and_dated():
    text = "udział w pracach {law:nk.group.gen_pl}; przekazanie {law:nk.group.dat}"
    assert render(text, dt.date(2017, 9, 1)) == "udział w pracach grup roboczych; przekazanie grupie roboczej"
    assert render(text, dt.date(2024, 1, 1)) == (
        "udział w pracach grup diagnostyczno-pomocowych; przekazanie grupie diagnostyczno-pomocowej"
    )
    assert render("{law:violence.term}", dt.date(2017, 9, 1)) == "przemoc w rodzinie"
    assert render("{law:violence.term}", dt.date(2023, 6, 22)) == "przemoc domowa"


def test_unknown_provision_or_date_outside_every_version_is_refused():
    with pytest.raises(LawError, match="no provision"):
        provision("nk.no_such_thing", dt.date(2024, 1, 1))
    with pytest.raises(LawError, match="not in force"):
        provision("cus.programme_tasks", dt.date(2019, 1, 1))


def test_a_refusal_says_what_the_catalogue_does_know():
    """The messages a user reads when a file names a wrong provision, a date no version covers, or a
    case the word has no form for: each lists what there is, so the file can be corrected."""
    with pytest.raises(LawError) as unknown:
        provision("kpa.nope", dt.date(2024, 1, 1))
    assert "known: child_benefit.body, cus.creation, cus.diagnosis," in str(unknown.value)
    with pytest.raises(LawError) as early:
        provision("nk.pass_to_team", dt.date(2000, 1, 1))
    assert early.value.message.text("pl") == (
        "przepis 'nk.pass_to_team' nie obowiązywał w dniu 2000-01-01 (wersje: 2011-10-18–2023-09-27; "
        "2023-09-28–…); zmień datę konfiguracji (centre.effective_from)"
    )
    with pytest.raises(LawError) as no_form:
        render("przekazanie {law:nk.group.ins}", dt.date(2024, 1, 1))
    assert no_form.value.message.text("pl") == (
        "przepis 'nk.group' nie ma formy 'ins'; dostępne: nom, gen, dat, acc, gen_pl, loc_pl"
    )


def test_a_catalogue_line_cannot_be_changed_by_whoever_reads_it():
    """Every configuration shares the catalogue's entries: one that changed a citation in place
    would change it for all the others loaded in the same process."""
    import dataclasses

    found = provision("kpa.decision", dt.date(2024, 1, 1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.citation = "art. 35 § 3 KPA (zmieniony)"  # type: ignore[misc]
    assert provision("kpa.decision", dt.date(2024, 1, 1)).citation == "art. 35 § 3 KPA"


def test_a_provision_only_a_rule_draws_on_is_listed_as_applied(rural):
    """art. 110 ust. 11 u.p.s. reaches no procedure, only rule STAFF001: it is still law applied."""
    from model.checks.rules import law_applied

    applied = law_applied(rural)
    norm = provision("ups.social_worker_norm", rural.law.on)
    assert norm in applied and norm not in rural.law.provisions
    assert norm.act in {p.act for p in applied}


def test_an_unknown_provision_in_a_procedure_is_one_located_problem():
    from model.config.errors import ConfigError

    text = (
        "centre: {name: OPS, population: 6000, model: care_area}\nunits:\n"
        "  - {id: ops, name: Ośrodek, kind: management, functions: [first_contact], staff: [{role: social_worker, fte: 3}]}\n"
        "procedures:\n  - id: p\n    name: P\n    arrivals: {per_week: 1}\n    entry: a\n    steps:\n"
        "      - {id: a, function: first_contact, duration: 10 min, next: end, deadline: {law: kpa.nope}}\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_scenario_text(text, "p.yaml")
    assert len(caught.value.problems) == 1 and "kpa.nope" in str(caught.value.problems[0])


# --- the 2017 configuration speaks 2017 law ---------------------------------------------------


def test_2017_niebieska_karta_uses_the_2011_regulation(tg2017):
    nk = tg2017.procedure("niebieska_karta")
    to_team = nk.step("przekazanie_zi").deadline
    assert str(to_team.within) == "7 dni" and "13 września 2011" in to_team.basis
    assert nk.step("przekazanie_grupie").deadline is None  # the 2011 regulation sets no such term
    assert "grupie roboczej" in nk.step("przekazanie_grupie").name
    assert "przemocy w rodzinie" in nk.name


def test_2017_configuration_has_no_2023_vocabulary(tg2017):
    words = [u.name for u in tg2017.units] + [t for u in tg2017.units for t in u.tasks]
    for p in tg2017.procedures:
        words += [p.name, p.description or "", *p.basis]
        words += [s.name or "" for s in p.steps] + [s.document or "" for s in p.steps]
    text = " ".join(words)
    assert "diagnostyczno-pomocow" not in text and "przemoc domowa" not in text and "przemocy domowej" not in text
    assert "8 kwietnia 2021" not in text and "6 września 2023" not in text and "2024–2028" not in text


def test_interview_deadline_cites_the_regulation_of_the_date_first(tg2017, rural):
    old = tg2017.procedure("zasilek_okresowy").step("wywiad").deadline.basis
    new = rural.procedure("zasilek_okresowy").step("wywiad").deadline.basis
    assert old.startswith("§ 2 ust. 1 rozporządzenia MRPiPS z dnia 25 sierpnia 2016") and "art. 106 ust. 4" in old
    assert new.startswith("§ 3 ust. 2 rozporządzenia MRiPS z dnia 8 kwietnia 2021") and "art. 106 ust. 4" in new


def test_a_2024_niebieska_karta_has_the_2023_terms(rural):
    nk = rural.procedure("niebieska_karta")
    assert [str(nk.step(s).deadline.within) for s in ("przekazanie_zi", "przekazanie_grupie", "posiedzenie_grupy")] == [
        "5 dni roboczych",
        "3 dni robocze",  # declined: 2–4 take the nominative plural
        "5 dni roboczych",
    ]
    assert "diagnostyczno-pomocowej" in nk.step("przekazanie_grupie").name


def test_the_centre_is_the_first_instance_not_a_party_before_sko():
    for name in ("tarnowskie_gory_2017.yaml", "tarnowskie_gory_care_area.yaml"):
        text = _text(CONFIGS / name)
        assert "reprezentowanie Ośrodka przed sądami i Samorządowym Kolegium" not in text
        assert "w imieniu organu pierwszej instancji" in text and "nie jest stroną przed Kolegium" in text


def test_rural_gops_has_no_child_benefit_after_2022(rural):
    assert rural.law.on >= dt.date(2022, 1, 1)
    tasks = " ".join(t for u in rural.units for t in u.tasks) + " ".join(u.name for u in rural.units)
    assert "wychowawcz" not in tasks.replace("opiekuńczo-wychowawcz", "")
    back_in_2021 = _text(CONFIGS / "gops_rural.yaml").replace(
        "effective_from: 2024-01-01", "effective_from: 2021-06-01"
    )
    back_in_2021 = back_in_2021.replace(
        "prowadzenie postępowań w sprawie świadczeń rodzinnych",
        "prowadzenie postępowań w sprawie świadczenia wychowawczego",
    )
    then = load_scenario_text(back_in_2021, "gops.yaml", CONFIGS)
    assert "LAW001" not in {f.rule for f in validate(then)}
    later = load_scenario_text(back_in_2021.replace("2021-06-01", "2022-01-01"), "gops.yaml", CONFIGS)
    assert "LAW001" in {f.rule for f in validate(later)}


# --- citations corrected in procedures/ and in code -------------------------------------------


def test_interview_update_rests_on_art_106_5_and_107_4(tg2017):
    p = tg2017.procedure("aktualizacja_wywiadu")
    basis = " ".join(p.basis)
    assert "art. 106 ust. 5" in basis and "art. 107 ust. 4" in basis and "art. 155" not in basis
    assert "okresow" not in p.name + (p.description or "") and "stałych form pomocy" in p.description


def test_care_services_scope_is_art_50_5():
    basis = " ".join(load_scenario(CONFIGS / "tarnowskie_gory_2017.yaml").procedure("uslugi_opiekuncze").basis)
    assert "art. 50 ust. 1, 5 i 6" in basis and "ust. 1, 4" not in basis


def test_calendar_cites_art_57_4_for_days_off():
    doc = inspect.getdoc(LegalCalendar.due)
    assert "art. 57 § 4" in doc and "57 § 5" not in doc


def test_permanent_allowance_needs_no_certificate_for_age_and_registers_health_insurance(tg2017):
    p = tg2017.procedure("zasilek_staly")
    assert "z powodu wieku" in p.description and "orzeczenia nie potrzebuje" in p.description
    assert p.step("zgloszenie_nfz") is not None
    assert ("zgloszenie_nfz", 0.8) in p.step("decyzja").branches


def test_information_cites_the_centres_tasks_not_kpa_9_or_art_46(tg2017):
    basis = " ".join(tg2017.procedure("informacja_poradnictwo").basis)
    assert "art. 45" in basis and "art. 9 " not in basis and "art. 46" not in basis


def test_family_assistant_is_assigned_by_the_head_and_monitored_after(tg2017):
    p = tg2017.procedure("asystent_rodziny")
    assert "art. 11 ust. 3–4" in " ".join(p.basis)
    assert "kierownika Ośrodka" in p.step("przydzielenie").document
    assert "wolne miejsce" not in _text(PROCEDURES / "asystent_rodziny.yaml")
    assert p.step("monitorowanie") is not None


def test_niebieska_karta_deadlines_name_their_provision_or_say_niezweryfikowane():
    for step in load_scenario(CONFIGS / "gops_rural.yaml").procedure("niebieska_karta").steps:
        if step.deadline:
            assert "Dz.U. 2023 poz. 1870" in step.deadline.basis and "niezweryfikowane" in step.deadline.basis


def test_the_act_on_cus_is_applied_only_to_a_cus(rural):
    from model.checks.rules import law_applied

    assert not any(p.institution == "cus" for p in law_applied(rural))
    text = (
        (CONFIGS / "gops_rural.yaml")
        .read_text(encoding="utf-8")
        .replace("model: care_area", "model: care_area\n  institution: cus")
    )
    cus = load_scenario_text(text, "cus.yaml", CONFIGS)
    keys = {p.key for p in law_applied(cus)}
    assert {"cus.posts", "cus.director", "cus.separation"} <= keys  # the act's silence on separation is stated too
    assert "CUS002" in {f.rule for f in validate(cus)}


def test_the_meals_programme_of_the_date(tg2017, rural):
    assert "„Pomoc państwa w zakresie dożywiania” na lata 2014–2020" in tg2017.procedure("posilek").name
    assert "M.P. 2013 poz. 1024" in " ".join(tg2017.procedure("posilek").basis)
    assert "„Posiłek w szkole i w domu” na lata 2024–2028" in rural.procedure("posilek").name
    dps = " ".join(tg2017.procedure("skierowanie_do_dps").basis)
    assert "25 sierpnia 2016" in dps and "8 kwietnia 2021" not in dps


DATED_ACTS = ("poz. 893", "poz. 1870", "poz. 1245", "poz. 1406", "8.04.2021", "6.09.2023", "2024–2028")


@pytest.mark.parametrize(
    "path", sorted(PROCEDURES.rglob("*.yaml")) + sorted(CONFIGS.glob("*.yaml")), ids=lambda p: p.stem
)
def test_shipped_files_take_dated_acts_from_the_catalogue(path):
    """A regulation that changed (interview, Niebieska Karta, the meals programme) is named only through
    ``{law:…}`` or ``deadline.law``, so a file cannot speak another year's law; comments may explain."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        content = line.split("#", 1)[0] if not line.lstrip().startswith("#") else ""
        assert not any(act in content for act in DATED_ACTS), f"{path.name}:{number}: {line.strip()}"
