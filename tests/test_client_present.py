"""Back-office steps are no trip for the client: a decision drafted, a payment, a file passed on."""

from __future__ import annotations

import pytest

from model import load_scenario
from model.present.journey import sample_journey
from model.simulation.network import compile_network
from tests.conftest import ROOT

CUS = ROOT / "org_configs" / "tarnowskie_gory_cus.yaml"

BACK_OFFICE = {
    "skierowanie_do_dps": {"dokumenty_i_oplata", "decyzja", "przekazanie_dokumentow", "przekazanie_odwolania"},
    "sprawienie_pogrzebu": {"ustalenia", "zlecenie_pogrzebu", "rozliczenie"},
    "posilek": {"decyzja", "objecie_bez_decyzji", "realizacja", "przekazanie_odwolania"},
    "swiadczenia_rodzinne": {"ustalenie_prawa", "przekazanie_odwolania"},
    "dodatek_mieszkaniowy": {"ustalenie_prawa", "przekazanie_odwolania"},
    "kwalifikacja_do_uslugi": {
        "ocena_wniosku",
        "skierowanie_do_realizatora",
        "decyzja_odmowna",
        "przekazanie_odwolania",
    },
    "indywidualny_plan_uslug": {"zatwierdzenie_planu", "monitorowanie"},
    "niebieska_karta": {"przekazanie_zi", "przekazanie_grupie", "zakonczenie"},
}


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(CUS)  # the CUS configuration runs every procedure


@pytest.mark.parametrize("procedure", sorted(BACK_OFFICE))
def test_back_office_steps_are_flagged(scenario, procedure):
    steps = {s.id: s for s in scenario.procedure(procedure).steps}
    assert BACK_OFFICE[procedure] <= set(steps)
    assert not any(steps[s].client_present for s in BACK_OFFICE[procedure])
    # the steps the client comes in for stay trips: the application is always one
    assert steps[scenario.procedure(procedure).entry].client_present


@pytest.mark.parametrize("procedure", sorted(BACK_OFFICE))
def test_the_trips_figure_leaves_back_office_steps_out(scenario, procedure):
    """In the simulation's network and in the trainer's journey alike."""
    network = compile_network(scenario, 10, {})
    spec = next(p for p in network.procedures if p.id == procedure)
    assert not any(s.client_present for s in spec.steps if s.key.split("/")[1] in BACK_OFFICE[procedure])
    seen = set()
    for seed in range(40):
        for stop in sample_journey(scenario, procedure, seed):
            if stop.step.id in BACK_OFFICE[procedure]:
                seen.add(stop.step.id)
                assert not stop.new_trip
    assert seen  # the journeys do pass through back-office steps
