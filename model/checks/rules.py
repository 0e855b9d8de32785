"""Validation rules: each a small function over the loaded scenario and its flow graphs.

Every rule is registered with an id, a severity, a title, the provision it enforces and how to
fix what it finds; its docstring says why it exists and ends with a minimal configuration
(``Fails::``) on which it fires. The test suite runs those examples, and ``python -m model
rules --markdown`` prints the table the README shows. Messages are catalogue codes
(``finding.STAFF001`` in :mod:`model.i18n`); norms and deadlines come from the law in force on
the configuration's date (:mod:`model.law`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from model.checks import flow
from model.checks.findings import REGISTRY, Finding, Hit, Severity, rule
from model.checks.flow import nx  # loaded when a rule first needs a graph
from model.checks.references import unknown_cost_units, unknown_level_keys
from model.config.errors import ConfigError
from model.config.functions import FIRST_CONTACT, SOCIAL_WORK
from model.config.loader import Scenario
from model.config.quantities import MINUTES_PER_WORKING_DAY, Span, parse_span
from model.config.schema import END, CentreModel, Located, Procedure, Role, Step, Unit
from model.i18n import Message, msg
from model.law import LawError, Provision, provision
from model.simulation.calendar import WorkingCalendar

FAMILY_ASSISTANCE = "family_assistance"
DECISION_BENEFITS = "decision_benefits"
CRISIS_FUNCTIONS = frozenset({"violence_prevention", "crisis_intervention"})
"""Functions of urgent cases a victim may bring straight to the team, past the first-contact desk."""
OUTSIDE_SOCIAL_ASSISTANCE = frozenset({"family_benefits", "housing_allowance"})
"""Functions a centre carries out under other acts than the act on social assistance (family
benefits: act of 28.11.2003; housing allowances: act of 21.06.2001): their clients apply straight
to the department that handles them, past the first-contact desk of social assistance."""
TOLERANCE = 1e-6  # for sums of probabilities and of FTE
CHECK_START_DAYS = 28
"""Deadlines are checked for a client who comes at the opening of each open day of four weeks."""
CHECK_DAYS = CHECK_START_DAYS + 731  # room for the longest route and deadline after the last start


@dataclass
class Context:
    """The scenario plus what rules share: flow graphs, servers per function, the law of its date."""

    scenario: Scenario

    @cached_property
    def graphs(self) -> dict[str, nx.DiGraph]:
        """The procedures' flow graphs, built when a rule first asks (many rules need none)."""
        return {p.id: flow.procedure_graph(p) for p in self.scenario.procedures}

    @cached_property
    def servers(self) -> dict[str, list[Unit]]:
        return flow.servers(self.scenario)

    @cached_property
    def decision_functions(self) -> set[str]:
        return {s.function for p in self.scenario.procedures for s in p.steps if s.decision}

    @cached_property
    def parents(self) -> dict[str, Unit]:
        return {child.id: unit for unit in self.scenario.units for child in unit.units}

    @property
    def on(self) -> dt.date:
        return self.scenario.law.on if self.scenario.law else dt.date.today()

    @cached_property
    def clock(self) -> WorkingCalendar | None:
        """The configuration's working calendar as the simulation builds it (``None`` if it is broken:
        the simulation reports that)."""
        try:
            return WorkingCalendar.build(self.scenario.config.calendar, CHECK_DAYS, self.scenario.file)
        except ConfigError:
            return None

    @cached_property
    def starts(self) -> list[float]:
        """Working minutes of the openings of the open days of the first four weeks."""
        clock = self.clock
        if clock is None:
            return []
        limit = clock.open_days[0] + CHECK_START_DAYS
        return [float(i * clock.day_minutes) for i, day in enumerate(clock.open_days) if day < limit]

    def law(self, key: str) -> Provision | None:
        """The provision ``key`` in force on the configuration's date, or None when none was."""
        try:
            return provision(key, self.on)
        except LawError:
            return None

    def steps(self) -> Iterator[tuple[Procedure, Step]]:
        for procedure in self.scenario.procedures:
            for step in procedure.steps:
                yield procedure, step

    def chain(self, unit: Unit) -> Iterator[Unit]:
        """The unit and its superiors up to the top of the chart."""
        current: Unit | None = unit
        while current is not None:
            yield current
            current = self.parents.get(current.id)

    def required_social_workers(self) -> float | None:
        """Art. 110 ust. 11 in force on the date: one alternative, or the lower of the two when the
        families under social work are declared, never below the minimum; None where no norm applied."""
        law = self.law("ups.social_worker_norm")
        if law is None:
            return None
        norm = law.value
        by_population = self.scenario.config.centre.population / norm["inhabitants"]
        declared = self.caseload(SOCIAL_WORK)
        required = by_population if declared is None else min(by_population, declared[0] / norm["families"])
        return max(norm["minimum"], required)

    def caseload(self, function: str) -> tuple[int, list[Located]] | None:
        """Families declared for ``function``: on the units serving it, else on procedures using it."""
        units = [u for u in self.scenario.units if function in u.functions and u.caseload]
        if units:
            return sum(u.caseload.families for u in units if u.caseload), list(units)
        procedures = [
            p for p in self.scenario.procedures if p.caseload and any(s.function == function for s in p.steps)
        ]
        if procedures:
            return sum(p.caseload.families for p in procedures if p.caseload), list(procedures)
        return None


