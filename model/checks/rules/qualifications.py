"""Qualifications: what an inspection checks first about the people counted as social workers and
family assistants (art. 116 ust. 1 u.p.s., art. 12 ust. 1 uwr), and whether a post counted as a
social worker does a social worker's work at all (art. 119 u.p.s.)."""

from __future__ import annotations

from collections.abc import Iterator

from model.checks.findings import Hit, Severity, rule
from model.checks.rules.context import Context
from model.config.roles import SOCIAL_WORKER_ROLES, Role
from model.i18n import msg
from model.law.norms import qualified_fte

CLERICAL_FUNCTIONS = frozenset(
    {"decision_benefits", "benefit_payment", "administration", "family_benefits", "housing_allowance"}
)
"""Functions of decisions, payments and administration: no social worker's own task among them."""


@rule(
    "QUAL001",
    Severity.warning,
    "A social-worker post held without the qualifications of art. 116",
    citation="art. 116 ust. 1 u.p.s.",
    fix="employ a qualified social worker, or record the post under another role",
    law=("ups.social_worker_qualifications",),
)
def social_worker_qualifications(ctx: Context) -> Iterator[Hit]:
    """A social worker must hold one of the qualifications of art. 116 ust. 1 u.p.s. (a college
    of social services, studies in social work…). A staff line marked ``qualified: false`` (or
    with fewer qualified FTE than it has) is not counted toward the norm of art. 110 ust. 11,
    and an inspector records it.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, social_work],
             staff: [{role: social_worker, fte: 3}]}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, social_work],
             staff: [{role: social_worker, fte: 3}, {role: social_worker, fte: 1, qualified: false}]}
    """
    law = ctx.law("ups.social_worker_qualifications")
    if law is None:
        return
    for unit in ctx.scenario.units:
        for staff in unit.staff:
            missing = staff.fte - qualified_fte(staff.fte, staff.qualified)
            if staff.role in SOCIAL_WORKER_ROLES and missing > 0:
                yield Hit(
                    msg("finding.QUAL001", unit=unit.name, fte=round(missing, 2), citation=law.citation),
                    staff,
                    "qualified",
                    unit.id,
                )


@rule(
    "QUAL002",
    Severity.error,
    "A family assistant without the qualifications of art. 12 uwr",
    citation="art. 12 ust. 1 ustawy o wspieraniu rodziny i systemie pieczy zastępczej",
    fix="employ a family assistant who meets art. 12 ust. 1",
    law=("uwr.assistant_qualifications",),
)
def assistant_qualifications(ctx: Context) -> Iterator[Hit]:
    """Only a person meeting art. 12 ust. 1 of the family-support act (education, training,
    experience with children or families) may be employed as a family assistant.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, social_work],
             staff: [{role: social_worker, fte: 3}]}
          - {id: ar, name: Asystenci, kind: team, functions: [family_assistance],
             staff: [{role: family_assistant, fte: 1}]}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, social_work],
             staff: [{role: social_worker, fte: 3}]}
          - {id: ar, name: Asystenci, kind: team, functions: [family_assistance],
             staff: [{role: family_assistant, fte: 1, qualified: false}]}
    """
    law = ctx.law("uwr.assistant_qualifications")
    if law is None:
        return
    for unit in ctx.scenario.units:
        for staff in unit.staff:
            missing = staff.fte - qualified_fte(staff.fte, staff.qualified)
            if staff.role == Role.family_assistant and missing > 0:
                yield Hit(
                    msg("finding.QUAL002", unit=unit.name, fte=round(missing, 2), citation=law.citation),
                    staff,
                    "qualified",
                    unit.id,
                )


@rule(
    "QUAL003",
    Severity.warning,
    "Social workers doing only decisions, payments or administration",
    citation="art. 119 ust. 1 u.p.s.; art. 110 ust. 11 u.p.s.",
    fix="give the unit social work, or record its posts as clerks (they do not count toward the norm)",
    law=("ups.social_worker_tasks",),
)
def social_workers_at_desks(ctx: Context) -> Iterator[Hit]:
    """A post counted as a social worker (toward art. 110 ust. 11) in a unit whose every function
    is a decision, a payment or administration, with no environmental interview or field step
    among them, does no social worker's work (art. 119 ust. 1: social work, interviews, help with
    the client's difficulties): an inspector asks why it is counted.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, social_work],
             staff: [{role: social_worker, fte: 3}]}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, social_work],
             staff: [{role: social_worker, fte: 3}]}
          - {id: dec, name: Zespół Decyzji, kind: team, functions: [decision_benefits],
             staff: [{role: social_worker, fte: 2}]}
    """
    law = ctx.law("ups.social_worker_tasks")
    if law is None:
        return
    fieldwork = {step.function for _, step in ctx.steps() if step.interview or step.field}
    for unit in ctx.scenario.units:
        functions = set(unit.functions)
        if functions and functions <= CLERICAL_FUNCTIONS - fieldwork and unit.social_worker_fte() > 0:
            names = ", ".join(ctx.scenario.function_name(f) for f in unit.functions)
            yield Hit(
                msg("finding.QUAL003", unit=unit.name, fte=unit.social_worker_fte(), functions=names),
                unit,
                "functions",
                unit.id,
            )
