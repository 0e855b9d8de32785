"""Rules of the separated model: decisions apart from social work, entry at first contact, assistant apart."""

from __future__ import annotations

from collections.abc import Iterator

from model.checks.findings import Hit, Severity, rule
from model.checks.rules.context import Context
from model.config.functions import FAMILY_ASSISTANCE, FIRST_CONTACT, SOCIAL_WORK
from model.config.roles import Role
from model.config.schema import CentreModel
from model.i18n import msg

CRISIS_FUNCTIONS = frozenset({"violence_prevention", "crisis_intervention"})
"""Functions of urgent cases a victim may bring straight to the team, past the first-contact desk."""
OUTSIDE_SOCIAL_ASSISTANCE = frozenset({"family_benefits", "housing_allowance", "alimony_fund"})
"""Functions a centre carries out under other acts than the act on social assistance (family
benefits: act of 28.11.2003; housing allowances: act of 21.06.2001; the alimony fund: act of
7.09.2007 on help to persons entitled to maintenance): their clients apply straight to the
department that handles them, past the first-contact desk of social assistance."""


@rule(
    "SEP001",
    Severity.error,
    "Separated model: one unit both decides benefits and does social work",
    citation="„Nowy Model – Lepsza Jakość” (organisational choice; the acts do not require it)",
    fix="move social work to a team of its own",
    law=("cus.separation",),
)
def decisions_apart_from_social_work(ctx: Context) -> Iterator[Hit]:
    """The new model separates administrative proceedings from social work ("Nowy Model –
    Lepsza Jakość"): no unit may serve both a function of a decision step and ``social_work``.
    It is the centre's own choice: neither the act on social assistance nor the act on CUS
    requires it, so the rule applies only to ``model: separated``.

    Passes::

        centre: {name: MOPS, population: 6000, model: separated}
        units:
          - {id: fc, name: Stanowisko ds. Pierwszego Kontaktu, kind: post,
             functions: [first_contact], staff: [{role: clerk, fte: 1}]}
          - {id: zsd, name: Zespół ds. Świadczeń Przyznawanych Decyzją, kind: team,
             functions: [decision_benefits], staff: [{role: social_worker, fte: 2}]}
          - {id: zps, name: Zespół ds. Pracy Socjalnej, kind: team,
             functions: [social_work], staff: [{role: social_worker, fte: 2}]}
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, next: decide}
              - {id: decide, function: decision_benefits, duration: 30 min, decision: true, next: end}

    Fails::

        centre: {name: MOPS, population: 6000, model: separated}
        units:
          - {id: fc, name: Stanowisko ds. Pierwszego Kontaktu, kind: post,
             functions: [first_contact], staff: [{role: clerk, fte: 1}]}
          - {id: mix, name: Zespół, kind: team,
             functions: [decision_benefits, social_work], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, next: decide}
              - {id: decide, function: decision_benefits, duration: 30 min, decision: true, next: end}
    """
    if ctx.scenario.config.centre.model != CentreModel.separated:
        return
    for unit in ctx.scenario.units:
        both = ctx.decision_functions & set(unit.functions)
        if both and SOCIAL_WORK in unit.functions:
            names = ", ".join(ctx.scenario.function_name(f) for f in sorted(both))
            yield Hit(msg("finding.SEP001", unit=unit.name, functions=names), unit, "functions", unit.id)


@rule(
    "SEP002",
    Severity.error,
    "Separated model: procedure does not start at first contact",
    citation="„Nowy Model – Lepsza Jakość”; urgent violence and crisis cases, family benefits and housing "
    "allowances (not social assistance) exempt",
    fix="start the procedure with a first_contact step",
)
def entry_at_first_contact(ctx: Context) -> Iterator[Hit]:
    """In the separated model every client who comes in starts at the first-contact post, which
    routes them. Two kinds of work are exempt: work on open cases (``origin: caseload``) starts
    with the team that has the case, and urgent or crisis cases (domestic violence, crisis
    intervention) go straight to the team that handles them: a victim is not sent through the
    general desk. Family benefits and housing allowances are exempt too: they are not social
    assistance (acts of 28.11.2003 and 21.06.2001), the reform separated the social-assistance
    proceedings only, and sending an applicant for a housing allowance through the
    social-assistance desk (in Tarnowskie Góry another building) adds a trip the reform never
    meant. Such a procedure may still start at first contact.

    Passes::

        centre: {name: MOPS, population: 6000, model: separated}
        units:
          - {id: sw, name: Zespół ds. Pracy Socjalnej, kind: team,
             functions: [first_contact, social_work], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: talk
            name: Praca socjalna
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, next: work}
              - {id: work, function: social_work, duration: 1 h, next: end}

    Fails::

        centre: {name: MOPS, population: 6000, model: separated}
        units:
          - {id: sw, name: Zespół ds. Pracy Socjalnej, kind: team,
             functions: [first_contact, social_work], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: talk
            name: Praca socjalna
            arrivals: {per_week: 5}
            entry: work
            steps:
              - {id: work, function: social_work, duration: 1 h, next: end}
    """
    if ctx.scenario.config.centre.model != CentreModel.separated:
        return
    for procedure in ctx.scenario.procedures:
        if procedure.origin == "caseload":
            continue
        entry = procedure.step(procedure.entry)
        if (
            entry
            and entry.function != FIRST_CONTACT
            and entry.function not in CRISIS_FUNCTIONS | OUTSIDE_SOCIAL_ASSISTANCE
        ):
            yield Hit(
                msg("finding.SEP002", procedure=procedure.name, function=entry.function, step=entry.id),
                procedure,
                "entry",
                procedure.id,
            )


@rule(
    "SEP003",
    Severity.error,
    "A family assistant's work combined with a social worker's",
    citation="art. 12 ustawy o wspieraniu rodziny i systemie pieczy zastępczej",
    fix="give family assistance a unit of its own, staffed by family assistants only",
    law=("uwr.assistant_not_social_worker",),
)
def assistant_apart_from_social_worker(ctx: Context) -> Iterator[Hit]:
    """The work of a family assistant may not be combined with the duties of a social worker at
    all (art. 12 of the family-support act), not only towards the same family. A unit breaks it
    when it serves both ``social_work`` and ``family_assistance``, when family assistants staff a
    unit doing social work, or when social workers staff a unit doing family assistance.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, social_work],
             staff: [{role: social_worker, fte: 3}]}
          - {id: ar, name: Asystenci rodziny, kind: team, functions: [family_assistance],
             staff: [{role: family_assistant, fte: 1}]}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}]}
          - {id: ar, name: Asystenci rodziny, kind: team, functions: [social_work],
             staff: [{role: family_assistant, fte: 1}]}
    """
    law = ctx.law("uwr.assistant_not_social_worker")
    if law is None:
        return
    for unit in ctx.scenario.units:
        social_work, assistance = SOCIAL_WORK in unit.functions, FAMILY_ASSISTANCE in unit.functions
        assistants, social_workers = unit.fte(Role.family_assistant) > 0, unit.social_worker_fte() > 0
        if (social_work and assistance) or (social_work and assistants) or (assistance and social_workers):
            yield Hit(msg("finding.SEP003", unit=unit.name, citation=law.citation), unit, "functions", unit.id)