def required_social_workers(scenario: Scenario) -> float | None:
    """The social-worker FTE the staffing norm asks of ``scenario`` (see :class:`Context`)."""
    return Context(scenario).required_social_workers()


def validate(scenario: Scenario, only: set[str] | None = None) -> list[Finding]:
    """Run every registered rule (or those in ``only``) and return findings, errors first."""
    context = Context(scenario)
    findings = [
        finding
        for rule_id, registered in REGISTRY.items()
        if only is None or rule_id in only
        for finding in registered.run(context, scenario.file)
    ]
    return sorted(findings, key=lambda f: (f.severity != Severity.error, f.file, f.line or 0, f.rule))


def law_applied(scenario: Scenario) -> list[Provision]:
    """The provisions the configuration and the rules drew on, on the configuration's date."""
    on = scenario.law.on if scenario.law else dt.date.today()
    used = set(scenario.law.provisions) if scenario.law else set()
    institution = scenario.config.centre.institution
    for registered in REGISTRY.values():
        for key in registered.law:
            try:
                found = provision(key, on)
            except LawError:
                continue
            if found.institution in (None, institution):
                used.add(found)
    return sorted(used, key=lambda p: (p.act, p.key))


def _subject(procedure: Procedure, step: Step | None = None) -> str:
    return f"{procedure.id}/{step.id}" if step else procedure.id


def _span(span: Span) -> Message:
    return msg(f"span.{span.unit}", amount=span.amount)


def _work(minutes: float) -> Message:
    """Working time as a person says it: minutes, hours, or (8-hour) working days."""
    if minutes < 60:
        return msg("work.minutes", n=minutes)
    if minutes < MINUTES_PER_WORKING_DAY:
        return msg("work.hours", n=minutes / 60)
    return msg("work.days", n=minutes / MINUTES_PER_WORKING_DAY)


def _names(items: Any) -> str:
    return ", ".join(sorted(items))


# --- references -------------------------------------------------------------------------------


@rule(
    "REF001",
    Severity.error,
    "Unit placed at an unknown location",
    citation="— (consistency of the file)",
    fix="use the id of an entry in locations:",
)
def unknown_location(ctx: Context) -> Iterator[Hit]:
    """A unit's ``location`` must be the id of an entry in ``locations``.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        locations: [{id: main, address: ul. Główna 1}]
        units:
          - {id: ops, name: Ośrodek, kind: management, location: mian,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
    """
    known = _names({loc.id for loc in ctx.scenario.config.locations}) or "—"
    for unit in ctx.scenario.units:
        if unit.location is not None and unit.location not in {loc.id for loc in ctx.scenario.config.locations}:
            yield Hit(
                msg("finding.REF001", unit=unit.name, location=unit.location, known=known), unit, "location", unit.id
            )


@rule(
    "REF002",
    Severity.error,
    "Unknown function",
    citation="— (consistency of the file)",
    fix="declare the function under functions: or use a built-in one",
)
def unknown_function(ctx: Context) -> Iterator[Hit]:
    """Units and steps may only name functions of the vocabulary (built-in or under ``functions:``).

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact, socjal], staff: [{role: social_worker, fte: 3}]}
    """
    known = ctx.scenario.functions
    listing = _names(known)
    for unit in ctx.scenario.units:
        for function in unit.functions:
            if function not in known:
                yield Hit(
                    msg("finding.REF002.unit", unit=unit.name, function=function, known=listing),
                    unit,
                    "functions",
                    unit.id,
                )
    for procedure, step in ctx.steps():
        if step.function not in known:
            yield Hit(
                msg(
                    "finding.REF002.step",
                    step=step.id,
                    procedure=procedure.name,
                    function=step.function,
                    known=listing,
                ),
                step,
                "function",
                _subject(procedure, step),
            )


