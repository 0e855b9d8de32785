"""Main metrics over a grid of demand multipliers and staff levels, for "what if demand grows?".

``--demand '*=0.8..1.6:0.1' --staff punkt=2..8`` is the product of every axis; each point is
one job for the executor, all submitted together, every point on the same seed (common random
numbers), so the curves are smooth in the grid rather than in the noise.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from model.config.errors import ConfigError, Problem
from model.config.loader import Scenario
from model.i18n import msg
from model.simulation.executor import Executor, Stop
from model.simulation.results import Estimate
from model.simulation.settings import SimulationSettings
from model.staffing import costs
from model.staffing.evaluate import Evaluation, Job, Progress, evaluate_jobs, network_for
from model.staffing.targets import Targets

Axis = tuple[str, str, list[float]]
"""``(kind, name, values)``: kind ``demand`` (a procedure id or ``*``) or ``staff`` (a unit id)."""


def parse_axis(text: str, kind: str) -> Axis:
    """``NAME=LOW..HIGH[:STEP]`` or ``NAME=V1,V2,…`` → an axis; a bad spec is one clear line."""
    option = f"--{kind}"
    name, sep, spec = text.partition("=")
    try:
        if not sep or not name.strip():
            raise ValueError
        if ".." in spec:
            span, _, step_text = spec.partition(":")
            low, high = (float(x) for x in span.split(".."))
            step = float(step_text) if step_text else (1.0 if kind == "staff" else 0.1)
            if step <= 0 or high < low:
                raise ValueError
            count = int(round((high - low) / step)) + 1
            values = [round(low + i * step, 9) for i in range(count)]
        else:
            values = [float(v) for v in spec.split(",")]
    except ValueError:
        example = "'*=0.8..1.6:0.1'" if kind == "demand" else "UNIT=2..8"
        raise ConfigError(Problem(option, None, msg("error.staffing.axis", example=example, item=text))) from None
    if any(v < 0 for v in values) or (kind == "staff" and any(v <= 0 for v in values)):
        raise ConfigError(Problem(option, None, msg("error.staffing.axis_positive", item=text)))
    return kind, name.strip(), values


@dataclass(frozen=True)
class Point:
    """One grid point and what the simulation measured there."""

    demand: dict[str, float]
    staff: dict[str, float]
    cost: float
    result: Evaluation

    @property
    def busiest(self) -> tuple[str, Estimate] | None:
        found = [(u, e) for u, e in self.result.units.items() if e.mean is not None]
        return max(found, key=lambda item: item[1].mean or 0.0) if found else None


def grid(axes: list[Axis]) -> list[tuple[dict[str, float], dict[str, float]]]:
    """Every combination: ``(demand multipliers, unit FTE)`` per point."""
    points = []
    for values in itertools.product(*(axis[2] for axis in axes)):
        demand = {name: v for (kind, name, _), v in zip(axes, values) if kind == "demand"}
        staff = {name: v for (kind, name, _), v in zip(axes, values) if kind == "staff"}
        points.append((demand, staff))
    return points


def sweep(
    scenario: Scenario,
    axes: list[Axis],
    settings: SimulationSettings,
    executor: Executor,
    progress: Progress | None = None,
    stop: Stop | None = None,
) -> list[Point]:
    """Simulate every grid point (one executor call, all points at once)."""
    known = {u.id for u in scenario.units}
    unknown = sorted({name for kind, name, _ in axes if kind == "staff"} - known)
    if unknown:
        raise ConfigError(Problem("--staff", None, msg("error.staffing.axis_unit", units=", ".join(unknown))))
    points = grid(axes)
    jobs = [
        Job(network_for(scenario, staff, settings, settings.demand | demand), staff, settings.demand | demand)
        for demand, staff in points
    ]
    results = evaluate_jobs(executor, jobs, settings, progress, stop)
    return [
        Point(demand, staff, costs.plan_cost(scenario, staff), found) for (demand, staff), found in zip(points, results)
    ]


def rows(points: list[Point]) -> list[dict[str, Any]]:
    """One flat row per point: the grid's values, then the main metrics with their intervals."""

    def mean(found: Estimate | None) -> float | None:
        return None if found is None or found.mean is None else round(found.mean, 6)

    def low(found: Estimate | None) -> float | None:
        return None if found is None or found.ci95 is None else round(found.ci95.low, 6)

    def high(found: Estimate | None) -> float | None:
        return None if found is None or found.ci95 is None else round(found.ci95.high, 6)

    table = []
    for point in points:
        result, busiest = point.result, point.busiest
        row: dict[str, Any] = {f"demand {k}": v for k, v in point.demand.items()}
        row |= {f"fte {k}": v for k, v in point.staff.items()}
        row |= {
            "cost_monthly": round(point.cost, 2),
            "deadlines_met": mean(result.deadlines_met),
            "deadlines_met_low": low(result.deadlines_met),
            "deadlines_met_high": high(result.deadlines_met),
            "mean_wait_minutes": mean(result.mean_wait),
            "mean_wait_low": low(result.mean_wait),
            "mean_wait_high": high(result.mean_wait),
            "busiest_unit": busiest[0] if busiest else None,
            "busiest_utilisation": mean(busiest[1]) if busiest else None,
        }
        row |= {f"deadlines {p}": mean(e) for p, e in result.procedures.items()}
        row |= {f"deadlines {p} low": low(e) for p, e in result.procedures.items()}
        table.append(row)
    return table


def thresholds(points: list[Point], targets: Targets, axis: str = "*") -> dict[str, float | None]:
    """Per procedure with a deadline target: the lowest demand multiplier on ``axis`` at which the
    share met falls below the target with 95% confidence (``None``: never on the grid).

    With staff axes too, the answer is for the grid's first staffing."""
    first_staff = points[0].staff if points else {}
    along = sorted((p for p in points if p.staff == first_staff), key=lambda p: p.demand.get(axis, 1.0))
    found: dict[str, float | None] = {}
    for procedure, limit in targets.deadlines.items():
        found[procedure] = None
        for point in along:
            got = point.result.procedures.get(procedure)
            if got is not None and got.mean is not None and (got.ci95.high if got.ci95 else got.mean) < limit:
                found[procedure] = point.demand.get(axis, 1.0)
                break
    return found
