"""The staffing norms of the law as arithmetic: how many posts the law asks for, given the numbers.

Art. 110 ust. 11 u.p.s. (one social worker per so many inhabitants, or per so many families under
social work, never fewer than the minimum) and art. 15 ust. 4 of the act on family support
(families per family assistant) are computed here once, in the version in force on a date, over
plain numbers. :mod:`model.config.norms` collects those numbers from a configuration (population,
declared caseloads, qualified FTE); rules STAFF001 and STAFF003, the staffing optimiser and the
staffing annex read the result, so they never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from model.law import in_force

TOLERANCE = 1e-6  # for sums of probabilities and of FTE


@dataclass(frozen=True)
class SocialWorkerNorm:
    """Art. 110 ust. 11 u.p.s. as it read on a day: the alternatives and the minimum."""

    per: int
    """Inhabitants per social worker."""
    families_per: int | None
    """Families under social work per social worker; None before 1.01.2015, when the norm had no
    families alternative."""
    least: int
    """The fewest social workers a centre may employ."""
    citation: str

    def required(self, population: int, families: int | None) -> float:
        """The population alternative, or the lower of the two where the law of the day has the
        families alternative and ``families`` (under social work) is declared; at least the minimum."""
        by_population = population / self.per
        if families is None or self.families_per is None:
            return max(self.least, by_population)
        return max(self.least, min(by_population, families / self.families_per))


def social_worker_norm(on: dt.date) -> SocialWorkerNorm | None:
    """Art. 110 ust. 11 in force on ``on`` (None before the norm existed)."""
    law = in_force("ups.social_worker_norm", on)
    if law is None:
        return None
    norm = law.value
    return SocialWorkerNorm(norm["inhabitants"], norm.get("families"), norm["minimum"], law.citation)


@dataclass(frozen=True)
class NormCheck:
    """Art. 110 ust. 11 applied to a centre: what it has, what it needs, by which alternative."""

    have: float
    """Qualified social-worker FTE (every grade; managers and unqualified posts excluded)."""
    required: float
    """The lower of the two alternatives, at least the minimum."""
    families: int | None
    """Families under social work, when declared and the law of the date counts them."""
    per: int
    families_per: int | None
    """None before 1.01.2015, when the norm had no families alternative."""
    least: int
    citation: str

    @property
    def met(self) -> bool:
        return self.have + TOLERANCE >= self.required


def check_social_workers(norm: SocialWorkerNorm, population: int, families: int | None, have: float) -> NormCheck:
    """The norm applied to a centre of ``population`` inhabitants with ``have`` qualified FTE;
    ``families`` under social work count only where the norm of the day has that alternative."""
    counted = families if norm.families_per is not None else None
    return NormCheck(
        have=have,
        required=norm.required(population, counted),
        families=counted,
        per=norm.per,
        families_per=norm.families_per,
        least=norm.least,
        citation=norm.citation,
    )


@dataclass(frozen=True)
class AssistantCap:
    """Art. 15 ust. 4 uwr as it read on a day: families one full-time family assistant may work with."""

    cap: int
    citation: str

    def required(self, families: int) -> float:
        """Family-assistant FTE ``families`` need."""
        return families / self.cap

    def met(self, families: int, have: float) -> bool:
        """Whether ``have`` FTE of family assistants are enough for ``families``."""
        return families <= self.cap * have + TOLERANCE


def assistant_cap(on: dt.date) -> AssistantCap | None:
    """Art. 15 ust. 4 uwr in force on ``on`` (None when the cap was not in force)."""
    law = in_force("uwr.assistant_cap", on)
    return None if law is None else AssistantCap(law.value, law.citation)


def qualified_fte(fte: float, qualified: bool | float) -> float:
    """FTE of a staff line held by people with the qualifications the law asks of the role
    (art. 116 u.p.s., art. 12 uwr): all of it, none, or the stated FTE, never more than the line."""
    if qualified is True:
        return fte
    if qualified is False:
        return 0.0
    return min(float(qualified), fte)