@rule(
    "REF003",
    Severity.error,
    "Unknown step",
    citation="— (consistency of the file)",
    fix="name a step of the same procedure, 'end' or 'arrival'",
)
def unknown_step(ctx: Context) -> Iterator[Hit]:
    """``entry``, every ``next`` target and every deadline's ``from`` must name a step of the procedure.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: info
            name: Informacja
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, next: tlak}
    """
    for procedure in ctx.scenario.procedures:
        ids = {s.id for s in procedure.steps}
        listing = _names(ids)
        if procedure.entry not in ids:
            yield Hit(
                msg("finding.REF003.entry", procedure=procedure.name, step=procedure.entry, known=listing),
                procedure,
                "entry",
                procedure.id,
            )
        for step in procedure.steps:
            for target, _ in step.branches:
                if target != END and target not in ids:
                    yield Hit(
                        msg(
                            "finding.REF003.next",
                            step=step.id,
                            procedure=procedure.name,
                            target=target,
                            known=listing,
                        ),
                        step,
                        "next",
                        _subject(procedure, step),
                    )
            if step.deadline and step.deadline.from_ != "arrival" and step.deadline.from_ not in ids:
                yield Hit(
                    msg("finding.REF003.from", step=step.id, source=step.deadline.from_, known=listing),
                    step.deadline,
                    "from",
                    _subject(procedure, step),
                )


@rule(
    "REF004",
    Severity.error,
    "Dotted reporting line to an unknown unit",
    citation="— (consistency of the file)",
    fix="name another unit of the chart, or remove the dotted line",
)
def unknown_supervisor(ctx: Context) -> Iterator[Hit]:
    """``also_reports_to`` must name other units of the chart.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management, also_reports_to: [wojt],
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
    """
    known = {u.id for u in ctx.scenario.units}
    for unit in ctx.scenario.units:
        for boss in unit.also_reports_to:
            if boss not in known or boss == unit.id:
                yield Hit(msg("finding.REF004", unit=unit.name, boss=boss), unit, "also_reports_to", unit.id)


@rule(
    "REF005",
    Severity.warning,
    "Location no unit works at",
    citation="— (consistency of the file)",
    fix="place a unit there or delete the location",
)
def unused_location(ctx: Context) -> Iterator[Hit]:
    """A location that no unit uses is probably a leftover or a typo in a unit's ``location``.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        locations: [{id: main, address: ul. Główna 1}, {id: old, address: ul. Stara 2}]
        units:
          - {id: ops, name: Ośrodek, kind: management, location: main,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
    """
    used = {unit.location for unit in ctx.scenario.units}
    for location in ctx.scenario.config.locations:
        if location.id not in used:
            yield Hit(msg("finding.REF005", location=location.id, address=location.address), location, "id")


@rule(
    "REF006",
    Severity.error,
    "Costs or service levels name an unknown unit, procedure or step",
    citation="— (consistency of the file)",
    fix="fix the id or remove the entry",
)
def unknown_staffing_key(ctx: Context) -> Iterator[Hit]:
    """``costs.units`` must name units of the chart, and ``service_levels`` procedures, units,
    functions or ``procedure/step``: a typo would silently price or target nothing.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
        costs: {roles: {social_worker: 8000}, units: {osp: {social_worker: 9000}}}
        service_levels: {max_utilisation: {opss: 0.85}}
    """
    config = ctx.scenario.config
    if unknown := unknown_cost_units(ctx.scenario):
        names = ", ".join(unknown)
        yield Hit(msg("finding.REF006.costs", names=names), config.costs, "units")
    unknown = unknown_level_keys(ctx.scenario, config.service_levels) if config.service_levels else []
    for section, kind, names in unknown:
        what = msg(f"finding.REF006.kind.{kind if kind in ('procedure', 'unit') else 'any'}")
        yield Hit(
            msg("finding.REF006.levels", section=section, names=", ".join(names), what=what),
            config.service_levels,
            section,
        )


