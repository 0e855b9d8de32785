"""Replications, in parallel or one by one, summed up as typed results (:mod:`.results`).

``simulate`` runs the same network ``replications`` times with independent random streams
and reports, for every number, the mean over replications with a 95% Student-t interval;
``compare`` runs two organisations on the same seeds and adds their paired differences.
Replications run in worker processes; with ``processes=1`` they run here, one after the
other, so that the app can show progress after each.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, get_type_hints

from model.config.loader import Scenario
from model.i18n import Message, msg
from model.simulation.engine import replications
from model.simulation.executor import LocalExecutor, default_processes
from model.simulation.gate import compiled
from model.simulation.network import Network, OpenCase
from model.simulation.results import Estimate, ProcedureStats, RunResult, StepStats, SystemStats, UnitStats, Warmup
from model.simulation.settings import SimulationSettings
from model.simulation.stats import Record, estimate
from model.simulation.warmup import RunFigures, Truncation, choose, cut, ratio

if TYPE_CHECKING:
    from model.simulation.comparison import ComparisonResult, Difference

Progress = Callable[[int, int], None]

NEAR_CAPACITY = 0.95
"""Offered load above which queues are long and slow to settle, even if finite."""


PRECISION_BATCH = 5
"""Replications added at a time by ``--precision``."""
CENSORED_SHARE = 0.05
"""Share of a cohort still open at the cap beyond which its lead time is flagged."""
LEAD_SHARE = 0.25
"""Mean lead time, as a share of the measured window, beyond which the window is flagged short."""


# --- one replication's figures -------------------------------------------------------------
# A replication's figures after the warm-up are a :class:`~model.simulation.warmup.RunFigures`,
# whose fields and properties bear the names of the typed result's estimates made of them: which
# figures a result holds is read from its dataclass (:func:`estimated`), never kept twice.

SHARES = {"deadline_met_share", "utilisation"}
"""Figures that cannot exceed 1, so neither can their intervals."""
LOWER_BETTER = {
    "mean_in_system": True,
    "lead_time_working_minutes": True,
    "completed": False,
    "censored": True,
    "lead_time_days": True,
    "lead_time_km_days": True,
    "deadline_met_share": False,
    "trips_per_client": True,
    "wait_minutes": True,
    "mean_queue": True,
    "final_queue": True,
}
"""Whether less of a figure is better; figures not named (arrivals, utilisation) are neither."""

RunFigure = Callable[[RunFigures], float | None]


def _trips(network: Network, run: RunFigures) -> float | None:
    """Trips between buildings per client of one replication (staff visiting open cases make none)."""
    walk_in = [run.procedures[p.id] for p in network.procedures if p.walk_in]
    return ratio(sum(p.trips for p in walk_in), sum(p.arrived for p in walk_in))


def _estimate(runs: list[RunFigures], get: RunFigure, name: str = "") -> Estimate:
    return estimate([get(r) for r in runs], upper=1.0 if name in SHARES else None)


@cache
def estimated(kind: type) -> tuple[str, ...]:
    """The fields of ``kind`` (a typed result) that are estimates over the replications, in order:
    each is the mean of the same-named figure of the runs (see :class:`RunFigures`)."""
    hints = get_type_hints(kind)
    return tuple(f.name for f in fields(kind) if hints[f.name] in (Estimate, Estimate | None))


def _of(section: str, key: str) -> Callable[[RunFigures], Any]:
    """The part ``key`` of a run's ``section`` (``procedures``, ``steps`` or ``units``)."""
    return lambda run: getattr(run, section)[key]


def _figure(part: Callable[[RunFigures], Any], name: str) -> RunFigure:
    """The figure ``name`` of one part of a run (a procedure, a step, a unit, the centre)."""
    return lambda run: getattr(part(run), name)


# --- the typed result ------------------------------------------------------------------------


Observation = tuple[Truncation, list[RunFigures]]
"""The warm-up chosen and each replication's figures after it (see :func:`observe`)."""


def observe(
    network: Network, settings: SimulationSettings, records: list[Record], truncation: Truncation | None = None
) -> Observation:
    """The warm-up (``truncation``, else as ``settings`` say: given or MSER-5) and each
    replication's figures after it (see :mod:`model.simulation.warmup`)."""
    truncation = truncation or choose(network, settings.warmup_days, records)
    return truncation, [cut(record, network, truncation.open_days) for record in records]


