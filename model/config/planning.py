"""The configuration's planning sections: a CUS's diagnosis and programmes, costs, service levels, availability.

Read by the CUS rules, the staffing optimiser and the simulation's servers; part of :class:`OrgConfig`
(:mod:`model.config.schema`).
"""

# No future import of annotations: see model.config.located.

import datetime as dt
from typing import Annotated, Any, Literal, Self

from pydantic import BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from model.config.located import Located, Minutes, empty_dict, empty_list
from model.config.roles import Role

# --- social-services planning (CUS) ------------------------------------------------------------


class Diagnosis(Located):
    """The diagnosis of the community's needs and potential that a CUS prepares (act of 19.07.2019)."""

    completed: dt.date = Field(description="When the diagnosis was completed (or is planned).")
    title: str | None = None


class ServicesProgramme(Located):
    """A programme of social services adopted by the council's resolution (local law)."""

    name: str = Field(description="Polish name, e.g. 'Program usług społecznych … na lata 2026–2029'.")
    adopted: dt.date | None = Field(None, description="Date of the council's resolution.")
    resolution: str | None = Field(None, description="Number of the resolution, e.g. 'XII/123/2025'.")
    valid_from: dt.date
    valid_to: dt.date
    services: list[str] = Field(default_factory=empty_list, description="Social services the programme provides.")

    @model_validator(mode="after")
    def _period(self) -> Self:
        if self.valid_to < self.valid_from:
            raise PydanticCustomError("period", "valid_to is before valid_from")
        return self


class SocialServicesPlanning(Located):
    """The planning calendar of a CUS: the periodic diagnosis and the programmes built on it."""

    diagnosis_every_years: int = Field(5, ge=1, le=10, description="Years between diagnoses.")
    diagnosis_basis: str = Field(description="Where the period comes from (act, article; or 'unverified').")
    diagnoses: list[Diagnosis] = Field(default_factory=empty_list)
    programmes: list[ServicesProgramme] = Field(default_factory=empty_list)

    def next_diagnosis(self) -> dt.date | None:
        """When the next diagnosis is due: the last one plus the period (29 February → 28)."""
        if not self.diagnoses:
            return None
        last = max(d.completed for d in self.diagnoses)
        day = min(last.day, 28) if last.month == 2 else last.day
        return last.replace(year=last.year + self.diagnosis_every_years, day=day)

    def programme_on(self, day: dt.date) -> ServicesProgramme | None:
        """The programme in force on ``day``, if any."""
        return next((p for p in self.programmes if p.valid_from <= day <= p.valid_to), None)


# --- costs and service levels ----------------------------------------------------------------


def _everywhere(value: Any) -> Any:
    """A bare value is the target for everything: ``max_utilisation: 0.85`` means ``{"*": 0.85}``."""
    return {"*": value} if isinstance(value, (int, float, str)) else value


Share = Annotated[float, Field(gt=0, le=1)]


class Costs(Located):
    """Average monthly cost of one FTE (gross pay plus the employer's contributions), in PLN.

    Staff cost of a unit = Σ FTE × cost of the role; ``units`` overrides a role's cost in one
    unit (a team paid under another scale). A role with no cost counts as unknown, never as 0.
    """

    currency: Literal["PLN"] = Field("PLN", description="Currency of the figures (złoty).")
    roles: dict[Role, Annotated[float, Field(ge=0)]] = Field(
        default_factory=empty_dict,
        description="Role → monthly cost of one FTE: gross pay plus employer contributions (ZUS, FP, FGŚP).",
    )
    units: dict[str, dict[Role, Annotated[float, Field(ge=0)]]] = Field(
        default_factory=empty_dict, description="Unit id → role → monthly cost of one FTE in that unit only."
    )


class ServiceLevels(Located):
    """Targets the staffing optimiser must meet (with 95% confidence) at the least cost.

    Keys ``*`` (everything), a procedure id, a unit id, a function id or ``procedure/step``; a bare
    value means ``*``. The art. 110 staffing norm is always a constraint besides these.
    """

    deadlines_met: Annotated[dict[str, Share], BeforeValidator(_everywhere)] = Field(
        default_factory=empty_dict,
        description="Procedure id (or '*') → least share of its statutory deadlines met, e.g. 0.95.",
    )
    max_mean_wait: Annotated[dict[str, Minutes], BeforeValidator(_everywhere)] = Field(
        default_factory=empty_dict,
        description="'*' (every step), a unit id (the steps it serves), a function id (its steps) or "
        "'procedure/step' → the longest mean wait for the step, working time, e.g. '15 min'.",
    )
    max_utilisation: Annotated[dict[str, Share], BeforeValidator(_everywhere)] = Field(
        default_factory=empty_dict, description="Unit id (or '*') → the highest share of time its staff may be busy."
    )


class AvailabilityShares(Located):
    """Shares of paid working time a role is away from clients, by cause; availability is 1 − their sum."""

    leave: float = Field(0.0, ge=0, le=1, description="Annual leave (urlop wypoczynkowy), share of working days.")
    sickness: float = Field(0.0, ge=0, le=1, description="Sickness absence, share of working days.")
    training: float = Field(0.0, ge=0, le=1, description="Training and professional development.")
    reporting: float = Field(
        0.0, ge=0, le=1, description="Reporting and internal paperwork not in any step's duration."
    )
    supervision: float = Field(
        0.0, ge=0, le=1, description="Supervision of social work (art. 121a u.p.s.), team meetings."
    )

    @model_validator(mode="after")
    def _below_one(self) -> Self:
        if self.lost() >= 1:
            raise PydanticCustomError("availability", "the shares add up to 1 or more: nobody would be available")
        return self

    def lost(self) -> float:
        return self.leave + self.sickness + self.training + self.reporting + self.supervision


AvailabilityValue = Annotated[float, Field(gt=0, le=1)] | AvailabilityShares
"""A role's availability: a share (``0.8``) or its components (``{leave: 0.1, sickness: 0.04}``)."""


class Availability(Located):
    """Share of a role's FTE that serves clients (see :mod:`model.config.availability` for the defaults)."""

    default: AvailabilityValue | None = Field(
        None, description="Every role not listed; absent: the documented default of model/config/availability.py."
    )
    roles: dict[Role, AvailabilityValue] = Field(default_factory=empty_dict, description="Role → its availability.")
