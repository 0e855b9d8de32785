"""``show``: a plain-text overview of a configuration."""

from __future__ import annotations

import argparse

from model.cli.base import EXIT_OK, command, config_argument
from model.config.loader import Scenario, load_scenario


@command("show", "summarise units, functions and procedures", config_argument)
def _show(args: argparse.Namespace) -> int:
    print(summary(load_scenario(args.config)))
    return EXIT_OK


def summary(scenario: Scenario) -> str:
    """A plain-text overview of a scenario: the chart with FTE, who serves what, the procedures."""
    centre = scenario.config.centre
    lines = [f"{centre.name} ({centre.model.value}, {centre.population} inhabitants)", "", "Units:"]

    def chart(units, depth: int) -> None:
        for unit in units:
            fte = f"{unit.fte():g} FTE" if unit.staff else ""
            symbol = f" [{unit.symbol}]" if unit.symbol else ""
            lines.append(f"{'  ' * depth}- {unit.name}{symbol} {fte}".rstrip())
            chart(unit.units, depth + 1)

    chart(scenario.config.units, 1)
    total = sum(u.fte() for u in scenario.units)
    lines += [f"  total: {total:g} FTE", "", "Functions:"]
    used = sorted({f for u in scenario.units for f in u.functions})
    for function in used:
        units = ", ".join(u.id for u in scenario.units if function in u.functions)
        lines.append(f"  {function} ({scenario.function_name(function)}): {units}")
    lines += ["", "Procedures:"]
    for procedure in scenario.procedures:
        rate = procedure.arrivals.rate_for(centre.population)
        lines.append(f"  {procedure.id}: {procedure.name} — {len(procedure.steps)} steps, {rate:.1f} clients/week")
    return "\n".join(lines)