def summarise(
    config: str,
    settings: SimulationSettings,
    network: Network,
    records: list[Record],
    truncation: Truncation | None = None,
    observed: Observation | None = None,
) -> RunResult:
    """Every figure of ``records`` (replications of ``network``, the configuration file ``config``)
    after the warm-up, as means with 95% intervals (``observed``: their :func:`observe`, when
    already made)."""
    truncation, runs = observed or observe(network, settings, records, truncation)

    def figures(names: tuple[str, ...], part: Callable[[RunFigures], Any]) -> dict[str, Estimate]:
        return {name: _estimate(runs, _figure(part, name), name) for name in names}

    def procedure(p: Any) -> ProcedureStats:
        found = ProcedureStats(
            name=p.name,
            walk_in=p.walk_in,
            arrivals_per_week=p.rate * network.calendar.week_minutes,
            km_horizon_days=runs[0].procedures[p.id].km_horizon_days if runs else None,
            **figures(estimated(ProcedureStats), _of("procedures", p.id)),
        )
        return found if p.has_deadline else replace(found, deadline_met_share=None)

    def step(s: Any) -> StepStats:
        found = StepStats(
            function=s.function,
            units=tuple(network.units[u].id for u in s.units),
            deadline=None if s.deadline is None else f"{s.deadline.span} ({s.deadline.basis})",
            **figures(estimated(StepStats), _of("steps", s.key)),
        )
        return found if s.deadline is not None else replace(found, deadline_met_share=None)

    def unit(u: Any, office: float, fieldwork: float) -> UnitStats:
        return UnitStats(
            name=u.name,
            servers=u.servers,
            fte=u.fte,
            location=u.location,
            offered_load=round((office + fieldwork) / u.servers, 6),
            **figures(estimated(UnitStats), _of("units", u.id)),
        )

    return RunResult(
        config=config,
        days=settings.days,
        replications=len(runs),
        precision=settings.precision,
        seed=settings.seed,
        warmup=Warmup(truncation.days, truncation.method),
        run_out_days=settings.run_out_days,
        demand=dict(settings.demand),
        policy=network.policy,
        working_minutes_per_day=network.calendar.day_minutes,
        procedures={p.id: procedure(p) for p in network.procedures},
        steps={s.key: step(s) for p in network.procedures for s in p.steps},
        units={u.id: unit(u, *load) for u, load in zip(network.units, network.offered_load())},
        trips_per_client=_estimate(runs, lambda r: _trips(network, r)),
        system=SystemStats(**figures(estimated(SystemStats), lambda r: r)),
        events_per_replication=math.fsum(r.events for r in runs) / len(runs),
        warnings=tuple(_warnings(network, settings, runs, truncation)),
    )


# --- running ----------------------------------------------------------------------------------


def simulate(
    scenario: Scenario,
    settings: SimulationSettings,
    progress: Progress | None = None,
    open_cases: Sequence[OpenCase] = (),
) -> RunResult:
    """Simulate ``scenario``; ``progress(done, total)`` is called after each replication.

    ``open_cases`` start the run with clients already in progress (see :mod:`.engine`).

    Parameters
    ----------
    scenario:
        A loaded configuration; its rule checks of the flow run first (a route without an end
        is refused with the rule's message).
    settings:
        Days, seed, replications (or a precision to reach), demand multipliers, processes.
    progress:
        ``progress(done, total)`` after each replication, for a progress bar.
    open_cases:
        Clients already in progress at minute 0 (a warm start from the centre's open cases).

    Returns
    -------
    RunResult
        Means per replication with 95% confidence intervals: per procedure, step and unit, and for
        the centre (``result.system``), with the warnings that say when not to trust them.

    Examples
    --------
    >>> from model import load_scenario
    >>> from model.simulation import SimulationSettings
    >>> scenario = load_scenario("org_configs/gops_rural.yaml")
    >>> result = simulate(scenario, SimulationSettings(days=30, replications=3, run_out_days=30, processes=1))
    >>> result.replications
    3
    >>> busy = result.units["rejon_1"].utilisation
    >>> 0 <= busy.ci95.low <= busy.mean <= busy.ci95.high <= 1
    True
    >>> again = simulate(scenario, SimulationSettings(days=30, replications=3, run_out_days=30, processes=1))
    >>> again.units["rejon_1"].utilisation == busy  # the same seed, the same numbers
    True
    """
    settings.check(scenario.file)
    network = network_of(scenario, settings, open_cases)
    if settings.precision is None:
        records, observed = _replications(network, settings, progress), None
    else:
        records, observed = _until_precise(network, settings, progress)
    return summarise(scenario.file, settings, network, records, observed=observed)


