"""The shipped centres do the real centre's work (issue 18, item 3).

At today's staffing the workload balance explains between 60% and 110% of every staffed unit's
time, or the unit says in ``not_modelled`` why it is outside the model; other work never fills
the gap (at most 40% of a unit's time, and less than the unit's client work); validation finds
no error; the client flow leaves every unit stable; and procedures that only some centres run
are loaded exactly where a unit and the law of the date call for them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from model import Severity, load_scenario, validate
from model.cli import main
from model.staffing.workload import OTHER_WORK_CAP, balance, rate_network

EXPLAINED = (0.6, 1.1)
"""The share of a unit's available time the balance must explain (issue 18, done-when)."""
CHILD_BENEFIT_TO_ZUS = dt.date(2022, 1, 1)
"""Since this day ZUS, not the gmina, grants the świadczenie wychowawcze (500+)."""


def test_every_staffed_unit_is_explained_or_outside_the_model_with_a_reason(shipped_config: Path) -> None:
    scenario = load_scenario(shipped_config)
    found = balance(scenario)
    units = {u.id: u for u in scenario.units}
    assert set(found.units) == {u.id for u in scenario.units if u.fte() > 0}
    modelled = [unit_id for unit_id in found.units if unit_id not in found.not_modelled]
    assert modelled, "a centre whose every unit is outside the model describes nothing"
    for unit_id in found.not_modelled:
        assert units[unit_id].not_modelled, f"{unit_id}: outside the model without a reason"
    for unit_id in modelled:
        work = found.units[unit_id]
        low, high = EXPLAINED
        assert low <= work.explained_share <= high, (unit_id, round(work.explained_share, 3))
        client = work.procedure_hours + work.caseload_hours
        assert work.other_share <= OTHER_WORK_CAP, (unit_id, work.other_share)
        assert work.other_hours < client, f"{unit_id}: other work exceeds the client work it should only add to"


def test_validation_finds_no_error(shipped_config: Path, capsys) -> None:
    findings = validate(load_scenario(shipped_config))
    assert [str(f) for f in findings if f.severity is Severity.error] == []
    assert main(["validate", str(shipped_config)]) == 0
    assert "0 error(s)" in capsys.readouterr().out


def test_the_client_flow_leaves_every_unit_stable(shipped_config: Path) -> None:
    """Utilisation below 1 at today's staff, in office and field hours alike: the simulation settles."""
    network = rate_network(load_scenario(shipped_config))
    share = network.field_share
    for unit, (office, field) in zip(network.units, network.offered_load()):
        assert office + field < unit.servers, (unit.id, office + field, unit.servers)
        if share:
            assert field < unit.servers * share, (unit.id, field, unit.servers * share)


def test_child_benefit_is_loaded_only_while_the_centre_granted_it(shipped_config: Path) -> None:
    scenario = load_scenario(shipped_config)
    granted_by_centre = scenario.config.centre.effective_from < CHILD_BENEFIT_TO_ZUS
    assert (scenario.procedure("swiadczenie_wychowawcze") is not None) == granted_by_centre


def test_alimony_fund_is_loaded_only_where_a_unit_runs_it(shipped_config: Path) -> None:
    scenario = load_scenario(shipped_config)
    runs_it = any("alimony_fund" in unit.functions for unit in scenario.units)
    for procedure_id in ("fundusz_alimentacyjny", "postepowanie_wobec_dluznika"):
        assert (scenario.procedure(procedure_id) is not None) == runs_it, procedure_id
