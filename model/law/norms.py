"""The staffing norms of the law, applied to a centre: what the staffing, the exports and the rules read.

Art. 110 ust. 11 u.p.s. (social workers) is computed here once, in the law in force on the
configuration's date, so rule STAFF001, the optimiser and the staffing annex never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from model.config.functions import SOCIAL_WORK
from model.config.located import Located
from model.law import Provision, in_force

if TYPE_CHECKING:
    from model.config.loader import Scenario

TOLERANCE = 1e-6  # for sums of probabilities and of FTE


def law_date(scenario: Scenario) -> dt.date:
    """The day whose law the scenario is read in (today when it was loaded without one)."""
    return scenario.law.on if scenario.law else dt.date.today()


def caseload(scenario: Scenario, function: str) -> tuple[int, list[Located]] | None:
    """Families declared for ``function``: on the units serving it, else on procedures using it."""
    units = [u for u in scenario.units if function in u.functions and u.caseload]
    if units:
        return sum(u.caseload.families for u in units if u.caseload), list(units)
    procedures = [p for p in scenario.procedures if p.caseload and any(s.function == function for s in p.steps)]
    if procedures:
        return sum(p.caseload.families for p in procedures if p.caseload), list(procedures)
    return None


def required_social_workers(scenario: Scenario) -> float | None:
    """Art. 110 ust. 11 in force on the date: one alternative, or the lower of the two when the
    families under social work are declared, never below the minimum; None where no norm applied."""
    law = in_force("ups.social_worker_norm", law_date(scenario))
    if law is None:
        return None
    return _required(scenario, law)


def _required(scenario: Scenario, law: Provision) -> float:
    norm = law.value
    by_population = scenario.config.centre.population / norm["inhabitants"]
    declared = caseload(scenario, SOCIAL_WORK)
    required = by_population if declared is None else min(by_population, declared[0] / norm["families"])
    return max(norm["minimum"], required)


@dataclass(frozen=True)
class NormCheck:
    """Art. 110 ust. 11 applied to a centre: what it has, what it needs, by which alternative."""

    have: float
    """Social-worker FTE (every grade; managers excluded)."""
    required: float
    """The lower of the two alternatives, at least the minimum."""
    families: int | None
    """Families under social work, when declared: the second alternative applies."""
    per: int
    families_per: int
    least: int
    citation: str

    @property
    def met(self) -> bool:
        return self.have + TOLERANCE >= self.required


def staffing_norm(scenario: Scenario) -> NormCheck | None:
    """The art. 110 ust. 11 check in the law of the scenario's date (None before the norm existed).

    One computation for rule STAFF001 and the staffing annex, so the two never disagree.
    """
    law = in_force("ups.social_worker_norm", law_date(scenario))
    if law is None:
        return None
    norm = law.value
    declared = caseload(scenario, SOCIAL_WORK)
    return NormCheck(
        have=sum(u.social_worker_fte() for u in scenario.units),
        required=_required(scenario, law),
        families=None if declared is None else declared[0],
        per=norm["inhabitants"],
        families_per=norm["families"],
        least=norm["minimum"],
        citation=law.citation,
    )
