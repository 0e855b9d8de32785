"""Names in the staffing sections that resolve to nothing in the chart or the procedures.

Rule REF006 reports them as findings and the optimiser refuses them as errors; both ask here,
so a key the rule accepts is one the optimiser can use.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from model.checks import flow
from model.config.loader import Scenario


class Levels(Protocol):
    """The three keyed sections of ``service_levels:`` (as written, or with the command line's)."""

    @property
    def deadlines_met(self) -> Mapping[str, float]: ...
    @property
    def max_mean_wait(self) -> Mapping[str, object]: ...
    @property
    def max_utilisation(self) -> Mapping[str, float]: ...


def unknown_cost_units(scenario: Scenario) -> list[str]:
    """Ids under ``costs.units`` that name no unit of the chart."""
    costs = scenario.config.costs
    return sorted(set(costs.units) - {u.id for u in scenario.units}) if costs else []


def unknown_level_keys(scenario: Scenario, levels: Levels) -> list[tuple[str, str, list[str]]]:
    """Keys that name nothing here: ``(section, what it should name, the names)``, per section."""
    staffed = {u.id for u in scenario.units if u.fte() > 0}
    steps = {f"{p.id}/{s.id}" for p in scenario.procedures for s in p.steps}
    functions = set(flow.servers(scenario))
    found = [
        ("deadlines_met", "procedure", set(levels.deadlines_met) - {p.id for p in scenario.procedures}),
        ("max_utilisation", "unit", set(levels.max_utilisation) - staffed),
        ("max_mean_wait", "wait_key", set(levels.max_mean_wait) - staffed - steps - functions),
    ]
    return [(section, kind, sorted(names - {"*"})) for section, kind, names in found if names - {"*"}]
