"""Pure logic behind the app: edits and undo, a sample client's journey, flow diagrams, strings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import ConfigError, dump_yaml, load_scenario_text, validate
from model.config import editing, roundtrip
from model.config.editing import EditError, History
from model.present.flowchart import deadline_text, flowchart
from model.present.journey import location_of, sample_journey

ROOT = Path(__file__).resolve().parent.parent

CONFIG = """\
centre: {name: Miejski Ośrodek Pomocy Społecznej w Testowie, population: 12000, model: separated,
         effective_from: 2024-01-01, shared_services: Centrum Usług Wspólnych w Testowie,
         director_qualifications: specjalizacja z zakresu organizacji pomocy społecznej}
locations:
  - {id: rynek, address: "Rynek 1, Testów"}
  - {id: polna, address: "ul. Polna 2, Testów"}
units:
  - id: dyrektor
    name: Dyrektor
    kind: management
    location: rynek
    authorisations: [decision_benefits]
    staff: [{role: manager, fte: 1}]
    units:
      - {id: pk, name: Stanowisko ds. Pierwszego Kontaktu, kind: post, functions: [first_contact],
         staff: [{role: social_worker, fte: 1}]}
      - {id: decyzje, name: Zespół ds. Świadczeń Przyznawanych Decyzją, kind: team, location: polna,
         functions: [decision_benefits], staff: [{role: social_worker, fte: 4}]}
      - id: dzial
        name: Dział Pracy Socjalnej
        kind: department
        location: polna
        also_reports_to: [pk]
        staff: [{role: manager, fte: 1}]
        units:
          - {id: praca, name: Zespół ds. Pracy Socjalnej, kind: team, functions: [social_work],
             staff: [{role: social_worker, fte: 2}]}
procedures:
  - id: zasilek
    name: Zasiłek okresowy
    arrivals: {per_week: 5}
    entry: kontakt
    steps:
      - id: kontakt
        name: Pierwszy kontakt
        function: first_contact
        duration: 20 min
        next: [{to: wywiad, p: 0.7, label: wniosek}, {to: praca, p: 0.3, label: praca socjalna}]
      - id: wywiad
        name: Wywiad środowiskowy
        function: decision_benefits
        duration: 90 min
        field: true
        interview: true
        next: decyzja
        deadline: {within: 14 wd, basis: "§ 3 rozporządzenia"}
      - id: decyzja
        name: Decyzja
        function: decision_benefits
        duration: 45 min
        decision: true
        document: decyzja administracyjna
        next: [{to: end, p: 0.95}, {to: odwolanie, p: 0.05, label: odwołanie}]
        deadline: {within: 1 month, basis: art. 35 § 3 KPA}
      - {id: odwolanie, name: Przekazanie odwołania do SKO, function: decision_benefits, duration: 1 h,
         appeal: true, deadline: {law: kpa.forward_appeal, from: decyzja}, next: end}
      - {id: praca, name: Praca socjalna, function: social_work, duration: 1 h, next: end}
