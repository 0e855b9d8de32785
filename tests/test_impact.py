"""As-is → to-be: a known set of changes between two small structures is reported exactly, and
the amending order lists exactly the paragraphs and annexes those changes touch."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from model import load_scenario_text
from model.cli import main
from model.exports.amendment import amendment_file, paragraph_points
from model.exports.impact import impact_markdown
from model.exports.wording import centre_genitive
from model.impact.diff import Thresholds, diff, spans
from model.impact.report import impact_tables

HEAD = """
centre: {name: Gminny Ośrodek Pomocy Społecznej w Testowie, population: 4000, model: care_area,
         effective_from: 2026-09-01}
procedures:
  - id: zasilek
    name: Zasiłek
    arrivals: {per_week: 5}
    entry: first
    steps:
      - {id: first, function: first_contact, duration: 10, next: decision}
      - {id: decision, function: decision_benefits, duration: 30, next: end}
"""

BEFORE = (
    HEAD
    + """
units:
  - id: dyr
    name: Dyrektor
    kind: management
    staff: [{role: manager, fte: 1}]
    units:
      - id: dzial
        name: Dział Pomocy
        kind: department
        staff: [{role: manager, fte: 1}, {role: clerk, fte: 2}]
        units:
          - {id: rejon, name: Rejon I, kind: team, functions: [first_contact, social_work],
             staff: [{role: social_worker, fte: 3}]}
          - {id: swiad, name: Zespół Świadczeń, kind: team, functions: [decision_benefits],
             staff: [{role: social_worker, fte: 2}]}
      - {id: kadry, name: Kadry, kind: post, staff: [{role: clerk, fte: 1}]}
      - {id: kasa, name: Kasa, kind: post, staff: [{role: accountant, fte: 0.5}]}
"""
)

AFTER = (
    HEAD
    + """
units:
  - id: dyr
    name: Dyrektor
    kind: management
    staff: [{role: manager, fte: 1}]
    units:
      - id: dzial
        name: Dział Pomocy Środowiskowej
        kind: department
        staff: [{role: manager, fte: 1}, {role: clerk, fte: 1}]
        units:
          - {id: punkt, name: Punkt Pierwszego Kontaktu, kind: post, functions: [first_contact],
             staff: [{role: social_worker, fte: 2}]}
          - {id: swiad, name: Zespół Świadczeń, kind: team, functions: [decision_benefits],
             staff: [{role: social_worker, fte: 2}]}
          - {id: kasa, name: Kasa, kind: post, staff: [{role: accountant, fte: 0.5}]}
      - {id: kadry, name: Kadry, kind: post, staff: [{role: clerk, fte: 1}]}
      - {id: praca, name: Zespół Pracy Socjalnej, kind: team, functions: [social_work, decision_benefits],
         staff: [{role: social_worker, fte: 3}]}
