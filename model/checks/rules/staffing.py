"""Rules of staffing: the social-worker norm, staff on every unit, family assistants, accounts, the director."""

from __future__ import annotations

import math
from collections.abc import Iterator

from model.checks.findings import Hit, Severity, rule
from model.checks.littles_law import CaseFlow, Routing
from model.checks.rules.context import Context
from model.config.availability import effective_fte, other_work
from model.config.norms import assistant_norm, staffing_norm
from model.config.schema import Procedure, Role, Unit
from model.i18n import msg
from model.law.norms import TOLERANCE


@rule(
    "STAFF001",
    Severity.error,
    "Fewer social workers than art. 110 ust. 11 requires",
    citation="art. 110 ust. 11 u.p.s.",
    fix="add social-worker FTE, or declare the families under social work (caseload)",
    law=("ups.social_worker_norm",),
)
def social_worker_norm(ctx: Context) -> Iterator[Hit]:
    """Art. 110 ust. 11 of the Act on social assistance: one full-time social worker per 2,000
    inhabitants, **or** one per at most 50 families and single persons under social work, and
    not fewer than 3. The second alternative needs the caseload declared (``caseload: {families:
    N}`` on the units serving ``social_work``, or on procedures with a social-work step). Only
    social-worker posts count: a manager counts as a manager, as the MRPiPS-03 report counts.

    Passes::

        centre: {name: OPS, population: 9000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 4.5}, {role: manager, fte: 1}]}

    Fails::

        centre: {name: OPS, population: 9000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}, {role: manager, fte: 1}]}
    """
    check = staffing_norm(ctx.scenario)
    if check is None or check.met:
        return
    centre = ctx.scenario.config.centre
    need = math.ceil(check.required * 10 - TOLERANCE) / 10  # to a tenth of a post, never below the norm
    params = {
        "have": check.have,
        "population": centre.population,
        "citation": check.citation,
        "need": need,
        "per": check.per,
        "families_per": check.families_per,
        "least": check.least,
        "missing": round(need - check.have, 1),
    }
    if check.families_per is None:  # before 1.01.2015: the population alternative only
        yield Hit(msg("finding.STAFF001.population", **params), centre, "population")
    elif check.families is None:
        yield Hit(msg("finding.STAFF001", **params), centre, "population")
    else:
        yield Hit(msg("finding.STAFF001.families", families=check.families, **params), centre, "population")


@rule(
    "STAFF002",
    Severity.warning,
    "Unit with no staff",
    citation="— (consistency of the chart)",
    fix="add staff with fte > 0 or delete the unit",
)
def unit_without_staff(ctx: Context) -> Iterator[Hit]:
    """A unit with neither staff nor subordinate units exists only on paper.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - id: ops
            name: Ośrodek
            kind: management
            functions: [first_contact]
            staff: [{role: social_worker, fte: 3}]
            units: [{id: sekcja, name: Sekcja, kind: section, staff: [{role: clerk, fte: 1}]}]

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - id: ops
            name: Ośrodek
            kind: management
            functions: [first_contact]
            staff: [{role: social_worker, fte: 3}]
            units: [{id: empty, name: Sekcja, kind: section}]
    """
    for unit in ctx.scenario.units:
        if unit.fte() == 0 and not unit.units:
            yield Hit(msg("finding.STAFF002", unit=unit.name), unit, "staff", unit.id)


@rule(
    "STAFF003",
    Severity.error,
    "More families per family assistant than art. 15 ust. 4 allows",
    citation="art. 15 ust. 4 ustawy o wspieraniu rodziny i systemie pieczy zastępczej",
    fix="add family-assistant FTE or lower the declared caseload",
    law=("uwr.assistant_cap",),
)
def family_assistant_caseload(ctx: Context) -> Iterator[Hit]:
    """A family assistant works with at most 15 families at a time (art. 15 ust. 4 of the Act on
    family support). Counted per full-time family assistant, from the caseload declared on the
    units serving ``family_assistance`` (or on procedures with such a step).

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}]}
          - {id: ar, name: Asystenci rodziny, kind: team, functions: [family_assistance],
             caseload: {families: 40}, staff: [{role: family_assistant, fte: 3}]}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}]}
          - {id: ar, name: Asystenci rodziny, kind: team, functions: [family_assistance],
             caseload: {families: 40}, staff: [{role: family_assistant, fte: 2}]}
    """
    check = assistant_norm(ctx.scenario)
    if check is None or check.met:
        return
    need = math.ceil(check.required * 10 - TOLERANCE) / 10
    yield Hit(
        msg(
            "finding.STAFF003",
            families=check.families,
            have=check.have,
            cap=check.cap,
            citation=check.citation,
            need=need,
            missing=round(need - check.have, 1),
        ),
        check.elements[0],
        "caseload",
        getattr(check.elements[0], "id", None),
    )


