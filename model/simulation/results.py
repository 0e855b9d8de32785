"""What a simulation or a comparison found, as typed values: the contract every consumer reads.

Every number measured over replications is an :class:`Estimate` (its mean and 95% interval);
every difference between two organisations a :class:`Difference` (the paired B − A). The JSON
the CLI prints is these dataclasses as they stand, under one naming scheme: an estimate is
``{"mean": x, "ci95": {"low": a, "high": b} | null, "n": k}`` wherever it occurs. Its JSON
Schema (``schema/simulation_result.schema.json``) is generated from them by :func:`json_schema`.

Light to import: no engine, no numpy. A comparison's classes (:class:`Difference`,
:class:`ComparisonResult` …) live in :mod:`model.simulation.comparison`, imported by what
compares, so that a simulation's start does not build them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import ConfigDict, PlainSerializer, PlainValidator, TypeAdapter, WithJsonSchema

from model.i18n import Message, msg

if TYPE_CHECKING:
    from model.simulation.comparison import ComparisonResult

VERBATIM = "sim.warn.verbatim"
"""Catalogue code of a text already in words (a warning read back from JSON)."""

Text = Annotated[
    Message,
    PlainValidator(lambda v: v if isinstance(v, Message) else msg(VERBATIM, text=str(v))),
    PlainSerializer(lambda m, info: m.text((info.context or {}).get("lang", "en")), return_type=str),
    WithJsonSchema({"type": "string", "description": "In the language asked for (--lang)."}),
]
"""A message in the results, written in words in the JSON (the language passed as context)."""
DOCUMENTED = ConfigDict(use_attribute_docstrings=True)
"""The fields' docstrings become their descriptions in the schema."""


@dataclass(frozen=True)
class Interval:
    """A 95% confidence interval."""

    low: float
    high: float

    def excludes(self, value: float = 0.0) -> bool:
        return value < self.low or value > self.high


@dataclass(frozen=True)
class Estimate:
    """One number's mean over the replications that observed it, with its 95% Student-t interval.

    ``mean`` is ``None`` when no replication observed the number (no client reached the step);
    ``ci95`` is ``None`` with fewer than two observations.
    """

    mean: float | None = None
    ci95: Interval | None = None
    n: int = 0


@dataclass(frozen=True)
class Warmup:
    """The first days of the run that are not counted, and how their number was chosen."""

    days: int
    method: str
    """``"given"``, or ``"MSER-5"`` when chosen from the data (see :mod:`model.simulation.warmup`)."""


@dataclass(frozen=True)
class ProcedureStats:
    """One procedure's cohort: the clients who arrived in the measured window, followed to the end."""

    name: str
    walk_in: bool
    """Clients come to the centre (``False``: staff visit open cases, the client makes no trip)."""
    arrivals_per_week: float
    arrived: Estimate
    completed: Estimate
    censored: Estimate
    """Still open at the end of the run-out: their lead time counts as far as it went."""
    deadline_censored: Estimate
    """Deadlines still running at the end of the run-out (neither met nor missed)."""
    lead_time_days: Estimate
    """Civil days from arrival to the end of the procedure; a censored client counts with the
    time seen, so this is a lower bound when any are censored."""
    lead_time_working_minutes: Estimate
    deadline_met_share: Estimate | None
    """Share of the cohort's deadlines kept; ``None`` when the procedure has no deadline."""
    trips_per_client: Estimate
    """Moves between buildings per client who arrived."""
    lead_time_km_days: Estimate = Estimate()
    """Kaplan–Meier restricted mean lead time, civil days: the mean with every case longer than
    ``km_horizon_days`` counted as that long, censored clients counted for what is known of them."""
    lead_time_km_median_days: Estimate = Estimate()
    """Kaplan–Meier median lead time, civil days (not observed where more than half are censored)."""
    km_horizon_days: float | None = None
    """The restriction of ``lead_time_km_days``: the longest follow-up, from the warm-up's end to the cap."""


@dataclass(frozen=True)
class StepStats:
    """Waiting before one step of one procedure."""

    function: str
    units: tuple[str, ...]
    count: Estimate
    """Clients served at the step in the window."""
    wait_minutes: Estimate
    """Mean wait before service, working minutes."""
    deadline: str | None
    """The step's statutory deadline as written, ``None`` when it has none."""
    deadline_met_share: Estimate | None


@dataclass(frozen=True)
class UnitStats:
    """One unit's staff and how busy they were."""

    name: str
    servers: int
    fte: float
    location: str | None
    offered_load: float
    """Work arriving per staff member available (above 1 the queue grows without end)."""
    utilisation: Estimate
    mean_queue: Estimate
    final_queue: Estimate


@dataclass(frozen=True)
class SystemStats:
    """The whole centre."""

    mean_in_system: Estimate
    """Clients in the centre at a time (open cases included), mean over the window."""
    arrivals_per_working_minute: Estimate
    lead_time_working_minutes: Estimate
    """Mean lead time of every client who arrived, weighted by arrivals."""
    deadline_met_share: Estimate
    """Share of all the centre's deadlines kept."""
    wait_minutes: Estimate
    """Mean wait per step a client is served at, working minutes."""
    arrived: Estimate = Estimate()
    """Clients of the cohort, every procedure: those who arrived after the warm-up."""
    completed: Estimate = Estimate()
    """Clients of the cohort whose procedure ended before the cap of the run-out."""


@dataclass(frozen=True)
class RunResult:
    """One organisation simulated: the settings used and every figure with its interval."""

    config: str
    days: int
    replications: int
    """Replications run (with ``precision``, as many as the stopping rule needed)."""
    precision: float | None
    seed: int
    warmup: Warmup
    run_out_days: int
    demand: dict[str, float]
    policy: str
    working_minutes_per_day: float
    procedures: dict[str, ProcedureStats]
    steps: dict[str, StepStats]
    """By ``procedure/step``."""
    units: dict[str, UnitStats]
    trips_per_client: Estimate
    """Moves between buildings per client of the walk-in procedures."""
    system: SystemStats
    events_per_replication: float
    warnings: tuple[Text, ...]
    """Why some numbers cannot be trusted as they stand; in words in the JSON."""


# --- JSON ------------------------------------------------------------------------------------


def to_json(result: RunResult | ComparisonResult, lang: str = "en") -> dict[str, Any]:
    """``result`` as JSON-ready data, warnings written in ``lang``."""
    return _adapter(type(result).__name__).dump_python(result, mode="json", context={"lang": lang})


def from_json(kind: type[RunResult] | type[ComparisonResult], text: str | bytes) -> Any:
    """Read JSON written by :func:`to_json` back (warnings come back as verbatim texts);
    raises pydantic's ``ValidationError`` when it does not match the schema."""
    return _adapter(kind.__name__).validate_json(text)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``simulate --json`` (a run) and ``compare --json`` (a comparison) output."""
    from model.simulation.comparison import ComparisonResult

    schema = TypeAdapter(RunResult | ComparisonResult, config=DOCUMENTED).json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Simulation result",
        "description": "Output of `python -m model simulate --json` (RunResult) and of "
        "`python -m model compare --json` (ComparisonResult, with the staff costs beside it).",
        **schema,
    }


@cache
def _adapter(kind: str) -> TypeAdapter[Any]:
    """The pydantic adapter of the result class named ``kind``, built once (building takes a while)."""
    if kind == RunResult.__name__:
        return TypeAdapter(RunResult)
    from model.simulation.comparison import ComparisonResult

    return TypeAdapter({"ComparisonResult": ComparisonResult}[kind])
