"""Replications, in parallel or one by one, and their results as the JSON contract.

``simulate`` runs the same network ``replications`` times with independent random streams
and reports, for every number, the mean over replications with a 95% Student-t interval.
Replications run in worker processes; with ``processes=1`` they run here, one after the
other, so that the app can show progress after each.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from typing import Any

from model.config.loader import Scenario
from model.i18n import Message, msg
from model.simulation.engine import replicate
from model.simulation.network import Network, OpenCase, compile_network
from model.simulation.settings import SimulationSettings
from model.simulation.stats import Estimate, Record, estimate
from model.simulation.warmup import Warmup, choose, cut

Progress = Callable[[int, int], None]

NEAR_CAPACITY = 0.95
"""Offered load above which queues are long and slow to settle, even if finite."""


MAX_REPLICATIONS = 200
"""Where ``--precision`` stops adding replications (a warning says when it is not reached)."""
PRECISION_BATCH = 5
"""Replications added at a time by ``--precision``."""
CENSORED_SHARE = 0.05
"""Share of a cohort still open at the cap beyond which its lead time is flagged."""
LEAD_SHARE = 0.25
"""Mean lead time, as a share of the measured window, beyond which the window is flagged short."""


@dataclass
class SimulationResult:
    """What the replications observed; :meth:`to_dict` is the contract the CLI prints as JSON."""

    scenario: Scenario
    settings: SimulationSettings
    network: Network
    runs: list[dict[str, Any]]
    """One dict per replication, in replication order (see ``Tally.close``)."""
    warnings: list[Message]
    elapsed: float = 0.0
    """Wall-clock seconds of the replications (not in :meth:`to_dict`: the numbers must repeat)."""
    warmup: Warmup | None = None
    """The warm-up cut off the runs: as given, or chosen from the data (MSER-5)."""

    def procedure(self, procedure_id: str) -> dict[str, Any]:
        return self.to_dict()["procedures"][procedure_id]

    def step(self, procedure_id: str, step_id: str) -> dict[str, Any]:
        return self.to_dict()["steps"][f"{procedure_id}/{step_id}"]

    def unit(self, unit_id: str) -> dict[str, Any]:
        return self.to_dict()["units"][unit_id]

    @property
    def events(self) -> int:
        """SimPy events scheduled over all replications (for the benchmark)."""
        return sum(run["events"] for run in self.runs)

    def trips_of(self, run: dict[str, Any]) -> float | None:
        """Trips between buildings per client of one replication (staff visiting open cases make none)."""
        walk_in = [p.id for p in self.network.procedures if p.walk_in]
        procedures = run["procedures"]
        return _ratio(sum(procedures[i]["trips"] for i in walk_in), sum(procedures[i]["arrived"] for i in walk_in))

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The JSON contract; ``warnings`` are written in ``lang``."""
        settings, network = self.settings, self.network
        runs = self.runs
        load = network.offered_load()
        trips = _pick(runs, self.trips_of)
        arrived = _pick(runs, lambda r: sum(p["arrived"] for p in r["procedures"].values()) / r["window_minutes"])
        lead = _pick(
            runs,
            lambda r: _ratio(
                sum(p["lead_working_minutes"] * p["arrived"] for p in r["procedures"].values() if p["arrived"]),
                sum(p["arrived"] for p in r["procedures"].values()),
            ),
        )
        return {
            "config": self.scenario.file,
            "days": settings.days,
            "replications": len(runs),
            "precision": settings.precision,
            "seed": settings.seed,
            "warmup_days": self.warmup.days if self.warmup else settings.warmup,
            "warmup_method": self.warmup.method if self.warmup else None,
            "run_out_days": settings.run_out_days,
            "demand": dict(settings.demand),
            "policy": network.policy,
            "working_minutes_per_day": network.calendar.day_minutes,
            "procedures": {p.id: self._procedure(p) for p in network.procedures},
            "steps": {s.key: self._step(p, s) for p in network.procedures for s in p.steps},
            "units": {
                u.id: {
                    "name": u.name,
                    "servers": u.servers,
                    "fte": u.fte,
                    "location": u.location,
                    "offered_load": round((office + fieldwork) / u.servers, 6),
                    **_mean_and_ci(runs, lambda r, i=u.id: r["units"][i]["utilisation"], "utilisation"),
                    **_mean_and_ci(runs, lambda r, i=u.id: r["units"][i]["mean_queue"], "mean_queue"),
                    "final_queue": _mean(runs, lambda r, i=u.id: r["units"][i]["final_queue"]),
                }
                for u, (office, fieldwork) in zip(network.units, load)
            },
            "trips_per_client": _value(trips),
            "trips_per_client_ci95": _interval(trips),
            "system": {
                "mean_in_system": _mean(runs, lambda r: r["in_system"]),
                "arrivals_per_working_minute": _value(arrived),
                "mean_lead_time_working_minutes": _value(lead),
            },
            "events_per_replication": _mean(runs, lambda r: r["events"]),
            "warnings": [w.text(lang) for w in self.warnings],
        }

    def _procedure(self, p: Any) -> dict[str, Any]:
        runs = self.runs

        def of(r: dict[str, Any]) -> dict[str, Any]:
            return r["procedures"][p.id]

        share = _pick(runs, lambda r: PROCEDURE_METRICS["deadline_met_share"](of(r))) if p.has_deadline else None
        return {
            "name": p.name,
            "arrivals_per_week": p.rate * self.network.calendar.week_minutes,
            "arrived": _mean(runs, lambda r: of(r)["arrived"]),
            "completed": _mean(runs, lambda r: of(r)["completed"]),
            "censored": _mean(runs, lambda r: of(r)["censored"]),
            "deadline_censored": _mean(runs, lambda r: of(r)["deadline_censored"]),
            **_mean_and_ci(runs, lambda r: of(r)["lead_days"], "mean_lead_time_days"),
            **_mean_and_ci(runs, lambda r: of(r)["lead_km_days"], "km_mean_lead_time_days"),
            **_mean_and_ci(runs, lambda r: of(r)["lead_km_median_days"], "km_median_lead_time_days"),
            "km_horizon_days": _mean(runs, lambda r: of(r)["lead_km_horizon_days"]),
            "mean_lead_time_working_minutes": _value(_pick(runs, lambda r: of(r)["lead_working_minutes"])),
            "deadline_met_share": _value(share),
            "deadline_met_share_ci95": _interval(share),
            "trips_per_client": _value(_pick(runs, lambda r: PROCEDURE_METRICS["trips_per_client"](of(r)))),
        }

    def _step(self, p: Any, s: Any) -> dict[str, Any]:
        runs = self.runs

        def of(r: dict[str, Any]) -> dict[str, Any]:
            return r["steps"][s.key]

        result = {
            "function": s.function,
            "units": [self.network.units[u].id for u in s.units],
            "count": _mean(runs, lambda r: of(r)["count"]),
            **_mean_and_ci(runs, lambda r: of(r)["mean_wait_minutes"], "mean_wait_minutes", "mean_wait_ci95"),
        }
        if s.deadline is not None:
            share = _pick(runs, lambda r: STEP_METRICS["deadline_met_share"](of(r)))
            result.update(
                deadline=f"{s.deadline.span} ({s.deadline.basis})",
                deadline_met_share=_value(share),
                deadline_met_share_ci95=_interval(share),
            )
        return result


