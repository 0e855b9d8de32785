"""The workload balance as the "Bilans pracy" chart reads it: per unit, hours of each kind of work
and the time left unexplained, in the order of the chart (see :mod:`model.staffing.workload`)."""

from __future__ import annotations

import pandas as pd

from model.i18n import t
from model.staffing.workload import WorkloadBalance

PARTS = ("procedures", "caseload", "other", "unexplained", "overload")
"""The bar's segments, left to right: the work described, then the time no work explains, or the
work beyond the time available."""


def balance_frame(found: WorkloadBalance, lang: str) -> pd.DataFrame:
    """One row per modelled unit and segment: ``unit``, ``part`` (its label), ``order``, ``hours``
    and ``share`` of the unit's available time."""
    rows = []
    for unit_id, unit in found.units.items():
        if unit_id in found.not_modelled:
            continue
        described = unit.procedure_hours + unit.caseload_hours + unit.other_hours
        hours = {
            "procedures": unit.procedure_hours,
            "caseload": unit.caseload_hours,
            "other": unit.other_hours,
            "unexplained": max(0.0, unit.available_hours - described),
            "overload": max(0.0, described - unit.available_hours),
        }
        for order, part in enumerate(PARTS):
            rows.append(
                {
                    "unit": unit.name,
                    "part": t(f"workload.part.{part}", lang),
                    "order": order,
                    "hours": round(hours[part], 1),
                    "share": hours[part] / unit.available_hours,
                }
            )
    return pd.DataFrame(rows, columns=["unit", "part", "order", "hours", "share"])


def not_modelled_lines(found: WorkloadBalance, reasons: dict[str, str | None], lang: str) -> list[str]:
    """``name (FTE): reason`` for each unit outside the model; a unit with no reason says it has none."""
    lines = []
    for unit_id in found.not_modelled:
        unit = found.units[unit_id]
        reason = reasons.get(unit_id) or t("workload.no_reason", lang)
        lines.append(t("workload.not_modelled_line", lang, unit=unit.name, fte=unit.fte, reason=reason))
    return lines
