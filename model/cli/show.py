"""``show``: a plain-text overview of a configuration."""

from __future__ import annotations

import argparse

from model.cli.base import EXIT_OK, command, config_argument
from model.config.loader import Scenario, load_scenario
from model.staffing.costs import staff_costs


@command("show", "summarise units, functions and procedures", config_argument)
def _show(args: argparse.Namespace) -> int:
    print(summary(load_scenario(args.config)))
    return EXIT_OK


def summary(scenario: Scenario) -> str:
    """A plain-text overview of a scenario: the chart with FTE, who serves what, the procedures."""
    centre = scenario.config.centre
    lines = [f"{centre.name} ({centre.model.value}, {centre.population} inhabitants)", "", "Units:"]
    costs = staff_costs(scenario) if scenario.config.costs else None
    monthly = {u.unit_id: u.monthly for u in costs.units} if costs else {}

    def chart(units, depth: int) -> None:
        for unit in units:
            fte = f"{unit.fte():g} FTE" if unit.staff else ""
            if unit.id in monthly:
                fte += f", {_pln(monthly[unit.id])} PLN/month"
            symbol = f" [{unit.symbol}]" if unit.symbol else ""
            lines.append(f"{'  ' * depth}- {unit.name}{symbol} {fte}".rstrip())
            chart(unit.units, depth + 1)

    chart(scenario.config.units, 1)
    total = sum(u.fte() for u in scenario.units)
    lines.append(f"  total: {total:g} FTE")
    if costs:
        lines += ["", "Staff cost (gross pay with employer contributions; PLN a month / a year):"]
        for department, cost in costs.departments.items():
            name = costs.department_names[department] or "outside departments"
            lines.append(f"  {name}: {_pln(cost)} / {_pln(cost * 12)}")
        lines.append(f"  centre: {_pln(costs.monthly)} / {_pln(costs.annual)}")
        if costs.missing:
            lines.append(f"  no cost given for: {', '.join(costs.missing)} (left out)")
    lines += ["", "Functions:"]
    used = sorted({f for u in scenario.units for f in u.functions})
    for function in used:
        units = ", ".join(u.id for u in scenario.units if function in u.functions)
        lines.append(f"  {function} ({scenario.function_name(function)}): {units}")
    lines += ["", "Procedures:"]
    for procedure in scenario.procedures:
        rate = procedure.arrivals.rate_for(centre.population)
        lines.append(f"  {procedure.id}: {procedure.name} — {len(procedure.steps)} steps, {rate:.1f} clients/week")
    return "\n".join(lines)


def _pln(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")