@rule(
    "DUP001",
    Severity.error,
    "Duplicate id",
    citation="— (consistency of the file)",
    fix="give each unit, location, procedure and step its own id",
)
def duplicate_ids(ctx: Context) -> Iterator[Hit]:
    """Ids of units, locations, procedures and of steps within a procedure must be unique.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - id: ops
            name: Ośrodek
            kind: management
            functions: [first_contact]
            staff: [{role: social_worker, fte: 3}]
            units: [{id: ops, name: Sekcja, kind: section, staff: [{role: clerk, fte: 1}]}]
    """
    config = ctx.scenario.config
    groups: list[tuple[str, dict[str, str], list[Any]]] = [
        ("unit", {}, config.all_units()),
        ("location", {}, config.locations),
        ("procedure", {}, ctx.scenario.procedures),
    ]
    groups += [("step", {"procedure": p.name}, p.steps) for p in ctx.scenario.procedures]
    for kind, params, elements in groups:
        seen: Counter[str] = Counter()
        for element in elements:
            seen[element.id] += 1
            if seen[element.id] == 2:
                yield Hit(msg(f"finding.DUP001.{kind}", id=element.id, **params), element, "id")


@rule(
    "DUP002",
    Severity.error,
    "Duplicate unit symbol",
    citation="regulamin organizacyjny: symbol identyfikuje komórkę (annex 3)",
    fix="give each unit its own letter symbol",
)
def duplicate_symbols(ctx: Context) -> Iterator[Hit]:
    """A letter symbol identifies one unit in the regulation, on its letters and in its files
    (annex 3 lists them): two units with one symbol make both ambiguous.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - id: ops
            name: Ośrodek
            symbol: D
            kind: management
            functions: [first_contact]
            staff: [{role: social_worker, fte: 3}]
            units: [{id: ds, name: Dział Świadczeń, symbol: D, kind: department, staff: [{role: clerk, fte: 1}]}]
    """
    first: dict[str, Unit] = {}
    for unit in ctx.scenario.units:
        if not unit.symbol:
            continue
        if unit.symbol in first:
            yield Hit(
                msg("finding.DUP002", symbol=unit.symbol, unit=unit.name, other=first[unit.symbol].name),
                unit,
                "symbol",
                unit.id,
            )
        else:
            first[unit.symbol] = unit


# --- the client flow --------------------------------------------------------------------------


@rule(
    "FLOW001",
    Severity.error,
    "Step unreachable from the entry",
    citation="— (consistency of the routing)",
    fix="route a next: to the step or delete it",
)
def unreachable_step(ctx: Context) -> Iterator[Hit]:
    """Every step must be reachable from the procedure's entry, or no client ever gets there.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: info
            name: Informacja
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, next: end}
              - {id: orphan, function: first_contact, duration: 20 min, next: end}
    """
    for procedure in ctx.scenario.procedures:
        graph = ctx.graphs[procedure.id]
        if procedure.entry not in graph:
            continue
        reachable = nx.descendants(graph, procedure.entry) | {procedure.entry}
        for step in procedure.steps:
            if step.id not in reachable:
                yield Hit(
                    msg("finding.FLOW001", step=step.id, procedure=procedure.name, entry=procedure.entry),
                    step,
                    "id",
                    _subject(procedure, step),
                )


@rule(
    "FLOW002",
    Severity.error,
    "Step from which the route never ends",
    citation="— (consistency of the routing)",
    fix="add a branch to 'end' or to a step that finishes",
)
def no_way_to_end(ctx: Context) -> Iterator[Hit]:
    """From every step a client must be able to reach ``end``; a cycle with no exit traps them.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: loop
            name: Pętla
            arrivals: {per_week: 5}
            entry: a
            steps:
              - {id: a, function: first_contact, duration: 20 min, next: b}
              - {id: b, function: first_contact, duration: 20 min, next: a}
    """
    for procedure in ctx.scenario.procedures:
        graph = ctx.graphs[procedure.id]
        finishing = nx.ancestors(graph, END)
        for step in procedure.steps:
            leads_to_unknown = any(graph.nodes[n].get("unknown") for n in nx.descendants(graph, step.id))
            if step.id not in finishing and not leads_to_unknown:  # REF003 reports unknown targets
                cycle = next(
                    (c for c in nx.simple_cycles(graph.subgraph(nx.descendants(graph, step.id) | {step.id}))), None
                )
                params = {"step": step.id, "procedure": procedure.name}
                message = (
                    msg("finding.FLOW002.loop", loop=" → ".join(cycle + cycle[:1]), **params)
                    if cycle
                    else msg("finding.FLOW002", **params)
                )
                yield Hit(message, step, "next", _subject(procedure, step))


