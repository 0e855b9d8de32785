"""Rules of the file's own consistency: every reference names something that exists, every id is unique."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from model.checks.findings import REGISTRY, Hit, Place, Severity, rule
from model.checks.references import unknown_cost_units, unknown_level_keys
from model.checks.rules.context import Context, listed, subject
from model.config.schema import END, Unit
from model.i18n import msg


@rule(
    "REF001",
    Severity.error,
    "Unit placed at an unknown location",
    citation="— (consistency of the file)",
    fix="use the id of an entry in locations:",
)
def unknown_location(ctx: Context) -> Iterator[Hit]:
    """A unit's ``location`` must be the id of an entry in ``locations``.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        locations: [{id: main, address: ul. Główna 1}]
        units:
          - {id: ops, name: Ośrodek, kind: management, location: main,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        locations: [{id: main, address: ul. Główna 1}]
        units:
          - {id: ops, name: Ośrodek, kind: management, location: mian,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
    """
    known = listed({loc.id for loc in ctx.scenario.config.locations}) or "—"
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

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact, social_work], staff: [{role: social_worker, fte: 3}]}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact, socjal], staff: [{role: social_worker, fte: 3}]}
    """
    known = ctx.scenario.functions
    listing = listed(known)
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
                subject(procedure, step),
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

    Passes::

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
        listing = listed(ids)
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
                        subject(procedure, step),
                    )
            if step.deadline and step.deadline.from_ != "arrival" and step.deadline.from_ not in ids:
                yield Hit(
                    msg("finding.REF003.from", step=step.id, source=step.deadline.from_, known=listing),
                    step.deadline,
                    "from",
                    subject(procedure, step),
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

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
          - {id: kadry, name: Sekcja Kadr, kind: section, also_reports_to: [ops],
             staff: [{role: clerk, fte: 1}]}

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

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        locations: [{id: main, address: ul. Główna 1}]
        units:
          - {id: ops, name: Ośrodek, kind: management, location: main,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}

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

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
        costs: {roles: {social_worker: 8000}, units: {ops: {social_worker: 9000}}}
        service_levels: {max_utilisation: {ops: 0.85}}

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
        yield Hit(msg("finding.REF006.costs", names=", ".join(unknown)), config.costs, "units")
    levels = unknown_level_keys(ctx.scenario, config.service_levels) if config.service_levels else []
    for section, kind, names in levels:
        what = msg(f"finding.REF006.kind.{kind if kind in ('procedure', 'unit') else 'any'}")
        yield Hit(
            msg("finding.REF006.levels", section=section, names=", ".join(names), what=what),
            config.service_levels,
            section,
        )


@rule(
    "REF007",
    Severity.error,
    "checks: names an unknown rule",
    citation="— (consistency of the file)",
    fix="use the id of a rule (python -m model rules)",
)
def unknown_rule(ctx: Context) -> Iterator[Hit]:
    """``checks:`` may switch off or re-grade only rules that exist: a typo would leave the rule
    on while the file claims it is off.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
        checks:
          disable: {PROC005: odwołania obsługuje radca prawny}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - {id: ops, name: Ośrodek, kind: management,
             functions: [first_contact], staff: [{role: social_worker, fte: 3}]}
        checks:
          disable: {PROC500: odwołania obsługuje radca prawny}
    """
    settings = ctx.scenario.config.checks
    if settings is None:
        return
    for rule_id in [*settings.disable, *settings.severity]:
        if rule_id not in REGISTRY:
            yield Hit(msg("finding.REF007", rule=rule_id), Place(settings.file, settings.line_of_rule(rule_id)))


@rule(
    "DUP001",
    Severity.error,
    "Duplicate id",
    citation="— (consistency of the file)",
    fix="give each unit, location, procedure and step its own id",
)
def duplicate_ids(ctx: Context) -> Iterator[Hit]:
    """Ids of units, locations, procedures and of steps within a procedure must be unique.

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

    Passes::

        centre: {name: OPS, population: 6000, model: care_area}
        units:
          - id: ops
            name: Ośrodek
            symbol: D
            kind: management
            functions: [first_contact]
            staff: [{role: social_worker, fte: 3}]
            units: [{id: ds, name: Dział Świadczeń, symbol: DS, kind: department, staff: [{role: clerk, fte: 1}]}]

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
