"""Local law: the council's resolutions a procedure applies (care services, funerals, meals)."""

from __future__ import annotations

from collections.abc import Iterator

from model.checks.findings import Hit, Severity, rule
from model.checks.rules.context import Context
from model.i18n import msg


@rule(
    "RES001",
    Severity.warning,
    "A procedure applies a council resolution the configuration does not name",
    citation="art. 50 ust. 6, art. 44, art. 96 ust. 2 i 4 u.p.s.",
    fix="name the resolution under resolutions: (number, date, title), as published",
    law=("resolution.care_services", "resolution.funeral", "resolution.meals"),
)
def resolution_named(ctx: Context) -> Iterator[Hit]:
    """Care services are granted and paid for on the conditions the council sets by resolution
    (art. 50 ust. 6 u.p.s.), funerals in the way the gmina sets (art. 44), the return of meal
    expenses by the council's rules (art. 96 ust. 2 and 4). A procedure that applies one
    (``resolutions: [care_services]``) needs it named, in force on the configuration's date, so
    that its documents and findings can cite it.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area, effective_from: 2024-01-01}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, services],
             staff: [{role: social_worker, fte: 3}]}
        resolutions:
          - {subject: care_services, number: X/1/2020, adopted: 2020-01-30, title: w sprawie usług opiekuńczych}
        procedures:
          - id: p
            name: Usługi opiekuńcze
            resolutions: [care_services]
            arrivals: {per_week: 1}
            entry: a
            steps: [{id: a, function: first_contact, duration: 10, next: b},
                    {id: b, function: services, duration: 10, next: end}]

    Fails::

        centre: {name: OPS, population: 6000, model: care_area, effective_from: 2024-01-01}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, services],
             staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: p
            name: Usługi opiekuńcze
            resolutions: [care_services]
            arrivals: {per_week: 1}
            entry: a
            steps: [{id: a, function: first_contact, duration: 10, next: b},
                    {id: b, function: services, duration: 10, next: end}]
    """
    named = {r.subject for r in ctx.scenario.config.resolutions if r.in_force(ctx.on)}
    for procedure in ctx.scenario.procedures:
        for subject in procedure.resolutions:
            law = ctx.law(f"resolution.{subject}")
            if law is not None and subject not in named:
                yield Hit(
                    msg("finding.RES001", procedure=procedure.name, citation=law.citation),
                    procedure,
                    "resolutions",
                    procedure.id,
                )