@rule(
    "FLOW003",
    Severity.error,
    "Branch probabilities do not sum to 1",
    citation="— (consistency of the routing)",
    fix="adjust the p values of the branches",
)
def probabilities(ctx: Context) -> Iterator[Hit]:
    """The ``p`` of a step's branches must add up to exactly 1.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: info
            name: Informacja
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - id: talk
                function: first_contact
                duration: 20 min
                next: [{to: end, p: 0.5}, {to: again, p: 0.4}]
              - {id: again, function: first_contact, duration: 20 min, next: end}
    """
    for procedure, step in ctx.steps():
        total = sum(p for _, p in step.branches)
        if not math.isclose(total, 1.0, abs_tol=TOLERANCE):
            yield Hit(
                msg("finding.FLOW003", step=step.id, procedure=procedure.name, total=total),
                step,
                "next",
                _subject(procedure, step),
            )


@rule(
    "SERV001",
    Severity.error,
    "Function needed but served by no staffed unit",
    citation="— (consistency of the routing)",
    fix="add the function to a unit with staff",
)
def unserved_function(ctx: Context) -> Iterator[Hit]:
    """Every step needs a unit with staff that serves its function, or clients wait forever.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: care
            name: Usługi opiekuńcze
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, next: qualify}
              - {id: qualify, function: services, duration: 1 h, next: end}
    """
    for procedure, step in ctx.steps():
        if step.function in ctx.scenario.functions and not ctx.servers.get(step.function):
            yield Hit(
                msg(
                    "finding.SERV001",
                    function=ctx.scenario.function_name(step.function),
                    step=step.id,
                    procedure=procedure.name,
                ),
                step,
                "function",
                _subject(procedure, step),
            )


# --- the new model's separation ---------------------------------------------------------------


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
    "One unit both does social work and assists families",
    citation="ustawa o wspieraniu rodziny: asystent rodziny nie jest pracownikiem socjalnym rodziny (unverified)",
    fix="give family assistance a unit of its own",
    law=("uwr.assistant_not_social_worker",),
)
def assistant_apart_from_social_worker(ctx: Context) -> Iterator[Hit]:
    """A family assistant may not also be the family's social worker: the assistant's plan of
    work and the social worker's analysis are two views of the family, by two people. A unit
    serving both ``social_work`` and ``family_assistance`` lets one person be both.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, social_work, family_assistance],
             staff: [{role: social_worker, fte: 3}, {role: family_assistant, fte: 1}]}
    """
    law = ctx.law("uwr.assistant_not_social_worker")
    if law is None:
        return
    for unit in ctx.scenario.units:
        if {SOCIAL_WORK, FAMILY_ASSISTANCE} <= set(unit.functions):
            yield Hit(msg("finding.SEP003", unit=unit.name, citation=law.citation), unit, "functions", unit.id)


