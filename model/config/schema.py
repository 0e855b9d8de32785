"""The typed schema of a centre's configuration and of its routing procedures.

These pydantic models are the format's single definition: the loader validates YAML against
them, ``python -m model schema`` writes the JSON Schema that editors use to complete the YAML,
and the field descriptions are its documentation. Keys are English; names are Polish.
"""

# No future import of annotations: see model.config.located.

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from model.config.located import Identifier, Located, Minutes, SpanField, empty_list
from model.config.planning import Availability, Costs, ServiceLevels, SocialServicesPlanning
from model.config.quantities import Span, working_minutes
from model.config.roles import SOCIAL_WORKER_ROLES, Role
from model.config.rule_settings import RuleSettings
from model.law import Provision

END = "end"

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WORKING_WEEK: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
"""The pseudo-step that closes a client's route."""


# --- the centre -------------------------------------------------------------------------------


class CentreModel(str, Enum):
    """How the centre organises its social workers."""

    separated = "separated"
    """New model: decisions, social work and services in separate teams, a first-contact post."""
    care_area = "care_area"
    """Traditional model: generalist social workers, each covering a care area (rejon)."""


class Regulation(Located):
    """The director's order that adopts the organisational regulation (for the annex title)."""

    order_number: str | None = Field(None, description="Number of the director's order, e.g. '12/2017'.")
    order_date: dt.date | None = Field(None, description="Date of the order.")
    title: str | None = Field(
        None, description="Full name of the regulation, e.g. 'Regulamin Organizacyjny Miejskiego Ośrodka …'."
    )
    complaints_hours: str | None = Field(
        None,
        description="When the head receives people with complaints and requests, e.g. 'w poniedziałki "
        "w godzinach 14:00–17:00' (default: as the head sets and announces them).",
    )


class Statute(Located):
    """The centre's statute: the council's resolution that gives it, and the statute's unit that
    empowers the head to issue the organisational regulation (the legal basis of the order)."""

    resolution: str | None = Field(None, description="Number of the council's resolution, e.g. 'XXXIX/436/2013'.")
    adopted: dt.date | None = Field(None, description="Date of the resolution.")
    paragraph: str | None = Field(
        None, description="The statute's unit empowering the head to issue the regulation, e.g. '§ 9 ust. 2'."
    )
    source: str | None = Field(None, description="Public address where the resolution was read.")


ResolutionSubject = Literal["care_services", "funeral", "meals"]
"""Matters a gmina's council settles by resolution for the centre to apply: the conditions and fees
of care services (art. 50 ust. 6 u.p.s.), funerals (art. 44), meals and their income thresholds."""


class CouncilResolution(Located):
    """A resolution of the council (local law) that a procedure applies."""

    subject: ResolutionSubject
    number: str = Field(description="Number of the resolution, e.g. 'LIV/544/2014'.")
    adopted: dt.date = Field(description="Date of the resolution.")
    title: str = Field(description="Its subject as titled, starting 'w sprawie …'.")
    published: str | None = Field(
        None, description="Where it was promulgated, e.g. 'Dz. Urz. Woj. Śl. 2014 poz. 1411'."
    )
    valid_to: dt.date | None = Field(None, description="Last day in force, when repealed or replaced.")
    source: str | None = Field(None, description="Public address where it was read.")

    def in_force(self, on: dt.date) -> bool:
        return self.adopted <= on and (self.valid_to is None or on <= self.valid_to)


class Centre(Located):
    name: str = Field(description="Full Polish name of the centre.")
    short_name: str | None = Field(None, description="Abbreviation, e.g. 'MOPS Tarnowskie Góry'.")
    name_genitive: str | None = Field(
        None,
        description="The name in the genitive, for the documents ('Dyrektora Miejskiego Ośrodka …'), "
        "when it cannot be declined from its first words.",
    )
    population: int = Field(gt=0, description="Inhabitants served (art. 110 staffing norm).")
    model: CentreModel = Field(description="'separated' (new model) or 'care_area' (traditional).")
    institution: Literal["ops", "cus"] = Field(
        "ops",
        description="'ops': a social-welfare centre (OPS/MOPS/GOPS); 'cus': a social-services centre "
        "(Centrum Usług Społecznych, act of 19.07.2019, Dz.U. 2019 poz. 1818, since 1.01.2020).",
    )
    effective_from: dt.date | None = Field(
        None, description="Date the structure takes effect; the law in force on it is applied (default: today)."
    )
    regulation: Regulation | None = None
    municipal_organ: str | None = Field(
        None,
        description="The gmina's organ that supervises the centre and authorises its head to decide "
        "(art. 110 ust. 7 u.p.s.), e.g. 'Burmistrz Miasta Tarnowskie Góry'.",
    )
    council: str | None = Field(None, description="The gmina's council, e.g. 'Rada Miejska w Tarnowskich Górach'.")
    statute: Statute | None = None
    director_qualifications: str | None = Field(
        None,
        description="How the director meets art. 122 ust. 1 u.p.s. (3 years in social assistance and the "
        "specialisation in organising it), e.g. 'specjalizacja z zakresu organizacji pomocy społecznej (2014)'.",
    )
    shared_services: str | None = Field(
        None,
        description="Name of the shared-services centre that keeps the accounts (art. 10a ustawy o samorządzie "
        "gminnym), when the centre has no chief accountant of its own.",
    )


