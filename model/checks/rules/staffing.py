"""Rules of staffing: the social-worker norm, staff on every unit, family assistants, accounts, the director."""

from __future__ import annotations

import math
from collections.abc import Iterator

from model.checks.findings import Hit, Severity, rule
from model.checks.rules.context import Context
from model.config.functions import FAMILY_ASSISTANCE
from model.config.schema import Role
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
    check = ctx.scenario.social_worker_norm()
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
    if check.families is None:
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
    law = ctx.law("uwr.assistant_cap")
    declared = ctx.scenario.caseload(FAMILY_ASSISTANCE)
    if law is None or declared is None:
        return
    families, elements = declared
    have = sum(u.fte(Role.family_assistant) for u in ctx.scenario.units)
    if families <= law.value * have + TOLERANCE:
        return
    need = math.ceil(families / law.value * 10 - TOLERANCE) / 10
    yield Hit(
        msg(
            "finding.STAFF003",
            families=families,
            have=have,
            cap=law.value,
            citation=law.citation,
            need=need,
            missing=round(need - have, 1),
        ),
        elements[0],
        "caseload",
        getattr(elements[0], "id", None),
    )


@rule(
    "STAFF004",
    Severity.warning,
    "No chief accountant and no shared-services centre",
    citation="art. 54 ustawy o finansach publicznych; art. 10a ustawy o samorządzie gminnym (unverified)",
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