@rule(
    "STAFF004",
    Severity.warning,
    "No chief accountant and no shared-services centre",
    citation="art. 54 ustawy o finansach publicznych; art. 10a ustawy o samorządzie gminnym (niezweryfikowane)",
    fix="add a post with the accountant role, or name the shared-services centre (centre.shared_services)",
)
def chief_accountant(ctx: Context) -> Iterator[Hit]:
    """A public-sector unit keeps its accounts through its chief accountant, or the gmina gives
    the job to a shared-services centre (*centrum usług wspólnych*). A chart with neither
    leaves the centre's finances with nobody.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}, {role: accountant, fte: 1}]}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}]}
    """
    centre = ctx.scenario.config.centre
    if centre.shared_services or any(u.fte(Role.accountant) > 0 for u in ctx.scenario.units):
        return
    yield Hit(msg("finding.STAFF004", centre=centre.name), centre, "name")


@rule(
    "STAFF005",
    Severity.warning,
    "The director's qualifications are not noted",
    citation="art. 122 ust. 1 u.p.s.",
    fix="note under centre.director_qualifications how the director meets art. 122",
    law=("ups.director", "cus.director"),
)
def director_qualifications(ctx: Context) -> Iterator[Hit]:
    """The head of a social-assistance centre needs at least 3 years' work in social assistance
    and the specialisation in organising it (art. 122 ust. 1 u.p.s.; since 2020 not for the
    director of a CUS, ust. 2, whose requirements the act on CUS sets). An inspection asks
    first; the configuration should say.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area, shared_services: CUW w Gminie,
                 director_qualifications: "5 lat pracy w pomocy społecznej; specjalizacja z organizacji pomocy społecznej"}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}]}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area, shared_services: CUW w Gminie}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}]}
    """
    centre = ctx.scenario.config.centre
    if centre.director_qualifications:
        return
    if centre.institution == "cus":
        cus = ctx.law("cus.director")
        if cus is not None:
            yield Hit(msg("finding.STAFF005.cus", citation=cus.citation), centre, "name")
        return
    law = ctx.law("ups.director")
    if law is not None:
        yield Hit(msg("finding.STAFF005", citation=law.citation, years=law.value["years"]), centre, "name")


CASELOAD_MARGIN = 0.5
"""The declared open cases and those the procedures imply differ by more than half when the smaller
is below half the larger: then say so."""
OTHER_WORK_CAP = 0.4
"""The most of a unit's time declared other work may take (issue 18: at most the share its source
gives, never above 40%); beyond it the unit's model lacks work, which more assumptions do not fix."""


@rule(
    "STAFF006",
    Severity.warning,
    "Declared caseload and the open cases the procedures imply disagree",
    citation="— (one truth for caseloads: Little's law, open cases = new cases a week × weeks a case stays open)",
    fix="declare the caseload the procedures imply, or correct the procedures' arrivals and times",
)
def caseload_agrees_with_flow(ctx: Context) -> Iterator[Hit]:
    """The norm rules (STAFF001, STAFF003) and the workload balance read the declared caseload;
    the simulation knows only the procedures. In a steady state the cases open at a unit are the
    new cases a week times the weeks a case stays open (Little's law): from the first step the
    unit serves to the end of the procedure, delays and loops included. When the declaration and
    the procedures differ by more than half, the rules and the simulation tell two stories about
    the same team; the finding names both figures. Caseload procedures (work on cases already
    open) bring no new cases and are not counted.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}]}
          - {id: ar, name: Asystenci rodziny, kind: team, functions: [family_assistance],
             caseload: {families: 4}, staff: [{role: family_assistant, fte: 2}]}
        procedures:
          - id: asysta
            name: Asysta
            arrivals: {per_week: 1}
            entry: zgloszenie
            steps:
              - {id: zgloszenie, function: first_contact, duration: 20, next: praca}
              - {id: praca, function: family_assistance, duration: 60, delay: 20 wd, next: end}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}]}
          - {id: ar, name: Asystenci rodziny, kind: team, functions: [family_assistance],
             caseload: {families: 30}, staff: [{role: family_assistant, fte: 2}]}
        procedures:
          - id: asysta
            name: Asysta
            arrivals: {per_week: 1}
            entry: zgloszenie
            steps:
              - {id: zgloszenie, function: first_contact, duration: 20, next: praca}
              - {id: praca, function: family_assistance, duration: 60, delay: 20 wd, next: end}
    """
    clock = ctx.clock
    if clock is None:
        return
    scenario = ctx.scenario
    population = scenario.config.centre.population
    walk_in = [Routing(p, clock) for p in scenario.procedures if p.origin == "walk_in"]  # each solved once

    def flow_at(functions: set[str], routings: list[Routing]) -> CaseFlow:
        return sum((r.flow(functions, r.procedure.arrivals.rate_for(population)) for r in routings), CaseFlow(0.0, 0.0))

    for unit in scenario.units:
        if unit.caseload is None or not unit.functions:
            continue
        sharing = [u for u in scenario.units if set(u.functions) & set(unit.functions) and u.fte() > 0]
        total = sum(u.fte() for u in sharing)
        share = unit.fte() / total if total else 1.0  # the engine spreads cases by staff (or by FTE, care areas)
        found = flow_at(set(unit.functions), walk_in)
        yield from _caseload_hit(unit, unit.name, unit.caseload.families, found.scaled(share))
    for routing in walk_in:
        procedure = routing.procedure
        if procedure.caseload is not None:
            found = flow_at({s.function for s in procedure.steps}, [routing])
            yield from _caseload_hit(procedure, procedure.name, procedure.caseload.families, found)