def _ratio(total: float | None, count: float) -> float | None:
    return total / count if count and total is not None else None


def _pick(runs: list[dict[str, Any]], get: Callable[[dict[str, Any]], float | None]) -> Estimate | None:
    return estimate([get(r) for r in runs])


def _value(found: Estimate | None) -> float | None:
    return None if found is None else found.mean


def _interval(found: Estimate | None) -> list[float] | None:
    return None if found is None else found.interval


def _mean(runs: list[dict[str, Any]], get: Callable[[dict[str, Any]], float | None]) -> float | None:
    return _value(_pick(runs, get))


def _mean_and_ci(
    runs: list[dict[str, Any]],
    get: Callable[[dict[str, Any]], float | None],
    name: str,
    interval_name: str | None = None,
) -> dict[str, Any]:
    found = _pick(runs, get)
    return {name: _value(found), interval_name or f"{name}_ci95": _interval(found)}


# --- running ----------------------------------------------------------------------------------


def simulate(
    scenario: Scenario,
    settings: SimulationSettings,
    progress: Progress | None = None,
    open_cases: Sequence[OpenCase] = (),
) -> SimulationResult:
    """Simulate ``scenario``; ``progress(done, total)`` is called after each replication.

    ``open_cases`` start the run with clients already in progress (see :mod:`.engine`).
    """
    settings.check(scenario.file)
    network = compile_network(
        scenario, settings.days, settings.warmup, settings.demand, settings.run_out_days, tuple(open_cases)
    )
    started = time.perf_counter()
    records = (
        _replications(network, settings, progress)
        if settings.precision is None
        else _until_precise(network, settings, progress)
    )
    warmup = choose(network, settings.warmup_days, records)
    runs = _cut(network, records, warmup)
    return SimulationResult(
        scenario,
        settings,
        network,
        runs,
        _warnings(network, settings, runs, warmup),
        time.perf_counter() - started,
        warmup,
    )


