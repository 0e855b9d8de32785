"""The trainer's walk through a client's journey: counted as the client lives it, and shown on a projector."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from model import load_scenario
from model.config.schema import END
from model.present.flowchart import PROJECTOR_POINTS, PROJECTOR_WIDTH, flowchart, neighbourhood
from model.present.journey import sample_journey, summarise
from tests.test_app import open_tab, started, text_of
from views.trainer import unbroken

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "org_configs").glob("*.yaml"))


@pytest.mark.parametrize("config", SHIPPED, ids=lambda p: p.stem)
def test_the_journey_s_end_counts_only_the_buildings_the_client_comes_to(config):
    scenario = load_scenario(config)
    for procedure in scenario.procedures:
        for seed in range(1, 8):
            stops = sample_journey(scenario, procedure.id, seed)
            summary = summarise(stops)
            # every building named is one the client came to, so never more buildings than comings
            assert len(summary.buildings) <= summary.trips, (procedure.id, seed, summary)
            came = {s.address for s in stops if s.new_trip}
            assert set(summary.buildings) == came
            assert summary.home_visits == sum(1 for s in stops if s.step.field)


def test_a_decision_drafted_in_another_building_is_not_a_building_the_client_went_to():
    scenario = load_scenario(ROOT / "org_configs" / "tarnowskie_gory_2017.yaml")
    journeys = [sample_journey(scenario, p.id, seed) for p in scenario.procedures for seed in range(1, 6)]
    found = 0
    for stops in journeys:
        came = {s.address for s in stops if s.new_trip}
        elsewhere = {s.address for s in stops if s.address and not s.step.client_present} - came
        if elsewhere:
            found += 1
            assert not elsewhere & set(summarise(stops).buildings), elsewhere
    assert found, "the shipped centre drafts some decision away from where its client comes"


def test_the_diagram_around_a_step_holds_the_step_and_its_neighbours_only():
    scenario = load_scenario(ROOT / "org_configs" / "tarnowskie_gory_2017.yaml")
    procedure = scenario.procedure("zasilek_celowy")
    middle = procedure.steps[1]
    around = neighbourhood(procedure, middle.id)
    leading = {s.id for s in procedure.steps if any(target == middle.id for target, _ in s.branches)}
    assert around == {middle.id, *leading, *(target for target, _ in middle.branches)}
    source = flowchart(scenario, procedure.id, current=middle.id, around=middle.id).source
    drawn = {s.id for s in procedure.steps if f"\t{s.id} [" in source}
    assert drawn == around - {END}
    assert len(drawn) < len(procedure.steps)
    assert "__start__" in neighbourhood(procedure, procedure.entry)


@pytest.mark.parametrize("config", SHIPPED[:1], ids=lambda p: p.stem)
def test_the_projector_s_drawing_is_in_one_large_size_with_short_lines_and_marks_the_step(config):
    scenario = load_scenario(config)
    for procedure in scenario.procedures:
        for step in procedure.steps:
            source = flowchart(scenario, procedure.id, current=step.id, around=step.id).source
            sizes = {float(size) for size in re.findall(r'(?i)(?:fontsize|POINT-SIZE)="?([\d.]+)', source)}
            assert sizes == {PROJECTOR_POINTS}, (procedure.id, step.id, sizes)
            # a name wraps at PROJECTOR_WIDTH between words; a single word longer than that stays whole
            texts = re.findall(r"<B>([^<]*)</B>", source)
            assert texts and all(len(line) <= PROJECTOR_WIDTH or " " not in line for line in texts), texts
            line = re.search(rf"^\t{step.id} \[label=<(.*)>", source, re.M)
            name = " ".join(re.findall(r"<B>([^<]*)</B>", line[1])) if line else ""
            assert name.replace("\u00a0", " ") == html.escape(step.name or step.id)
            marked = re.findall(r"^\t(\S+) \[[^\n]*class=current", source, re.M)
            assert marked == [step.id], (procedure.id, step.id, marked)
            drawn = set(re.findall(r"^\t(\S+) \[", source, re.M)) - {"node", "edge"}
            assert drawn <= neighbourhood(procedure, step.id) | {"__start__"}
    # the whole diagram keeps its detailed labels (where, which document) and marks the step too
    procedure = scenario.procedures[0]
    whole = flowchart(scenario, procedure.id, current=procedure.entry).source
    assert 'POINT-SIZE="9"' in whole and re.search(rf"^\t{procedure.entry} \[[^\n]*class=current", whole, re.M)


def test_the_progress_bar_shows_the_step_on_the_card_as_done():
    at = open_tab(started(), "tab.trainer")
    count = int(text_of(at).split("Krok 1 z ")[1].split()[0])
    assert at.get("progress")[0].proto.value == round(100 / count)
    for _ in range(count):
        at.button(key="trainer_next").click().run()
    assert at.get("progress")[0].proto.value == 100


def test_presentation_mode_hides_the_sidebar_and_draws_the_step_s_part_of_the_diagram():
    at = open_tab(started(), "tab.trainer")
    at.toggle(key="presenting").set_value(True).run()
    assert not at.exception, at.exception
    styles = "".join(e.proto.body for e in at.get("html"))
    assert '[data-testid="stSidebar"]' in styles and "ArrowRight" in styles
    at.button(key="trainer_next").click().run()
    assert "Krok 2 z" in text_of(at)
    # one chart: the step's part, asked to fill its place at 20 px text; the whole one waits in its closed box
    frames = [e.proto.body for e in at.get("html") if 'class="graph-frame"' in e.proto.body]
    assert len(frames) == 1 and 'data-min-text-px="20" data-fill="true"' in frames[0]


def test_a_title_wraps_at_a_hyphen_only_between_two_long_words():
    joined = unbroken("Wszczęcie procedury – wypełnienie formularza NK-A, przekazanie NK-B")
    assert "NK-\u2060A," in joined and joined.endswith("NK-\u2060B")
    assert joined.replace("\u2060", "") == "Wszczęcie procedury – wypełnienie formularza NK-A, przekazanie NK-B"
    assert unbroken("Zespół diagnostyczno-pomocowy") == "Zespół diagnostyczno-pomocowy"
    assert unbroken("e-usługi – Dom Pomocy") == "e-\u2060usługi – Dom Pomocy"
    # a one-letter word is not left at a line's end ("zgłoszenia o" above "rodzinie")
    assert unbroken("przyjęcie zgłoszenia o rodzinie i w NK") == "przyjęcie zgłoszenia o\u00a0rodzinie i\u00a0w\u00a0NK"
