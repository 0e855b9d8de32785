"""Interactive edits of a configuration as small pure functions, and an undo history.

Each edit takes the configuration as plain data (the dict that :func:`config_data` returns,
procedures inlined) and returns a changed copy; :func:`apply` turns the result back into YAML
and reloads it through the loader. An edit the schema rejects therefore fails with the same
:class:`~model.config.errors.ConfigError` lines the CLI prints, and an edit that merely makes the
structure worse (a team without staff, an unserved function) loads and shows up as findings.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from model.config.loader import Scenario, load_scenario_text
from model.config.schema import END
from model.i18n import msg

Data = dict[str, Any]
Edit = Callable[[Data], Data]

HISTORY_DEPTH = 100
"""Undo steps kept; older snapshots are dropped so a long session does not grow without bound."""


class EditError(ValueError):
    """An edit that cannot apply to this chart: an unknown id, or a unit moved under itself."""

    def __init__(self, code: str, **params: object) -> None:
        self.message = msg(code, **params)
        super().__init__(self.message.text("en"))

    def text(self, lang: str = "en") -> str:
        return self.message.text(lang)


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter when installed: an edit in the app must not wait for pure-Python YAML."""


def config_data(scenario: Scenario) -> Data:
    """The scenario as plain data with procedures inlined, the form every edit works on.

    The same data :func:`~model.config.loader.dump_yaml` writes, taken from the model directly.
    """
    options = {"mode": "json", "by_alias": True, "exclude_defaults": True, "exclude_none": True}
    data = scenario.config.model_dump(**options)
    data["procedures"] = [procedure.model_dump(**options) for procedure in scenario.procedures]
    return data


def to_yaml(data: Data) -> str:
    """YAML text of edited data, laid out like :func:`~model.config.loader.dump_yaml` output."""
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100)


def apply(
    scenario: Scenario,
    edit: Edit,
    name: str,
    base_dir: str | Path = ".",
    load: Callable[[str, str, str], Scenario] = load_scenario_text,
) -> tuple[str, Scenario]:
    """Apply ``edit`` and reload: the new YAML text (lines of findings refer to it) and scenario.

    ``load`` is the loader to reload with (the app passes its cached one). Raises
    :class:`EditError` for an edit that makes no sense and :class:`~model.config.errors.ConfigError`
    for one the schema rejects, with the lines the CLI would print.
    """
    text = to_yaml(edit(config_data(scenario)))
    return text, load(text, name, str(base_dir))


# --- units ------------------------------------------------------------------------------------


def _locate(units: list[Data], unit_id: str) -> tuple[list[Data], Data]:
    """The list holding the unit ``unit_id`` and the unit itself, searched through the nesting."""
    for unit in units:
        if unit.get("id") == unit_id:
            return units, unit
        try:
            return _locate(unit.get("units", []), unit_id)
        except EditError:
            continue
    raise EditError("edit.error.no_unit", unit=unit_id)


def _ids(units: Iterable[Data]) -> set[str]:
    found: set[str] = set()
    for unit in units:
        found.add(unit["id"])
        found |= _ids(unit.get("units", []))
    return found


def add_unit(data: Data, parent: str | None, unit: Data) -> Data:
    """Add ``unit`` (a dict with at least id, name, kind) under ``parent``, or at the top."""
    result = copy.deepcopy(data)
    if unit.get("id") in _ids(result["units"]):
        raise EditError("edit.error.duplicate_id", unit=unit.get("id"))
    siblings = result["units"] if parent is None else _locate(result["units"], parent)[1].setdefault("units", [])
    siblings.append({key: value for key, value in unit.items() if value not in (None, [], "")})
    return result


def update_unit(data: Data, unit_id: str, **changes: Any) -> Data:
    """Change fields of a unit (name, symbol, kind, location…); ``None`` or ``""`` removes one."""
    result = copy.deepcopy(data)
    unit = _locate(result["units"], unit_id)[1]
    for key, value in changes.items():
        if value is None or value == "":
            unit.pop(key, None)
        else:
            unit[key] = value
    return result


def move_unit(data: Data, unit_id: str, new_parent: str | None) -> Data:
    """Put a unit (with everything below it) under ``new_parent``, or at the top of the chart."""
    result = copy.deepcopy(data)
    siblings, unit = _locate(result["units"], unit_id)
    if new_parent is not None and (new_parent == unit_id or new_parent in _ids(unit.get("units", []))):
        raise EditError("edit.error.cycle", unit=unit_id, parent=new_parent)
    if new_parent is not None:
        _locate(result["units"], new_parent)  # fail before changing anything
    siblings.remove(unit)
    target = result["units"] if new_parent is None else _locate(result["units"], new_parent)[1].setdefault("units", [])
    target.append(unit)
    _drop_empty_units(result["units"])
    return result


