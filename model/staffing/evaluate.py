"""The one adapter between staffing and the simulation: a plan in, measured service levels out.

Everything this package needs from :mod:`model.simulation` (compiling a network, running
replications, the capacity rule, the intervals) goes through here, so a change of the engine's
interface touches this module only. Every plan runs on the same seed and replication indices:
common random numbers, so that two plans differ by their staff and not by their luck.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from model.config.loader import Scenario
from model.simulation.engine import replicate
from model.simulation.network import Network, compile_network
from model.simulation.stats import Estimate, estimate
from model.simulation.warmup import cut
from model.staffing.erlang import StepLoad
from model.staffing.plan import Plan, with_plan

Metrics = dict[str, Any]
"""One replication's numbers, small enough to send back from a worker (see :func:`run_batch`)."""


@dataclass(frozen=True)
class Setup:
    """How each plan is simulated; the same for every plan of one search or sweep."""

    days: int = 180
    warmup_days: int = 20
    replications: int = 10
    seed: int = 1
    demand: dict[str, float] = field(default_factory=dict)


def capacity(fte: float) -> int:
    """Staff serving at once for a unit of ``fte``: the engine's rule (FTE rounded half up, at least 1)."""
    return max(1, math.floor(fte + 0.5))


def network_for(scenario: Scenario, plan: Plan, setup: Setup, demand: Mapping[str, float] | None = None) -> Network:
    """The simulation's compiled network of ``scenario`` staffed as ``plan`` says."""
    demand = dict(setup.demand if demand is None else demand)
    return compile_network(with_plan(scenario, plan), setup.days, setup.warmup_days, demand)


def step_loads(network: Network) -> list[StepLoad]:
    """The flow's demand per step, for the Erlang bound: rate × visits, service moments, units."""
    found = []
    for procedure in network.procedures:
        for step, visits in zip(procedure.steps, procedure.visits):
            mean, second = _moments(step.duration)
            found.append(
                StepLoad(
                    step.key,
                    tuple(network.units[u].id for u in step.units),
                    procedure.rate * visits,
                    mean,
                    second,
                    step.field and network.calendar.field_window is not None,
                )
            )
    return found


def field_share(network: Network) -> float:
    """Share of the working day open to field work (0 when field work has no hours of its own)."""
    window = network.calendar.field_window
    return (window[1] - window[0]) / network.calendar.day_minutes if window else 0.0


def _moments(duration: tuple[str, float, float, float]) -> tuple[float, float]:
    """Mean and second moment of a compiled duration (see ``network._duration``)."""
    dist, a, b, c = duration
    if dist == "fixed":
        return a, a * a
    if dist == "exponential":
        return a, 2 * a * a
    if dist == "triangular":  # a = min, b = max, c = mode
        mean = (a + b + c) / 3
        return mean, (a * a + b * b + c * c - a * b - a * c - b * c) / 18 + mean * mean
    return math.exp(a + b * b / 2), math.exp(2 * a + 2 * b * b)  # lognormal: a = μ, b = σ


def run_batch(network: Network, seed: int, indices: tuple[int, ...]) -> list[Metrics]:
    """Run some replications of one network and keep only what staffing needs.

    The unit of work an executor ships: a batch, so that a task runs long enough (well over
    10 ms) for a process pool or a cluster to be worth its overhead.
    """
    first = round(network.warmup / network.calendar.day_minutes)  # the setup's warm-up, in open days
    return [_metrics(network, cut(replicate(network, seed, index), network, first)) for index in indices]


def _metrics(network: Network, run: dict[str, Any]) -> Metrics:
    procedures = {}
    met = checks = 0
    for p in network.procedures:
        got = run["procedures"][p.id]
        if p.has_deadline:
            procedures[p.id] = got["deadline_met"] / got["deadline_checks"] if got["deadline_checks"] else None
            met, checks = met + got["deadline_met"], checks + got["deadline_checks"]
    steps = {key: s["mean_wait_minutes"] for key, s in run["steps"].items()}
    waited = sum(s["mean_wait_minutes"] * s["count"] for s in run["steps"].values() if s["count"])
    served = sum(s["count"] for s in run["steps"].values())
    return {
        "procedures": procedures,
        "steps": steps,
        "units": {u: got["utilisation"] for u, got in run["units"].items()},
        "deadlines_met": met / checks if checks else None,
        "mean_wait": waited / served if served else None,
    }


@dataclass(frozen=True)
class Evaluation:
    """A plan's service levels over the replications: means with 95% intervals."""

    plan: dict[str, float]
    demand: dict[str, float]
    procedures: dict[str, Estimate | None]
    """Procedure id → share of its deadlines met."""
    steps: dict[str, Estimate | None]
    """``procedure/step`` → mean wait, working minutes."""
    units: dict[str, Estimate | None]
    """Unit id → utilisation."""
    deadlines_met: Estimate | None
    """Share of all statutory deadlines met in the centre."""
    mean_wait: Estimate | None
    """Mean wait per step a client goes through, working minutes."""


def summarise(plan: Plan, demand: Mapping[str, float], runs: list[Metrics]) -> Evaluation:
    """Means and 95% Student-t intervals over the replications of one plan."""

    def over(get: Any) -> Estimate | None:
        return estimate([get(r) for r in runs])

    def share(get: Any) -> Estimate | None:
        """A share's interval stops at 100%: the t interval knows no ceiling."""
        found = over(get)
        return found if found is None or found.high is None else found._replace(high=min(1.0, found.high))

    first = runs[0]
    return Evaluation(
        dict(plan),
        dict(demand),
        {p: share(lambda r, p=p: r["procedures"][p]) for p in first["procedures"]},
        {s: over(lambda r, s=s: r["steps"][s]) for s in first["steps"]},
        {u: share(lambda r, u=u: r["units"][u]) for u in first["units"]},
        share(lambda r: r["deadlines_met"]),
        over(lambda r: r["mean_wait"]),
    )
