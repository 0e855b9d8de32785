"""The staffing norms of the law bound to a configuration: the numbers :mod:`model.law.norms` counts.

The arithmetic (art. 110 ust. 11 u.p.s., art. 15 ust. 4 uwr, in the version of the date) is the
law layer's; here a :class:`Scenario` gives it its numbers: the population, the families declared
on units or procedures, and the qualified FTE of the staff. Rules STAFF001 and STAFF003, the
optimiser and the staffing annex read these, so they never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from model.config.functions import FAMILY_ASSISTANCE, SOCIAL_WORK
from model.config.located import Located
from model.config.roles import SOCIAL_WORKER_ROLES, Role
from model.law import norms
from model.law.norms import NormCheck

if TYPE_CHECKING:
    from model.config.loader import Scenario
    from model.config.schema import Staff, Unit


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


def _qualified_fte(staff: Staff) -> float:
    """FTE of a staff line held by qualified people (:func:`model.law.norms.qualified_fte`)."""
    return norms.qualified_fte(staff.fte, staff.qualified)


def counted_fte(unit: Unit) -> float:
    """A unit's social-worker FTE that count toward art. 110 ust. 11: every grade, qualified only."""
    return sum(_qualified_fte(staff) for staff in unit.staff if staff.role in SOCIAL_WORKER_ROLES)


def staffing_norm(scenario: Scenario) -> NormCheck | None:
    """The art. 110 ust. 11 check in the law of the scenario's date (None before the norm existed).

    One computation for rule STAFF001, the staffing annex and the optimiser's floor.
    """
    norm = norms.social_worker_norm(law_date(scenario))
    if norm is None:
        return None
    declared = caseload(scenario, SOCIAL_WORK) if norm.families_per is not None else None
    have = sum(counted_fte(u) for u in scenario.units)
    return norms.check_social_workers(
        norm, scenario.config.centre.population, None if declared is None else declared[0], have
    )


def required_social_workers(scenario: Scenario) -> float | None:
    """Social-worker FTE art. 110 ust. 11 asks of the centre on its date; None where no norm applied."""
    check = staffing_norm(scenario)
    return None if check is None else check.required


@dataclass(frozen=True)
class AssistantNorm:
    """Art. 15 ust. 4 uwr applied to a centre: families declared against family-assistant FTE."""

    families: int
    elements: list[Located]
    """Where the caseload is declared (units, else procedures): where a finding points."""
    have: float
    """Family-assistant FTE of the centre."""
    law: norms.AssistantCap

    @property
    def cap(self) -> int:
        """Families one full-time assistant may work with at a time."""
        return self.law.cap

    @property
    def citation(self) -> str:
        return self.law.citation

    @property
    def required(self) -> float:
        return self.law.required(self.families)

    @property
    def met(self) -> bool:
        return self.law.met(self.families, self.have)


def assistant_norm(scenario: Scenario) -> AssistantNorm | None:
    """The art. 15 ust. 4 uwr check on the declared caseload of ``family_assistance`` (None when no
    caseload is declared or the cap was not in force)."""
    law = norms.assistant_cap(law_date(scenario))
    declared = caseload(scenario, FAMILY_ASSISTANCE)
    if law is None or declared is None:
        return None
    families, elements = declared
    have = sum(u.fte(Role.family_assistant) for u in scenario.units)
    return AssistantNorm(families, elements, have, law)


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
        return _qualified_fte(staff) if self.qualified_only else staff.fte


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