def _cut(network: Network, records: list[Record], warmup: Warmup) -> list[dict[str, Any]]:
    """Each replication's numbers after the warm-up (see :func:`model.simulation.warmup.cut`)."""
    return [cut(record, network, warmup.open_days) for record in records]


def _replications(
    network: Network,
    settings: SimulationSettings,
    progress: Progress | None,
    done: int = 0,
    total: int | None = None,
    first: int = 0,
    count: int | None = None,
) -> list[Record]:
    """Replications ``first`` … ``first + count − 1`` (each index its own streams), in order."""
    count = settings.replications if count is None else count
    total = count if total is None else total
    indices = range(first, first + count)
    workers = min(settings.processes or _default_processes(), count)
    if workers == 1:
        runs = []
        for index in indices:
            runs.append(replicate(network, settings.seed, index))
            if progress:
                progress(done + len(runs), total)
        return runs
    results: dict[int, Record] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        futures = {pool.submit(replicate, network, settings.seed, index): index for index in indices}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            if progress:
                progress(done + len(results), total)
    return [results[index] for index in indices]


def _until_precise(network: Network, settings: SimulationSettings, progress: Progress | None) -> list[Record]:
    """Add replications until every headline figure is within ``settings.precision`` of its mean.

    The sequential procedure of Hoad, Robinson and Davies (2010), as in Monks' sim-tools: after
    the first ``settings.replications``, one batch at a time, stop when the 95% interval of each
    procedure's lead time and of the trips per client is within ±precision of the mean, or at
    :data:`MAX_REPLICATIONS`. Figures that are 0 or absent in every replication are left out.
    """
    records = _replications(network, settings, progress)
    trips_of = SimulationResult(None, settings, network, [], []).trips_of  # type: ignore[arg-type]
    figures = [lambda r, i=p.id: r["procedures"][i]["lead_days"] for p in network.procedures] + [trips_of]

    def precise() -> bool:
        runs = _cut(network, records, choose(network, settings.warmup_days, records))
        return all(_precise([f(r) for r in runs], settings.precision) for f in figures)

    while len(records) < MAX_REPLICATIONS and not precise():
        batch = min(PRECISION_BATCH, MAX_REPLICATIONS - len(records))
        records += _replications(network, settings, progress, len(records), len(records) + batch, len(records), batch)
    return records


def _precise(values: list[float | None], precision: float) -> bool:
    found = estimate(values)
    if found is None or not found.mean:
        return True
    if found.low is None:
        return False
    return (found.high - found.low) / 2 <= precision * abs(found.mean)


