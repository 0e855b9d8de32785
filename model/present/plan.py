"""Tables and chart data for the staffing page: the plan against today, and the Pareto front.

Built from :class:`~model.staffing.optimum.Optimum`, in the interface's language, so the view
only draws.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from model.i18n import t
from model.staffing.costs import MONTHS

if TYPE_CHECKING:
    from model.simulation.results import Estimate
    from model.staffing.costs import CostSummary
    from model.staffing.optimum import Optimum


def plan_frame(result: Optimum, lang: str) -> pd.DataFrame:
    """One row per unit: FTE now, needed, the change, the binding target, the cost now and planned."""
    return pd.DataFrame(
        [
            {
                t("staffing.col.unit", lang): u.name,
                t("staffing.col.now", lang): u.fte_now,
                t("staffing.col.needed", lang): u.fte_needed,
                t("staffing.col.change", lang): u.change,
                t("staffing.col.cost_now", lang): round(u.cost_now),
                t("staffing.col.cost", lang): round(u.cost_needed),
                t("staffing.col.binding", lang): u.binding.text(lang),
            }
            for u in result.units
        ]
    )


def search_note(result: Optimum, lang: str) -> str:
    """How many plans were simulated, and what the queueing bound spared when it spared any."""
    if result.pruned_by_bound:
        return t("staffing.cli.search", lang, evaluations=result.evaluations, pruned=result.pruned_by_bound)
    return t("staffing.cli.search_no_pruning", lang, evaluations=result.evaluations)


def cost_frame(summary: CostSummary, lang: str) -> pd.DataFrame:
    """Staff cost per unit, with a sum per department and for the centre (a month and a year)."""
    rows: list[tuple[str, str, float | None, float | None]] = []
    for department, total in summary.departments.items():
        name = summary.department_names[department] or t("show.outside_departments", lang)
        for unit in summary.units:
            if unit.department == department:
                rows.append((name, unit.name, unit.fte, unit.monthly))
        rows.append((name, t("costs.department_total", lang), None, total))
    rows.append(("", t("show.centre_total", lang), summary.fte, summary.monthly))
    return pd.DataFrame(
        [
            {
                t("costs.col.department", lang): department,
                t("staffing.col.unit", lang): unit,
                t("costs.col.fte", lang): fte,
                t("costs.col.monthly", lang): None if monthly is None else round(monthly),
                t("costs.col.annual", lang): None if monthly is None else round(monthly * MONTHS),
            }
            for department, unit, fte, monthly in rows
        ]
    )


def front_frame(result: Optimum, lang: str) -> pd.DataFrame:
    """The Pareto front's plans, marking the plan found, and today's staffing even when the front
    leaves it out (a dearer plan serves better): where the centre stands is worth seeing."""
    needed = sum(u.fte_needed for u in result.units)
    rows = []
    for point in result.front:
        planned = abs(sum(point.plan.values()) - needed) < 1e-9 and abs(point.cost - result.cost_needed) < 0.5
        kind = "plan" if planned else "front" if point.meets_targets else "misses"
        rows.append(_point(point.cost, point.fte_total, point.deadlines_met, point.mean_wait, kind))
    if result.now is not None and not any(abs(r["cost"] - result.cost_now) < 0.5 for r in rows):
        now_fte = result.fte_total_now
        rows.append(_point(result.cost_now, now_fte, result.now.deadlines_met, result.now.mean_wait, "now"))
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame["kind"] = [t(f"staffing.point.{kind}", lang) for kind in frame["kind"]]
    return frame


def _point(cost: float, fte: float, deadlines: Estimate, wait: Estimate, kind: str) -> dict:
    return {
        "cost": cost,
        "fte": fte,
        "deadlines": deadlines.mean,
        "deadlines_low": deadlines.ci95.low if deadlines.ci95 else None,
        "deadlines_high": deadlines.ci95.high if deadlines.ci95 else None,
        "wait": wait.mean,
        "wait_low": wait.ci95.low if wait.ci95 else None,
        "wait_high": wait.ci95.high if wait.ci95 else None,
        "kind": kind,
    }
