"""Edycja: edit a unit (staff, details, place in the chart) or a procedure (demand, routing).

Controls on the left, on the right the edited part of the chart or flow and the findings now.
Every change goes through :func:`views.session.on_edit` (a callback) or :func:`views.session.edit_now`, so it
is checked by the loader and can be undone.
"""

from __future__ import annotations

import hashlib
from typing import Any, Literal

import pandas as pd
import streamlit as st

from model import Finding, Scenario
from model.config import editing
from model.config.schema import END, Role, Unit, UnitKind
from model.i18n import number, read_number, t
from model.present.report import counts, records, unit_labels
from views.cached import flowchart_dot, orgchart_dot
from views.common import show_findings, show_graph, show_problems
from views.session import edit_now, on_edit
from views.state import state

EDIT_DEPTH = 1
"""Levels of the chart beside the controls below its top (see :func:`render`)."""

EDITABLE_NUMBER = {"pl": "localized"}
"""How an editable table cell shows a number: the browser formats those cells (a table's own
formatting reaches only cells that cannot be edited), so in Polish in its locale's notation, which a
Polish browser writes "2,25"; else with two decimals."""


def render(scenario: Scenario, findings: list[Finding], key_args: tuple[str, str, str], lang: str) -> None:
    controls, view = st.columns([2, 3])
    with controls:
        if state.edit_unit_next in {u.id for u in scenario.units}:
            state.pop("edit_mode", None)  # a unit was just added: back to the default mode, which shows it
        mode = st.segmented_control(
            t("edit.mode", lang),
            ["units", "add", "procedures"],
            default="units",
            required=True,
            key="edit_mode",
            format_func=lambda m: t(f"edit.mode_{m}", lang),
        )
        if problems := state.pop("edit_error", None):
            show_problems(t("edit.refused", lang), problems)
        shown = None
        if mode == "units":
            edit_units(scenario, lang)
        elif mode == "add":
            add_unit(scenario, lang)
        else:
            shown = edit_procedures(scenario, lang)
    with view:
        errors, warnings = counts(findings)
        st.markdown(t("edit.findings_now", lang, errors=errors, warnings=warnings))
        if mode != "procedures":
            # The edited unit among its siblings, under their superior (a top unit: with the units
            # right under it), their own subordinates noted in a box: the whole chart would be too
            # small to read here, and drawing it was a quarter of Chromium's work opening the page.
            focus = state.edit_focus
            parent = next((u.id for u in scenario.units if any(c.id == focus for c in u.units)), None)
            show_graph(orgchart_dot(*key_args, lang, False, True, True, (focus,) if focus else (), parent, EDIT_DEPTH))
        elif shown:
            show_graph(flowchart_dot(*key_args, lang, shown))
        show_findings(scenario, findings, lang)


def fresh(*shown: object) -> str:
    """A widget key's ending that changes with the values the widget shows from the configuration:
    the widget starts afresh from them when an edit or an undo changes them, and is left as it is
    (the browser updates it, not builds it anew) when another part of the configuration changes."""
    return hashlib.blake2b(repr(shown).encode(), digest_size=6).hexdigest()


def change_staff(unit_id: str, rows: list[dict], index: int, field: str, key: str, label: str, lang: str) -> None:
    """A staff field's callback: the unit's ``rows`` with row ``index``'s ``field`` set from the widget
    ``key`` ("remove" drops the row, "add" appends a post of the chosen role), applied before the
    page is drawn, so that one run shows the edit. FTE that is not a number is refused, and said so."""
    rows = [dict(row) for row in rows]
    value = state[key]
    if field == "fte" and (value := read_number(state[key], lang)) is None:
        state.edit_error = [t("edit.not_a_number", lang, text=state[key])]
        return
    if field in ("role", "fte", "note") and rows[index].get(field) == value:
        return  # the browser sent the field back as it was (its page drawn again): nothing was edited
    if field == "add" and not value:
        return
    if field == "remove":
        del rows[index]
    elif field == "add":
        rows.append({"role": value, "fte": 1.0})
    else:
        rows[index][field] = value
    on_edit(label, lambda data: editing.set_staff(data, unit_id, rows))