def _can_fork() -> bool:
    """Forking is the quickest start, but forking a process that runs other threads (the app) can hang."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _default_processes() -> int:
    """One per core where workers can be forked; otherwise one, as fresh interpreters take longer
    to start than a default run takes."""
    return (os.cpu_count() or 1) if _can_fork() else 1


def _context() -> multiprocessing.context.BaseContext:
    if _can_fork():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context(
        "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    )


def _warnings(
    network: Network, settings: SimulationSettings, runs: list[dict[str, Any]], warmup: Warmup
) -> list[Message]:
    """Say when the numbers cannot be trusted as they stand, rather than print them silently."""
    found = []
    window = network.calendar.field_window
    field_share = (window[1] - window[0]) / network.calendar.day_minutes if window else 1.0
    for index, (unit, (office, fieldwork)) in enumerate(zip(network.units, network.offered_load())):
        load = (office + fieldwork) / unit.servers
        field_load = fieldwork / (unit.servers * field_share)
        steps = [s.key for p in network.procedures for s in p.steps if index in s.units]
        where = msg(
            "sim.warn.unit",
            id=unit.id,
            name=unit.name,
            servers=unit.servers,
            steps=", ".join(steps[:4]),
            more=msg("sim.warn.more", n=len(steps) - 4) if len(steps) > 4 else "",
        )
        if load > 1:
            found.append(msg("sim.warn.unstable", unit=where, excess=(load - 1) * 100))
        elif field_load > 1:
            found.append(msg("sim.warn.unstable_field", unit=where, excess=(field_load - 1) * 100))
        elif max(load, field_load) > NEAR_CAPACITY:
            found.append(msg("sim.warn.busy", unit=where, busy=max(load, field_load)))
    measured = settings.days - warmup.days
    if warmup.at_limit:
        found.append(msg("sim.warn.warmup_limit", days=warmup.days))
    for procedure in network.procedures:
        arrived = sum(r["procedures"][procedure.id]["arrived"] for r in runs)
        censored = sum(r["procedures"][procedure.id]["censored"] for r in runs)
        if arrived and censored / arrived > CENSORED_SHARE:
            found.append(
                msg(
                    "sim.warn.censored",
                    procedure=procedure.name,
                    share=censored / arrived,
                    run_out=settings.run_out_days,
                )
            )
        lead = estimate([r["procedures"][procedure.id]["lead_days"] for r in runs])
        if lead is not None and lead.mean > LEAD_SHARE * measured:
            found.append(
                msg("sim.warn.long_lead", procedure=procedure.name, lead=lead.mean, share=lead.mean / measured)
            )
    if settings.replications < 2:
        found.append(msg("sim.warn.one_replication"))
    return found


# --- comparing two organisations --------------------------------------------------------------


@dataclass
class Comparison:
    """The same procedures, demand and seeds on two organisations: A (old) and B (new)."""

    a: SimulationResult
    b: SimulationResult
    warnings: list[Message]

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The JSON contract of both results and their paired differences; warnings in ``lang``."""
        a, b = self.a.to_dict(lang), self.b.to_dict(lang)
        runs_a, runs_b = self.a.runs, self.b.runs
        units = set(a["units"]) & set(b["units"])

        def section(name: str, keys: list[str], metrics: dict[str, Callable[[dict[str, Any]], float | None]]):
            return {
                key: {
                    field: _paired(runs_a, runs_b, lambda r, k=key, get=get: get(r[name][k]))
                    for field, get in metrics.items()
                }
                for key in keys
            }

        return {
            "a": a,
            "b": b,
            "differences": {
                "procedures": section("procedures", list(a["procedures"]), PROCEDURE_METRICS),
                "steps": section("steps", list(a["steps"]), STEP_METRICS),
                "units": section("units", [u for u in a["units"] if u in units], UNIT_METRICS),
                "trips_per_client": _paired(runs_a, runs_b, self.a.trips_of),
            },
            "only_in_a": {"units": sorted(set(a["units"]) - set(b["units"]))},
            "only_in_b": {"units": sorted(set(b["units"]) - set(a["units"]))},
            "warnings": [w.text(lang) for w in self.warnings],
        }


