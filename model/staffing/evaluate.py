"""The one adapter between staffing and the simulation: a plan in, measured service levels out.

Everything this package needs from :mod:`model.simulation` (compiling a network, running
replications, the capacity rule, the typed results) goes through here, so a change of the
engine's interface touches this module only; the one exception is the plain
:class:`~model.simulation.settings.SimulationSettings`, which say how every plan is run (see
:func:`plan_settings`). A plan is simulated as ``simulate`` would
(the same run-out after the window, the same warm start of open cases), and every plan runs
on the same seed and replication indices: common random numbers, so that two plans differ by
their staff and not by their luck.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from model.config.availability import unit_servers
from model.config.loader import Scenario
from model.config.schema import Unit
from model.simulation.engine import replications
from model.simulation.executor import Executor, Stop, batches
from model.simulation.network import Network, moments
from model.simulation.results import Estimate
from model.simulation.runner import network_of, summarise
from model.simulation.settings import SimulationSettings
from model.simulation.stats import Record
from model.staffing.erlang import StepLoad
from model.staffing.plan import Plan, resized_staff, with_plan

Run = Record
"""One replication as the engine tallied it: opaque here, read only by :func:`evaluation`."""


def plan_settings(**changes: Any) -> SimulationSettings:
    """How each plan is simulated unless told otherwise; the same for every plan of one search or sweep.

    Half a year and 10 replications, as many plans are simulated; the warm-up is given (20 days, or
    a fifth of a shorter run), not chosen from each plan's data, so that every plan is measured
    over the same days.
    """
    changes.setdefault("warmup_days", min(20, changes.get("days", 180) // 5))
    return replace(SimulationSettings(days=180, replications=10), **changes)


def _with_demand(settings: SimulationSettings, demand: Mapping[str, float] | None) -> SimulationSettings:
    return settings if demand is None else replace(settings, demand=dict(demand))


def capacity(scenario: Scenario, unit: Unit, fte: float) -> int:
    """Staff serving at once when ``unit`` has ``fte`` (resized as a plan resizes it): the engine's rule,
    FTE × availability rounded half up (:func:`model.config.availability.unit_servers`)."""
    return unit_servers(unit, scenario.config, resized_staff(unit, fte))


def network_for(
    scenario: Scenario, plan: Plan, settings: SimulationSettings, demand: Mapping[str, float] | None = None
) -> Network:
    """The simulation's compiled network of ``scenario`` staffed as ``plan`` says (``demand``
    instead of the settings' own)."""
    return network_of(with_plan(scenario, plan), _with_demand(settings, demand))


def step_loads(network: Network) -> list[StepLoad]:
    """The flow's demand per step, for the Erlang bound: rate × visits, service moments, units."""
    found = []
    for procedure in network.procedures:
        for step, visits in zip(procedure.steps, procedure.visits):
            mean, second = moments(step.duration)
            found.append(
                StepLoad(
                    step.key,
                    tuple(network.units[u].id for u in step.units),
                    procedure.rate * visits,
                    mean,
                    second,
                    network.in_field(step),
                    network.policy_for(step.function),
                )
            )
    return found


@dataclass(frozen=True)
class Evaluation:
    """A plan's service levels over the replications: means with 95% intervals."""

    plan: dict[str, float]
    demand: dict[str, float]
    procedures: dict[str, Estimate]
    """Procedure id → share of its deadlines met (procedures with a deadline)."""
    steps: dict[str, Estimate]
    """``procedure/step`` → mean wait, working minutes."""
    units: dict[str, Estimate]
    """Unit id → utilisation."""
    deadlines_met: Estimate
    """Share of all statutory deadlines met in the centre."""
    mean_wait: Estimate
    """Mean wait per step a client goes through, working minutes."""


def evaluation(
    network: Network, plan: Plan, demand: Mapping[str, float], settings: SimulationSettings, runs: list[Run]
) -> Evaluation:
    """The figures staffing weighs, from the simulation's typed result of one plan's replications."""
    result = summarise("", _with_demand(settings, demand), network, runs)
    return Evaluation(
        dict(plan),
        dict(demand),
        {p: s.deadline_met_share for p, s in result.procedures.items() if s.deadline_met_share is not None},
        {key: s.wait_minutes for key, s in result.steps.items()},
        {u: s.utilisation for u, s in result.units.items()},
        result.system.deadline_met_share,
        result.system.wait_minutes,
    )


Progress = Callable[[int, int], None]
"""``progress(done, total)``: tasks done of those submitted by one :func:`evaluate_jobs` call."""


@dataclass(frozen=True)
class Job:
    """One plan under one demand, compiled: what :func:`evaluate_jobs` evaluates."""

    network: Network
    plan: dict[str, float]
    demand: dict[str, float]


def evaluate_jobs(
    executor: Executor,
    jobs: list[Job],
    settings: SimulationSettings,
    progress: Progress | None = None,
    stop: Stop | None = None,
) -> list[Evaluation]:
    """Each job's evaluation, in the order given, run by ``executor`` (:mod:`model.simulation.executor`).

    Every job runs the same replication indices of ``settings`` (common random numbers across
    plans). Each job's replications are cut into batches, so that a task runs long enough (well
    over 10 ms) for a process pool or a cluster to be worth its overhead, and all jobs' batches
    are submitted at once, so that every worker stays busy.
    """
    if not jobs:
        return []
    # Run here, one replication is a batch: no task overhead to amortise, and the caller
    # hears (and may stop) after each one.
    slots = executor.workers if executor.workers > 1 else settings.replications * len(jobs)
    tasks = batches(len(jobs), settings.replications, slots)
    runs: list[dict[int, list[Run]]] = [{} for _ in jobs]
    shipped = [(jobs[job].network, indices) for job, indices in tasks]
    for done, (task, result) in enumerate(executor.run(replications, settings.seed, shipped, stop), start=1):
        job, indices = tasks[task]
        runs[job][indices[0]] = result
        if progress:
            progress(done, len(tasks))
    return [
        evaluation(job.network, job.plan, job.demand, settings, [r for start in sorted(got) for r in got[start]])
        for job, got in zip(jobs, runs)
    ]
