"""Staff availability: FTE × availability is what serves clients, the same in the simulation,
the Erlang bound and the optimiser."""

from __future__ import annotations

import pytest

from model import ConfigError, load_scenario, load_scenario_text
from model.config.availability import DEFAULT, LEAVE, ROLE_DEFAULTS, availability, effective_fte, servers
from model.config.schema import Role
from model.simulation.executor import LocalExecutor
from model.simulation.network import compile_network
from model.staffing.evaluate import capacity, network_for, plan_settings
from model.staffing.optimiser import Search
from model.staffing.targets import Levels, resolve
from tests.conftest import DEFAULT_CONFIG


def config(availability: str = "", fte: float = 5, role: str = "clerk") -> str:
    return f"""
centre: {{name: OPS Testowo, population: 10000, model: separated}}
units:
  - {{id: desk, name: Stanowisko, kind: post, functions: [first_contact], staff: [{{role: {role}, fte: {fte}}}]}}
{availability}
procedures:
  - id: visit
    name: Wizyta
    arrivals: {{per_week: 100}}
    entry: serve
    steps:
      - {{id: serve, function: first_contact, duration: {{dist: exponential, mean: 20}}, next: end}}
"""


def desk_servers(text: str) -> int:
    network = compile_network(load_scenario_text(text), 10, {})
    return {u.id: u.servers for u in network.units}["desk"]


def test_availability_of_point_eight_makes_five_fte_four_servers():
    assert desk_servers(config("availability: {default: 0.8}")) == 4
    assert desk_servers(config("availability: {roles: {clerk: 0.8}}")) == 4
    assert desk_servers(config("availability: {default: 1}")) == 5


def test_components_add_up_to_the_time_away():
    text = config("availability: {default: {leave: 0.1, sickness: 0.05, training: 0.03, reporting: 0.02}}", fte=10)
    assert availability(load_scenario_text(text).config, Role.clerk) == pytest.approx(0.8)
    assert desk_servers(text) == 8


def test_default_applies_when_the_section_is_absent():
    scenario = load_scenario_text(config())
    assert scenario.config.availability is None
    assert availability(scenario.config, Role.clerk) == pytest.approx(1 - DEFAULT.lost())
    assert 0.75 < 1 - DEFAULT.lost() < 0.85  # leave, sickness, training, reporting: about a fifth away
    # social workers also take art. 121 ust. 3 extra leave and supervision
    worker = availability(scenario.config, Role.social_worker)
    assert worker == pytest.approx(1 - ROLE_DEFAULTS[Role.social_worker].lost()) and worker < 1 - DEFAULT.lost()
    assert DEFAULT.leave == pytest.approx(LEAVE)
    assert desk_servers(config()) == servers(5 * (1 - DEFAULT.lost())) == 4
    # a role the section leaves out keeps its default
    partial = load_scenario_text(config("availability: {roles: {clerk: 0.9}}")).config
    assert availability(partial, Role.social_worker) == pytest.approx(worker)


def test_server_rounding_is_half_up_and_at_least_one():
    assert [servers(x) for x in (0.2, 0.5, 1.4, 2.4, 2.5, 4.0)] == [1, 1, 1, 2, 3, 4]


def test_shares_that_leave_nobody_are_a_configuration_error():
    with pytest.raises(ConfigError, match="availability|nobody"):
        load_scenario_text(config("availability: {default: {leave: 0.6, sickness: 0.5}}"))
    with pytest.raises(ConfigError):
        load_scenario_text(config("availability: {default: 1.2}"))


def test_the_optimiser_and_the_simulation_count_the_same_servers():
    """Every plan the optimiser weighs, compiled for the simulation, has the servers the Erlang
    bound was given: one rule (FTE × availability) for both."""
    scenario = load_scenario(DEFAULT_CONFIG)
    settings = plan_settings(days=10, warmup_days=1, replications=1)
    search = Search(scenario, resolve(scenario, Levels()), settings, LocalExecutor(1))
    units = {u.id: u for u in scenario.units}
    for extra in (0, 1, 3):
        wanted = tuple(search.floor[i] + extra for i in search.ids)
        network = network_for(scenario, search.plan(wanted), settings)
        simulated = {u.id: u.servers for u in network.units}
        assert tuple(simulated[i] for i in search.ids) == wanted
        for i, fte in search.plan(wanted).items():
            assert capacity(scenario, units[i], fte) == simulated[i]
    now = network_for(scenario, {}, settings)
    for unit in now.units:
        assert unit.servers == servers(effective_fte(units[unit.id].staff, scenario.config))


def test_the_staffing_tab_shows_the_servers_the_simulation_uses():
    from streamlit.testing.v1 import AppTest

    from model.i18n import t
    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.segmented_control(key="tab").set_value("tab.staffing").run()
    assert not at.exception, at.exception
    table = next(f.value for f in at.dataframe if t("capacity.col.servers") in f.value.columns)
    scenario = load_scenario(DEFAULT_CONFIG)
    network = compile_network(scenario, 10, {})
    names = {u.name: u.servers for u in network.units}
    shown = dict(zip(table[t("staffing.col.unit")], table[t("capacity.col.servers")]))
    assert shown and all(shown[name] == names[name] for name in shown if name in names)