"""


@pytest.fixture()
def scenario():
    return load_scenario_text(CONFIG, "test.yaml")


def edited(scenario, change):
    """``change`` applied to the text of ``scenario`` (a dump: the fixture's text has no comments)."""
    return editing.apply(dump_yaml(scenario), change, "test_edytowana.yaml")[1]


# --- edits ------------------------------------------------------------------------------------


def test_no_edit_reproduces_the_configuration(scenario):
    assert dump_yaml(edited(scenario, lambda data: data)) == dump_yaml(scenario)


def test_download_loads_back_identically_after_edits(scenario):
    changed = edited(scenario, lambda d: editing.set_staff(d, "praca", [{"role": "social_worker", "fte": 5.5}]))
    text = dump_yaml(changed)
    again = load_scenario_text(text, "pobrana.yaml")
    assert dump_yaml(again) == text
    assert again.config.model_dump() == changed.config.model_dump()


def test_set_staff_changes_fte_and_ignores_rows_without_role(scenario):
    rows = [{"role": "social_worker", "fte": 3.0, "note": ""}, {"role": None, "fte": 1.0}]
    changed = edited(scenario, lambda d: editing.set_staff(d, "praca", rows))
    assert changed.unit("praca").fte() == 3.0
    assert len(changed.unit("praca").staff) == 1


def test_removing_staff_changes_the_findings(scenario):
    assert not validate(scenario)
    changed = edited(scenario, lambda d: editing.set_staff(d, "praca", []))
    assert {f.rule for f in validate(changed)} >= {"STAFF002", "SERV001"}


def test_deleting_first_contact_leaves_its_steps_unserved_and_drops_dotted_lines(scenario):
    changed = edited(scenario, lambda d: editing.delete_unit(d, "pk"))
    assert changed.unit("pk") is None
    assert changed.unit("dzial").also_reports_to == []
    found = validate(changed)
    assert any(f.rule == "SERV001" and f.subject == "zasilek/kontakt" for f in found)


def test_delete_takes_the_subtree(scenario):
    changed = edited(scenario, lambda d: editing.delete_unit(d, "dzial"))
    assert changed.unit("praca") is None and changed.unit("dzial") is None


def test_add_unit_under_a_parent(scenario):
    unit = {
        "id": "uslugi",
        "name": "Zespół ds. Usług",
        "kind": "team",
        "location": None,
        "functions": ["services"],
        "staff": [{"role": "social_worker", "fte": 2}],
    }
    changed = edited(scenario, lambda d: editing.add_unit(d, "dzial", unit))
    assert [u.id for u in changed.unit("dzial").units] == ["praca", "uslugi"]
    assert changed.unit("uslugi").location is None


def test_add_refuses_a_duplicate_id(scenario):
    with pytest.raises(EditError, match="already exists"):
        editing.add_unit(editing.document(CONFIG), None, {"id": "pk", "name": "X", "kind": "team"})


def test_bad_value_gives_the_loaders_located_error(scenario):
    bad = {"id": "zly id", "name": "Zły", "kind": "team"}
    with pytest.raises(ConfigError) as caught:
        editing.apply(CONFIG, lambda d: editing.add_unit(d, None, bad), "test_edytowana.yaml")
    assert all(str(p).startswith("test_edytowana.yaml:") for p in caught.value.problems)
    assert 'Id in unit "Zły"' in str(caught.value)  # the unit by its name, not by "units[1].id"
    assert "Identyfikator w komórce „Zły”" in caught.value.text("pl")


def test_rename_and_relocate(scenario):
    changed = edited(scenario, lambda d: editing.update_unit(d, "pk", name="Punkt Informacyjny", location="polna"))
    assert changed.unit("pk").name == "Punkt Informacyjny"
    assert changed.unit("pk").location == "polna"
    cleared = edited(changed, lambda d: editing.update_unit(d, "pk", location=None))
    assert cleared.unit("pk").location is None


def test_move_unit_and_refuse_moving_under_itself(scenario):
    changed = edited(scenario, lambda d: editing.move_unit(d, "praca", None))
    assert [u.id for u in changed.config.units] == ["dyrektor", "praca"]
    assert changed.unit("dzial").units == []
    with pytest.raises(EditError, match="part of it"):
        editing.move_unit(editing.document(CONFIG), "dyrektor", "praca")
    with pytest.raises(EditError, match="no unit"):
        editing.move_unit(editing.document(CONFIG), "praca", "nie_ma")


def test_changing_functions_can_break_the_separation(scenario):
    changed = edited(
        scenario, lambda d: editing.update_unit(d, "decyzje", functions=["decision_benefits", "social_work"])
    )
    assert changed.unit("decyzje").functions == ["decision_benefits", "social_work"]
    assert any(f.rule == "SEP001" for f in validate(changed))


def test_routing_and_demand(scenario):
    branches = [{"to": "wywiad", "p": 0.5, "label": "wniosek"}, {"to": "praca", "p": 0.4}, {"to": "end", "p": 0.1}]
    changed = edited(scenario, lambda d: editing.set_routing(d, "zasilek", "kontakt", branches))
    assert changed.procedure("zasilek").step("kontakt").branches == [("wywiad", 0.5), ("praca", 0.4), ("end", 0.1)]
    single = edited(changed, lambda d: editing.set_routing(d, "zasilek", "kontakt", [{"to": "wywiad", "p": 1.0}]))
    assert single.procedure("zasilek").step("kontakt").next == "wywiad"
    assert any(f.rule == "FLOW001" for f in validate(single))  # 'praca' is now unreachable
    busier = edited(scenario, lambda d: editing.set_demand(d, "zasilek", 12))
    assert busier.procedure("zasilek").arrivals.per_week == 12
    with pytest.raises(EditError):
        editing.set_routing(editing.document(CONFIG), "zasilek", "kontakt", [])


def test_step_function_moves_the_step_to_another_team(scenario):
    changed = edited(scenario, lambda d: editing.set_step_function(d, "zasilek", "kontakt", "social_work"))
    assert changed.procedure("zasilek").step("kontakt").function == "social_work"
    assert (
        changed.procedure("zasilek").step("kontakt").branches == scenario.procedure("zasilek").step("kontakt").branches
    )
    with pytest.raises(EditError):
        editing.set_step_function(editing.document(CONFIG), "zasilek", "nie_ma", "social_work")


def test_a_unit_edit_copies_only_the_way_down_and_leaves_the_document_edited_unchanged():
    """Renaming a unit must not copy the units beside or below it (each copy is server CPU in
    every session's every edit), and must not change the document it started from."""
    before = editing.document(CONFIG)
    written = roundtrip._dump(before)
    after = editing.set_staff(before, "praca", [{"role": "social_worker", "fte": 5.5}])
    after = editing.update_unit(after, "praca", name="Zespół po zmianie")
    assert roundtrip._dump(before) == written
    top, old_top = after["units"][0], before["units"][0]
    assert top is not old_top and top["units"][2] is not old_top["units"][2]  # the way down: copied
    assert top["units"][0] is old_top["units"][0] and top["units"][1] is old_top["units"][1]  # beside: shared
    assert after["procedures"] is before["procedures"] and after["locations"] is before["locations"]
    changed = load_scenario_text(roundtrip.dump(after), "t.yaml").unit("praca")
    assert changed.name == "Zespół po zmianie" and changed.staff[0].fte == 5.5
    director = editing.update_unit(before, "dyrektor", name="Dyrektor Ośrodka")
    assert director["units"][0]["units"] is before["units"][0]["units"]  # the teams below: shared
    assert load_scenario_text(roundtrip.dump(director), "t.yaml").unit("dyrektor").name == "Dyrektor Ośrodka"


def test_a_history_edits_from_its_own_document_when_the_shared_ones_are_gone(monkeypatch):
    """The app's sessions edit through :func:`editing.edit_history`: each keeps the document of
    its text, so that with more sessions than documents kept for everyone no edit parses again."""
    history = History(CONFIG)
    assert editing.edit_history(history, "a", lambda d: editing.update_unit(d, "pk", name="PK 1"), "t.yaml")
    kept = history.parsed
    editing.document.cache_clear()  # what many other sessions' edits do to the shared documents
    calls = []
    parse = roundtrip.parse
    monkeypatch.setattr(roundtrip, "parse", lambda text: calls.append(text) or parse(text))
    assert editing.edit_history(history, "b", lambda d: editing.update_unit(d, "pk", name="PK 2"), "t.yaml")
    monkeypatch.undo()
    assert calls == [] and history.parsed is not kept and history.labels == ["b", "a"]
    assert load_scenario_text(history.current, "t.yaml").unit("pk").name == "PK 2"
    assert not editing.edit_history(history, "c", lambda d: d, "t.yaml") and history.labels == ["b", "a"]
    assert history.undo() == "b" and history.parsed is kept  # the document of the text undone to
    assert load_scenario_text(history.current, "t.yaml").unit("pk").name == "PK 1"
    assert history.undo() == "a" and history.parsed is None  # the loaded text's: parsed when needed
    assert history.current == CONFIG and history.documents == []


# --- undo -------------------------------------------------------------------------------------


def test_history_undo_and_modified():
    history = History("a")
    assert not history.modified and history.undo() is None
    history.record("pierwsza", "b")
    history.record("druga", "c")
    assert history.modified and history.labels == ["druga", "pierwsza"]
    assert history.undo() == "druga" and history.current == "b"
    assert history.undo() == "pierwsza" and history.current == "a"
    assert not history.modified


def test_history_is_bounded():
    history = History("0")
    for index in range(editing.HISTORY_DEPTH + 20):
        history.record(str(index), str(index + 1), {"n": index})
    assert len(history.past) == len(history.documents) == editing.HISTORY_DEPTH


def test_an_undo_goes_back_to_the_document_of_its_text():
    """Each text undone to comes with the document an edit made of it; a history restored from
    its texts alone (a draft) has them only for the edits made since."""
    history = History("0", "2", [("pierwsza", "0"), ("druga", "1")])
    history.record("trzecia", "3", {"n": 3})
    history.record("czwarta", "4", {"n": 4})
    assert history.undo() == "czwarta" and history.current == "3" and history.parsed == {"n": 3}
    assert history.undo() == "trzecia" and history.current == "2" and history.parsed is None
    assert history.undo() == "druga" and history.current == "1" and history.parsed is None


@settings(max_examples=200)
@given(st.lists(st.one_of(st.tuples(st.just("edit"), st.text(max_size=3)), st.just(("undo", ""))), max_size=60))
def test_undo_retraces_any_sequence_of_edits(moves):
    """Against a plain stack of texts: undo restores exactly the text before the latest edit left,
    labels list the edits newest first, ``modified`` means "differs from the text loaded"."""
    history, stack = History("loaded"), [("", "loaded")]
    for index, (move, text) in enumerate(moves):
        if move == "edit":
            history.record(f"edit {index}", text)
            stack.append((f"edit {index}", text))
        else:
            label = history.undo()
            assert label == (stack.pop()[0] if len(stack) > 1 else None)
        assert history.current == stack[-1][1]
        assert history.labels == [label for label, _ in reversed(stack[1:])]
        assert history.modified == (history.current != "loaded")


@given(st.integers(0, 3 * editing.HISTORY_DEPTH))
def test_history_keeps_the_latest_edits_up_to_its_depth(edits):
    history = History("0")
    for index in range(edits):
        history.record(str(index), str(index + 1))
    assert len(history.past) == min(edits, editing.HISTORY_DEPTH)
    undone = 0
    while history.undo() is not None:
        undone += 1
        assert history.current == str(edits - undone)  # each undo goes back exactly one edit
    assert undone == min(edits, editing.HISTORY_DEPTH)


@settings(max_examples=10)
@given(st.lists(st.floats(0.5, 50, allow_nan=False).map(lambda x: round(x, 1)), min_size=1, max_size=4))
def test_undoing_real_edits_restores_the_text_exactly(demands):
    """Edits through the round trip (comments, layout) and back: byte for byte the text before."""
    history, texts = History(CONFIG), [CONFIG]
    for demand in demands:
        text, _ = editing.apply(history.current, lambda d, x=demand: editing.set_demand(d, "zasilek", x), "t.yaml")
        history.record("popyt", text)
        texts.append(text)
    for before in reversed(texts[:-1]):
        assert history.undo() == "popyt" and history.current == before
    assert not history.modified


# --- journey ----------------------------------------------------------------------------------


def test_journey_is_repeatable_and_follows_the_routing(scenario):
    first = [s.step.id for s in sample_journey(scenario, "zasilek", seed=3)]
    assert first == [s.step.id for s in sample_journey(scenario, "zasilek", seed=3)]
    assert first[0] == "kontakt"
    paths = {tuple(s.step.id for s in sample_journey(scenario, "zasilek", seed=seed)) for seed in range(40)}
    assert paths == {
        ("kontakt", "wywiad", "decyzja"),
        ("kontakt", "wywiad", "decyzja", "odwolanie"),
        ("kontakt", "praca"),
    }


def test_journey_stops_say_who_where_and_count_trips(scenario):
    seed = next(s for s in range(100) if len(sample_journey(scenario, "zasilek", seed=s)) == 3)
    contact, interview, decision = sample_journey(scenario, "zasilek", seed=seed)
    assert contact.unit.id == "pk" and contact.address == "Rynek 1, Testów"  # inherited from the director
    assert contact.new_trip and contact.trips == 1 and contact.p == 1.0
    assert interview.at_home and not interview.new_trip and interview.reason == "wniosek"
    assert decision.unit.id == "decyzje" and decision.new_trip and decision.trips == 2
    assert decision.step.decision and decision.deadline.basis == "art. 35 § 3 KPA"
    assert [s.id for s in contact.running] == ["wywiad", "decyzja"]  # both count from arrival
    assert [s.id for s in decision.running] == ["decyzja"]


def test_client_returns_to_the_unit_met_before(scenario):
    two_teams = edited(
        scenario, lambda d: editing.update_unit(d, "praca", functions=["social_work", "decision_benefits"])
    )
    for seed in range(20):
        stops = sample_journey(two_teams, "zasilek", seed=seed)
        if len(stops) == 3:
            assert stops[1].unit.id == stops[2].unit.id  # the interview's team also decides


def test_location_of_walks_up_to_the_supervisor(scenario):
    assert location_of(scenario, scenario.unit("praca")).id == "polna"


# --- flow diagrams ----------------------------------------------------------------------------


def test_flowchart_labels_steps_with_units_buildings_and_deadlines(scenario):
    source = flowchart(scenario, "zasilek").source
    assert "→ Zespół ds. Świadczeń" in source and "Decyzją" in source
    assert "ul. Polna 2, Testów" in source and "w domu klienta" in source
    assert "termin: 14 dni roboczych od zgłoszenia" in source and "(§ 3 rozporządzenia)" in source
    assert "70% wniosek" in source


def test_flowchart_highlights_the_current_step_and_path(scenario):
    source = flowchart(scenario, "zasilek", path=("kontakt", "wywiad"), current="wywiad").source
    line = next(line for line in source.splitlines() if line.strip().startswith("wywiad ["))
    assert "#ffd966" in line
    assert re.search(r"kontakt -> wywiad .*#c0392b", source)


def test_flowchart_highlights_the_end_when_the_journey_is_over(scenario):
    source = flowchart(scenario, "zasilek", path=("kontakt", "wywiad", "end"), current="end").source
    line = next(line for line in source.splitlines() if line.strip().startswith("end ["))
    assert "#ffd966" in line and "#f3f3f3" not in line


def test_flowchart_frames_buildings_and_flags_unserved_steps(scenario):
    source = flowchart(scenario, "zasilek", by_building=True).source
    assert source.count("subgraph cluster_") == 3  # Rynek, Polna, the client's home
    unserved = edited(scenario, lambda d: editing.delete_unit(d, "pk"))
    assert "brak komórki z obsadą!" in flowchart(unserved, "zasilek").source


def test_flowchart_counts_many_serving_units(scenario):
    many = scenario
    for index in range(4):
        unit = {
            "id": f"rejon_{index}",
            "name": f"Rejon Opiekuńczy {index + 1}",
            "kind": "team",
            "functions": ["social_work"],
            "staff": [{"role": "social_worker", "fte": 2}],
        }
        many = edited(many, lambda d, u=unit: editing.add_unit(d, "dzial", u))
    source = flowchart(many, "zasilek").source
    assert "→ Zespół ds. Pracy Socjalnej" in source and "→ Rejon Opiekuńczy 1 (+3)" in source
    assert "Rejon Opiekuńczy 2" not in source


def test_flowchart_frames_flagged_steps_red(scenario):
    source = flowchart(scenario, "zasilek", flagged={"praca"}).source
    line = next(line for line in source.splitlines() if line.strip().startswith("praca ["))
    assert "#c0392b" in line


def test_flowchart_in_english(scenario):
    source = flowchart(scenario, "zasilek", lang="en").source
    assert "Client" in source and "deadline: 1 month from arrival" in source
    assert deadline_text(scenario.procedure("zasilek"), scenario.procedure("zasilek").step("praca")) == ""