def _caseload_hit(at: Unit | Procedure, name: str, declared: int, found: CaseFlow) -> Iterator[Hit]:
    if min(declared, found.open) >= CASELOAD_MARGIN * max(declared, found.open):
        return
    yield Hit(
        msg(
            "finding.STAFF006",
            name=name,
            declared=declared,
            implied=found.open,
            new=found.new_per_week,
            weeks=found.weeks_open,
        ),
        at,
        "caseload",
        at.id,
    )


def other_work_share(ctx: Context, unit: Unit) -> float | None:
    """Share of a unit's available time its declared other work takes (``None``: no staff or calendar)."""
    clock = ctx.clock
    available = effective_fte(unit.staff, ctx.scenario.config)
    if clock is None or available <= 0 or not unit.other_work:
        return None
    shares, hours = other_work(unit, clock.week_minutes / 60)
    year = ctx.year_hours
    return sum(shares) + sum(hours) / (available * year)


@rule(
    "STAFF007",
    Severity.warning,
    "Other work takes more than 40% of a unit's time",
    citation="— (workload balance, WHO WISN 2010: allowances are a part of working time)",
    fix="give other work the share its public source gives; describe the unit's work as procedures or a caseload",
)
def other_work_cap(ctx: Context) -> Iterator[Hit]:
    """Declared other work (documentation, reporting, meetings) is WISN's allowance: a part of
    the working time, with its source. Above 40% of a unit's time it no longer adds to a model of
    the unit's work but replaces one: describe that work as procedures or a caseload instead.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - id: ops
            name: Ośrodek
            kind: management
            functions: [first_contact]
            staff: [{role: social_worker, fte: 3}]
            other_work: [{activity: dokumentacja, share: 0.2, source: assumption}]

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - id: ops
            name: Ośrodek
            kind: management
            functions: [first_contact]
            staff: [{role: social_worker, fte: 3}]
            other_work: [{activity: dokumentacja, share: 0.5, source: assumption}]
    """
    for unit in ctx.scenario.units:
        share = other_work_share(ctx, unit)
        if share is not None and OTHER_WORK_CAP < share < 1:
            yield Hit(
                msg("finding.STAFF007", unit=unit.name, share=share, cap=OTHER_WORK_CAP), unit, "other_work", unit.id
            )


@rule(
    "STAFF008",
    Severity.error,
    "Other work alone fills a unit's time",
    citation="— (workload balance, WHO WISN 2010: the category allowance factor 1 / (1 − Σ CAS) needs Σ CAS < 1)",
    fix="correct the other work's shares and hours: together they must stay well below the unit's time",
)
def other_work_fills_time(ctx: Context) -> Iterator[Hit]:
    """Other work that takes all of a unit's available time (or more) leaves none for its cases;
    WISN's required staff is then infinite. Usually a share typed as a percentage (``40``) or
    hours a week for the whole team instead of per FTE.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - id: ops
            name: Ośrodek
            kind: management
            functions: [first_contact]
            staff: [{role: social_worker, fte: 3}]
            other_work: [{activity: narady, hours_per_week_per_fte: 4, source: assumption}]

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - id: ops
            name: Ośrodek
            kind: management
            functions: [first_contact]
            staff: [{role: social_worker, fte: 3}]
            other_work: [{activity: narady, hours_per_week_per_fte: 45, source: assumption}]
    """
    for unit in ctx.scenario.units:
        share = other_work_share(ctx, unit)
        if share is not None and share >= 1:
            yield Hit(msg("finding.STAFF008", unit=unit.name, share=share), unit, "other_work", unit.id)
