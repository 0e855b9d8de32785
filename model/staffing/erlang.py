"""Erlang C, and the offered load the client flow puts on each unit: the optimiser's bound.

A unit whose staff serve clients first come, first served is an M/G/c queue: Poisson arrivals
(the engine's arrivals are Poisson, on a working-time clock), ``c`` staff, service times of any
distribution. Erlang C is exact for exponential service; the Allen–Cunneen factor
``(1 + cs²) / 2`` (cs² the squared coefficient of variation of service time) carries it to other
distributions, exactly for one server (Pollaczek–Khinchine). Long-run utilisation ``a / c`` and
stability ``a < c`` hold for any queue, so those bounds are exact.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from model.simulation.network import split


def erlang_c(servers: int, load: float | np.ndarray) -> float | np.ndarray:
    """Probability that a client has to wait, ``servers`` staff and ``load`` erlangs (λ·E[S]).

    Computed through Erlang B's recursion ``B(k) = a·B(k−1) / (k + a·B(k−1))``, which is stable
    for hundreds of servers, then ``C = c·B / (c − a·(1 − B))``; 1 when ``load ≥ servers``.
    Vectorised over ``load``.
    """
    a = np.asarray(load, dtype=float)
    b = np.ones_like(a)
    for k in range(1, servers + 1):
        b = a * b / (k + a * b)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where(a < servers, servers * b / (servers - a * (1 - b)), 1.0)
    return float(c) if c.ndim == 0 else c


def mean_wait(servers: int, load: float, mean_service: float, scv: float = 1.0) -> float:
    """Mean wait in the queue (the unit of ``mean_service``); infinite when unstable.

    ``scv`` is the service time's squared coefficient of variation (1: exponential, Erlang C
    exactly; 0: fixed durations).
    """
    if load >= servers:
        return math.inf
    if load <= 0:
        return 0.0
    return float(erlang_c(servers, load)) * mean_service / (servers - load) * (1 + scv) / 2


def service_level(servers: int, load: float, mean_service: float, answer: float) -> float:
    """Share of clients who wait at most ``answer`` (exponential service): 1 − C·e^(−(c−a)·t/E[S])."""
    if load >= servers:
        return 0.0
    return 1 - float(erlang_c(servers, load)) * math.exp(-(servers - load) * answer / mean_service)


def least_servers(
    load: float,
    mean_service: float,
    max_wait: float | None = None,
    max_utilisation: float | None = None,
    scv: float = 1.0,
) -> int:
    """The fewest staff (at least one) for which the queue is stable and both targets hold."""
    servers = max(1, math.floor(load) + 1)
    if max_utilisation is not None and load > 0:
        servers = max(servers, math.ceil(load / max_utilisation - 1e-9))
    while max_wait is not None and mean_wait(servers, load, mean_service, scv) > max_wait:
        servers += 1
    return servers


# --- the flow's load per unit -----------------------------------------------------------------


@dataclass(frozen=True)
class StepLoad:
    """One step's demand for staff time, from the flow: how often, how long, who may serve it."""

    key: str
    units: tuple[str, ...]
    """Units that serve the step's function, in chart order."""
    rate: float
    """Visits per working minute (arrival rate × expected visits of the step per client)."""
    mean: float
    """Mean service minutes."""
    second: float
    """Second moment of service minutes, E[S²]."""
    field: bool
    """Done in field hours, apart from the office's work."""
    policy: str
    """How the step's work is routed between its units (``routing``: the policy, or care area)."""


@dataclass(frozen=True)
class UnitLoad:
    """What the flow asks of one unit: offered load (erlangs) and its service-time mix."""

    unit_id: str
    load: float
    field_load: float
    """The part done in the field, which only field hours can absorb."""
    rate: float
    mean_service: float
    scv: float
    office_steps: tuple[str, ...]
    """Steps the unit serves in the office, where clients queue for it."""


def unit_loads(steps: list[StepLoad], servers: Mapping[str, int], fte: Mapping[str, float]) -> dict[str, UnitLoad]:
    """Offered load per unit given who has how many staff (the split between units depends on it),
    each step's work split as the simulation routes it (:func:`model.simulation.network.split`)."""
    load, field_load, rate, second = (dict.fromkeys(servers, 0.0) for _ in range(4))
    office: dict[str, list[str]] = {u: [] for u in servers}
    for step in steps:
        split_ = split(step.policy, [servers[u] for u in step.units], [fte[u] for u in step.units])
        for unit, share in zip(step.units, split_):
            if unit not in servers or share == 0:
                continue
            visits = step.rate * share
            load[unit] += visits * step.mean
            rate[unit] += visits
            second[unit] += visits * step.second
            if step.field:
                field_load[unit] += visits * step.mean
            else:
                office[unit].append(step.key)
    found = {}
    for unit in servers:
        mean = load[unit] / rate[unit] if rate[unit] else 0.0
        scv = (second[unit] / rate[unit]) / mean**2 - 1 if mean else 1.0
        found[unit] = UnitLoad(unit, load[unit], field_load[unit], rate[unit], mean, max(0.0, scv), tuple(office[unit]))
    return found


def bound_failure(
    unit: UnitLoad, servers: int, max_utilisation: float | None, max_wait: float | None, field_share: float
) -> str | None:
    """Why ``servers`` staff cannot meet the unit's targets whatever the simulation says, or ``None``.

    ``"capacity"``: demand exceeds what the staff can do (in field hours too); ``"utilisation"``:
    the long-run share of busy time exceeds the target; ``"mean_wait"``: Erlang C puts the mean
    office wait above the strictest target of the steps it serves.
    """
    if unit.load >= servers or (field_share > 0 and unit.field_load >= servers * field_share):
        return "capacity"
    if max_utilisation is not None and unit.load / servers > max_utilisation + 1e-9:
        return "utilisation"
    if max_wait is not None:
        office = unit.load - unit.field_load
        if mean_wait(servers, office, unit.mean_service, unit.scv) > max_wait:
            return "mean_wait"
    return None