# --- staffing ---------------------------------------------------------------------------------


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

    Fails::

        centre: {name: OPS, population: 9000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}, {role: manager, fte: 1}]}
    """
    check = staffing_norm(ctx.scenario, ctx)
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


@dataclass(frozen=True)
class NormCheck:
    """Art. 110 ust. 11 applied to a centre: what it has, what it needs, by which alternative."""

    have: float
    """Social-worker FTE (every grade; managers excluded)."""
    required: float
    """The lower of the two alternatives, at least the minimum."""
    families: int | None
    """Families under social work, when declared: the second alternative applies."""
    per: int
    families_per: int
    least: int
    citation: str

    @property
    def met(self) -> bool:
        return self.have + TOLERANCE >= self.required


def staffing_norm(scenario: Scenario, ctx: Context | None = None) -> NormCheck | None:
    """The art. 110 ust. 11 check in the law of the scenario's date (None before the norm existed).

    One computation for rule STAFF001 and the staffing annex, so the two never disagree.
    """
    ctx = ctx or Context(scenario)
    law, required = ctx.law("ups.social_worker_norm"), ctx.required_social_workers()
    if law is None or required is None:
        return None
    norm = law.value
    declared = ctx.caseload(SOCIAL_WORK)
    return NormCheck(
        have=sum(u.social_worker_fte() for u in scenario.units),
        required=required,
        families=None if declared is None else declared[0],
        per=norm["inhabitants"],
        families_per=norm["families"],
        least=norm["minimum"],
        citation=law.citation,
    )


@rule(
    "STAFF002",
    Severity.warning,
    "Unit with no staff",
    citation="— (consistency of the chart)",
    fix="add staff with fte > 0 or delete the unit",
)
def unit_without_staff(ctx: Context) -> Iterator[Hit]:
    """A unit with neither staff nor subordinate units exists only on paper.

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

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}]}
          - {id: ar, name: Asystenci rodziny, kind: team, functions: [family_assistance],
             caseload: {families: 40}, staff: [{role: family_assistant, fte: 2}]}
    """
    law = ctx.law("uwr.assistant_cap")
    declared = ctx.caseload(FAMILY_ASSISTANCE)
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


# --- proceedings: interview, authorisation, appeal --------------------------------------------


@rule(
    "PROC001",
    Severity.error,
    "Benefit decision with no environmental interview before it",
    citation="art. 106 ust. 4 u.p.s.",
    fix="route the client through a step with interview: true before the decision",
    law=("ups.interview",),
)
def interview_before_decision(ctx: Context) -> Iterator[Hit]:
    """A benefit of social assistance is granted by decision only after a family environmental
    interview (art. 106 ust. 4 u.p.s.): every route from the entry to a decision step of
    ``decision_benefits`` must pass a step marked ``interview: true``.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area, shared_services: CUW}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, decision_benefits],
             staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, next: decide}
              - {id: decide, function: decision_benefits, duration: 30 min, decision: true, next: end}
    """
    law = ctx.law("ups.interview")
    if law is None:
        return
    for procedure in ctx.scenario.procedures:
        graph = ctx.graphs[procedure.id]
        if procedure.entry not in graph:
            continue
        skipping = graph.subgraph([n for n in graph if not _interview(graph, n)])
        reachable = (
            nx.descendants(skipping, procedure.entry) | {procedure.entry} if procedure.entry in skipping else set()
        )
        for step in procedure.steps:
            if step.decision and step.function == DECISION_BENEFITS and step.id in reachable:
                yield Hit(
                    msg("finding.PROC001", step=step.id, procedure=procedure.name, citation=law.citation),
                    step,
                    "decision",
                    _subject(procedure, step),
                )


def _interview(graph: nx.DiGraph, node: str) -> bool:
    step = graph.nodes[node].get("step")
    return bool(step and step.interview)


@rule(
    "PROC002",
    Severity.error,
    "Environmental interview by a unit with no social worker",
    citation="art. 107 u.p.s.; rozporządzenie w sprawie rodzinnego wywiadu środowiskowego (unverified)",
    fix="serve the interview's function only by units with social-worker staff",
    law=("ups.interview_by_social_worker",),
)
def interview_by_social_worker(ctx: Context) -> Iterator[Hit]:
    """Only a social worker conducts the family environmental interview. Every unit that may
    be sent a step marked ``interview: true`` must have social-worker staff.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area, shared_services: CUW}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}]}
          - {id: desk, name: Sekcja Świadczeń, kind: section, functions: [decision_benefits],
             staff: [{role: clerk, fte: 2}]}
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, next: visit}
              - {id: visit, function: decision_benefits, duration: 1 h, interview: true, next: end}
    """
    law = ctx.law("ups.interview_by_social_worker")
    if law is None:
        return
    for procedure, step in ctx.steps():
        if not step.interview:
            continue
        for unit in ctx.servers.get(step.function, []):
            if unit.social_worker_fte() <= 0:
                yield Hit(
                    msg("finding.PROC002", step=step.id, procedure=procedure.name, unit=unit.name),
                    step,
                    "interview",
                    _subject(procedure, step),
                )


@rule(
    "PROC003",
    Severity.error,
    "Decision no authorised post signs",
    citation="art. 110 ust. 7–8 u.p.s.",
    fix="list the function under authorisations: of the deciding unit or of a superior",
    law=("ups.authorisation",),
)
def decision_authorised(ctx: Context) -> Iterator[Hit]:
    """A decision is signed by someone holding the mayor's authorisation (art. 110 ust. 7–8
    u.p.s.): the director, or staff authorised on the director's request. Every unit serving a
    decision step's function must hold it for that function, itself or through a superior
    (``authorisations: [decision_benefits]``); the regulation draft lists them.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area, shared_services: CUW}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, decision_benefits],
             staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, interview: true, next: decide}
              - {id: decide, function: decision_benefits, duration: 30 min, decision: true, next: end}
    """
    law = ctx.law("ups.authorisation")
    if law is None:
        return
    reported: set[tuple[str, str]] = set()
    for _procedure, step in ctx.steps():
        if not step.decision:
            continue
        for unit in ctx.servers.get(step.function, []):
            if (unit.id, step.function) in reported:
                continue
            if not any(step.function in boss.authorisations for boss in ctx.chain(unit)):
                reported.add((unit.id, step.function))
                yield Hit(
                    msg(
                        "finding.PROC003",
                        unit=unit.name,
                        function=ctx.scenario.function_name(step.function),
                        citation=law.citation,
                    ),
                    unit,
                    "functions",
                    unit.id,
                )


@rule(
    "PROC004",
    Severity.error,
    "Appeal forwarded to the SKO later than art. 133 KPA allows",
    citation="art. 133 KPA",
    fix="give the appeal step a deadline of at most 7 days (law: kpa.forward_appeal)",
    law=("kpa.forward_appeal",),
)
def appeal_forwarded_in_time(ctx: Context) -> Iterator[Hit]:
    """The centre decides in the first instance; an appeal against its decision goes to the
    local appeals board (SKO) through the centre, which forwards it with the files within 7 days
    (art. 133 KPA). A step marked ``appeal: true`` needs that deadline.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area, shared_services: CUW}
        units:
          - id: ops
            name: Ośrodek
            kind: management
            functions: [first_contact, decision_benefits]
            authorisations: [decision_benefits]
            staff: [{role: social_worker, fte: 3}]
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, interview: true, next: decide}
              - id: decide
                function: decision_benefits
                duration: 30 min
                decision: true
                next: [{to: end, p: 0.9}, {to: appeal, p: 0.1}]
              - id: appeal
                function: decision_benefits
                duration: 1 h
                appeal: true
                deadline: {within: 14 d, from: decide, basis: art. 133 KPA}
                next: end
    """
    law = ctx.law("kpa.forward_appeal")
    if law is None:
        return
    limit, clock = parse_span(law.value), ctx.clock
    for procedure, step in ctx.steps():
        if not step.appeal:
            continue
        within = step.deadline.within if step.deadline else None
        if within is None or (
            clock is not None
            and any(clock.last_day(within, t, True) > clock.last_day(limit, t, True) for t in ctx.starts)
        ):
            yield Hit(
                msg(
                    "finding.PROC004",
                    step=step.id,
                    procedure=procedure.name,
                    limit=_span(limit),
                    citation=law.citation,
                ),
                step.deadline or step,
                "within" if step.deadline else "appeal",
                _subject(procedure, step),
            )


@rule(
    "PROC005",
    Severity.warning,
    "Decision with no appeal route",
    citation="art. 127 § 1 i art. 129 § 2 KPA",
    fix="add a branch from the decision to a step marked appeal: true",
    law=("kpa.appeal",),
)
def appeal_route(ctx: Context) -> Iterator[Hit]:
    """A party may appeal a decision within 14 days (art. 129 § 2 KPA). A procedure whose
    decision has no branch to an ``appeal: true`` step hides that work from the simulation and
    the 7-day forwarding deadline from PROC004.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area, shared_services: CUW}
        units:
          - id: ops
            name: Ośrodek
            kind: management
            functions: [first_contact, decision_benefits]
            authorisations: [decision_benefits]
            staff: [{role: social_worker, fte: 3}]
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, interview: true, next: decide}
              - {id: decide, function: decision_benefits, duration: 30 min, decision: true, next: end}
    """
    law = ctx.law("kpa.appeal")
    if law is None:
        return
    for procedure in ctx.scenario.procedures:
        graph = ctx.graphs[procedure.id]
        for step in procedure.steps:
            if not step.decision or step.id not in graph:
                continue
            after = nx.descendants(graph, step.id)
            if not any(_appeal(graph, n) for n in after):
                yield Hit(
                    msg("finding.PROC005", step=step.id, procedure=procedure.name, citation=law.citation),
                    step,
                    "decision",
                    _subject(procedure, step),
                )


def _appeal(graph: nx.DiGraph, node: str) -> bool:
    step = graph.nodes[node].get("step")
    return bool(step and step.appeal)


# --- the law of the configuration's date ------------------------------------------------------


@rule(
    "LAW001",
    Severity.error,
    "Task the law of the date gives to another body",
    citation="ustawa o pomocy państwa w wychowywaniu dzieci: od 1.01.2022 r. świadczenie wychowawcze ustala ZUS",
    fix="remove the task, or date the configuration when the centre still had it",
    law=("child_benefit.body",),
)
def task_of_another_body(ctx: Context) -> Iterator[Hit]:
    """Since 1.01.2022 ZUS, not the gmina, grants and pays the *świadczenie wychowawcze* (500+).
    A configuration dated after that which still gives the centre that task speaks an old law.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area, effective_from: 2024-01-01, shared_services: CUW}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}],
             tasks: [prowadzenie postępowań w sprawie świadczenia wychowawczego]}
    """
    law = ctx.law("child_benefit.body")
    if law is None or law.value["body"] == "gmina":
        return
    pattern = re.compile(r"świadcze\w*\s+wychowawcz", re.IGNORECASE)
    for unit in ctx.scenario.units:
        for task in unit.tasks:
            if pattern.search(task):
                yield Hit(
                    msg("finding.LAW001", unit=unit.name, task=task, body=law.value["body"], on=str(ctx.on)),
                    unit,
                    "tasks",
                    unit.id,
                )


# --- Centrum Usług Społecznych (act of 19.07.2019) ---------------------------------------------


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
    "program usług społecznych uchwalony przez radę gminy (artykuły: unverified)",
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


# --- deadlines --------------------------------------------------------------------------------


@rule(
    "TIME001",
    Severity.warning,
    "Deadline the quickest route cannot meet",
    citation="the deadline's own basis (e.g. art. 35 § 3 KPA)",
    fix="shorten the steps or delays before the deadline",
)
def unmeetable_deadline(ctx: Context) -> Iterator[Hit]:
    """Even the quickest route, at mean durations and delays, must be able to meet a step's deadline.

    A deadline runs from the client's arrival or from the completion of an earlier step. The
    route is walked on the simulation's own calendar (:mod:`model.simulation.calendar`): delays
    in days run through nights and weekends, working days skip the days off, and the deadline's
    last day is counted as KPA art. 57 counts it. The rule fires when the deadline is missed
    for a client who comes at the opening of any open day of the first four weeks alike: it
    cannot be met whenever they come. The simulation counts every client.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact, decision_benefits], staff: [{role: social_worker, fte: 3}]}
        procedures:
          - id: grant
            name: Zasiłek
            arrivals: {per_week: 5}
            entry: talk
            steps:
              - {id: talk, function: first_contact, duration: 20 min, delay: 35 d, next: decide}
              - id: decide
                function: decision_benefits
                duration: 30 min
                next: end
                deadline: {within: 1 month, basis: art. 35 § 3 KPA}
    """
    clock = ctx.clock
    if clock is None:
        return

    def finish(step: Step, minute: float) -> float:
        waited = minute if step.delay is None else clock.after(minute, step.delay)
        return waited + step.duration.mean_minutes

    for procedure, step in ctx.steps():
        if not step.deadline or step.deadline.within is None:
            continue
        graph = ctx.graphs[procedure.id]
        from_arrival = step.deadline.from_ == "arrival"
        source = procedure.entry if from_arrival else step.deadline.from_
        if source not in graph or graph.nodes[source].get("step") is None:
            continue  # REF003 reports it
        span = step.deadline.within
        routes = [
            (start, flow.quickest_end(graph, source, step.id, start, finish, after_source=not from_arrival))
            for start in ctx.starts
        ]
        if routes[0][1] is None:
            yield Hit(
                msg("finding.TIME001.source", step=step.id, source=source),
                step.deadline,
                "from",
                _subject(procedure, step),
            )
        elif not any(clock.kept(span, start, end, not from_arrival) for start, end in routes):
            taken = min(
                (_taken(clock, span, start, end, not from_arrival) for start, end in routes), key=lambda x: x[0]
            )
            yield Hit(
                msg(
                    "finding.TIME001",
                    step=step.id,
                    procedure=procedure.name,
                    within=_span(span),
                    basis=step.deadline.basis,
                    needed=taken[1],
                ),
                step.deadline,
                "within",
                _subject(procedure, step),
            )


def _taken(
    clock: WorkingCalendar, span: Span, start: float, end: float, from_completion: bool
) -> tuple[float, Message]:
    """How long a route takes, in the deadline's terms: working time, working days or days."""
    if span.unit == "minutes":
        return end - start, _work(end - start)
    first = clock.open_days[clock.day(start, from_completion)]
    last = clock.open_days[clock.day(end, finishing=True)]
    if span.unit == "working_days":
        days = clock.legal.working_days_between(first, last)
        return days, msg("span.working_days", amount=days)
    return last - first, msg("span.days", amount=last - first)
