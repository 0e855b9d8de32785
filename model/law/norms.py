"""The staffing norms of the law as arithmetic: what the staffing, the exports and the rules read.

Art. 110 ust. 11 u.p.s. (social workers) is computed here once, in the law in force on the
given day, from the figures a configuration declares (:meth:`model.config.loader.Scenario.social_worker_norm`
gathers them), so rule STAFF001, the optimiser and the staffing annex never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from model.law import in_force

TOLERANCE = 1e-6  # for sums of probabilities and of FTE


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


def social_worker_norm(on: dt.date, population: int, families: int | None, have: float) -> NormCheck | None:
    """Art. 110 ust. 11 in force on ``on``: one social worker per so many inhabitants, or, when the
    families under social work are declared, the lower of that and one per so many families; never
    below the minimum. None before the norm existed."""
    law = in_force("ups.social_worker_norm", on)
    if law is None:
        return None
    norm = law.value
    by_population = population / norm["inhabitants"]
    required = by_population if families is None else min(by_population, families / norm["families"])
    return NormCheck(
        have=have,
        required=max(norm["minimum"], required),
        families=families,
        per=norm["inhabitants"],
        families_per=norm["families"],
        least=norm["minimum"],
        citation=law.citation,
    )
