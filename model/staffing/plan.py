"""A staffing plan: FTE per unit, and what it does to a configuration.

A plan changes one role per unit, the *adjustable role*: the role with most FTE other than the
manager (a team is resized by its caseworkers, not its head). Everything the plan does not name
stays as it is, so applying a plan is one undoable edit in the app.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from model.checks.findings import Finding, Severity
from model.config.loader import Scenario
from model.config.schema import Role, Staff, Unit

Plan = Mapping[str, float]
"""Unit id → FTE of the whole unit (every role), the unit's own staff only."""


def adjustable_role(unit: Unit) -> Role:
    """The role a plan adds or removes FTE in: the largest non-manager role (ties: first listed)."""
    totals: dict[Role, float] = {}
    for staff in unit.staff:
        totals[staff.role] = totals.get(staff.role, 0.0) + staff.fte
    workers = {role: fte for role, fte in totals.items() if role != Role.manager}
    pool = workers or totals
    if not pool:
        return Role.clerk
    return max(pool, key=lambda role: (pool[role], -list(pool).index(role)))


def resized_staff(unit: Unit, fte: float) -> list[Staff]:
    """The unit's staff with the adjustable role changed so that the unit totals ``fte``.

    Other roles stay; if they alone exceed ``fte`` the adjustable role drops to zero and the unit
    keeps them (a plan never removes a manager).
    """
    role = adjustable_role(unit)
    others = sum(s.fte for s in unit.staff if s.role != role)
    wanted = round(max(0.0, fte - others), 6)
    rows: list[Staff] = []
    for staff in unit.staff:
        if staff.role != role:
            rows.append(staff.model_copy())
        elif wanted > 0:
            qualified = staff.qualified if isinstance(staff.qualified, bool) else min(staff.qualified, wanted)
            rows.append(staff.model_copy(update={"fte": wanted, "qualified": qualified}))
            wanted = 0.0  # several rows of the role become one (qualified FTE never above its FTE)
    if wanted > 0:
        rows.append(Staff(role=role, fte=wanted, qualified=True))
    return rows


def with_plan(scenario: Scenario, plan: Plan) -> Scenario:
    """A copy of ``scenario`` staffed as ``plan`` says (what the simulation runs on)."""
    if not plan:
        return scenario
    config = scenario.config.model_copy(deep=True)
    for unit in config.all_units():
        if unit.id in plan:
            unit.staff = resized_staff(unit, plan[unit.id])
    return replace(scenario, config=config)


def plan_edit(scenario: Scenario, plan: Plan) -> Any:
    """An edit for :func:`model.config.editing.apply` that writes ``plan`` into the configuration."""
    from model.config.editing import set_staff

    units = {u.id: u for u in scenario.units}

    def edit(data: dict[str, Any]) -> dict[str, Any]:
        result = copy.deepcopy(data)
        for unit_id, fte in plan.items():
            rows = [s.model_dump(mode="json", exclude_none=True) for s in resized_staff(units[unit_id], fte)]
            result = set_staff(result, unit_id, rows)
        return result

    return edit


def planned_text(
    scenario: Scenario, text: str, plan: Plan, base_dir: str | Path = ".", out_dir: str | Path | None = None
) -> tuple[str, Scenario]:
    """``text`` (the configuration of ``scenario``, read from ``base_dir``) with ``plan`` applied by
    the app's own edit: the round-trip keeps every comment and the layout. The procedures stay in
    their files, named relative to ``out_dir``, the folder the text is to be written to (parsing
    and writing every procedure too would cost more than the search). Also the scenario the text
    loads as there, for validating it."""
    from model.config import roundtrip
    from model.config.loader import load_scenario_text

    document = plan_edit(scenario, plan)(roundtrip.parse(text))
    here = Path(out_dir if out_dir is not None else base_dir)
    entries = document.get("procedures") or []
    for index, entry in enumerate(entries):
        moved = os.path.relpath(Path(base_dir) / entry, here) if isinstance(entry, str) else entry
        if moved != entry:
            entries[index] = moved
    written = roundtrip.dump(document)
    return written, load_scenario_text(written, scenario.file, str(here))


def write_plan(scenario: Scenario, config: Path, plan: Plan, output: Path) -> list[Finding]:
    """Write ``config`` (the file of ``scenario``) with ``plan`` applied to ``output``, whole or not
    at all (:func:`model.config.files.write_atomic`), only when it passes validation: the errors
    that kept it from being written, none when it was."""
    from model.checks.rules import validate
    from model.config.files import write_atomic

    text, planned = planned_text(scenario, config.read_text(encoding="utf-8"), plan, config.parent, output.parent)
    errors = [f for f in validate(planned) if f.severity == Severity.error]
    if not errors:
        write_atomic(output, text.encode("utf-8"))
    return errors
