"""The trainer's walk through a client's journey: counted as the client lives it, and shown on a projector."""

from __future__ import annotations

from pathlib import Path

import pytest

from model import load_scenario
from model.config.schema import END
from model.present.flowchart import flowchart, neighbourhood
from model.present.journey import sample_journey, summarise
from tests.test_app import open_tab, started, text_of

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
