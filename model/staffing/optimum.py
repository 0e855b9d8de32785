"""What the staffing optimiser returns: the plan per unit, why each unit cannot have one person
fewer, the cost-against-service front, and the whole as :class:`Optimum` (JSON via ``to_dict``).

Kept apart from the search (:mod:`model.staffing.optimiser`) so that the presenters and the app
read the result without the search's machinery.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from model.i18n import t
from model.law.norms import TOLERANCE
from model.simulation.results import Estimate
from model.staffing import costs
from model.staffing.evaluate import Evaluation

HELD = frozenset({"not_modelled", "lacks_work"})
"""Binding kinds of a unit the plan keeps as it is, outside the model of work."""


@dataclass(frozen=True)
class Binding:
    """The target that stops a unit from having one person fewer."""

    kind: str
    """``deadlines``, ``mean_wait``, ``utilisation``, ``capacity``, ``workload`` (caseload and other
    work), ``norm`` (a staffing norm, ``item`` its citation), ``minimum`` or ``not_modelled``."""
    item: str = ""
    """Id of the procedure, ``procedure/step`` or unit the target is about."""
    limit: float | None = None
    name: str = ""
    """The item as people call it (``Zasiłek celowy › Wywiad``); the id when not given."""

    def text(self, lang: str = "en") -> str:
        limit = self.limit if self.limit is not None else 0.0
        return t(f"staffing.binding.{self.kind}", lang, item=self.name or self.item, limit=limit)

    @property
    def key(self) -> str:
        """``kind:item``, as the JSON lists unreachable targets."""
        return f"{self.kind}:{self.item}"


@dataclass(frozen=True)
class UnitPlan:
    """One unit in the plan found: FTE and cost now and needed, and the target that binds it."""

    unit_id: str
    name: str
    fte_now: float
    fte_needed: float
    binding: Binding
    cost_now: float
    cost_needed: float

    @property
    def change(self) -> float:
        return self.fte_needed - self.fte_now


@dataclass(frozen=True)
class FrontPoint:
    """A plan simulated, as the cost-against-service front shows it."""

    fte_total: float
    cost: float
    deadlines_met: Estimate
    mean_wait: Estimate
    plan: dict[str, float]
    meets_targets: bool = False
    """Every reachable target met with 95% confidence, and every staffing norm."""


@dataclass
class Optimum:
    """The plan found, what it costs against today, and how the search got there."""

    units: list[UnitPlan]
    cost_now: float
    cost_needed: float
    evaluations: int
    pruned_by_bound: int
    front: list[FrontPoint]
    now: Evaluation | None
    needed: Evaluation | None
    feasible: bool
    """Every reachable target is met with 95% confidence."""
    unreachable: list[Binding] = field(default_factory=list)
    """Targets no staffing within reach meets."""
    budget: float | None = None
    stopped: bool = False
    missing_costs: tuple[str, ...] = ()
    fte_total_now: float = 0.0
    """Every FTE of the centre today (the optimised units and the rest)."""

    @property
    def plan(self) -> dict[str, float]:
        return {u.unit_id: u.fte_needed for u in self.units}

    @property
    def changes(self) -> dict[str, float]:
        """The units the plan changes and their FTE: what applying it writes."""
        return {u.unit_id: u.fte_needed for u in self.units if u.change}

    @property
    def held(self) -> list[UnitPlan]:
        """Units kept at their FTE because the model does not describe their work (release them to plan them)."""
        return [u for u in self.units if u.binding.kind in HELD]

    @property
    def annual_cost_now(self) -> float:
        return self.cost_now * costs.MONTHS

    @property
    def annual_cost_needed(self) -> float:
        return self.cost_needed * costs.MONTHS

    @property
    def within_budget(self) -> bool | None:
        return None if self.budget is None else self.cost_needed <= self.budget + TOLERANCE

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The ``--json`` answer, the binding targets in ``lang``; estimates as ``simulate --json``
        writes them (``mean``, ``ci95``, ``n``)."""
        return {
            "units": {
                u.unit_id: {
                    "name": u.name,
                    "fte_now": u.fte_now,
                    "fte_needed": u.fte_needed,
                    "change": round(u.change, 6),
                    "binding": u.binding.text(lang),
                    "binding_kind": u.binding.kind,
                    "cost_now": round(u.cost_now, 2),
                    "cost_needed": round(u.cost_needed, 2),
                }
                for u in self.units
            },
            "cost_now": round(self.cost_now, 2),
            "cost_needed": round(self.cost_needed, 2),
            "annual_cost_now": round(self.annual_cost_now, 2),
            "annual_cost_needed": round(self.annual_cost_needed, 2),
            "currency": "PLN",
            "feasible": self.feasible,
            "unreachable": [b.key for b in self.unreachable],
            "budget": self.budget,
            "within_budget": self.within_budget,
            "stopped": self.stopped,
            "missing_costs": list(self.missing_costs),
            "evaluations": self.evaluations,
            "pruned_by_bound": self.pruned_by_bound,
            "front": [
                {
                    "fte_total": p.fte_total,
                    "cost": round(p.cost, 2),
                    "deadlines_met": asdict(p.deadlines_met),
                    "wait_minutes": asdict(p.mean_wait),
                    "meets_targets": p.meets_targets,
                }
                for p in self.front
            ],
        }