"""
)


def scenarios():
    return load_scenario_text(BEFORE, "before.yaml"), load_scenario_text(AFTER, "after.yaml")


def test_diff_reports_a_known_set_of_changes_exactly():
    impact = diff(*scenarios(), Thresholds(min_span=4, max_span=6, max_layers=2)).to_dict()
    assert impact["units"] | {"changed": None} == {
        "added": ["punkt", "praca"],
        "closed": ["rejon"],
        "renamed": [{"id": "dzial", "from": "Dział Pomocy", "to": "Dział Pomocy Środowiskowej"}],
        "moved": [{"id": "kasa", "from": "dyr", "to": "dzial"}],
        "fte": {
            "dzial": {"before": 3.0, "after": 2.0, "roles": {"clerk": {"before": 2.0, "after": 1.0}}},
            "rejon": {"before": 3.0, "after": 0.0, "roles": {"social_worker": {"before": 3.0, "after": 0.0}}},
            "punkt": {"before": 0.0, "after": 2.0, "roles": {"social_worker": {"before": 0.0, "after": 2.0}}},
            "praca": {"before": 0.0, "after": 3.0, "roles": {"social_worker": {"before": 0.0, "after": 3.0}}},
        },
        "changed": None,
    }
    # renamed, moved, re-staffed; swiad's supervisor was only renamed, so the unit itself is unchanged
    assert impact["units"]["changed"] == ["dzial", "kasa"]
    # spans count people: dyr leads dzial's head, the clerk of kadry and the cashier (0.5 FTE is a person)
    assert impact["spans"]["before"] == {"dyr": 3, "dzial": 7}
    assert impact["spans"]["after"] == {"dyr": 5, "dzial": 6}
    assert impact["spans"]["flagged"] == {
        "before": [{"id": "dyr", "reports": 3, "flag": "narrow"}, {"id": "dzial", "reports": 7, "flag": "wide"}],
        "after": [],
    }
    assert impact["layers"] == {
        "before": 3,
        "after": 3,
        "max": 2,
        "too_deep": {"before": ["rejon", "swiad"], "after": ["punkt", "swiad", "kasa"]},
    }
    assert impact["functions"] == [
        {"function": "first_contact", "from": ["rejon"], "to": ["punkt"]},
        {"function": "social_work", "from": ["rejon"], "to": ["praca"]},
        {"function": "decision_benefits", "from": ["swiad"], "to": ["swiad", "praca"]},
    ]
    assert impact["procedures"] == [
        {"step": "zasilek/first", "from": ["rejon"], "to": ["punkt"]},
        {"step": "zasilek/decision", "from": ["swiad"], "to": ["swiad", "praca"]},
    ]
    assert "costs" not in impact and "trips" not in impact


def test_a_structure_against_itself_has_no_impact():
    before, _ = scenarios()
    impact = diff(before, before)
    assert impact.empty and not impact.fte and impact.status() == {}


def test_status_colours_new_changed_and_closed_units():
    assert diff(*scenarios()).status() == {
        "punkt": "new",
        "praca": "new",
        "rejon": "closed",
        "dzial": "changed",
        "kasa": "changed",
    }


def test_costs_are_compared_per_unit_when_a_cost_function_is_given():
    rate = {"manager": 9000.0, "clerk": 6000.0, "social_worker": 7000.0, "accountant": 7500.0}

    def cost_of(scenario):
        return {u.id: sum(rate[s.role.value] * s.fte for s in u.staff) for u in scenario.units}

    impact = diff(*scenarios(), cost_of=cost_of)
    costs = impact.to_dict()["costs"]
    assert costs["dzial"] == {"before": 21000.0, "after": 15000.0}
    assert costs["total"]["after"] - costs["total"]["before"] == pytest.approx(-6000 - 21000 + 14000 + 21000)
    assert "kadry" not in costs


def test_the_spans_of_the_shipped_separated_model_are_counted_in_people(shipped_config):
    from model import load_scenario

    scenario = load_scenario(shipped_config)
    found = {s.id: s.reports for s in spans(scenario)}
    assert found, "every shipped centre has a director"
    assert all(reports >= 0 for reports in found.values())


def test_the_report_names_every_change_in_polish():
    impact = diff(*scenarios())
    text = impact_markdown(impact, "pl")
    for expected in (
        "| nowa | Punkt Pierwszego Kontaktu |",
        "| zlikwidowana | Rejon I |",
        "zmiana nazwy",
        "zmiana podległości",
    ):
        assert expected in text, expected
    assert "Etaty: 10,5 → 11,5 (+1)." in text  # a decimal comma in Polish
    assert "Etaty: 10.5 → 11.5 (+1)." in impact_markdown(impact, "en").replace("FTE", "Etaty")
    titles = [table.title for table in impact_tables(impact, "pl")]
    assert titles[0] == "Komórki organizacyjne" and len(titles) == 5  # units, FTE, spans, functions, steps


def test_diff_cli_prints_the_json_the_issue_specifies(tmp_path: Path, capsys):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(BEFORE, encoding="utf-8")
    b.write_text(AFTER, encoding="utf-8")
    assert main(["diff", str(a), str(b), "--json", "--max-span", "6"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"units", "spans", "layers"}
    assert set(data["units"]) >= {"added", "closed", "renamed", "moved", "fte"}
    assert data["layers"] == {"before": 3, "after": 3, "max": 5, "too_deep": {"before": [], "after": []}}
    assert data["spans"]["flagged"]["before"] == [{"id": "dzial", "reports": 7, "flag": "wide"}]
    assert main(["diff", str(a), str(b), "--format", "docx", "-o", str(tmp_path / "d.docx")]) == 0
    assert docx.Document(str(tmp_path / "d.docx")).paragraphs


def test_the_amendment_lists_exactly_the_changed_paragraphs():
    """§ 1–6 are the general chapters; the units' paragraphs follow in chart order from § 7."""
    impact = diff(*scenarios())
    assert [lead for lead, _ in paragraph_points(impact)] == [
        "§ 6 otrzymuje brzmienie:",  # the list of units in the chapter on the structure
        "§ 8 otrzymuje brzmienie:",  # dzial: renamed
        "po § 8 dodaje się § 8a w brzmieniu:",  # punkt
        "uchyla się § 9",  # rejon
        "§ 10 otrzymuje brzmienie:",  # swiad: its supervisor's new name
        "po § 11 dodaje się § 11a w brzmieniu:",  # praca, after kadry
        "§ 12 otrzymuje brzmienie:",  # kasa: moved under dzial
    ]
    text = amendment_file(impact, "md", number="7/2026", force="amendment").decode()
    assert "# ZARZĄDZENIE NR 7/2026" in text
    assert "DYREKTORA GMINNEGO OŚRODKA POMOCY SPOŁECZNEJ W TESTOWIE" in text
    assert "w sprawie zmiany Regulaminu Organizacyjnego Gminnego Ośrodka Pomocy Społecznej w Testowie" in text
    assert "4) uchyla się § 9;" in text
    # the last amending point ends with a full stop, the others with a semicolon, after the closing quote
    assert "10) załącznik nr 3 do Regulaminu otrzymuje brzmienie określone w załączniku nr 3" in text
    assert text.count("”;") == 6
    assert "§ 2. Zarządzenie wchodzi w życie z dniem 1 września 2026 r." in text
    assert "## Załącznik nr 1 – Schemat organizacyjny" in text and "## Załącznik nr 2 – Etatyzacja" in text


