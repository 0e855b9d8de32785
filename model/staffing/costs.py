"""Staff cost: FTE × the monthly cost of the role, per unit, department and the whole centre.

The figures come from the configuration's ``costs:`` section (gross pay plus the employer's
contributions). A role without a figure is reported as missing, never counted as free: a total
that leaves someone out says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from model.checks.references import unknown_cost_units
from model.config.errors import ConfigError, Problem
from model.config.loader import Scenario
from model.config.schema import Role, Unit, UnitKind
from model.i18n import msg
from model.staffing.plan import Plan, resized_staff

MONTHS = 12


@dataclass(frozen=True)
class UnitCost:
    """One unit's own staff (not its children's) and what they cost."""

    unit_id: str
    name: str
    department: str | None
    """Id of the department the unit belongs to (itself if it is one); ``None`` outside departments."""
    fte: float
    monthly: float
    """PLN a month for the staff whose role has a cost."""
    missing: tuple[str, ...] = ()
    """Roles of this unit with no cost figure."""

    @property
    def annual(self) -> float:
        return self.monthly * MONTHS


@dataclass(frozen=True)
class CostSummary:
    """What the staff cost a month, per unit and per department: the cost annex and the comparison read it."""

    units: tuple[UnitCost, ...]
    departments: dict[str | None, float]
    """Department id (``None``: units outside departments) → PLN a month."""
    department_names: dict[str | None, str]

    @property
    def monthly(self) -> float:
        return sum(u.monthly for u in self.units)

    @property
    def annual(self) -> float:
        return self.monthly * MONTHS

    @property
    def fte(self) -> float:
        return sum(u.fte for u in self.units)

    @property
    def missing(self) -> tuple[str, ...]:
        """Roles with no cost figure anywhere in the centre."""
        return tuple(sorted({role for u in self.units for role in u.missing}))


def check_costs(scenario: Scenario) -> None:
    """Refuse a ``costs.units`` entry that names no unit (a typo would silently price nothing)."""
    unknown = unknown_cost_units(scenario)
    if unknown:
        costs = scenario.config.costs
        line = costs.line_of("units") if costs else None  # only a costs section names cost units
        raise ConfigError(Problem(scenario.file, line, msg("error.staffing.cost_unit", units=", ".join(unknown))))


def role_cost(scenario: Scenario, unit_id: str, role: Role) -> float | None:
    """Monthly cost of one FTE of ``role`` in the unit, ``None`` when the configuration has none."""
    costs = scenario.config.costs
    if costs is None:
        return None
    return costs.units.get(unit_id, {}).get(role, costs.roles.get(role))


def unit_cost(scenario: Scenario, unit: Unit, department: str | None, fte: float | None = None) -> UnitCost:
    """Cost of the unit's staff as they are, or resized to ``fte`` as a plan would."""
    staff = unit.staff if fte is None else resized_staff(unit, fte)
    monthly, missing = 0.0, set()
    for row in staff:
        price = role_cost(scenario, unit.id, row.role)
        if price is None:
            if row.fte > 0:
                missing.add(row.role.value)
        else:
            monthly += price * row.fte
    return UnitCost(unit.id, unit.name, department, sum(s.fte for s in staff), monthly, tuple(sorted(missing)))


def staff_costs(scenario: Scenario, plan: Plan | None = None) -> CostSummary:
    """Cost per unit, per department and of the centre, for the staff now or as ``plan`` says.

    An override for a unit that does not exist prices nothing; ``validate`` reports it (REF006)
    and the optimiser refuses it (:func:`check_costs`)."""
    plan = plan or {}
    rows: list[UnitCost] = []
    names: dict[str | None, str] = {None: ""}

    def walk(unit: Unit, department: str | None) -> None:
        if unit.kind == UnitKind.department:
            department = unit.id
            names[unit.id] = unit.name
        if unit.staff or unit.id in plan:
            rows.append(unit_cost(scenario, unit, department, plan.get(unit.id)))
        for child in unit.units:
            walk(child, department)

    for top in scenario.config.units:
        walk(top, None)
    departments: dict[str | None, float] = {}
    for row in rows:
        departments[row.department] = departments.get(row.department, 0.0) + row.monthly
    return CostSummary(tuple(rows), departments, names)


def plan_cost(scenario: Scenario, plan: Mapping[str, float]) -> float:
    """Monthly cost of the whole centre staffed as ``plan`` says (other units as they are)."""
    return staff_costs(scenario, dict(plan)).monthly


@dataclass(frozen=True)
class CostPair:
    """Staff cost of A and of B, PLN a month, and B − A a month and a year; ``None`` on a side
    without the unit or without any costs (and then no difference)."""

    a: float | None
    b: float | None
    difference: float | None
    annual_difference: float | None

    @classmethod
    def of(cls, a: float | None, b: float | None) -> CostPair:
        delta = None if a is None or b is None else b - a
        return cls(a, b, delta, None if delta is None else delta * MONTHS)


@dataclass(frozen=True)
class CostComparison:
    """What B's staff cost against A's: the centre, each department (by name, ``"-"`` outside
    departments) and each unit either has."""

    centre: CostPair
    departments: dict[str, CostPair]
    units: dict[str, CostPair]
    missing: list[str]
    """Roles with no cost figure in A or B."""
    currency: str = "PLN"

    def to_dict(self) -> dict[str, Any]:
        """As ``compare --json`` writes it beside the simulation's result."""
        return asdict(self)


def cost_comparison(a: Scenario, b: Scenario) -> CostComparison:
    """Staff cost of A and B and the difference B − A (PLN a month and a year)."""
    left = staff_costs(a) if a.config.costs else None
    right = staff_costs(b) if b.config.costs else None

    def units(summary: CostSummary | None) -> dict[str, float]:
        return {u.unit_id: u.monthly for u in summary.units} if summary else {}

    def departments(summary: CostSummary | None) -> dict[str, float]:
        if not summary:
            return {}
        return {(summary.department_names[d] or "-"): cost for d, cost in summary.departments.items()}

    ua, ub, da, db = units(left), units(right), departments(left), departments(right)
    return CostComparison(
        centre=CostPair.of(left.monthly if left else None, right.monthly if right else None),
        departments={name: CostPair.of(da.get(name), db.get(name)) for name in dict.fromkeys([*da, *db])},
        units={unit: CostPair.of(ua.get(unit), ub.get(unit)) for unit in dict.fromkeys([*ua, *ub])},
        missing=sorted(set(left.missing if left else ()) | set(right.missing if right else ())),
    )
