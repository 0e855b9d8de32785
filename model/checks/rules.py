"""Validation rules: each a small function over the loaded scenario and its flow graphs.

Every rule is registered with an id, a severity and a title; its docstring says why it
exists and ends with a minimal configuration (``Fails:``) on which it fires. The test suite
runs those examples, and ``python -m model rules`` prints the table the README shows.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx

from model.checks import flow
from model.checks.findings import REGISTRY, Finding, Hit, Severity, rule
from model.config.functions import FIRST_CONTACT, SOCIAL_WORK
from model.config.loader import Scenario
from model.config.quantities import format_minutes
from model.config.schema import END, CentreModel, Procedure, Role, Step, Unit

INHABITANTS_PER_SOCIAL_WORKER = 2000  # art. 110 ust. 11 pkt 1 ustawy o pomocy społecznej
MINIMUM_SOCIAL_WORKERS = 3  # art. 110 ust. 11 in fine: "nie mniej niż 3 pracowników socjalnych"
TOLERANCE = 1e-6  # for sums of probabilities and of FTE


@dataclass
class Context:
    """The scenario plus what rules share: one flow graph per procedure, servers per function."""

    scenario: Scenario
    graphs: dict[str, nx.DiGraph] = field(init=False)

    def __post_init__(self) -> None:
        self.graphs = {p.id: flow.procedure_graph(p) for p in self.scenario.procedures}

    @cached_property
    def servers(self) -> dict[str, list[Unit]]:
        return flow.servers(self.scenario)

    @cached_property
    def decision_functions(self) -> set[str]:
        return {s.function for p in self.scenario.procedures for s in p.steps if s.decision}

    def steps(self) -> Iterator[tuple[Procedure, Step]]:
        for procedure in self.scenario.procedures:
            for step in procedure.steps:
                yield procedure, step


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


def _pl(number: float) -> str:
    """A number as Polish writes it: decimal comma."""
    return f"{number:g}".replace(".", ",")


def _subject(procedure: Procedure, step: Step | None = None) -> str:
    return f"{procedure.id}/{step.id}" if step else procedure.id


# --- references -------------------------------------------------------------------------------


@rule("REF001", Severity.error, "Unit placed at an unknown location")
def unknown_location(ctx: Context) -> Iterator[Hit]:
    """A unit's ``location`` must be the id of an entry in ``locations``.

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        locations: [{id: main, address: ul. Główna 1}]
        units:
          - {id: ops, name: Ośrodek, kind: management, location: mian,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
    """
    known = {loc.id for loc in ctx.scenario.config.locations}
    for unit in ctx.scenario.units:
        if unit.location is not None and unit.location not in known:
            yield Hit(
                f"unit '{unit.id}' is at unknown location '{unit.location}'; "
                f"use one of: {', '.join(sorted(known)) or '(add a locations: entry)'}",
                unit,
                "location",
                unit.id,
                pl=f"komórka „{unit.name}” ma nieznaną lokalizację '{unit.location}'; wybierz jedną z: "
                f"{', '.join(sorted(known)) or '(dodaj wpis w locations:)'}",
            )


@rule("REF002", Severity.error, "Unknown function")
def unknown_function(ctx: Context) -> Iterator[Hit]:
    """Units and steps may only name functions of the vocabulary (built-in or under ``functions:``).

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact, socjal], staff: [{role: social_worker, fte: 3}]}
    """
    known = ctx.scenario.functions
    hint = "declare it under functions: or use one of: " + ", ".join(sorted(known))
    hint_pl = "zadeklaruj ją w functions: albo użyj jednej z: " + ", ".join(sorted(known))
    for unit in ctx.scenario.units:
        for function in unit.functions:
            if function not in known:
                yield Hit(
                    f"unit '{unit.id}' serves unknown function '{function}'; {hint}",
                    unit,
                    "functions",
                    unit.id,
                    pl=f"komórka „{unit.name}” realizuje nieznaną funkcję '{function}'; {hint_pl}",
                )
    for procedure, step in ctx.steps():
        if step.function not in known:
            yield Hit(
                f"step '{step.id}' of '{procedure.id}' needs unknown function '{step.function}'; {hint}",
                step,
                "function",
                _subject(procedure, step),
                pl=f"krok '{step.id}' procedury „{procedure.name}” wymaga nieznanej funkcji "
                f"'{step.function}'; {hint_pl}",
            )


@rule("REF003", Severity.error, "Unknown step")
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
        listing = ", ".join(sorted(ids))
        if procedure.entry not in ids:
            yield Hit(
                f"procedure '{procedure.id}' enters at unknown step '{procedure.entry}'; use one of: {listing}",
                procedure,
                "entry",
                procedure.id,
                pl=f"procedura „{procedure.name}” zaczyna się od nieznanego kroku '{procedure.entry}'; "
                f"wybierz jeden z: {listing}",
            )
        for step in procedure.steps:
            for target, _ in step.branches:
                if target != END and target not in ids:
                    yield Hit(
                        f"step '{step.id}' of '{procedure.id}' goes to unknown step '{target}'; "
                        f"use 'end' or one of: {listing}",
                        step,
                        "next",
                        _subject(procedure, step),
                        pl=f"krok '{step.id}' procedury „{procedure.name}” prowadzi do nieznanego kroku "
                        f"'{target}'; wpisz 'end' albo jeden z: {listing}",
                    )
            if step.deadline and step.deadline.from_ != "arrival" and step.deadline.from_ not in ids:
                yield Hit(
                    f"deadline of step '{step.id}' counts from unknown step '{step.deadline.from_}'; "
                    f"use 'arrival' or one of: {listing}",
                    step.deadline,
                    "from",
                    _subject(procedure, step),
                    pl=f"termin kroku '{step.id}' biegnie od nieznanego kroku '{step.deadline.from_}'; "
                    f"wpisz 'arrival' (od zgłoszenia) albo jeden z: {listing}",
                )


@rule("REF004", Severity.error, "Dotted reporting line to an unknown unit")
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
                yield Hit(
                    f"unit '{unit.id}' also reports to '{boss}', which is not another unit of the chart; "
                    "fix the id or remove the dotted line",
                    unit,
                    "also_reports_to",
                    unit.id,
                    pl=f"komórka „{unit.name}” podlega dodatkowo '{boss}', a takiej innej komórki nie ma "
                    "w schemacie; popraw identyfikator albo usuń linię przerywaną",
                )


@rule("REF005", Severity.warning, "Location no unit works at")
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
            yield Hit(
                f"no unit works at location '{location.id}' ({location.address}); "
                "place a unit there or delete the location",
                location,
                "id",
                pl=f"pod adresem '{location.id}' ({location.address}) nie pracuje żadna komórka; "
                "umieść tam komórkę albo usuń lokalizację",
            )


@rule("REF006", Severity.error, "Costs or service levels name an unknown unit, procedure or step")
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
    from model.staffing.costs import unknown_cost_units
    from model.staffing.targets import levels_of, unknown_keys

    config = ctx.scenario.config
    if unknown := unknown_cost_units(ctx.scenario):
        names = ", ".join(unknown)
        yield Hit(
            f"costs.units names {names}, which is no unit of the chart; fix the id or remove the entry",
            config.costs,
            "units",
            pl=f"costs.units wymienia {names}, a takiej komórki nie ma w schemacie; popraw identyfikator "
            "albo usuń wpis",
        )
    for section, kind, names in unknown_keys(ctx.scenario, levels_of(ctx.scenario)):
        what = {"procedure": ("procedure", "procedury"), "unit": ("staffed unit", "komórki z obsadą")}.get(
            kind, ("staffed unit, function or procedure/step", "komórki z obsadą, funkcji ani kroku procedura/krok")
        )
        shown = ", ".join(names)
        yield Hit(
            f"service_levels.{section} names {shown}: no such {what[0]}; fix the key or remove it",
            config.service_levels,
            section,
            pl=f"service_levels.{section} wymienia {shown}: nie ma takiej {what[1]}; popraw klucz albo go usuń",
        )


@rule("DUP001", Severity.error, "Duplicate id")
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
    groups = [
        ("unit", "komórki", config.all_units()),
        ("location", "lokalizacji", config.locations),
        ("procedure", "procedury", ctx.scenario.procedures),
    ]
    groups += [(f"step of '{p.id}'", f"kroku procedury „{p.name}”", p.steps) for p in ctx.scenario.procedures]
    for kind, kind_pl, elements in groups:
        seen: Counter[str] = Counter()
        for element in elements:
            seen[element.id] += 1
            if seen[element.id] == 2:
                yield Hit(
                    f"{kind} id '{element.id}' is used more than once; give each its own id",
                    element,
                    "id",
                    pl=f"identyfikator {kind_pl} '{element.id}' występuje więcej niż raz; nadaj każdemu własny",
                )


# --- the client flow --------------------------------------------------------------------------


@rule("FLOW001", Severity.error, "Step unreachable from the entry")
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
                    f"step '{step.id}' of '{procedure.id}' cannot be reached from entry '{procedure.entry}'; "
                    "route a 'next' to it or delete it",
                    step,
                    "id",
                    _subject(procedure, step),
                    pl=f"do kroku '{step.id}' procedury „{procedure.name}” nie da się dojść od kroku "
                    f"'{procedure.entry}'; skieruj do niego któreś 'next' albo go usuń",
                )


@rule("FLOW002", Severity.error, "Step from which the route never ends")
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
                loop = " → ".join(cycle + cycle[:1]) if cycle else ""
                why = f" (it loops {loop} with no exit)" if cycle else ""
                why_pl = f" (pętla {loop} bez wyjścia)" if cycle else ""
                yield Hit(
                    f"from step '{step.id}' of '{procedure.id}' a client never reaches 'end'{why}; "
                    "add a branch to 'end' or to a step that finishes",
                    step,
                    "next",
                    _subject(procedure, step),
                    pl=f"z kroku '{step.id}' procedury „{procedure.name}” klient nigdy nie dochodzi do końca"
                    f"{why_pl}; dodaj przejście do 'end' albo do kroku, który się kończy",
                )


@rule("FLOW003", Severity.error, "Branch probabilities do not sum to 1")
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
                f"branches of step '{step.id}' of '{procedure.id}' have p summing to {total:g}, not 1; "
                "adjust the p values",
                step,
                "next",
                _subject(procedure, step),
                pl=f"prawdopodobieństwa przejść z kroku '{step.id}' procedury „{procedure.name}” sumują się "
                f"do {_pl(total)}, a nie do 1; popraw wartości p",
            )


@rule("SERV001", Severity.error, "Function needed but served by no staffed unit")
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
                f"no unit with staff serves '{step.function}' ({ctx.scenario.function_name(step.function)}), "
                f"needed by step '{step.id}' of '{procedure.id}'; add the function to a staffed unit",
                step,
                "function",
                _subject(procedure, step),
                pl=f"żadna obsadzona komórka nie realizuje funkcji „{ctx.scenario.function_name(step.function)}”"
                f", której wymaga krok '{step.id}' procedury „{procedure.name}”; przypisz tę funkcję "
                "komórce z etatami",
            )


# --- the new model's separation ---------------------------------------------------------------


@rule("SEP001", Severity.error, "Separated model: one unit both decides benefits and does social work")
def decisions_apart_from_social_work(ctx: Context) -> Iterator[Hit]:
    """The new model separates administrative proceedings from social work ("Nowy Model –
    Lepsza Jakość"): no unit may serve both a function of a decision step and ``social_work``.

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
            yield Hit(
                f"unit '{unit.id}' serves decision function(s) {', '.join(sorted(both))} and social_work; "
                "in the separated model move social work to its own team",
                unit,
                "functions",
                unit.id,
                pl=f"komórka „{unit.name}” wydaje decyzje "
                f"({', '.join(ctx.scenario.function_name(f) for f in sorted(both))}) i prowadzi pracę "
                "socjalną; w modelu rozdzielonym przenieś pracę socjalną do osobnego zespołu",
            )


@rule("SEP002", Severity.error, "Separated model: procedure does not start at first contact")
def entry_at_first_contact(ctx: Context) -> Iterator[Hit]:
    """In the separated model every client who comes in starts at the first-contact post, which
    routes them (work on open cases, ``origin: caseload``, starts with the team that has the case).

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
        if entry and entry.function != FIRST_CONTACT:
            yield Hit(
                f"procedure '{procedure.id}' starts with '{entry.function}' at step '{entry.id}'; in the "
                "separated model start with a first_contact step",
                procedure,
                "entry",
                procedure.id,
                pl=f"procedura „{procedure.name}” zaczyna się od funkcji '{entry.function}' (krok "
                f"'{entry.id}'); w modelu rozdzielonym klient zaczyna od pierwszego kontaktu "
                "(first_contact)",
            )


# --- staffing ---------------------------------------------------------------------------------


@rule("STAFF001", Severity.error, "Fewer social workers than art. 110 requires")
def social_worker_norm(ctx: Context) -> Iterator[Hit]:
    """Art. 110 ust. 11 of the Act on social assistance: one full-time social worker per 2,000
    inhabitants, and not fewer than 3.

    Fails::

        centre: {name: OPS, population: 9000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
    """
    centre = ctx.scenario.config.centre
    required = max(MINIMUM_SOCIAL_WORKERS, centre.population / INHABITANTS_PER_SOCIAL_WORKER)
    have = sum(u.fte(Role.social_worker) for u in ctx.scenario.units)
    if have + TOLERANCE < required:
        norm, missing = math.ceil(required * 10) / 10, round(required - have, 1)
        per, least = INHABITANTS_PER_SOCIAL_WORKER, MINIMUM_SOCIAL_WORKERS
        yield Hit(
            f"{have:g} social-worker FTE for {centre.population} inhabitants; art. 110 ust. 11 requires "
            f"at least {norm:g} (1 per {per:,}, minimum {least}): add {missing:g} FTE",
            centre,
            "population",
            pl=f"{_pl(have)} etatu pracownika socjalnego na {centre.population} mieszkańców; art. 110 "
            f"ust. 11 wymaga co najmniej {_pl(norm)} (1 na {per}, nie mniej niż {least}): "
            f"dodaj {_pl(missing)} etatu",
        )


@rule("STAFF002", Severity.warning, "Unit with no staff")
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
            yield Hit(
                f"unit '{unit.id}' ({unit.name}) has no staff; add staff with fte > 0 or delete the unit",
                unit,
                "staff",
                unit.id,
                pl=f"komórka „{unit.name}” nie ma obsady; dodaj etaty (fte > 0) albo usuń komórkę",
            )


# --- deadlines --------------------------------------------------------------------------------


@rule("TIME001", Severity.warning, "Deadline the quickest route cannot meet")
def unmeetable_deadline(ctx: Context) -> Iterator[Hit]:
    """Even the quickest route, at mean durations and delays, must fit within a step's deadline.

    A deadline runs from the client's arrival or from the completion of an earlier step.
    Working time is compared with the deadline converted to working time (a month as 21
    working days); the simulation checks against the real calendar.

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
              - {id: talk, function: first_contact, duration: 20 min, delay: 30 d, next: decide}
              - id: decide
                function: decision_benefits
                duration: 30 min
                decision: true
                next: end
                deadline: {within: 1 month, basis: art. 35 § 3 KPA}
    """
    for procedure, step in ctx.steps():
        if not step.deadline:
            continue
        graph = ctx.graphs[procedure.id]
        from_arrival = step.deadline.from_ == "arrival"
        source = procedure.entry if from_arrival else step.deadline.from_
        if source not in graph or graph.nodes[source].get("step") is None:
            continue  # REF003 reports it
        needed = flow.quickest_minutes(graph, source, step.id, after_source=not from_arrival)
        allowed = step.deadline.within.working_minutes()
        if needed is None:
            yield Hit(
                f"deadline of step '{step.id}' counts from '{source}', which does not lead to it; "
                "count from 'arrival' or an earlier step",
                step.deadline,
                "from",
                _subject(procedure, step),
                pl=f"termin kroku '{step.id}' biegnie od '{source}', który do niego nie prowadzi; licz od "
                "zgłoszenia ('arrival') albo od wcześniejszego kroku",
            )
        elif needed > allowed:
            yield Hit(
                f"step '{step.id}' of '{procedure.id}' has {step.deadline.within} ({step.deadline.basis}) but "
                f"the quickest route takes {format_minutes(needed)} of working time; shorten the steps "
                "or delays before it",
                step.deadline,
                "within",
                _subject(procedure, step),
                pl=f"krok '{step.id}' procedury „{procedure.name}” ma termin {step.deadline.within} "
                f"({step.deadline.basis}), a najszybsza ścieżka zajmuje {format_minutes(needed)} czasu "
                "pracy; skróć wcześniejsze kroki lub oczekiwanie",
            )