def network_of(scenario: Scenario, settings: SimulationSettings, open_cases: Sequence[OpenCase] = ()) -> Network:
    """``scenario`` compiled for a run with ``settings``: one place, so every caller runs alike."""
    return compiled(scenario, settings.days, settings.demand, settings.run_out_days, tuple(open_cases))


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
    runs: dict[int, Record] = {}
    with LocalExecutor(min(settings.processes or default_processes(), count)) as executor:
        for task, (record,) in executor.run(replications, settings.seed, [(network, (i,)) for i in indices]):
            runs[first + task] = record
            if progress:
                progress(done + len(runs), total)
    return [runs[index] for index in indices]


def _until_precise(
    network: Network, settings: SimulationSettings, progress: Progress | None
) -> tuple[list[Record], Observation | None]:
    """Add replications until every headline figure is within ``settings.precision`` of its mean.

    The sequential procedure of Law (*Simulation Modeling and Analysis*, 5th ed., 2015, §9.4.1,
    niezweryfikowane / unverified), as Hoad, Robinson and Davies (2010) automate it: after the
    first ``settings.replications``, one batch at a time, stop when the 95% interval of each
    :data:`HEADLINE` figure of the centre and of the trips per client is within ±γ′ of its mean,
    γ′ = γ / (1 + γ) for the precision γ asked (so that the error relative to the *true* mean is
    within γ), or at ``settings.max_replications``. Figures that are 0 or absent in every
    replication are left out. Each procedure's, step's and unit's figures keep their own interval,
    honestly as wide as the replications make it; those of the procedures whose lead time is still
    wider than ±γ are named in a note (see :func:`_warnings`), not chased: a procedure with a few
    dozen clients a year would need hundreds of replications of every other figure. Returns the
    replications and, when the rule stopped them, the observation it judged (the summary's own).
    """
    records = _replications(network, settings, progress)
    cap = settings.max_replications

    precision = settings.precision
    observed: Observation | None = None
    if precision is None:
        return records, observed

    def imprecise() -> bool:
        nonlocal observed
        observed = observe(network, settings, records)  # the warm-up chosen again as replications come
        return bool(_imprecise_headline(network, precision, observed[1]))

    while len(records) < cap and imprecise():
        observed = None  # of fewer replications than the run will have
        batch = min(PRECISION_BATCH, cap - len(records))
        records += _replications(network, settings, progress, len(records), len(records) + batch, len(records), batch)
    return records, observed


HEADLINE = {"lead_time_working_minutes": 0.0, "wait_minutes": 1.0, "deadline_met_share": 0.0, "mean_in_system": 0.0}
"""The centre's figures that set the stopping rule, with the trips per client: what a director
reads first (the lead time and wait of every client, the deadlines kept, the clients in the
centre), each an average over thousands of clients a year, so steady after a few replications.
Each with the half-width that is precise enough whatever its mean: a wait known to within a
working minute is as precise as the durations the model is given (a relative precision of a
mean wait near 0, in a centre with staff to spare, would ask for hundreds of replications)."""


def _imprecise_headline(network: Network, precision: float, runs: list[RunFigures]) -> list[str]:
    """The :data:`HEADLINE` figures (and ``trips_per_client``) whose 95% interval is wider than
    ±γ′ of their mean (see :func:`_until_precise`)."""
    adjusted = precision / (1 + precision)
    found = [
        name for name, enough in HEADLINE.items() if not _precise([getattr(r, name) for r in runs], adjusted, enough)
    ]
    if not _precise([_trips(network, r) for r in runs], adjusted):
        found.append("trips_per_client")
    return found


def _imprecise_procedures(network: Network, precision: float, runs: list[RunFigures]) -> list[str]:
    """The procedures (by name) whose mean lead time's 95% interval is wider than ±``precision``."""
    return [
        p.name for p in network.procedures if not _precise([r.procedures[p.id].lead_time_days for r in runs], precision)
    ]


def _listed(figures: list[str]) -> Message:
    """The figures' names, one after another, in the reader's language."""
    last = msg(f"sim.figure.{figures[-1]}")
    if len(figures) == 1:
        return last
    return msg("sim.figure.listed", first=msg(f"sim.figure.{figures[0]}"), rest=_listed(figures[1:]))


def _precise(values: list[float | None], precision: float, enough: float = 0.0) -> bool:
    """Whether the 95% interval's half-width is within ``precision`` of the mean, or ``enough``."""
    found = estimate(values)
    if not found.mean:
        return True
    if found.ci95 is None:
        return False
    return (found.ci95.high - found.ci95.low) / 2 <= max(precision * abs(found.mean), enough)