def staff_editor(unit: Unit, lang: str) -> None:
    """The unit's staff, one row a post: role, FTE (typed the Polish way, "1,5"), note, remove; and a
    role to add. Plain fields, not a data grid: a grid waits 150 ms before it reports an edit, then
    repaints its canvas and rewrites its hidden table, and a unit has only a few posts."""
    roles = [r.value for r in Role]
    rows: list[dict[str, Any]] = [{"role": s.role.value, "fte": s.fte, "note": s.note or ""} for s in unit.staff]
    label = t("label.staff", lang, unit=unit.name)

    def role_name(role: str) -> str:
        return t(f"role.{role}", lang)

    def change(index: int, field: str) -> dict[str, Any]:
        # each field anew when the value it shows changes; the add field when a post comes or goes
        shows = rows[index].get(field) if field in ("role", "fte", "note") else len(rows)
        key = f"staff_{unit.id}_{index}_{field}_{fresh(shows)}"
        return {"key": key, "on_change": change_staff, "args": (unit.id, rows, index, field, key, label, lang)}

    for index, row in enumerate(rows):
        shown: Literal["visible", "collapsed"] = "visible" if index == 0 else "collapsed"  # first row: column heads
        role, fte, note, remove = st.columns([4, 2, 4, 1], vertical_alignment="bottom")
        role.selectbox(
            t("col.role", lang),
            roles,
            index=roles.index(row["role"]),
            format_func=role_name,
            label_visibility=shown,
            **change(index, "role"),
        )
        fte.text_input(
            t("col.fte", lang), number(row["fte"], "g", lang), label_visibility=shown, **change(index, "fte")
        )
        note.text_input(t("col.note", lang), row["note"], label_visibility=shown, **change(index, "note"))
        removal = change(index, "remove")
        remove.button(
            "",
            icon=":material/delete:",
            help=t("edit.staff_remove", lang),
            key=removal["key"],
            on_click=change_staff,
            args=removal["args"],
        )
    st.selectbox(
        t("edit.staff_add", lang),
        roles,
        index=None,
        format_func=role_name,
        placeholder=t("edit.staff_add_placeholder", lang),
        **change(len(rows), "add"),
    )