class Location(Located):
    id: Identifier
    address: str = Field(description="Street address, e.g. 'ul. Janasa 9, 42-600 Tarnowskie Góry'.")
    name: str | None = None


class Staff(Located):
    role: Role
    fte: float = Field(ge=0, le=500, description="Full-time equivalents (etaty).")
    qualified: bool | float = Field(
        True,
        description="Whether the holders meet the qualifications the law asks of the role (social workers: "
        "art. 116 ust. 1 u.p.s.; family assistants: art. 12 ust. 1 uwr): true, false, or the qualified FTE. "
        "Only qualified social workers count toward art. 110 ust. 11.",
    )
    note: str | None = None

    @model_validator(mode="after")
    def _qualified_within_fte(self) -> Self:
        if not isinstance(self.qualified, bool) and not 0 <= self.qualified <= self.fte:
            raise PydanticCustomError("qualified", "qualified FTE must be between 0 and the line's fte")
        return self


def _hours(value: Any) -> float:
    """A time standard in hours: a bare number is hours; ``"90 min"``, ``"1,5 h"``, ``"1 wd"`` are read as working time."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return working_minutes(value) / 60
    except ValueError as exc:
        raise PydanticCustomError("time", str(exc)) from None


Hours = Annotated[
    float,
    BeforeValidator(_hours),
    Field(gt=0, json_schema_extra={"type": ["number", "string"], "examples": [6, "6 h", "90 min"]}),
]
"""Working time in hours; YAML may say ``6`` (hours), ``"6 h"`` or ``"90 min"``."""


class Caseload(Located):
    """Families (and single persons) under care at one time: what the caseload norms count."""

    families: int = Field(ge=0, description="Families and single persons under care at one time.")
    hours_per_case_month: Hours | None = Field(
        None,
        description="Time standard: hours of work per open case per month (visits, plans, notes, contacts "
        "with the school or court) not in any procedure step; the workload balance counts open cases × this × 12.",
    )


class OtherWork(Located):
    """Work of a unit that no client procedure describes (WISN: support and additional activities).

    Exactly one measure: ``share`` of available time or ``hours_per_week_per_fte`` (both scale with
    the staff: WISN's category allowance), or ``hours_per_year`` for the whole unit (WISN's
    individual allowance, e.g. the head's court hearings). ``source`` is a public source of the
    figure or the word ``assumption``.
    """

    activity: str = Field(description="What the work is (Polish), e.g. 'sprawozdawczość (MRPiPS-03)'.")
    hours_per_week_per_fte: Annotated[float, Field(ge=0)] | None = Field(
        None, description="Hours a week per FTE (of the time worked)."
    )
    share: Annotated[float, Field(ge=0, le=1)] | None = Field(None, description="Share of available time, 0–1.")
    hours_per_year: Annotated[float, Field(ge=0)] | None = Field(
        None, description="Hours a year for the unit as a whole, whatever its staff."
    )
    source: str = Field(description="Public source of the figure, or 'assumption'.")

    @model_validator(mode="after")
    def _one_measure(self) -> Self:
        given = [v for v in (self.hours_per_week_per_fte, self.share, self.hours_per_year) if v is not None]
        if len(given) != 1:
            raise PydanticCustomError(
                "other_work", "other work needs exactly one of hours_per_week_per_fte, share, hours_per_year"
            )
        return self


class UnitKind(str, Enum):
    management = "management"
    department = "department"
    team = "team"
    post = "post"
    section = "section"


class Unit(Located):
    """A box of the org chart. Nesting in ``units`` is the reporting line."""

    id: Identifier
    name: str = Field(description="Polish name, e.g. 'Zespół ds. Pracy Socjalnej'.")
    symbol: str | None = Field(None, max_length=20, description="Letter symbol used in the regulation.")
    kind: UnitKind
    location: str | None = Field(None, description="Id of a location.")
    functions: list[str] = Field(default_factory=empty_list, description="Ids of the functions it serves.")
    staff: list[Staff] = Field(default_factory=empty_list)
    also_reports_to: list[str] = Field(default_factory=empty_list, description="Dotted reporting lines (unit ids).")
    tasks: list[str] = Field(default_factory=empty_list, description="Scope of duties, for the regulation.")
    qualifications: list[str] = Field(
        default_factory=empty_list,
        description="Qualifications the law requires of whoever holds the post, with the provision "
        "(e.g. 'art. 30 ustawy o realizowaniu usług społecznych …'); shown in the regulation.",
    )
    caseload: Caseload | None = Field(
        None, description="Families under this unit's care (social work: 1 worker per at most 50; assistants: 15)."
    )
    cases_per_fte: float | None = Field(
        None,
        gt=0,
        description="Open cases one FTE of this unit can carry at once (e.g. 15 families per family "
        "assistant, art. 15 ust. 4 ustawy o wspieraniu rodziny); in the simulation a client beyond "
        "this capacity waits until a case closes.",
    )
    authorisations: list[str] = Field(
        default_factory=empty_list,
        description="Functions whose administrative decisions this unit's head signs on the mayor's "
        "authorisation (art. 110 ust. 7–8 u.p.s.); subordinate units are covered.",
    )
    other_work: list[OtherWork] = Field(
        default_factory=empty_list,
        description="Work no procedure describes (documentation, reporting, court and police contacts, meetings), "
        "each with its public source; at most 40% of the unit's time (workload balance).",
    )
    not_modelled: str | None = Field(
        None,
        description="Why this staffed unit is outside the intake and workload model (Polish), e.g. "
        "'całodobowa opieka nad mieszkańcami schroniska'; the balance lists it and the optimiser keeps its FTE.",
    )
    units: list["Unit"] = Field(default_factory=empty_list, description="Subordinate units.")

    @field_validator("also_reports_to", "functions", "authorisations", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    def fte(self, role: Role | None = None) -> float:
        """FTE of this unit alone (not of its children), optionally of one role."""
        return sum(s.fte for s in self.staff if role is None or s.role == role)

    def social_worker_fte(self) -> float:
        """FTE of this unit's social workers of every grade (not of its children)."""
        return sum(s.fte for s in self.staff if s.role in SOCIAL_WORKER_ROLES)

    def walk(self) -> list["Unit"]:
        """This unit and all below it, parents first."""
        found = [self]
        for child in self.units:
            found.extend(child.walk())
        return found


class FunctionDef(Located):
    id: Identifier
    name: str = Field(description="Polish label.")
    name_en: str | None = None


class Calendar(Located):
    """When the centre works. ``always`` means 24/7, for checking against queueing theory."""

    kind: Literal["office", "always"] = "office"
    days: list[Weekday] = Field(default_factory=lambda: list(WORKING_WEEK))
    open: dt.time = dt.time(7, 30)
    close: dt.time = dt.time(15, 30)
    holidays: Literal["PL", "none"] = Field("PL", description="Public holidays to close on.")
    field_hours: tuple[dt.time, dt.time] | None = Field(
        None, description="Hours for field work (interviews at home), e.g. ['10:00', '14:00']."
    )
    start_date: dt.date = Field(dt.date(2026, 1, 5), description="First simulated day.")


class Routing(Located):
    """How a client is assigned when several units serve the same function."""

    policy: Literal["shortest_queue", "care_area", "first"] = "shortest_queue"
    care_area: list[str] = Field(
        default_factory=empty_list,
        description="Functions whose client stays with one unit serving it (drawn by FTE, as the care_area "
        "policy does) whatever the policy: e.g. social workers working in care areas ('w rejonach "
        "opiekuńczych'), so that a comparison measures the structure, not pooling.",
    )


# --- procedures -------------------------------------------------------------------------------


class Duration(Located):
    """A random duration of work, in working minutes (strings with a unit are accepted)."""

    dist: Literal["fixed", "exponential", "triangular", "lognormal"] = "fixed"
    value: Minutes | None = Field(None, description="fixed: the duration.")
    mean: Minutes | None = Field(None, description="exponential, lognormal: the mean.")
    sd: Minutes | None = Field(None, description="lognormal: the standard deviation.")
    min: Minutes | None = Field(None, description="triangular: the minimum.")
    mode: Minutes | None = Field(None, description="triangular: the most likely value.")
    max: Minutes | None = Field(None, description="triangular: the maximum.")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return {"dist": "fixed", "value": data} if isinstance(data, (str, int, float)) else data

    @model_validator(mode="after")
    def _parameters(self) -> Self:
        needed = {
            "fixed": ("value",),
            "exponential": ("mean",),
            "lognormal": ("mean", "sd"),
            "triangular": ("min", "mode", "max"),
        }[self.dist]
        missing = [name for name in needed if getattr(self, name) is None]
        if missing:
            raise PydanticCustomError(
                "duration", "a {dist} duration needs {missing}", {"dist": self.dist, "missing": ", ".join(missing)}
            )
        if self.dist == "triangular" and not (self.min <= self.mode <= self.max):  # type: ignore[operator]
            raise PydanticCustomError("duration", "a triangular duration needs min <= mode <= max")
        return self

    @property
    def mean_minutes(self) -> float:
        if self.dist == "fixed":
            return self.value  # type: ignore[return-value]
        if self.dist == "triangular":
            return (self.min + self.mode + self.max) / 3  # type: ignore[operator]
        return self.mean  # type: ignore[return-value]


class Branch(Located):
    to: str = Field(description="Step id or 'end'.")
    p: float = Field(ge=0, le=1, description="Probability of taking this branch.")
    label: str | None = Field(None, description="Why the client goes this way (Polish).")


class Deadline(Located):
    """A statutory deadline: spelled out (``within`` and ``basis``) or named (``law``).

    A named deadline takes its term and citation from the law catalogue (:mod:`model.law`) in
    the version in force on the configuration's date; a provision that sets no term on that date
    (e.g. the 2011 Niebieska Karta regulation for the group's first meeting) leaves the step
    without a deadline.
    """

    within: SpanField | None = Field(
        None,
        description="'14 wd': working days (Saturdays, Sundays and public holidays skipped); '14 d': calendar "
        "days; '2 w': weeks of 7 days; '1 month': to the same-numbered day (KPA art. 57 § 3). The event's day is "
        "not counted (art. 57 § 1) and a last day on a Saturday or public holiday moves to the next working day "
        "(§ 4); '30 min', '2 h': working time.",
    )
    from_: str = Field("arrival", alias="from", description="'arrival' or the id of an earlier step.")
    basis: str | None = Field(None, description="Legal basis, e.g. 'art. 35 § 3 KPA'.")
    law: str | None = Field(
        None, description="Id of a provision of the law catalogue, e.g. 'kpa.decision', 'nk.pass_to_team'."
    )
    dates: str | None = Field(
        None,
        description="Id of a provision that fixes the last day as a calendar date by the date the count starts, "
        "e.g. 'family_benefits.new_period' (art. 26 of the family-benefits act: an application for the new "
        "benefit period filed by 31 August is due by 30 November). On days its windows do not cover, 'within' "
        "counts.",
    )
    _dated: Provision | None = PrivateAttr(default=None)

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    @field_validator("within")
    @classmethod
    def _whole_days(cls, within: Span | None) -> Span | None:
        if within is not None and within.unit != "minutes" and within.amount != int(within.amount):
            raise PydanticCustomError("time", "a deadline counts whole days (KPA art. 57 § 1), e.g. '14 d'")
        return within

    @model_validator(mode="after")
    def _term_or_law(self) -> Self:
        if self.law is None and (self.within is None or not self.basis):
            raise PydanticCustomError("deadline", "a deadline needs 'within' and 'basis', or 'law'")
        return self

    @property
    def dated(self) -> Provision | None:
        """The provision ``dates`` names, in the version of the configuration's date when that version
        fixes dates (set by the loader, :mod:`model.config.dated`); None otherwise."""
        return self._dated

    def fix_dates(self, law: Provision | None) -> None:
        """Keep the version of ``dates`` in force on the configuration's date (the loader's job)."""
        self._dated = law

    @property
    def term(self) -> Span:
        """``within``, which a loaded configuration always has: the loader writes a named
        deadline's term from the law of the date, or drops a deadline that law does not set."""
        if self.within is None:
            raise ValueError(f"deadline {self.law!r} read before the law of its date was applied")
        return self.within


class Step(Located):
    id: Identifier
    name: str | None = Field(None, description="Polish name shown to trainers.")
    function: str = Field(description="Id of the function that serves this step.")
    duration: Duration = Field(description="Staff time the step takes.")
    next: str | list[Branch] = Field(description="Next step id, 'end', or branches with p.")
    delay: SpanField | None = Field(
        None,
        description="Time that passes before the step with no staff busy (waiting for documents, an opinion, "
        "a visit's date): '2 h', '30 min' of working time; '3 wd' working days (days off skipped); '3 d' calendar "
        "days and '1 w' weeks, which run through nights and weekends (3 d from Friday 14:00 end on Monday 14:00); "
        "'1 month' to the same-numbered day (KPA art. 57 § 3).",
    )
    deadline: Deadline | None = None
    decision: bool = Field(False, description="The step issues an administrative decision.")
    interview: bool = Field(
        False, description="The step is the family environmental interview (art. 106 ust. 4, art. 107 u.p.s.)."
    )
    appeal: bool = Field(
        False, description="The step receives an appeal and forwards it with the files to the SKO (art. 133 KPA)."
    )
    field: bool = Field(False, description="Done at the client's home (environmental interview).")
    client_present: bool = Field(
        True,
        description="The client comes in person for this step; false for back-office work (drafting or "
        "issuing a decision, a payment, passing on a form): only steps with the client count as trips.",
    )
    document: str | None = Field(None, description="Document produced (Polish), e.g. 'decyzja administracyjna'.")
    description: str | None = None

    @property
    def branches(self) -> list[tuple[str, float]]:
        """``(target, probability)`` pairs, a single ``next`` being one branch with p = 1."""
        if isinstance(self.next, str):
            return [(self.next, 1.0)]
        return [(b.to, b.p) for b in self.next]


class Arrivals(Located):
    per_week: float = Field(ge=0, description="Mean clients per week (Poisson).")
    reference_population: int | None = Field(
        None, gt=0, description="Population the rate is given for; scaled to the centre's population."
    )

    def rate_for(self, population: int) -> float:
        """Clients per week for a centre of ``population`` inhabitants."""
        if self.reference_population is None:
            return self.per_week
        return self.per_week * population / self.reference_population


class Procedure(Located):
    id: Identifier
    name: str = Field(description="Polish name.")
    description: str | None = None
    basis: list[str] = Field(default_factory=empty_list, description="Legal basis of the procedure.")
    origin: Literal["walk_in", "caseload"] = Field(
        "walk_in",
        description="'walk_in': a person comes to the centre (or is reported) and is routed; "
        "'caseload': recurring work on cases already open, started by staff (e.g. six-monthly interview "
        "updates, art. 107 ust. 4), which the client does not travel for.",
    )
    arrivals: Arrivals
    caseload: Caseload | None = Field(
        None, description="Families under this procedure at one time (when units do not declare theirs)."
    )
    resolutions: list[ResolutionSubject] = Field(
        default_factory=empty_list,
        description="Council resolutions the procedure applies (care_services, funeral, meals); the "
        "configuration names them under 'resolutions:'.",
    )
    entry: str = Field(description="Id of the first step.")
    steps: list[Step] = Field(min_length=1)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


# --- the whole configuration ------------------------------------------------------------------


class OrgConfig(Located):
    """One organisational scenario of one centre (a file in ``org_configs/``)."""

    schema_: str | None = Field(None, alias="$schema", description="Path of the JSON Schema, for editors.")
    centre: Centre
    locations: list[Location] = Field(default_factory=empty_list)
    functions: list[FunctionDef] = Field(default_factory=empty_list, description="Functions beyond the built-in ones.")
    units: list[Unit] = Field(min_length=1, description="The org chart, top unit(s) first.")
    procedures: list[str | Procedure] = Field(
        default_factory=empty_list, description="Paths (files or folders) relative to this file, or inline procedures."
    )
    resolutions: list[CouncilResolution] = Field(
        default_factory=empty_list, description="Resolutions of the council the procedures apply (local law)."
    )
    calendar: Calendar = Field(default_factory=Calendar)
    routing: Routing = Field(default_factory=Routing)
    social_services: SocialServicesPlanning | None = Field(
        None, description="CUS only: the needs diagnosis and the programmes of social services, as a calendar."
    )
    costs: Costs | None = Field(None, description="Monthly staff cost per role, for the cost of a plan.")
    service_levels: ServiceLevels | None = Field(
        None, description="Targets for the staffing optimiser (python -m model optimise)."
    )
    availability: Availability | None = Field(
        None,
        description="Share of each role's FTE that serves clients after leave, sickness, training, reporting "
        "and supervision; absent: the documented defaults. Servers in the simulation = FTE × availability.",
    )

    checks: RuleSettings | None = Field(
        None, description="Rules switched off or re-graded for this centre, each with the reason every report shows."
    )

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    def all_units(self) -> list[Unit]:
        """Every unit of the chart, parents before children."""
        return [unit for top in self.units for unit in top.walk()]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a configuration file, for editors (yaml-language-server)."""
    schema = OrgConfig.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Konfiguracja organizacyjna ośrodka pomocy społecznej"
    return schema


def procedure_json_schema() -> dict[str, Any]:
    schema = Procedure.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