def test_the_amendment_is_written_as_docx_and_pdf(tmp_path: Path):
    from pypdf import PdfReader

    impact = diff(*scenarios())
    document = docx.Document(io.BytesIO(amendment_file(impact, "docx", force="amendment")))
    assert document.paragraphs[0].text.startswith("ZARZĄDZENIE NR …………/2026")
    pdf = PdfReader(io.BytesIO(amendment_file(impact, "pdf", force="amendment")))
    text = "".join(page.extract_text() for page in pdf.pages[:2])
    assert "uchyla się § 9;" in text
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(BEFORE, encoding="utf-8")
    b.write_text(AFTER, encoding="utf-8")
    out = tmp_path / "zarzadzenie.docx"
    assert main(["amend", str(a), str(b), "--number", "3/2026", "--amendment", "-o", str(out)]) == 0
    assert docx.Document(str(out)).paragraphs[0].text == "ZARZĄDZENIE NR 3/2026"


def test_centre_names_are_declined_for_the_title():
    before, _ = scenarios()
    assert centre_genitive(before) == "Gminnego Ośrodka Pomocy Społecznej w Testowie"
    other = load_scenario_text(
        BEFORE.replace("Gminny Ośrodek", "Centrum Usług Społecznych w").replace(
            "Pomocy Społecznej w Testowie", "Testowie"
        ),
        "c.yaml",
    )
    assert centre_genitive(other) == "Centrum Usług Społecznych w Testowie"


def test_diff_trips_give_the_paired_difference_of_trips_per_client(capsys):
    """``--trips`` simulates both on the same clients: per walk-in procedure, before, after and
    the paired difference with its interval, under the simulation's naming scheme."""
    root = Path(__file__).resolve().parent.parent / "org_configs"
    a, b = root / "tarnowskie_gory_care_area.yaml", root / "tarnowskie_gory_2017.yaml"
    argv = ["diff", str(a), str(b), "--trips", "--days", "20", "--replications", "3"]
    assert main([*argv, "--json"]) == 0
    trips = {c["procedure"]: c for c in json.loads(capsys.readouterr().out)["trips"]}
    assert trips and "aktualizacja_wywiadu" not in trips  # staff visit those cases: no client trip
    paired = 0
    for change in trips.values():
        difference = change["difference"]
        assert set(difference) == {"mean", "ci95", "n", "notable", "better"}
        if difference["mean"] is not None and difference["n"] == 3:
            assert difference["mean"] == pytest.approx(change["after"] - change["before"])
            assert difference["ci95"]["low"] <= difference["mean"] <= difference["ci95"]["high"]
            paired += 1
    assert paired > 0  # the paired difference was checked at least once (not vacuously)
    assert main([*argv, "--format", "md"]) == 0
    assert " … " in capsys.readouterr().out  # the interval in the report's trips table