PROCEDURE_METRICS: dict[str, Callable[[dict[str, Any]], float | None]] = {
    "arrived": lambda p: p["arrived"],
    "completed": lambda p: p["completed"],
    "censored": lambda p: p["censored"],
    "mean_lead_time_days": lambda p: p["lead_days"],
    "deadline_met_share": lambda p: _ratio(p["deadline_met"], p["deadline_checks"]),
    "trips_per_client": lambda p: _ratio(p["trips"], p["arrived"]),
}
"""Per-procedure numbers of one replication, by their name in the results."""
STEP_METRICS: dict[str, Callable[[dict[str, Any]], float | None]] = {
    "count": lambda s: s["count"],
    "mean_wait_minutes": lambda s: s["mean_wait_minutes"],
    "deadline_met_share": lambda s: _ratio(s["deadline_met"], s["deadline_checks"]),
}
UNIT_METRICS: dict[str, Callable[[dict[str, Any]], float | None]] = {
    "utilisation": lambda u: u["utilisation"],
    "mean_queue": lambda u: u["mean_queue"],
    "final_queue": lambda u: u["final_queue"],
}


def _paired(
    runs_a: list[dict[str, Any]], runs_b: list[dict[str, Any]], get: Callable[[dict[str, Any]], float | None]
) -> dict[str, Any]:
    """B − A per replication (the same seed, so the same clients), its mean and t interval.

    The difference is *notable* when its 95% interval excludes 0: pairing removes the noise the
    two variants share, so this is far sharper than asking whether two intervals overlap.
    """
    differences = []
    for run_a, run_b in zip(runs_a, runs_b):
        va, vb = get(run_a), get(run_b)
        differences.append(None if va is None or vb is None else vb - va)
    found = estimate(differences, signed=True)
    if found is None:
        return {"mean": None, "ci95": None, "notable": False}
    interval = found.interval
    return {
        "mean": found.mean,
        "ci95": interval,
        "notable": interval is not None and (interval[0] > 0 or interval[1] < 0),
    }


def compare(
    scenario_a: Scenario, scenario_b: Scenario, settings: SimulationSettings, progress: Progress | None = None
) -> Comparison:
    """Run A and B on A's procedures with the same seeds, so only the organisation differs.

    Arrivals come from per-procedure random streams, so both organisations receive exactly the
    same clients at the same moments (common random numbers), and differences are sharper than
    two independent runs would give.
    """
    settings.check(scenario_a.file)
    warnings = []
    if {p.id for p in scenario_b.procedures} != {p.id for p in scenario_a.procedures}:
        warnings.append(msg("sim.warn.other_procedures", a=scenario_a.file, b=scenario_b.file))
    scenario_b = replace(scenario_b, procedures=scenario_a.procedures)
    total = 2 * settings.replications
    networks = [
        compile_network(s, settings.days, settings.warmup, settings.demand, settings.run_out_days)
        for s in (scenario_a, scenario_b)
    ]  # both checked before either runs
    records, elapsed = [], []
    for index, network in enumerate(networks):
        started = time.perf_counter()
        records.append(_replications(network, settings, progress, index * settings.replications, total))
        elapsed.append(time.perf_counter() - started)
    # one warm-up for both, the longer, so that each difference compares the same days
    warmup = max((choose(n, settings.warmup_days, r) for n, r in zip(networks, records)), key=lambda w: w.open_days)
    results = []
    for scenario, network, found, seconds in zip((scenario_a, scenario_b), networks, records, elapsed):
        runs = _cut(network, found, warmup)
        results.append(
            SimulationResult(
                scenario, settings, network, runs, _warnings(network, settings, runs, warmup), seconds, warmup
            )
        )
    return Comparison(
        results[0],
        results[1],
        warnings
        + [msg("sim.warn.variant", variant=label, text=w) for label, r in zip("AB", results) for w in r.warnings],
    )
