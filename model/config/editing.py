"""Interactive edits of a configuration as small pure functions, and an undo history.

Each edit takes the configuration as a round-trip document (:func:`document`: the YAML text
parsed by ruamel.yaml, procedures inlined) and returns a changed copy; :func:`apply` writes the
result back to text and reloads it through the loader. Everything an edit does not touch keeps
its comments, key order and layout, so every ``# assumption`` and cited source survives any
number of edits and downloads. An edit the schema rejects fails with the same
:class:`~model.config.errors.ConfigError` lines the CLI prints, and an edit that merely makes the
structure worse (a team without staff, an unserved function) loads and shows up as findings.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from model.config import roundtrip
from model.config.loader import Scenario, load_scenario_text
from model.config.schema import END
from model.i18n import msg

Data = dict[str, Any]
Edit = Callable[[Data], Data]

HISTORY_DEPTH = 100
"""Undo steps kept; older snapshots are dropped so a long session does not grow without bound."""

DOCUMENTS_KEPT = 16
"""Documents kept parsed for everyone (:func:`document`): parsing is the slow part of an edit.
A session's own next edit starts from the document its :class:`History` keeps."""


class EditError(ValueError):
    """An edit that cannot apply to this chart: an unknown id, or a unit moved under itself."""

    def __init__(self, code: str, **params: object) -> None:
        self.message = msg(code, **params)
        super().__init__(self.message.text("en"))

    def text(self, lang: str = "en") -> str:
        return self.message.text(lang)


@lru_cache(maxsize=DOCUMENTS_KEPT)
def document(text: str, base_dir: str | Path = ".", name: str = "<memory>") -> Data:
    """The configuration text as a round-trip document with its procedures inlined.

    ``text`` must be one the loader has accepted (the app's and the store's texts are). The
    result is shared (kept by :func:`functools.lru_cache`, which is safe across the app's
    threads): change a copy, as every edit below does, so a kept document is never altered.
    """
    return roundtrip.inline_procedures(roundtrip.parse(text), base_dir, name)


def apply(
    text: str,
    edit: Edit,
    name: str,
    base_dir: str | Path = ".",
    load: Callable[[str, str, str], Scenario] = load_scenario_text,
) -> tuple[str, Scenario]:
    """Apply ``edit`` to ``text`` and reload: the new YAML text (findings' lines refer to it) and scenario.

    ``load`` is the loader to reload with (the app passes its cached one). Raises
    :class:`EditError` for an edit that makes no sense and :class:`~model.config.errors.ConfigError`
    for one the schema rejects, with the lines the CLI would print.
    """
    new_text, scenario, _ = _applied(text, document(text, base_dir, name), edit, name, base_dir, load)
    return new_text, scenario


def edit_history(
    history: History,
    label: str,
    edit: Edit,
    name: str,
    base_dir: str | Path = ".",
    load: Callable[[str, str, str], Scenario] = load_scenario_text,
) -> bool:
    """Apply ``edit`` to the history's current text (as :func:`apply`) and record it as ``label``;
    whether the text changed.

    The history keeps the document of its current text, so that a session's next edit starts
    from it: the documents kept for everyone (:func:`document`) are fewer than the sessions of a
    busy server, and parsing a whole configuration again costs more than all the rest of an edit.
    """
    before = history.parsed if history.parsed is not None else document(history.current, base_dir, name)
    new_text, _, after = _applied(history.current, before, edit, name, base_dir, load)
    if new_text == history.current:
        history.parsed = before
        return False
    history.record(label, new_text, after)
    return True


def _applied(
    text: str, before: Data, edit: Edit, name: str, base_dir: str | Path, load: Callable[[str, str, str], Scenario]
) -> tuple[str, Scenario, Data]:
    after = edit(before)
    if after is before:
        return text, load(text, name, str(base_dir)), before
    new_text = roundtrip.dump(after)
    scenario = load(new_text, name, str(base_dir))
    return new_text, scenario, after


def _copy(data: Data, *deep: str) -> Data:
    """A copy of the document to change the parts ``deep`` in: those are copied whole, the rest is
    shared with ``data``. Documents are never changed in place (every edit changes a copy), so
    sharing is safe, and an edit of a unit does not copy the seventeen procedures beside it."""
    result = _shallow(data)
    for key in deep:
        if key in result:
            result[key] = copy.deepcopy(data[key])
    return result


