"""The Dane tab, driven headless with AppTest: calibrate the demo log, see the fit, accept, undo."""

from __future__ import annotations

import yaml
from streamlit.testing.v1 import AppTest

from model.calibration.simulation import demo_scenario
from model.config.loader import load_scenario
from tests.test_app import APP, DEFAULT


def procedures_of(text: str) -> dict[str, dict]:
    return {p["id"]: p for p in yaml.safe_load(text)["procedures"] if isinstance(p, dict)}


def test_data_tab_recovers_the_demo_model_and_accepts_it_undoably():
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    at.segmented_control(key="tab").set_value("tab.data").run()
    assert not at.exception, at.exception
    at.checkbox(key="data_demo").check().run()
    at.button(key="data_run").click().run()
    assert not at.exception, at.exception
    summary = at.session_state["calibration"]["result"].summary
    known = demo_scenario(load_scenario(DEFAULT))
    celowy = summary["procedures"]["zasilek_celowy"]
    procedure = known.procedure("zasilek_celowy")
    population = known.config.centre.population
    social_work = known.procedure("praca_socjalna_w_srodowisku").arrivals.rate_for(population)  # 5 000 cases
    assert abs(summary["procedures"]["praca_socjalna_w_srodowisku"]["arrivals_per_week"] / social_work - 1) < 0.05
    total = sum(p["arrivals_per_week"] for p in summary["procedures"].values())
    assert abs(total / sum(p.arrivals.rate_for(population) for p in known.procedures) - 1) < 0.05
    branches = {b["to"]: b["p"] for b in celowy["steps"]["decyzja"]["next"]}
    for to, p in procedure.step("decyzja").branches:
        assert abs(branches.get(to, 0) - p) < 0.03
    well_observed = [step for step in procedure.steps if celowy["steps"][step.id]["count"] >= 50]
    assert well_observed  # the effort check below is not vacuous
    for step in well_observed:
        assert abs(celowy["steps"][step.id]["duration"]["mean"] / step.duration.mean_minutes - 1) < 0.10
    assert any("Fit report" in m.value or "Raport dopasowania" in m.value for m in at.markdown)

    before = at.session_state["history"].current
    at.button(key="data_accept").click().run()
    assert not at.exception, at.exception
    after = at.session_state["history"].current
    assert after != before
    accepted = procedures_of(after)["zasilek_celowy"]["arrivals"]["per_week"]
    assert accepted == round(celowy["arrivals_per_week"], 2)
    at.button(key="undo").click().run()
    assert at.session_state["history"].current == before