def edit_units(scenario: Scenario, lang: str) -> None:
    """The unit's staff, its details form, and moving or deleting it."""
    labels = unit_labels(scenario)
    if (added := state.pop("edit_unit_next", None)) in labels:
        state.edit_unit = added
    if state.edit_unit not in labels:  # the widget's state goes when another mode or page is drawn
        state.edit_unit = state.edit_focus if state.edit_focus in labels else next(iter(labels))
    unit_id = st.selectbox(t("edit.unit", lang), list(labels), format_func=labels.__getitem__, key="edit_unit")
    state.edit_focus = unit_id  # kept for the other modes: the new unit's place, the chart
    unit = next(u for u in scenario.units if u.id == unit_id)
    locations = {loc.id: loc.address for loc in scenario.config.locations}
    # Widgets keep their format functions until the next run: they hold these names, not the
    # scenario (megabytes a session, kept by every session open).
    function_names = {f: scenario.function_name(f, lang) for f in scenario.functions}

    st.markdown(f"**{t('edit.staff', lang)}**")
    staff_editor(unit, lang)
    st.caption(t("edit.staff_hint", lang))

    # the form's fields, read by the save button's callback
    field = f"{unit_id}_{fresh(unit.name, unit.symbol, unit.kind, unit.location, unit.functions)}"
    with st.form(f"unit_form_{field}"):
        st.text_input(t("edit.name", lang), unit.name, key=f"unit_name_{field}")
        st.text_input(t("edit.symbol", lang), unit.symbol or "", key=f"unit_symbol_{field}")
        kinds = [k.value for k in UnitKind]
        st.selectbox(
            t("edit.kind", lang),
            kinds,
            index=kinds.index(unit.kind.value),
            format_func=lambda k: t(f"kind.{k}", lang),
            key=f"unit_kind_{field}",
        )
        # Unknown ids (findings REF001, REF002) stay selectable, so saving never drops them silently.
        place_options = [None, *dict.fromkeys([*locations, unit.location])]
        st.selectbox(
            t("edit.location", lang),
            place_options,
            index=place_options.index(unit.location),
            format_func=lambda loc: locations.get(loc, loc or t("edit.no_location", lang)),
            key=f"unit_location_{field}",
        )
        st.multiselect(
            t("edit.functions", lang),
            list(function_names | dict.fromkeys(unit.functions)),
            default=unit.functions,
            format_func=lambda f: function_names.get(f, f),
            key=f"unit_functions_{field}",
        )
        st.form_submit_button(
            t("edit.save_unit", lang),
            type="primary",
            on_click=on_edit,
            args=(
                t("label.update", lang, unit=unit.name),
                lambda data: editing.update_unit(
                    data,
                    unit_id,
                    name=state[f"unit_name_{field}"].strip(),
                    symbol=state[f"unit_symbol_{field}"].strip(),
                    kind=state[f"unit_kind_{field}"],
                    location=state[f"unit_location_{field}"],
                    functions=state[f"unit_functions_{field}"] or None,
                ),
            ),
        )

    below = {u.id for u in unit.walk()}
    parents = [None, *(uid for uid in labels if uid not in below)]
    current_parent = next((u.id for u in scenario.units if any(c.id == unit_id for c in u.units)), None)
    move_to = st.selectbox(
        t("edit.parent", lang),
        parents,
        index=parents.index(current_parent),
        format_func=lambda uid: labels[uid].strip() if uid else t("edit.top", lang),
        key=f"move_{unit_id}_{fresh(current_parent)}",
    )
    move, delete = st.columns(2)
    move.button(
        t("edit.move", lang),
        disabled=move_to == current_parent,
        key="move_unit",
        width="stretch",
        on_click=on_edit,
        args=(t("label.move", lang, unit=unit.name), lambda data: editing.move_unit(data, unit_id, move_to)),
    )
    delete.button(
        t("edit.delete", lang),
        key="delete_unit",
        width="stretch",
        on_click=on_edit,
        args=(t("label.delete", lang, unit=unit.name), lambda data: editing.delete_unit(data, unit_id)),
    )
    if len(below) > 1:
        st.caption(t("edit.delete_note", lang, count=len(below) - 1))


def add_unit(scenario: Scenario, lang: str) -> None:
    """A form for a new unit, under the unit being edited unless another is chosen. Its own mode of
    the page, not an expander below the unit's fields: a collapsed expander's fields are drawn all
    the same, and the browser would redraw them after every edit."""
    labels = unit_labels(scenario)
    unit_id = state.edit_focus if state.edit_focus in labels else next(iter(labels))
    locations = {loc.id: loc.address for loc in scenario.config.locations}
    # names, not the scenario, for the widgets' format functions: see edit_units
    function_names = {f: scenario.function_name(f, lang) for f in scenario.functions}
    roles = [r.value for r in Role]
    with st.form(f"add_form_{state.revision}", clear_on_submit=True):
        parent = st.selectbox(
            t("edit.add_parent", lang),
            [None, *labels],
            index=1 + list(labels).index(unit_id),
            format_func=lambda uid: labels[uid].strip() if uid else t("edit.top", lang),
        )
        new_id = st.text_input(t("edit.id", lang), help=t("edit.id_help", lang))
        new_name = st.text_input(t("edit.name", lang))
        kinds = [k.value for k in UnitKind]
        kind = st.selectbox(
            t("edit.kind", lang), kinds, index=kinds.index("team"), format_func=lambda k: t(f"kind.{k}", lang)
        )
        location = st.selectbox(
            t("edit.location", lang),
            [None, *locations],
            format_func=lambda loc: locations.get(loc, t("edit.no_location", lang)),
        )
        functions = st.multiselect(
            t("edit.functions", lang), list(function_names), format_func=function_names.__getitem__
        )
        role = st.selectbox(t("col.role", lang), roles, format_func=lambda r: t(f"role.{r}", lang))
        fte = st.number_input(t("col.fte", lang), 0.0, 500.0, 1.0, 0.25)
        if st.form_submit_button(t("edit.add_button", lang), type="primary"):
            new_unit = {
                "id": new_id.strip(),
                "name": new_name.strip(),
                "kind": kind,
                "location": location,
                "functions": functions,
                "staff": [{"role": role, "fte": fte}] if fte else [],
            }
            state.edit_unit_next = new_id.strip()
            edit_now(
                t("label.add", lang, unit=new_name.strip() or new_id),
                lambda data: editing.add_unit(data, parent, new_unit),
            )