def _copy_procedure(data: Data, procedure_id: str) -> tuple[Data, Data]:
    """A copy of the document to change one procedure in (see :func:`_copy`), and that procedure."""
    result = _copy(data)
    procedures = data.get("procedures", [])
    kept = CommentedSeq()
    found = None
    for procedure in procedures:
        if isinstance(procedure, dict) and procedure.get("id") == procedure_id and found is None:
            procedure = found = copy.deepcopy(procedure)
        kept.append(procedure)
    if found is None:
        raise EditError("edit.error.no_procedure", procedure=procedure_id)
    if isinstance(procedures, CommentedSeq):
        procedures.copy_attributes(kept, memo={})
    result["procedures"] = kept
    return result, found


def _assign(container: Data, key: str, value: Any) -> None:
    """Set ``container[key]`` changing as little as possible, so comments and flow style stay.

    A list is updated item by item (a row keeps its ``# assumption`` and its ``{…}`` style when
    only its values change); an equal value (``3`` for ``3.0``) is left as written.
    """
    old = container.get(key)
    if _scalar(old) and _scalar(value) and old == value:
        return
    if not (isinstance(old, list) and isinstance(value, list)):
        container[key] = value
        return
    for index, item in enumerate(value):
        if index >= len(old):
            old.append(_styled_like(old, item))
        elif isinstance(old[index], dict) and isinstance(item, dict):
            for gone in [k for k in old[index] if k not in item]:
                del old[index][gone]
            for k, v in item.items():
                _assign(old[index], k, v)
        elif old[index] != item:
            old[index] = item
    del old[len(value) :]


def _scalar(value: Any) -> bool:
    return isinstance(value, (int, float, str)) and not isinstance(value, bool)


def _styled_like(items: list[Any], item: Any) -> Any:
    """A new mapping written ``{like: this}`` when the list's rows are: tables stay tables."""
    if isinstance(item, dict) and items and getattr(getattr(items[-1], "fa", None), "flow_style", False):
        styled = CommentedMap(item)
        styled.fa.set_flow_style()
        return styled
    return item


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


def _copy_unit(data: Data, unit_id: str, keys: Iterable[str]) -> tuple[Data, Data]:
    """A copy of the document to change the fields ``keys`` of one unit in, and that unit.

    Only the way down to the unit is copied (each list and unit on it, shallowly) and the values
    of ``keys``; the rest of the unit and the units beside it and below it are shared with
    ``data``, as the procedures are (see :func:`_copy`): renaming the director copies no team,
    and a unit's copy on the way writes the text its original wrote (:func:`roundtrip.dump`
    keeps it).
    """
    path: list[tuple[list[Data], int]] = []  # (list, index) from the top down to the unit

    def find(units: list[Data]) -> bool:
        for index, unit in enumerate(units):
            path.append((units, index))
            if unit.get("id") == unit_id or find(unit.get("units", [])):
                return True
            path.pop()
        return False

    if not find(data.get("units", [])):
        raise EditError("edit.error.no_unit", unit=unit_id)
    result = _copy(data)
    holder = result
    for units, index in path:  # each list and unit on the way, copied and linked in
        holder["units"] = copied = _shallow(units)
        copied[index] = _shallow(units[index])
        holder = copied[index]
    for key in keys:
        if key in holder and key != "units":
            holder[key] = copy.deepcopy(holder[key])
    return result, holder


def _shallow(container: Any) -> Any:
    """A new mapping or list holding the same values, with the original's comments and style.

    The comments and style are shared, not copied: no edit changes them (an edit sets and
    removes values, and ruamel keeps a key's comments apart from its value)."""
    if isinstance(container, dict):
        copied: Any = CommentedMap()
        copied.update(container)
    else:
        copied = CommentedSeq(container)
    if isinstance(container, (CommentedMap, CommentedSeq)):
        container.copy_attributes(copied)
    return copied


def _ids(units: Iterable[Data]) -> set[str]:
    found: set[str] = set()
    for unit in units:
        found.add(unit["id"])
        found |= _ids(unit.get("units", []))
    return found


def add_unit(data: Data, parent: str | None, unit: Data) -> Data:
    """Add ``unit`` (a dict with at least id, name, kind) under ``parent``, or at the top."""
    result = _copy(data, "units")
    if unit.get("id") in _ids(result["units"]):
        raise EditError("edit.error.duplicate_id", unit=unit.get("id"))
    siblings = result["units"] if parent is None else _locate(result["units"], parent)[1].setdefault("units", [])
    siblings.append({key: value for key, value in unit.items() if value not in (None, [], "")})
    return result


