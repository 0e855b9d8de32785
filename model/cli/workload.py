"""``workload``: each unit's year, the work the model describes against the time its staff have (WISN)."""

from __future__ import annotations

import argparse
import json
import math

from model.cli.base import EXIT_OK, command, config_argument, text_table
from model.config.loader import load_scenario
from model.i18n import number, t
from model.staffing.workload import UnitWorkload, WorkloadBalance, balance


def _arguments(parser: argparse.ArgumentParser) -> None:
    config_argument(parser)
    parser.add_argument("--json", action="store_true", help="print the balance as JSON (hours a year)")


@command("workload", "the workload balance per unit: work described against time available (WHO WISN)", _arguments)
def _workload(args: argparse.Namespace) -> int:
    found = balance(load_scenario(args.config))
    print(as_json(found, args.lang) if args.json else "\n".join(as_lines(found, args.lang)))
    return EXIT_OK


def _finite(value: float | None) -> float | None:
    """A figure JSON can hold: infinity (other work filling all the time) becomes ``null``."""
    return None if value is None or math.isinf(value) else round(value, 3)


def as_json(found: WorkloadBalance, lang: str) -> str:
    """The balance as JSON: ``units``, ``not_modelled``, ``warnings`` (in ``lang``), hours a year."""
    fields = ("fte", "available_hours", "procedure_hours", "caseload_hours", "other_hours")
    units = {
        unit_id: {field: round(getattr(u, field), 1) for field in fields}
        | {
            "name": u.name,
            "required_fte": _finite(u.required_fte),
            "wisn_ratio": _finite(u.wisn_ratio),
            "explained_share": round(u.explained_share, 3),
        }
        for unit_id, u in found.units.items()
    }
    data = {
        "year": found.year,
        "hours_per_fte": found.hours_per_fte,
        "units": units,
        "not_modelled": found.not_modelled,
        "warnings": [w.text(lang) for w in found.warnings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _row(unit: UnitWorkload, lang: str) -> list[str]:
    hours = (unit.available_hours, unit.procedure_hours, unit.caseload_hours, unit.other_hours)
    required = "∞" if math.isinf(unit.required_fte) else number(unit.required_fte, ".1f", lang)
    ratio = "–" if unit.wisn_ratio is None else number(unit.wisn_ratio, ".2f", lang)
    return [
        unit.name,
        number(unit.fte, "g", lang),
        *(number(h, ",.0f", lang) for h in hours),
        required,
        ratio,
        number(unit.explained_share, ".0%", lang),
    ]


def as_lines(found: WorkloadBalance, lang: str) -> list[str]:
    """The balance as a table of modelled units, then the units outside the model and the warnings."""
    header = [
        (t(f"workload.col.{name}", lang), 6)
        for name in ("unit", "fte", "available", "procedures", "caseload", "other", "required", "ratio", "explained")
    ]
    modelled = [u for unit_id, u in found.units.items() if unit_id not in found.not_modelled]
    lines = [t("workload.cli.header", lang, year=found.year, hours=found.hours_per_fte), ""]
    lines += text_table(header, [_row(u, lang) for u in modelled])
    if found.not_modelled:
        lines += ["", t("workload.cli.not_modelled", lang)]
        lines += [f"  - {found.units[u].name} ({number(found.units[u].fte, 'g', lang)})" for u in found.not_modelled]
    if found.warnings:
        lines += ["", t("workload.cli.warnings", lang)]
        lines += [f"  - {w.text(lang)}" for w in found.warnings]
    return lines
