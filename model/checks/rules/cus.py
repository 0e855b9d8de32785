"""Rules of a Centrum Usług Społecznych (act of 19.07.2019): its date, its posts, its diagnosis and programme."""

from __future__ import annotations

from collections.abc import Iterator

from model.checks.findings import Hit, Severity, rule
from model.checks.rules.context import Context
from model.config.located import Located
from model.i18n import msg


@rule(
    "CUS001",
    Severity.error,
    "A social-services centre dated before the act on CUS was in force",
    citation="ustawa z 19.07.2019 o realizowaniu usług społecznych przez CUS (Dz.U. 2019 poz. 1818), od 1.01.2020",
    fix="date the configuration on or after 1.01.2020, or make it an ops",
    law=("cus.creation",),
)
def cus_before_the_act(ctx: Context) -> Iterator[Hit]:
    """A gmina may turn its centre into a Centrum Usług Społecznych only under the act of
    19.07.2019, in force since 1.01.2020 (art. 9 ust. 1–3: by transforming the OPS, jointly,
    or beside the OPS in a city over 100,000). A CUS dated earlier has no legal basis.

    Passes::

        centre: {name: CUS, population: 6000, model: care_area, institution: cus, effective_from: 2020-01-01,
                 shared_services: CUW, director_qualifications: szkolenie dyrektora CUS}
        units:
          - {id: cus, name: Centrum, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}, {role: services_organiser, fte: 1},
                     {role: plan_coordinator, fte: 1}]}

    Fails::

        centre: {name: CUS, population: 6000, model: care_area, institution: cus, effective_from: 2019-06-01,
                 shared_services: CUW, director_qualifications: szkolenie dyrektora CUS}
        units:
          - {id: cus, name: Centrum, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}, {role: services_organiser, fte: 1},
                     {role: plan_coordinator, fte: 1}]}
    """
    centre = ctx.scenario.config.centre
    if centre.institution == "cus" and ctx.law("cus.creation") is None:
        yield Hit(msg("finding.CUS001", on=str(ctx.on)), centre, "institution")


@rule(
    "CUS002",
    Severity.warning,
    "A social-services centre with no posts for its programme tasks",
    citation="art. 13 ust. 1 pkt 4 i art. 30 ustawy o realizowaniu usług społecznych przez CUS",
    fix="add a services_organiser and a plan_coordinator post",
    law=("cus.posts",),
)
def cus_posts(ctx: Context) -> Iterator[Hit]:
    """A CUS qualifies residents for the services of its programme and draws up individual
    service plans (art. 13 ust. 1 pkt 4); the act names the posts that do it: the social-services
    organiser and the coordinator of individual plans (requirements: art. 30; art. 28 unverified).
    A CUS chart without them cannot do those tasks. The act is silent on separating social work
    from benefits, so no rule of this tool claims it does (SEP001 applies only to the separated
    model, by the centre's own choice).

    Passes::

        centre: {name: CUS, population: 6000, model: care_area, institution: cus, effective_from: 2024-01-01,
                 shared_services: CUW, director_qualifications: szkolenie dyrektora CUS}
        units:
          - {id: cus, name: Centrum, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}, {role: services_organiser, fte: 1},
                     {role: plan_coordinator, fte: 1}]}

    Fails::

        centre: {name: CUS, population: 6000, model: care_area, institution: cus, effective_from: 2024-01-01,
                 shared_services: CUW, director_qualifications: szkolenie dyrektora CUS}
        units:
          - {id: cus, name: Centrum, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}]}
    """
    law = ctx.law("cus.posts")
    centre = ctx.scenario.config.centre
    if law is None or centre.institution != "cus":
        return
    have = {s.role.value for u in ctx.scenario.units for s in u.staff if s.fte > 0}
    for role in law.value:
        if role not in have:
            yield Hit(msg("finding.CUS002", role=msg(f"role.{role}"), citation=law.citation), centre, "institution")


@rule(
    "CUS003",
    Severity.warning,
    "A social-services centre without a current needs diagnosis or programme",
    citation="ustawa o realizowaniu usług społecznych przez CUS: diagnoza potrzeb i potencjału raz na 5 lat, "
    "program usług społecznych uchwalony przez radę gminy (artykuły: niezweryfikowane)",
    fix="record the diagnosis and the programme in force under social_services (dates of completion, "
    "adoption and validity), or plan the next diagnosis",
    law=("cus.diagnosis", "cus.programme"),
)
def cus_diagnosis_and_programme(ctx: Context) -> Iterator[Hit]:
    """A CUS builds on a diagnosis of the community's needs and potential, renewed every 5 years,
    and grants the services of a programme the council adopts on that diagnosis. On the
    configuration's date there must be a diagnosis no older than the period the law in force
    sets (not the period the file claims), and a programme in force; otherwise the centre has
    nothing to qualify residents under.

    Passes::

        centre: {name: CUS, population: 6000, model: care_area, institution: cus, effective_from: 2026-01-01,
                 shared_services: CUW, director_qualifications: szkolenie dyrektora CUS}
        units:
          - {id: cus, name: Centrum, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}, {role: services_organiser, fte: 1},
                     {role: plan_coordinator, fte: 1}]}
        social_services:
          diagnosis_basis: unverified
          diagnoses: [{completed: 2025-03-31}]
          programmes: [{name: Program 2026–2030, valid_from: 2026-01-01, valid_to: 2030-12-31}]

    Fails::

        centre: {name: CUS, population: 6000, model: care_area, institution: cus, effective_from: 2026-01-01,
                 shared_services: CUW, director_qualifications: szkolenie dyrektora CUS}
        units:
          - {id: cus, name: Centrum, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}, {role: services_organiser, fte: 1},
                     {role: plan_coordinator, fte: 1}]}
        social_services:
          diagnosis_basis: unverified
          diagnoses: [{completed: 2020-03-31}]
          programmes: [{name: Program 2021–2025, valid_from: 2021-01-01, valid_to: 2025-12-31}]
    """
    centre = ctx.scenario.config.centre
    diagnosis, programme = ctx.law("cus.diagnosis"), ctx.law("cus.programme")
    if centre.institution != "cus" or diagnosis is None:
        return
    planning = ctx.scenario.config.social_services
    where: Located = planning or centre
    done = [d.completed for d in planning.diagnoses if d.completed <= ctx.on] if planning else []
    if not done:
        yield Hit(msg("finding.CUS003.no_diagnosis", on=str(ctx.on)), where, "diagnoses")
    else:
        last = max(done)
        due = last.replace(year=last.year + diagnosis.value, day=min(last.day, 28) if last.month == 2 else last.day)
        if due < ctx.on:
            yield Hit(
                msg("finding.CUS003.overdue", last=str(last), due=str(due), years=diagnosis.value, on=str(ctx.on)),
                where,
                "diagnoses",
            )
    if programme is not None and (planning is None or planning.programme_on(ctx.on) is None):
        yield Hit(msg("finding.CUS003.no_programme", on=str(ctx.on)), where, "programmes")