def update_unit(data: Data, unit_id: str, **changes: Any) -> Data:
    """Change fields of a unit (name, symbol, kind, location…); ``None`` or ``""`` removes one."""
    result, unit = _copy_unit(data, unit_id, changes)
    for key, value in changes.items():
        if value is None or value == "":
            unit.pop(key, None)
        else:
            _assign(unit, key, value)
    return result


def move_unit(data: Data, unit_id: str, new_parent: str | None) -> Data:
    """Put a unit (with everything below it) under ``new_parent``, or at the top of the chart."""
    result = _copy(data, "units")
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
    result = _copy(data, "units")
    siblings, unit = _locate(result["units"], unit_id)
    gone = _ids([unit])
    siblings.remove(unit)
    _drop_empty_units(result["units"])

    def unlink(units: list[Data]) -> None:
        for other in units:
            if "also_reports_to" in other:
                kept = [boss for boss in _as_list(other["also_reports_to"]) if boss not in gone]
                if kept:
                    _assign(other, "also_reports_to", kept if isinstance(other["also_reports_to"], list) else kept[0])
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


def set_routing(data: Data, procedure_id: str, step_id: str, branches: Iterable[Data]) -> Data:
    """Replace where clients go after a step: branches of ``to``, ``p`` and an optional ``label``.

    A single unlabelled branch with p = 1 is written as a plain ``next: target``.
    """
    result, procedure = _copy_procedure(data, procedure_id)
    step = _step(procedure, step_id)
    rows = [{key: value for key, value in b.items() if value not in (None, "")} for b in branches]
    rows = [row for row in rows if row.get("to")]
    if not rows:
        raise EditError("edit.error.no_next", step=step_id, end=END)
    if len(rows) == 1 and float(rows[0].get("p", 1)) == 1.0 and "label" not in rows[0]:
        step["next"] = rows[0]["to"]
    else:
        _assign(
            step,
            "next",
            [
                {"to": row["to"], "p": float(row.get("p", 0)), **({"label": row["label"]} if "label" in row else {})}
                for row in rows
            ],
        )
    return result


def set_step_function(data: Data, procedure_id: str, step_id: str, function: str) -> Data:
    """Make another function serve a step: who does the step changes, the route does not."""
    result, procedure = _copy_procedure(data, procedure_id)
    step = _step(procedure, step_id)
    _assign(step, "function", function)
    return result


def _step(procedure: Data, step_id: str) -> Data:
    step = next((s for s in procedure["steps"] if s.get("id") == step_id), None)
    if step is None:
        raise EditError("edit.error.no_step", step=step_id, procedure=procedure["id"])
    return step


def replace_procedures(data: Data, procedures: list[Data]) -> Data:
    """Put ``procedures`` in place of the configuration's, keeping what is unchanged as written."""
    result = _copy(data, "procedures")
    _assign(result, "procedures", procedures)
    return result


def set_demand(data: Data, procedure_id: str, per_week: float) -> Data:
    """Set a procedure's mean arrivals per week (as written, before population scaling)."""
    result, procedure = _copy_procedure(data, procedure_id)
    _assign(procedure.setdefault("arrivals", {}), "per_week", float(per_week))
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
    parsed: Data | None = field(default=None, compare=False, repr=False)
    """The round-trip document of ``current`` when an edit made it (see :func:`edit_history`)."""
    documents: list[Data | None] = field(default_factory=list, compare=False, repr=False)
    """The documents of the latest texts in :attr:`past` (``None`` where not known), so that an
    edit after an undo neither parses its text again nor writes every unit anew; a history
    restored from its texts alone has none. They share all an edit did not change."""

    def __post_init__(self) -> None:
        self.current = self.current or self.saved

    def record(self, label: str, text: str, parsed: Data | None = None) -> None:
        """Remember the state before an edit called ``label`` and move to ``text`` (whose document,
        when known, is ``parsed``)."""
        self.past.append((label, self.current))
        self.documents.append(self.parsed)
        del self.past[:-HISTORY_DEPTH]
        del self.documents[: len(self.documents) - len(self.past)]
        self.current, self.parsed = text, parsed

    def undo(self) -> str | None:
        """Go back one edit; the label of the edit undone, or ``None`` when there is nothing to undo."""
        if not self.past:
            return None
        label, self.current = self.past.pop()
        self.parsed = self.documents.pop() if self.documents else None
        return label

    @property
    def modified(self) -> bool:
        """Whether the current text differs from the one loaded: switching away would lose it."""
        return self.current != self.saved

    @property
    def labels(self) -> list[str]:
        """Edits that can be undone, newest first."""
        return [label for label, _ in reversed(self.past)]
