"""As-is → to-be: what changes between two structures of a centre, as typed results.

Units are matched by id: an id only in B is *added*, only in A *closed*; an id in both whose name
differs is *renamed*, whose parent differs is *moved* (a renamed and moved unit is both). FTE is a
unit's own staff, without its sub-units, so a change shows where it is made. Spans of control
count people, not boxes (see :func:`spans`); layers are the depth of the chart. Functions and the
procedures' serving units come from the declared functions and the staffed units that serve them
(:func:`model.checks.flow.servers`, which the simulation routes by too).

Costs come from the configurations' ``costs:`` sections (:mod:`model.staffing.costs`) when both
have one; :func:`diff` also takes any other ``cost_of`` function (unit id → monthly cost).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from model.checks.flow import servers
from model.config.errors import ConfigError
from model.config.loader import Scenario
from model.config.schema import Role, Unit, UnitKind
from model.simulation.comparison import Difference

CostOf = Callable[[Scenario], dict[str, float]]
"""Monthly staff cost per unit id (the unit's own staff), for the cost part of the impact."""


@dataclass(frozen=True)
class Thresholds:
    """When a span or a chain is worth a look (configurable: ``diff --min-span …``)."""

    min_span: int = 3
    """Fewer direct reports than this: a manager who may not be needed as a separate layer."""
    max_span: int = 12
    """More direct reports than this: more people than one manager can lead well."""
    max_layers: int = 5
    """Levels of the chart, the director's included, beyond which a chain is too deep."""


@dataclass(frozen=True)
class Renamed:
    """A unit that kept its id and changed its name."""

    id: str
    before: str
    after: str


@dataclass(frozen=True)
class Moved:
    """A unit that kept its id and changed its parent."""

    id: str
    before: str | None
    """The former parent's id (``None``: a top unit)."""
    after: str | None


@dataclass(frozen=True)
class Change:
    """A number before and after (FTE, cost)."""

    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class FteChange:
    """A unit whose own FTE changed, in total and per role."""

    id: str
    total: Change
    roles: dict[str, Change]


@dataclass(frozen=True)
class Span:
    """A manager's direct reports, and whether they are outside the thresholds."""

    id: str
    reports: int
    flag: str | None = None
    """``"narrow"`` (below ``min_span``), ``"wide"`` (above ``max_span``) or ``None``."""


@dataclass(frozen=True)
class Shape:
    """Spans and layers of one structure."""

    spans: list[Span]
    layers: int
    too_deep: list[str]
    """Units below the deepest level allowed, in chart order."""

    @property
    def flagged(self) -> list[Span]:
        return [span for span in self.spans if span.flag]


@dataclass(frozen=True)
class Reassigned:
    """A function, or a procedure's step, served by other units after the change."""

    subject: str
    """A function id, or ``procedure/step``."""
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(frozen=True)
class TripChange:
    """Trips between buildings per client of a procedure, from a paired simulation."""

    procedure: str
    before: float | None
    after: float | None
    difference: Difference
    """After − before over the paired replications (common random numbers), with its 95% interval."""


@dataclass
class Impact:
    """Everything that changes from ``before`` (A, as is) to ``after`` (B, to be)."""

    before: Scenario
    after: Scenario
    thresholds: Thresholds
    added: list[str]
    closed: list[str]
    renamed: list[Renamed]
    moved: list[Moved]
    fte: list[FteChange]
    shape_before: Shape
    shape_after: Shape
    functions: list[Reassigned]
    procedures: list[Reassigned]
    costs: dict[str, Change] | None = None
    trips: list[TripChange] | None = None
    retitled: list[str] = field(default_factory=list)
    """Units in both whose tasks, functions or location changed (their § of the regulation changes)."""

    @property
    def changed(self) -> set[str]:
        """Units in both structures that differ in anything the regulation or the chart shows."""
        return (
            {r.id for r in self.renamed}
            | {m.id for m in self.moved}
            | {f.id for f in self.fte if f.id not in self.added and f.id not in self.closed}
            | set(self.retitled)
        )

    def status(self) -> dict[str, str]:
        """Unit id → ``new``, ``changed`` or ``closed`` (unchanged units are left out): the chart's colours."""
        found = dict.fromkeys(self.changed, "changed")
        found.update(dict.fromkeys(self.added, "new"))
        found.update(dict.fromkeys(self.closed, "closed"))
        return found

    @property
    def empty(self) -> bool:
        return not (self.added or self.closed or self.changed or self.functions or self.procedures)

    def merged(self) -> Scenario:
        """The structure after the change with its closed units put back, where they were, so that
        one chart shows new, changed and closed units (see :meth:`status`)."""
        config = self.after.config.model_copy(deep=True)
        placed = {unit.id: unit for unit in config.all_units()}
        old_parents = parents(self.before)
        for unit_id in self.closed:
            unit = self.before.unit(unit_id).model_copy(update={"units": []})  # type: ignore[union-attr]
            # its sub-units that were closed too come back below it; the rest live elsewhere now
            parent = placed.get(old_parents.get(unit_id, ""))
            (parent.units if parent else config.units).append(unit)
            placed[unit_id] = unit
        return replace(self.after, config=config)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``diff --json``."""

        def shape(s: Shape) -> dict[str, Any]:
            return {span.id: span.reports for span in s.spans}

        def flags(s: Shape) -> list[dict[str, Any]]:
            return [{"id": span.id, "reports": span.reports, "flag": span.flag} for span in s.flagged]

        result: dict[str, Any] = {
            "before": self.before.file,
            "after": self.after.file,
            "units": {
                "added": self.added,
                "closed": self.closed,
                "renamed": [{"id": r.id, "from": r.before, "to": r.after} for r in self.renamed],
                "moved": [{"id": m.id, "from": m.before, "to": m.after} for m in self.moved],
                "fte": {
                    f.id: {
                        "before": f.total.before,
                        "after": f.total.after,
                        "roles": {role: {"before": c.before, "after": c.after} for role, c in f.roles.items()},
                    }
                    for f in self.fte
                },
                "changed": sorted(self.changed),
            },
            "spans": {
                "before": shape(self.shape_before),
                "after": shape(self.shape_after),
                "flagged": {"before": flags(self.shape_before), "after": flags(self.shape_after)},
                "thresholds": {"min": self.thresholds.min_span, "max": self.thresholds.max_span},
            },
            "layers": {
                "before": self.shape_before.layers,
                "after": self.shape_after.layers,
                "max": self.thresholds.max_layers,
                "too_deep": {"before": self.shape_before.too_deep, "after": self.shape_after.too_deep},
            },
            "functions": [{"function": r.subject, "from": list(r.before), "to": list(r.after)} for r in self.functions],
            "procedures": [{"step": r.subject, "from": list(r.before), "to": list(r.after)} for r in self.procedures],
        }
        if self.costs is not None:
            result["costs"] = {unit_id: {"before": c.before, "after": c.after} for unit_id, c in self.costs.items()} | {
                "total": {"before": _sum(self.costs, "before"), "after": _sum(self.costs, "after")}
            }
        if self.trips is not None:
            result["trips"] = [
                {"procedure": c.procedure, "before": c.before, "after": c.after, "difference": asdict(c.difference)}
                for c in self.trips
            ]
        return result


def _sum(costs: dict[str, Change], side: str) -> float:
    return math.fsum(getattr(c, side) for c in costs.values())


def diff(
    before: Scenario,
    after: Scenario,
    thresholds: Thresholds = Thresholds(),
    cost_of: CostOf | None = None,
) -> Impact:
    """The impact of going from ``before`` to ``after`` (see the module's docstring).

    Parameters
    ----------
    before, after:
        The structure as it is (A) and as it is to be (B).
    thresholds:
        Spans of control and layers the shape of each is checked against.
    cost_of:
        Monthly cost per unit of a scenario; default from the ``costs:`` sections when both have one.

    Returns
    -------
    Impact
        Units added, closed, renamed and moved; FTE, costs and shape before and after; functions
        and procedure steps that change unit — what the impact report and the amending order say.

    Examples
    --------
    >>> from model import load_scenario
    >>> impact = diff(
    ...     load_scenario("org_configs/tarnowskie_gory_care_area.yaml"),
    ...     load_scenario("org_configs/tarnowskie_gory_2017.yaml"),
    ... )
    >>> "stanowisko_pierwszego_kontaktu" in impact.added, "rejon_1" in impact.closed
    (True, True)
    """
    units_a, units_b = {u.id: u for u in before.units}, {u.id: u for u in after.units}
    parents_a, parents_b = parents(before), parents(after)
    common = [unit_id for unit_id in units_b if unit_id in units_a]
    fte = [
        change
        for unit_id in _union(units_a, units_b)
        if (change := _fte_change(unit_id, units_a.get(unit_id), units_b.get(unit_id)))
    ]
    return Impact(
        before=before,
        after=after,
        thresholds=thresholds,
        added=[unit_id for unit_id in units_b if unit_id not in units_a],
        closed=[unit_id for unit_id in units_a if unit_id not in units_b],
        renamed=[
            Renamed(unit_id, units_a[unit_id].name, units_b[unit_id].name)
            for unit_id in common
            if units_a[unit_id].name != units_b[unit_id].name
        ],
        moved=[
            Moved(unit_id, parents_a.get(unit_id), parents_b.get(unit_id))
            for unit_id in common
            if parents_a.get(unit_id) != parents_b.get(unit_id)
        ],
        fte=fte,
        shape_before=shape(before, thresholds),
        shape_after=shape(after, thresholds),
        functions=_reassigned(_declared(before), _declared(after)),
        procedures=_reassigned(_step_servers(before), _step_servers(after), common_only=True),
        costs=_cost_changes(before, after, cost_of),
        retitled=[unit_id for unit_id in common if _titled(units_a[unit_id]) != _titled(units_b[unit_id])],
    )


def _union(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[str]:
    """The keys of ``a``, then those only ``b`` has, in order."""
    return [*a, *(key for key in b if key not in a)]


def _titled(unit: Unit) -> tuple[Any, ...]:
    """What the regulation says of a unit besides its name and place: tasks, functions, address, symbol."""
    return (unit.tasks, unit.functions, unit.location, unit.symbol)


def _cost_changes(before: Scenario, after: Scenario, cost_of: CostOf | None) -> dict[str, Change] | None:
    """Each unit's monthly cost before and after, where it changed; None without costs on both sides."""
    if cost_of is None and before.config.costs and after.config.costs:
        cost_of = monthly_costs
    try:
        cost_a, cost_b = (cost_of(before), cost_of(after)) if cost_of else (None, None)
    except ConfigError:  # a costs section naming unknown units: validation reports it; no costs here
        return None
    if cost_a is None or cost_b is None:
        return None
    return {
        unit_id: Change(cost_a.get(unit_id, 0.0), cost_b.get(unit_id, 0.0))
        for unit_id in _union(cost_a, cost_b)
        if not math.isclose(cost_a.get(unit_id, 0.0), cost_b.get(unit_id, 0.0))
    }


def monthly_costs(scenario: Scenario) -> dict[str, float]:
    """Monthly staff cost of each unit's own staff, from the ``costs:`` section."""
    from model.staffing.costs import staff_costs

    return {row.unit_id: row.monthly for row in staff_costs(scenario).units}


def parents(scenario: Scenario) -> dict[str, str]:
    """Unit id → its supervisor's id along the solid line (top units have none)."""
    return {child.id: unit.id for unit in scenario.units for child in unit.units}


def _fte_change(unit_id: str, a: Unit | None, b: Unit | None) -> FteChange | None:
    roles_a, roles_b = _roles(a), _roles(b)
    roles = {
        role: Change(roles_a.get(role, 0.0), roles_b.get(role, 0.0))
        for role in [*roles_a, *(r for r in roles_b if r not in roles_a)]
        if not math.isclose(roles_a.get(role, 0.0), roles_b.get(role, 0.0))
    }
    if not roles:
        return None
    return FteChange(unit_id, Change(a.fte() if a else 0.0, b.fte() if b else 0.0), roles)


def _roles(unit: Unit | None) -> dict[str, float]:
    found: dict[str, float] = {}
    for staff in unit.staff if unit else []:
        found[staff.role.value] = found.get(staff.role.value, 0.0) + staff.fte
    return found


# --- spans of control and layers --------------------------------------------------------------


def heads(unit: Unit) -> int:
    """People in a unit's own staff: each staff line's FTE rounded up (a half post is a person)."""
    return sum(math.ceil(round(staff.fte, 6)) for staff in unit.staff)


def managed(unit: Unit) -> bool:
    """Whether a unit has a head of its own: a manager among its staff, or it is a management post
    (the director, a deputy, the chief accountant) with anyone in it."""
    return any(s.role == Role.manager and s.fte > 0 for s in unit.staff) or (
        unit.kind == UnitKind.management and heads(unit) > 0
    )


def _reporting_up(unit: Unit) -> int:
    """People of ``unit`` who report to the manager above: its head alone when it has one, else
    its own staff and, the same way, its sub-units."""
    if managed(unit):
        return 1
    return heads(unit) + sum(_reporting_up(child) for child in unit.units)


def spans(scenario: Scenario, thresholds: Thresholds = Thresholds()) -> list[Span]:
    """Each manager's direct reports, in chart order: the other people of the manager's own unit,
    the head of each sub-unit that has one, and the staff of sub-units that have none (they report
    to this manager directly)."""
    found = []
    for unit in scenario.units:
        if not managed(unit):
            continue
        reports = heads(unit) - 1 + sum(_reporting_up(child) for child in unit.units)
        flag = "narrow" if reports < thresholds.min_span else "wide" if reports > thresholds.max_span else None
        found.append(Span(unit.id, reports, flag))
    return found


def depths(scenario: Scenario) -> dict[str, int]:
    """Unit id → its level in the chart, the top units being level 1."""
    found: dict[str, int] = {}

    def visit(unit: Unit, level: int) -> None:
        found[unit.id] = level
        for child in unit.units:
            visit(child, level + 1)

    for top in scenario.config.units:
        visit(top, 1)
    return found


def shape(scenario: Scenario, thresholds: Thresholds = Thresholds()) -> Shape:
    levels = depths(scenario)
    return Shape(
        spans=spans(scenario, thresholds),
        layers=max(levels.values(), default=0),
        too_deep=[unit_id for unit_id, level in levels.items() if level > thresholds.max_layers],
    )


# --- functions and routing ----------------------------------------------------------------------


def _declared(scenario: Scenario) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for unit in scenario.units:
        for function in unit.functions:
            found.setdefault(function, []).append(unit.id)
    return {function: tuple(ids) for function, ids in found.items()}


def _step_servers(scenario: Scenario) -> dict[str, tuple[str, ...]]:
    """``procedure/step`` → ids of the staffed units that would serve it."""
    by_function = {function: tuple(u.id for u in units) for function, units in servers(scenario).items()}
    return {
        f"{procedure.id}/{step.id}": by_function.get(step.function, ())
        for procedure in scenario.procedures
        for step in procedure.steps
    }


def _reassigned(
    a: dict[str, tuple[str, ...]], b: dict[str, tuple[str, ...]], common_only: bool = False
) -> list[Reassigned]:
    """Keys whose units differ, in A's order then B's; with ``common_only`` keys in both only (a
    procedure one side lacks was not re-routed, it was added or dropped)."""
    keys = [k for k in a if k in b] if common_only else [*a, *(k for k in b if k not in a)]
    return [
        Reassigned(key, a.get(key, ()), b.get(key, ())) for key in keys if set(a.get(key, ())) != set(b.get(key, ()))
    ]