def _warnings(
    network: Network, settings: SimulationSettings, runs: list[RunFigures], truncation: Truncation
) -> list[Message]:
    """Say when the numbers cannot be trusted as they stand, rather than print them silently."""
    found = _load_warnings(network)
    if truncation.at_limit:
        found.append(msg("sim.warn.warmup_limit", days=truncation.days, remedy=msg("remedy.days")))
    found += _cohort_warnings(network, settings, runs, settings.days - truncation.days)
    if settings.replications < 2:
        found.append(msg("sim.warn.one_replication"))
    if settings.precision is not None:
        headline = _imprecise_headline(network, settings.precision, runs)
        if headline:
            found.append(
                msg("sim.warn.imprecise_headline", n=len(runs), precision=settings.precision, figures=_listed(headline))
            )
        procedures = _imprecise_procedures(network, settings.precision, runs)
        if procedures:
            found.append(
                msg("sim.note.imprecise", n=len(runs), precision=settings.precision, procedures=", ".join(procedures))
            )
    return found


def _load_warnings(network: Network) -> list[Message]:
    """Units offered more work than their staff can do (in the office or in the field), or nearly."""
    found = []
    field_share = network.field_share
    for index, (unit, (office, fieldwork)) in enumerate(zip(network.units, network.offered_load())):
        load = (office + fieldwork) / unit.servers
        field_load = fieldwork / (unit.servers * field_share) if field_share else 0.0  # no field hours: no field work
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
    return found


def _cohort_warnings(
    network: Network, settings: SimulationSettings, runs: list[RunFigures], measured: int
) -> list[Message]:
    """Procedures whose clients are too often still open at the end, or take long against the ``measured`` days."""
    found = []
    for procedure in network.procedures:
        arrived = sum(r.procedures[procedure.id].arrived for r in runs)
        censored = sum(r.procedures[procedure.id].censored for r in runs)
        if arrived and censored / arrived > CENSORED_SHARE:
            found.append(
                msg(
                    "sim.warn.censored",
                    procedure=procedure.name,
                    share=censored / arrived,
                    run_out=settings.run_out_days,
                )
            )
        lead = estimate([r.procedures[procedure.id].lead_time_days for r in runs])
        if lead.mean is not None and lead.mean > LEAD_SHARE * measured:
            found.append(
                msg(
                    "sim.warn.long_lead",
                    procedure=procedure.name,
                    lead=lead.mean,
                    share=lead.mean / measured,
                    remedy=msg("remedy.days"),
                )
            )
    return found


# --- comparing two organisations --------------------------------------------------------------


def _differences(
    kind: type, runs_a: list[RunFigures], runs_b: list[RunFigures], part: Callable[[RunFigures], Any]
) -> Any:
    """``kind`` (the differences of a procedure, step, unit or the centre) from the paired replications."""
    return kind(**{f.name: _paired(runs_a, runs_b, _figure(part, f.name), f.name) for f in fields(kind)})


def _paired(runs_a: list[RunFigures], runs_b: list[RunFigures], get: RunFigure, name: str) -> Difference:
    """B − A per replication (the same seed, so the same clients), its mean and t interval.

    The difference is *notable* when its 95% interval excludes 0: pairing removes the noise the
    two variants share, so this is far sharper than asking whether two intervals overlap.
    """
    from model.simulation.comparison import Difference

    differences = []
    for run_a, run_b in zip(runs_a, runs_b):
        va, vb = get(run_a), get(run_b)
        differences.append(None if va is None or vb is None else vb - va)
    found = estimate(differences, signed=True)
    notable = found.ci95 is not None and found.ci95.excludes(0.0)
    better: Literal["A", "B"] | None = None
    if notable and found.mean is not None and name in LOWER_BETTER:
        better = "B" if (found.mean < 0) == LOWER_BETTER[name] else "A"
    return Difference(found.mean, found.ci95, found.n, notable, better)


def _unlawful(scenario_a: Scenario, scenario_b: Scenario) -> list[Message]:
    """The errors of B's validation that A does not have, each as a warning that the simulation does
    not measure it: a norm the procedures do not touch (a caseload per assistant, the social-worker
    ratio) leaves the simulated figures unchanged, and "+0" must not read as "lawful"."""
    from model.checks.findings import Severity
    from model.checks.rules import validate

    def errors(scenario: Scenario) -> list[Any]:
        return [f for f in validate(scenario) if f.severity == Severity.error]

    known = {f.rule for f in errors(scenario_a)}
    return [msg("sim.warn.unlawful", rule=f.rule, text=f.message) for f in errors(scenario_b) if f.rule not in known]


