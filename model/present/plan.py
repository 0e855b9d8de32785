"""Tables and chart data for the staffing tab: the plan against today, and the Pareto front.

Built from :class:`~model.staffing.optimiser.Optimum`, in the interface's language, so the view
only draws.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from model.i18n import t

if TYPE_CHECKING:
    from model.staffing.optimiser import Optimum


def plan_frame(result: Optimum, lang: str) -> pd.DataFrame:
    """One row per unit: FTE now, needed, the change, the binding target, the cost now and planned."""
    return pd.DataFrame(
        [
            {
                t("staffing.col.unit", lang): u.name,
                t("staffing.col.now", lang): u.fte_now,
                t("staffing.col.needed", lang): u.fte_needed,
                t("staffing.col.change", lang): u.change,
                t("staffing.col.binding", lang): u.binding.text(lang),
                t("staffing.col.cost_now", lang): round(u.cost_now),
                t("staffing.col.cost", lang): round(u.cost_needed),
            }
            for u in result.units
        ]
    )


def front_frame(result: Optimum, lang: str) -> pd.DataFrame:
    """The Pareto front's plans, and which of them is today's staffing and which the plan found."""
    now = sum(u.fte_now for u in result.units)
    needed = sum(u.fte_needed for u in result.units)
    rows = []
    for point in result.front:
        planned = sum(point.plan.values())
        kind = "plan" if planned == needed and abs(point.cost - result.cost_needed) < 0.5 else "front"
        if abs(planned - now) < 1e-9 and abs(point.cost - result.cost_now) < 0.5 and kind != "plan":
            kind = "now"
        rows.append(
            {
                "cost": point.cost,
                "fte": point.fte_total,
                "deadlines": None if point.deadlines_met is None else point.deadlines_met.mean,
                "deadlines_low": None if point.deadlines_met is None else point.deadlines_met.low,
                "deadlines_high": None if point.deadlines_met is None else point.deadlines_met.high,
                "wait": None if point.mean_wait is None else point.mean_wait.mean,
                "wait_low": None if point.mean_wait is None else point.mean_wait.low,
                "wait_high": None if point.mean_wait is None else point.mean_wait.high,
                "kind": t(f"staffing.point.{kind}", lang),
            }
        )
    return pd.DataFrame(rows)
