"""``show``: a plain-text overview of a configuration."""

from __future__ import annotations

import argparse

from model.cli.base import EXIT_OK, command, config_argument
from model.config.loader import Scenario, load_scenario
from model.i18n import t
from model.staffing.costs import staff_costs


@command("show", "summarise units, functions and procedures", config_argument)
def _show(args: argparse.Namespace) -> int:
    print(summary(load_scenario(args.config), args.lang))
    return EXIT_OK


def summary(scenario: Scenario, lang: str = "en") -> str:
    """A plain-text overview of a scenario: the chart with FTE, who serves what, the procedures."""
    centre = scenario.config.centre
    lines = [
        t(
            "show.centre",
            lang,
            name=centre.name,
            model=t(f"model.{centre.model.value}", lang),
            population=centre.population,
        ),
        "",
        t("show.units", lang),
    ]

    costs = staff_costs(scenario) if scenario.config.costs else None
    monthly = {u.unit_id: u.monthly for u in costs.units} if costs else {}

    def chart(units, depth: int) -> None:
        for unit in units:
            fte = t("show.fte", lang, fte=unit.fte()) if unit.staff else ""
            if unit.id in monthly:
                fte += t("show.unit_cost", lang, monthly=monthly[unit.id])
            symbol = f" [{unit.symbol}]" if unit.symbol else ""
            lines.append(f"{'  ' * depth}- {unit.name}{symbol} {fte}".rstrip())
            chart(unit.units, depth + 1)

    chart(scenario.config.units, 1)
    lines.append(t("show.total", lang, fte=sum(u.fte() for u in scenario.units)))
    if costs:
        lines += ["", t("show.costs", lang)]
        for department, cost in costs.departments.items():
            name = costs.department_names[department] or t("show.outside_departments", lang)
            lines.append(t("show.cost_line", lang, name=name, monthly=cost, annual=cost * 12))
        lines.append(
            t("show.cost_line", lang, name=t("show.centre_total", lang), monthly=costs.monthly, annual=costs.annual)
        )
        if costs.missing:
            lines.append(t("show.cost_missing", lang, roles=", ".join(costs.missing)))
    lines += ["", t("show.functions", lang)]
    for function in sorted({f for u in scenario.units for f in u.functions}):
        units = ", ".join(u.id for u in scenario.units if function in u.functions)
        lines.append(f"  {function} ({scenario.function_name(function, lang)}): {units}")
    lines += ["", t("show.procedures", lang)]
    for procedure in scenario.procedures:
        lines.append(
            t(
                "show.procedure",
                lang,
                id=procedure.id,
                name=procedure.name,
                steps=len(procedure.steps),
                rate=procedure.arrivals.rate_for(centre.population),
            )
        )
    return "\n".join(lines)