def compare(
    scenario_a: Scenario, scenario_b: Scenario, settings: SimulationSettings, progress: Progress | None = None
) -> ComparisonResult:
    """Run A and B on A's procedures with the same seeds, so only the organisation differs.

    Arrivals come from per-procedure random streams, so both organisations receive exactly the
    same clients at the same moments (common random numbers), and differences are sharper than
    two independent runs would give.

    Parameters
    ----------
    scenario_a, scenario_b:
        The two organisations (as is, to be); B is run on A's procedures.
    settings:
        As for :func:`simulate`; a precision target is replaced by the fixed number of
        replications (the pairs need the same count), with a warning.
    progress:
        ``progress(done, total)`` over both runs' replications.

    Returns
    -------
    ComparisonResult
        Both results (``a``, ``b``) and the paired differences B − A with 95% intervals, each
        marked ``notable`` when the interval excludes 0 and ``better`` naming the better side.

    Examples
    --------
    >>> from model import load_scenario
    >>> from model.simulation import SimulationSettings
    >>> care_areas = load_scenario("org_configs/tarnowskie_gory_care_area.yaml")
    >>> separated = load_scenario("org_configs/tarnowskie_gory_2017.yaml")
    >>> pair = compare(care_areas, separated, SimulationSettings(days=10, replications=2, run_out_days=10, processes=1))
    >>> pair.a.replications == pair.b.replications == pair.system.wait_minutes.n == 2
    True
    >>> pair.system.arrivals_per_working_minute.mean  # the same clients come to both
    0.0
    """
    # a comparison's dataclasses are built with the first comparison, not at every simulation's start
    from model.simulation.comparison import (
        ComparisonResult,
        ProcedureDifferences,
        StepDifferences,
        SystemDifferences,
        UnitDifferences,
    )

    settings.check(scenario_a.file)
    warnings = []
    if settings.precision is not None:  # the stopping rule is for one run; the pairs need the same count
        warnings.append(msg("sim.warn.compare_fixed", n=settings.replications))
        settings = replace(settings, precision=None)
    if {p.id for p in scenario_b.procedures} != {p.id for p in scenario_a.procedures}:
        warnings.append(msg("sim.warn.other_procedures", a=scenario_a.file, b=scenario_b.file))
    warnings += _unlawful(scenario_a, scenario_b)
    scenario_b = replace(scenario_b, procedures=scenario_a.procedures)
    total = 2 * settings.replications
    networks = [network_of(s, settings) for s in (scenario_a, scenario_b)]  # both checked before either runs
    records = [
        _replications(network, settings, progress, index * settings.replications, total)
        for index, network in enumerate(networks)
    ]
    # one warm-up for both, the longer, so that each paired difference compares the same days
    truncation = max((choose(n, settings.warmup_days, r) for n, r in zip(networks, records)), key=lambda w: w.open_days)
    observed = [observe(n, settings, r, truncation) for n, r in zip(networks, records)]
    runs_a, runs_b = (runs for _, runs in observed)
    a, b = (
        summarise(s.file, settings, n, r, observed=o)
        for s, n, r, o in zip((scenario_a, scenario_b), networks, records, observed)
    )
    units = [u for u in a.units if u in b.units]
    return ComparisonResult(
        a=a,
        b=b,
        procedures={p: _differences(ProcedureDifferences, runs_a, runs_b, _of("procedures", p)) for p in a.procedures},
        steps={s: _differences(StepDifferences, runs_a, runs_b, _of("steps", s)) for s in a.steps},
        units={u: _differences(UnitDifferences, runs_a, runs_b, _of("units", u)) for u in units},
        trips_per_client=_paired(runs_a, runs_b, lambda r: _trips(networks[0], r), "trips_per_client"),
        system=_differences(SystemDifferences, runs_a, runs_b, lambda r: r),
        only_in_a=tuple(sorted(set(a.units) - set(b.units))),
        only_in_b=tuple(sorted(set(b.units) - set(a.units))),
        warnings=tuple(warnings + _per_variant(a.warnings, b.warnings)),
    )


def _per_variant(a: Sequence[Message], b: Sequence[Message]) -> list[Message]:
    """Each variant's warnings, a warning both give said once ("A i B: …"), in the order first met."""
    found: list[tuple[Message, list[str]]] = []
    for label, warnings in (("A", a), ("B", b)):
        for warning in warnings:
            labels = next((labels for seen, labels in found if seen == warning), None)
            if labels is None:
                found.append((warning, [label]))
            elif label not in labels:
                labels.append(label)
    return [
        msg("sim.warn.variant", variant=msg("sim.variant.both") if len(labels) == 2 else labels[0], text=warning)
        for warning, labels in found
    ]