def delete_unit(data: Data, unit_id: str) -> Data:
    """Remove a unit with everything below it, and the dotted lines that pointed at them."""
    result = copy.deepcopy(data)
    siblings, unit = _locate(result["units"], unit_id)
    gone = _ids([unit])
    siblings.remove(unit)
    _drop_empty_units(result["units"])

    def unlink(units: list[Data]) -> None:
        for other in units:
            if "also_reports_to" in other:
                kept = [boss for boss in _as_list(other["also_reports_to"]) if boss not in gone]
                if kept:
                    other["also_reports_to"] = kept
                else:
                    del other["also_reports_to"]
            unlink(other.get("units", []))

    unlink(result["units"])
    return result


def set_staff(data: Data, unit_id: str, staff: Iterable[Data]) -> Data:
    """Replace a unit's staff; rows without a role are ignored, so an empty editor row is harmless."""
    rows = [{key: value for key, value in row.items() if value not in (None, "")} for row in staff]
    return update_unit(data, unit_id, staff=[row for row in rows if row.get("role")] or None)


def _drop_empty_units(units: list[Data]) -> None:
    for unit in units:
        if "units" in unit:
            if unit["units"]:
                _drop_empty_units(unit["units"])
            else:
                del unit["units"]


def _as_list(value: Any) -> list[Any]:
    return [value] if isinstance(value, str) else list(value)


# --- procedures -------------------------------------------------------------------------------


def _procedure(data: Data, procedure_id: str) -> Data:
    for procedure in data.get("procedures", []):
        if isinstance(procedure, dict) and procedure.get("id") == procedure_id:
            return procedure
    raise EditError("edit.error.no_procedure", procedure=procedure_id)


def set_routing(data: Data, procedure_id: str, step_id: str, branches: Iterable[Data]) -> Data:
    """Replace where clients go after a step: branches of ``to``, ``p`` and an optional ``label``.

    A single unlabelled branch with p = 1 is written as a plain ``next: target``.
    """
    result = copy.deepcopy(data)
    step = _step(_procedure(result, procedure_id), step_id)
    rows = [{key: value for key, value in b.items() if value not in (None, "")} for b in branches]
    rows = [row for row in rows if row.get("to")]
    if not rows:
        raise EditError("edit.error.no_next", step=step_id, end=END)
    if len(rows) == 1 and float(rows[0].get("p", 1)) == 1.0 and "label" not in rows[0]:
        step["next"] = rows[0]["to"]
    else:
        step["next"] = [
            {"to": row["to"], "p": float(row.get("p", 0)), **({"label": row["label"]} if "label" in row else {})}
            for row in rows
        ]
    return result


def set_step_function(data: Data, procedure_id: str, step_id: str, function: str) -> Data:
    """Make another function serve a step: who does the step changes, the route does not."""
    result = copy.deepcopy(data)
    step = _step(_procedure(result, procedure_id), step_id)
    step["function"] = function
    return result


def _step(procedure: Data, step_id: str) -> Data:
    step = next((s for s in procedure["steps"] if s.get("id") == step_id), None)
    if step is None:
        raise EditError("edit.error.no_step", step=step_id, procedure=procedure["id"])
    return step


def set_demand(data: Data, procedure_id: str, per_week: float) -> Data:
    """Set a procedure's mean arrivals per week (as written, before population scaling)."""
    result = copy.deepcopy(data)
    _procedure(result, procedure_id).setdefault("arrivals", {})["per_week"] = float(per_week)
    return result


# --- undo -------------------------------------------------------------------------------------


@dataclass
class History:
    """The configuration text as loaded (``saved``), as now (``current``), and every state between.

    Snapshots are whole YAML texts: small, immutable and exactly what the download offers, so
    undo can never restore something the loader has not accepted before.
    """

    saved: str
    current: str = ""
    past: list[tuple[str, str]] = field(default_factory=list)
    """``(label of the edit, text before it)``, oldest first."""

    def __post_init__(self) -> None:
        self.current = self.current or self.saved

    def record(self, label: str, text: str) -> None:
        """Remember the state before an edit called ``label`` and move to ``text``."""
        self.past.append((label, self.current))
        del self.past[:-HISTORY_DEPTH]
        self.current = text

    def undo(self) -> str | None:
        """Go back one edit; the label of the edit undone, or ``None`` when there is nothing to undo."""
        if not self.past:
            return None
        label, self.current = self.past.pop()
        return label

    @property
    def modified(self) -> bool:
        """Whether the current text differs from the one loaded: switching away would lose it."""
        return self.current != self.saved

    @property
    def labels(self) -> list[str]:
        """Edits that can be undone, newest first."""
        return [label for label, _ in reversed(self.past)]
