"""What a comparison of two organisations found: their paired differences B − A, as typed values.

The companion of :mod:`model.simulation.results` (one organisation's run), under the same JSON
naming scheme: a difference is ``{"mean": x, "ci95": {...} | null, "n": k, "notable": …,
"better": …}``. A module of its own so that a simulation, which needs none of these, does not
build them at start-up (issue 19).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from model.simulation.results import Interval, RunResult, Text


@dataclass(frozen=True)
class Difference:
    """B − A of one number over the paired replications (the same seeds, so the same clients).

    ``notable`` when the paired 95% interval excludes 0; ``better`` then names the better variant
    (``None`` when not notable, or for a number that is neither better high nor low).
    """

    mean: float | None = None
    ci95: Interval | None = None
    n: int = 0
    notable: bool = False
    better: Literal["A", "B"] | None = None

    def scaled(self, factor: float) -> Difference:
        """The same difference in another unit (``factor`` > 0): minutes as days, a share in points."""
        ci = self.ci95
        return replace(
            self,
            mean=None if self.mean is None else self.mean * factor,
            ci95=None if ci is None else Interval(ci.low * factor, ci.high * factor),
        )


@dataclass(frozen=True)
class ProcedureDifferences:
    """A procedure's paired differences B − A, each with its interval."""

    arrived: Difference
    completed: Difference
    censored: Difference
    lead_time_days: Difference
    deadline_met_share: Difference
    trips_per_client: Difference
    lead_time_km_days: Difference = Difference()


@dataclass(frozen=True)
class StepDifferences:
    """A step's paired differences B − A."""

    count: Difference
    wait_minutes: Difference
    deadline_met_share: Difference


@dataclass(frozen=True)
class UnitDifferences:
    """A unit's paired differences B − A."""

    utilisation: Difference
    mean_queue: Difference
    final_queue: Difference


@dataclass(frozen=True)
class SystemDifferences:
    """The whole centre's paired differences B − A."""

    mean_in_system: Difference
    arrivals_per_working_minute: Difference
    lead_time_working_minutes: Difference
    deadline_met_share: Difference
    wait_minutes: Difference


@dataclass(frozen=True)
class ComparisonResult:
    """A (old) and B (new) on the same procedures, demand and seeds, and their paired differences."""

    a: RunResult
    b: RunResult
    procedures: dict[str, ProcedureDifferences]
    steps: dict[str, StepDifferences]
    units: dict[str, UnitDifferences]
    """The units both have."""
    trips_per_client: Difference
    system: SystemDifferences
    only_in_a: tuple[str, ...]
    """Units of A that B does not have."""
    only_in_b: tuple[str, ...]
    warnings: tuple[Text, ...]