def edit_procedures(scenario: Scenario, lang: str) -> str | None:
    """Demand and routing of one procedure; returns the procedure shown, for the diagram."""
    if not scenario.procedures:
        st.info(t("edit.no_procedures", lang))
        return None
    names = {p.id: p.name for p in scenario.procedures}
    if state.edit_procedure not in names:
        state.edit_procedure = next(iter(names))
    procedure_id = st.selectbox(
        t("edit.procedure", lang), list(names), format_func=names.__getitem__, key="edit_procedure"
    )
    procedure = next(p for p in scenario.procedures if p.id == procedure_id)
    rev = state.revision

    per_week = st.number_input(
        t("edit.demand", lang),
        0.0,
        10_000.0,
        float(procedure.arrivals.per_week),
        0.5,
        key=f"demand_{procedure_id}_{rev}",
    )
    if procedure.arrivals.reference_population:
        st.caption(
            t(
                "edit.demand_scaled",
                lang,
                population=procedure.arrivals.reference_population,
                rate=procedure.arrivals.rate_for(scenario.config.centre.population),
            )
        )
    st.button(
        t("edit.save_demand", lang),
        disabled=per_week == procedure.arrivals.per_week,
        key="save_demand",
        on_click=on_edit,
        args=(
            t("label.demand", lang, procedure=procedure.name),
            lambda data: editing.set_demand(data, procedure_id, per_week),
        ),
    )

    steps = {s.id: s.name or s.id for s in procedure.steps}
    step_id = st.selectbox(
        t("edit.step", lang), list(steps), format_func=steps.__getitem__, key=f"edit_step_{procedure_id}"
    )
    step = next(s for s in procedure.steps if s.id == step_id)
    function_names = {f: scenario.function_name(f) for f in scenario.functions}
    functions = sorted(function_names, key=function_names.__getitem__)
    function = st.selectbox(
        t("edit.step_function", lang),
        functions,
        index=functions.index(step.function) if step.function in functions else 0,
        format_func=function_names.__getitem__,
        key=f"step_function_{procedure_id}_{step_id}_{rev}",
    )
    st.button(
        t("edit.save_step_function", lang),
        disabled=function == step.function,
        key="save_step_function",
        on_click=on_edit,
        args=(
            t("label.step_function", lang, procedure=procedure.name, step=steps[step_id]),
            lambda data: editing.set_step_function(data, procedure_id, step_id, function),
        ),
    )
    targets = list(dict.fromkeys([*steps, END, *(target for target, _ in step.branches)]))
    branches = pd.DataFrame(
        [{"to": b.to, "p": b.p, "label": b.label or ""} for b in step.next]
        if isinstance(step.next, list)
        else [{"to": step.next, "p": 1.0, "label": ""}],
        columns=["to", "p", "label"],
    )
    edited = st.data_editor(
        branches,
        key=f"branches_{procedure_id}_{step_id}_{rev}",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "to": st.column_config.SelectboxColumn(
                t("col.to", lang),
                options=targets,
                required=True,
                format_func=lambda s: steps.get(str(s), t("flow.end", lang) if s == END else str(s)),
            ),
            "p": st.column_config.NumberColumn(
                t("col.p", lang),
                min_value=0.0,
                max_value=1.0,
                step=0.05,
                required=True,
                format=EDITABLE_NUMBER.get(lang, "%.2f"),
            ),
            "label": st.column_config.TextColumn(t("col.reason", lang)),
        },
    )
    total = float(edited["p"].fillna(0).sum())
    st.caption(t("edit.p_sum", lang, total=total))
    if st.button(t("edit.save_routing", lang), key="save_routing", type="primary"):
        rows = records(edited)
        edit_now(
            t("label.routing", lang, procedure=procedure.name, step=steps[step_id]),
            lambda data: editing.set_routing(data, procedure_id, step_id, rows),
        )
    return procedure_id
