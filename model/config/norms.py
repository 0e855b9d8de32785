"""The staffing norms of the law, applied to a centre: what the staffing, the exports and the rules read.

Art. 110 ust. 11 u.p.s. (social workers) and art. 15 ust. 4 of the act on family support (families
per family assistant) are computed here once, in the law in force on the configuration's date, so
rules STAFF001 and STAFF003, the optimiser and the staffing annex never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from model.config.functions import FAMILY_ASSISTANCE, SOCIAL_WORK
from model.config.located import Located
from model.config.roles import SOCIAL_WORKER_ROLES, Role
from model.law import Provision, in_force

if TYPE_CHECKING:
    from model.config.loader import Scenario
    from model.config.schema import Staff, Unit

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
    """The population alternative, or the lower of the two where the law of the date has the
    families alternative (from 1.01.2015) and the families under social work are declared."""
    norm = law.value
    by_population = scenario.config.centre.population / norm["inhabitants"]
    declared = caseload(scenario, SOCIAL_WORK) if "families" in norm else None
    required = by_population if declared is None else min(by_population, declared[0] / norm["families"])
    return max(norm["minimum"], required)


def qualified_fte(staff: Staff) -> float:
    """FTE of a staff line held by people with the qualifications the law asks of the role
    (``qualified``: True, False, or a number of FTE; art. 116 u.p.s., art. 12 uwr)."""
    if staff.qualified is True:
        return staff.fte
    if staff.qualified is False:
        return 0.0
    return min(float(staff.qualified), staff.fte)


def counted_fte(unit: Unit) -> float:
    """A unit's social-worker FTE that count toward art. 110 ust. 11: every grade, qualified only."""
    return sum(qualified_fte(staff) for staff in unit.staff if staff.role in SOCIAL_WORKER_ROLES)


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


def staffing_norm(scenario: Scenario) -> NormCheck | None:
    """The art. 110 ust. 11 check in the law of the scenario's date (None before the norm existed).

    One computation for rule STAFF001 and the staffing annex, so the two never disagree.
    """
    law = in_force("ups.social_worker_norm", law_date(scenario))
    if law is None:
        return None
    norm = law.value
    declared = caseload(scenario, SOCIAL_WORK) if "families" in norm else None
    return NormCheck(
        have=sum(counted_fte(u) for u in scenario.units),
        required=_required(scenario, law),
        families=None if declared is None else declared[0],
        per=norm["inhabitants"],
        families_per=norm.get("families"),
        least=norm["minimum"],
        citation=law.citation,
    )


@dataclass(frozen=True)
class AssistantNorm:
    """Art. 15 ust. 4 uwr applied to a centre: families declared against family-assistant FTE."""

    families: int
    elements: list[Located]
    """Where the caseload is declared (units, else procedures): where a finding points."""
    have: float
    """Family-assistant FTE of the centre."""
    cap: int
    """Families one full-time assistant may work with at a time."""
    citation: str

    @property
    def required(self) -> float:
        return self.families / self.cap

    @property
    def met(self) -> bool:
        return self.families <= self.cap * self.have + TOLERANCE


def assistant_norm(scenario: Scenario) -> AssistantNorm | None:
    """The art. 15 ust. 4 uwr check on the declared caseload of ``family_assistance`` (None when no
    caseload is declared or the cap was not in force)."""
    law = in_force("uwr.assistant_cap", law_date(scenario))
    declared = caseload(scenario, FAMILY_ASSISTANCE)
    if law is None or declared is None:
        return None
    families, elements = declared
    have = sum(u.fte(Role.family_assistant) for u in scenario.units)
    return AssistantNorm(families, elements, have, law.value, law.citation)


@dataclass(frozen=True)
class RoleFloor:
    """A staffing norm as a floor under the FTE of some roles: what no staffing plan may go below."""

    citation: str
    roles: frozenset[Role]
    required: float
    qualified_only: bool = False
    """Only the qualified FTE of a line count (art. 110 ust. 11 counts qualified social workers)."""

    def counted(self, staff: Staff) -> float:
        """The FTE of a staff line that count toward this floor (0 for another role)."""
        if staff.role not in self.roles:
            return 0.0
        return qualified_fte(staff) if self.qualified_only else staff.fte


def role_floors(scenario: Scenario) -> list[RoleFloor]:
    """Every staffing norm in force on the configuration's date that a rule enforces, as floors
    (art. 110 ust. 11 u.p.s.: STAFF001; art. 15 ust. 4 uwr: STAFF003)."""
    floors = []
    social = staffing_norm(scenario)
    if social is not None:
        floors.append(RoleFloor(social.citation, SOCIAL_WORKER_ROLES, social.required, qualified_only=True))
    assistants = assistant_norm(scenario)
    if assistants is not None:
        floors.append(RoleFloor(assistants.citation, frozenset({Role.family_assistant}), assistants.required))
    return floors
