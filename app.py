"""Konfigurator struktury i procedur ośrodka pomocy społecznej: the Streamlit app.

A thin page over :mod:`model`: it keeps the session's state (the configuration's YAML text and
its undo history), caches the expensive work per text with ``st.cache_data``, and draws the
sidebar and the tabs top to bottom. Start with ``streamlit run app.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from model import ConfigError, Finding, Scenario, Severity, dump_yaml, load_scenario_text, validate
from model import editing
from model.editing import EditError, History
from model.flow import servers
from model.flowchart import deadline_text, flowchart
from model.i18n import LANGUAGES, t
from model.journey import location_of, sample_journey
from model.orgchart import orgchart
from model.schema import END, Role, UnitKind

ROOT = Path(__file__).resolve().parent
CONFIG_DIR = ROOT / "org_configs"
DEFAULT_CONFIG = "tarnowskie_gory_2017.yaml"
BOTTLENECK = 0.85  # utilisation from which a unit is a bottleneck: queues grow steeply beyond it
LONGEST_WAITS = 15  # steps shown in the waiting-time chart; the table under it lists all
NOTABLE_CHANGE = 0.05  # relative B − A difference that counts when a measure has no confidence interval
DEADLINE_TARGET = 0.95  # share of cases within the statutory deadline below which a procedure is flagged
TABS = ("tab.structure", "tab.edit", "tab.flow", "tab.simulation", "tab.compare", "tab.trainer", "tab.export")

st.set_page_config(page_title="Konfigurator MOPS", page_icon="🏛️", layout="wide")
state = st.session_state


# --- cached work, keyed on the configuration text ----------------------------------------------


@st.cache_data(max_entries=64, show_spinner=False)
def load(text: str, name: str, base_dir: str) -> Scenario:
    """The scenario of a YAML text; a :class:`ConfigError` propagates (and is not cached)."""
    return load_scenario_text(text, name, base_dir, root=ROOT)


@st.cache_data(max_entries=64, show_spinner=False)
def findings_of(text: str, name: str, base_dir: str) -> list[Finding]:
    return validate(load(text, name, base_dir))


@st.cache_data(max_entries=64, show_spinner=False)
def orgchart_dot(text: str, name: str, base_dir: str, lang: str, color: bool, show_fte: bool,
                 show_location: bool, highlight: tuple[str, ...], root: str | None = None) -> str:
    chart = orgchart(load(text, name, base_dir), show_fte=show_fte, color_by_function=color,
                     highlight=frozenset(highlight), lang=lang, show_location=show_location, root=root)
    return chart.source


@st.cache_data(max_entries=256, show_spinner=False)
def flowchart_dot(text: str, name: str, base_dir: str, lang: str, procedure: str, by_building: bool = False,
                  path: tuple[str, ...] = (), current: str | None = None) -> str:
    flagged = {f.subject.partition("/")[2] for f in findings_of(text, name, base_dir)
               if f.subject and f.subject.startswith(f"{procedure}/")}
    chart = flowchart(load(text, name, base_dir), procedure, path=path, current=current, flagged=flagged,
                      by_building=by_building, lang=lang)
    return chart.source


@st.cache_data(max_entries=16, show_spinner=False)
def download_yaml(text: str, name: str, base_dir: str) -> str:
    return dump_yaml(load(text, name, base_dir))


def config_file(file_name: str) -> str:
    """The file as it is now (not cached: an administrator may update it while the app runs)."""
    return (CONFIG_DIR / file_name).read_text(encoding="utf-8")


def config_files() -> list[str]:
    return sorted(p.name for p in CONFIG_DIR.glob("*.y*ml"))


# --- session state: which configuration, its history, pending switches --------------------------


def lang() -> str:
    return state.get("lang", "pl")


def edited_name(name: str) -> str:
    """Name of the edited configuration: the downloaded file and the file findings point into.

    The same in both languages, so that switching language neither renames nor reloads it.
    """
    return f"{Path(name).stem}_edytowana.yaml"


def current() -> tuple[str, str, str]:
    """``(text, name, base_dir)`` of the configuration in effect."""
    history: History = state.history
    source = state.source
    name = source["name"] if not history.modified else edited_name(source["name"])
    return history.current, name, source["base_dir"]


def loadable(name: str, text: str, base_dir: str) -> bool:
    """Whether a configuration loads; if not, keep the one in use and say why in the sidebar."""
    try:
        load(text, name, base_dir)
    except ConfigError as exc:
        state.load_errors = (name, [str(p) for p in exc.problems])
        state.config_file = state.source["file"] if "source" in state else None
        return False
    return True


def open_config(name: str, text: str, base_dir: str, file: str | None) -> None:
    """Make a configuration current, if it loads."""
    if not loadable(name, text, base_dir):
        return
    state.source = {"name": name, "base_dir": base_dir, "file": file}
    state.history = History(text)
    state.config_file = file
    state.revision = state.get("revision", 0) + 1
    for stale in ("load_errors", "pending", "simulation", "comparison", "edit_error", "trainer_index"):
        state.pop(stale, None)


def request_open(name: str, text: str, base_dir: str, file: str | None) -> None:
    """Switch configuration, or ask first when that would discard edits (a file that cannot be
    loaded is refused straight away: there is nothing to ask about)."""
    if "history" in state and state.history.modified:
        if loadable(name, text, base_dir):
            state.pending = {"name": name, "text": text, "base_dir": base_dir, "file": file}
    else:
        open_config(name, text, base_dir, file)


def on_pick_file() -> None:
    file = state.config_file
    if file:
        request_open(f"org_configs/{file}", config_file(file), str(CONFIG_DIR), file)
    else:  # the picker was cleared: it keeps showing the configuration in use
        state.config_file = state.source["file"]


def on_upload() -> None:
    upload = state.get(f"upload_{state.upload_round}")
    state.upload_round += 1
    if upload is None:
        return
    try:
        text = upload.getvalue().decode("utf-8-sig")
    except UnicodeDecodeError:
        state.load_errors = (upload.name, [f"{upload.name}: {t('upload.not_utf8', lang())}"])
        return
    request_open(upload.name, text, str(CONFIG_DIR), None)


def confirm_pending() -> None:
    pending = state.pop("pending")
    open_config(pending["name"], pending["text"], pending["base_dir"], pending["file"])


def cancel_pending() -> None:
    state.pop("pending", None)
    state.config_file = state.source["file"]


def do_edit(label: str, change: editing.Edit) -> None:
    """Apply one edit to the current configuration and record it for undo."""
    text, name, base_dir = current()
    try:
        new_text, _ = editing.apply(load(text, name, base_dir), change, edited_name(state.source["name"]), base_dir,
                                    load=load)
    except EditError as exc:
        state.edit_error = [str(exc)]
        return
    except ConfigError as exc:
        state.edit_error = [str(p) for p in exc.problems]
        return
    state.pop("edit_error", None)
    if new_text != text:
        state.history.record(label, new_text)
        state.revision += 1
        state.notice = t("edit.done", lang(), label=label)


def edit_now(label: str, change: editing.Edit) -> None:
    """Apply an edit made while the page draws (a table cell, a form) and redraw with it.

    A refused edit is shown where it was made; rerunning then would only repeat it.
    """
    before = state.revision
    do_edit(label, change)
    if state.revision != before:
        st.rerun()
    if problems := state.pop("edit_error", None):
        st.error(t("edit.refused", lang()) + "\n\n" + "\n".join(f"- `{p}`" for p in problems))


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of an edited table without empty cells, so that NaN and "" compare equal to absent."""
    return [{key: value for key, value in row.items() if value is not None and value == value and value != ""}
            for row in frame.to_dict("records")]


def undo() -> None:
    label = state.history.undo()
    if label:
        state.revision += 1
        state.notice = t("undo.done", lang(), label=label)


def on_language() -> None:
    """Keep the open tab open when its label changes language."""
    old = "en" if state.lang == "pl" else "pl"
    labels = {t(key, old): t(key, state.lang) for key in TABS}
    if state.get("tab") in labels:
        state.tab = labels[state.tab]


# --- small views -------------------------------------------------------------------------------


def unit_labels(scenario: Scenario) -> dict[str, str]:
    """Unit id → its name indented by depth, for pickers that show the chart's shape."""
    labels: dict[str, str] = {}

    def walk(units: list, depth: int) -> None:
        for unit in units:
            labels[unit.id] = "\u2003" * depth + unit.name
            walk(unit.units, depth + 1)

    walk(scenario.config.units, 0)
    return labels


def function_name(scenario: Scenario, function_id: str) -> str:
    function = scenario.functions.get(function_id)
    if not function:
        return function_id
    return function.name_en if lang() == "en" else function.name


def subject_text(scenario: Scenario, subject: str | None) -> str:
    """What a finding is about, by name: a unit, a procedure, or a procedure's step."""
    if not subject:
        return t("subject.centre", lang())
    procedure_id, _, step_id = subject.partition("/")
    unit = scenario.unit(subject)
    if unit:
        return f"{t('subject.unit', lang())}: {unit.name}"
    procedure = scenario.procedure(procedure_id)
    if procedure is None:
        return subject
    if not step_id:
        return f"{t('subject.procedure', lang())}: {procedure.name}"
    step = procedure.step(step_id)
    return f"{procedure.name} › {step.name or step.id if step else step_id}"


def findings_frame(scenario: Scenario, findings: list[Finding]) -> pd.DataFrame:
    return pd.DataFrame(
        [{t("col.severity", lang()): t(f"severity.{f.severity.value}", lang()),
          t("col.rule", lang()): f.rule,
          t("col.subject", lang()): subject_text(scenario, f.subject),
          t("col.message", lang()): f.message,
          t("col.file", lang()): Path(f.file).name,
          t("col.line", lang()): f.line}
         for f in findings],
        columns=[t(key, lang()) for key in ("col.severity", "col.rule", "col.subject", "col.message",
                                            "col.file", "col.line")],
    )


def show_findings(scenario: Scenario, findings: list[Finding], key: str | None = None) -> None:
    """The findings table; with ``key`` a row can be selected (see :func:`selected_finding`)."""
    if not findings:
        st.success(t("findings.none", lang()))
        return
    severity = t("col.severity", lang())
    styled = findings_frame(scenario, findings).style.map(
        lambda v: "color: #b71c1c; font-weight: 600" if v == t("severity.error", lang()) else "color: #8a5a00",
        subset=[severity])
    selectable = {"key": key, "on_select": "rerun", "selection_mode": "single-row"} if key else {}
    st.dataframe(styled, hide_index=True, width="stretch", **selectable,
                 column_config={severity: st.column_config.TextColumn(width="small"),
                                t("col.rule", lang()): st.column_config.TextColumn(width="small"),
                                t("col.subject", lang()): st.column_config.TextColumn(width="medium"),
                                t("col.message", lang()): st.column_config.TextColumn(width="large"),
                                t("col.file", lang()): st.column_config.TextColumn(width="small"),
                                t("col.line", lang()): st.column_config.NumberColumn(width="small", format="%d")})


def selected_finding(findings: list[Finding], key: str) -> Finding | None:
    """The finding whose row is selected in the table drawn with ``key`` (read before it is drawn)."""
    rows = state[key]["selection"]["rows"] if key in state else []
    return findings[rows[0]] if rows and rows[0] < len(findings) else None


def finding_units(scenario: Scenario, findings: list[Finding]) -> tuple[str, ...]:
    """Units a finding points at, for highlighting them on the chart."""
    ids = {u.id for u in scenario.units}
    return tuple(sorted({f.subject for f in findings if f.subject in ids}))


# --- the page ----------------------------------------------------------------------------------

state.setdefault("lang", "pl")
state.setdefault("upload_round", 0)
if "history" not in state:
    files = config_files()
    first = DEFAULT_CONFIG if DEFAULT_CONFIG in files else (files[0] if files else None)
    if first:
        open_config(f"org_configs/{first}", config_file(first), str(CONFIG_DIR), first)

with st.sidebar:
    st.radio(t("sidebar.language", lang()), list(LANGUAGES), format_func=LANGUAGES.get, key="lang",
             horizontal=True, on_change=on_language)
    st.header(t("sidebar.config", lang()))
    st.selectbox(t("sidebar.pick", lang()), config_files(), key="config_file", index=None,
                 placeholder=t("sidebar.uploaded", lang()), on_change=on_pick_file)
    st.file_uploader(t("sidebar.upload", lang()), type=["yaml", "yml"], key=f"upload_{state.upload_round}",
                     on_change=on_upload)
    if state.get("pending"):
        st.warning(t("switch.warning", lang(), name=state.pending["name"], count=len(state.history.past)))
        confirm, cancel = st.columns(2)
        confirm.button(t("switch.confirm", lang()), on_click=confirm_pending, type="primary", key="confirm_switch")
        cancel.button(t("switch.cancel", lang()), on_click=cancel_pending, key="cancel_switch")
    if state.get("load_errors"):
        failed, problems = state.load_errors
        st.error(t("load.failed", lang(), name=failed) + "\n\n" + "\n".join(f"- `{p}`" for p in problems))

if "history" not in state:
    st.title(t("app.title", lang()))
    st.error(t("load.none", lang()))
    st.stop()

text, name, base_dir = current()
scenario = load(text, name, base_dir)
findings = findings_of(text, name, base_dir)
history: History = state.history

with st.sidebar:
    st.caption(t("sidebar.current", lang(), name=name))
    if history.modified:
        st.info(t("sidebar.modified", lang(), count=len(history.past)))
    st.button(t("undo.button", lang(), label=history.labels[0]) if history.labels else t("undo.nothing", lang()),
              on_click=undo, disabled=not history.labels, key="undo", width="stretch")
    st.download_button(t("sidebar.download", lang()), data=lambda: download_yaml(text, name, base_dir),
                       file_name=Path(name).name, mime="application/x-yaml", key="download_yaml",
                       width="stretch", on_click="ignore")
    # Closing or reloading the page would drop the session's edits: let the browser ask first.
    guard = "(event) => { event.preventDefault(); event.returnValue = ''; }" if history.modified else "null"
    st.html(f"<script>window.onbeforeunload = {guard};</script>", unsafe_allow_javascript=True, width=1)

centre = scenario.config.centre
st.title(centre.short_name or centre.name)
errors = sum(f.severity == Severity.error for f in findings)
st.caption(t("app.caption", lang(), name=centre.name, model=t(f"model.{centre.model.value}", lang()),
             population=f"{centre.population:,}".replace(",", "\u00a0"), units=len(scenario.units),
             fte=f"{sum(u.fte() for u in scenario.units):g}", procedures=len(scenario.procedures),
             errors=errors, warnings=len(findings) - errors))
if notice := state.pop("notice", None):
    st.toast(notice)

tabs = st.tabs([t(key, lang()) for key in TABS], key="tab", on_change="rerun")
structure_tab, edit_tab, flow_tab, simulation_tab, compare_tab, trainer_tab, export_tab = tabs
key_args = (text, name, base_dir)


def is_open(tab: Any) -> bool:
    """Whether to draw a tab: the open one only, so hidden tabs cost nothing on a rerun."""
    return tab.open is not False


# --- Struktura ---------------------------------------------------------------------------------

if is_open(structure_tab):
    with structure_tab:
        # The chart is wide and short, so its switches sit in a row above it, not beside it.
        switches = st.columns(4)
        color = switches[0].toggle(t("structure.color", lang()), key="color_by_function")
        show_fte = switches[1].toggle(t("structure.fte", lang()), value=True, key="show_fte")
        show_location = switches[2].toggle(t("structure.location", lang()), key="show_location")
        mark = switches[3].toggle(t("structure.highlight", lang()), value=True, key="highlight_findings")
        table_key = f"findings_{state.revision}"  # a new table after each edit: old row numbers mean nothing
        chosen = selected_finding(findings, table_key)
        highlight = finding_units(scenario, [chosen] if chosen else findings) if mark else ()
        st.graphviz_chart(orgchart_dot(*key_args, lang(), color, show_fte, show_location, highlight))
        if highlight:
            st.caption(t("structure.highlight_note", lang()))
        st.subheader(t("findings.title_count", lang(), errors=errors, warnings=len(findings) - errors))
        if findings:
            st.caption(t("findings.select_hint", lang()))
        show_findings(scenario, findings, key=table_key)
        procedure_id = (chosen.subject or "").partition("/")[0] if chosen else ""
        if scenario.procedure(procedure_id):
            step_id = chosen.subject.partition("/")[2] or None
            st.markdown(f"**{subject_text(scenario, chosen.subject)}**")
            st.graphviz_chart(flowchart_dot(*key_args, lang(), procedure_id, False, (), step_id))


# --- Edycja ------------------------------------------------------------------------------------


def edit_units(scenario: Scenario) -> None:
    labels = unit_labels(scenario)
    if (added := state.pop("edit_unit_next", None)) in labels:
        state.edit_unit = added
    if state.get("edit_unit") not in labels:
        state.edit_unit = next(iter(labels))
    unit_id = st.selectbox(t("edit.unit", lang()), list(labels), format_func=labels.get, key="edit_unit")
    unit = scenario.unit(unit_id)
    rev = state.revision
    locations = {loc.id: loc.address for loc in scenario.config.locations}

    st.markdown(f"**{t('edit.staff', lang())}**")
    roles = [r.value for r in Role]
    staff = pd.DataFrame([{"role": s.role.value, "fte": s.fte, "note": s.note or ""} for s in unit.staff],
                         columns=["role", "fte", "note"])
    edited = st.data_editor(
        staff, key=f"staff_{unit_id}_{rev}", num_rows="dynamic", hide_index=True, width="stretch",
        column_config={
            "role": st.column_config.SelectboxColumn(t("col.role", lang()), options=roles, required=True,
                                                     default=Role.social_worker.value,
                                                     format_func=lambda r: t(f"role.{r}", lang())),
            "fte": st.column_config.NumberColumn(t("col.fte", lang()), min_value=0.0, max_value=500.0, step=0.25,
                                                 default=1.0, required=True, format="%.2f"),
            "note": st.column_config.TextColumn(t("col.note", lang())),
        })
    rows = records(edited)
    if rows != records(staff):
        edit_now(t("label.staff", lang(), unit=unit.name), lambda data: editing.set_staff(data, unit_id, rows))
    st.caption(t("edit.staff_hint", lang()))

    with st.form(f"unit_form_{unit_id}_{rev}"):
        new_name = st.text_input(t("edit.name", lang()), unit.name)
        symbol = st.text_input(t("edit.symbol", lang()), unit.symbol or "")
        kinds = [k.value for k in UnitKind]
        kind = st.selectbox(t("edit.kind", lang()), kinds, index=kinds.index(unit.kind.value),
                            format_func=lambda k: t(f"kind.{k}", lang()))
        # Unknown ids (findings REF001, REF002) stay selectable, so saving never drops them silently.
        place_options = [None, *dict.fromkeys([*locations, unit.location])]
        location = st.selectbox(t("edit.location", lang()), place_options, index=place_options.index(unit.location),
                                format_func=lambda loc: locations.get(loc, loc or t("edit.no_location", lang())))
        functions = st.multiselect(t("edit.functions", lang()), list(dict.fromkeys([*scenario.functions,
                                                                                    *unit.functions])),
                                   default=unit.functions, format_func=lambda f: function_name(scenario, f))
        if st.form_submit_button(t("edit.save_unit", lang()), type="primary"):
            edit_now(t("label.update", lang(), unit=unit.name),
                     lambda data: editing.update_unit(data, unit_id, name=new_name.strip(), symbol=symbol.strip(),
                                                      kind=kind, location=location, functions=functions or None))

    below = {u.id for u in unit.walk()}
    parents = [None, *(uid for uid in labels if uid not in below)]
    current_parent = next((u.id for u in scenario.units if any(c.id == unit_id for c in u.units)), None)
    move_to = st.selectbox(t("edit.parent", lang()), parents, index=parents.index(current_parent),
                           format_func=lambda uid: labels[uid].strip() if uid else t("edit.top", lang()),
                           key=f"move_{unit_id}_{rev}")
    move, delete = st.columns(2)
    move.button(t("edit.move", lang()), disabled=move_to == current_parent, key="move_unit", width="stretch",
                on_click=do_edit, args=(t("label.move", lang(), unit=unit.name),
                                        lambda data: editing.move_unit(data, unit_id, move_to)))
    delete.button(t("edit.delete", lang()), key="delete_unit", width="stretch",
                  on_click=do_edit, args=(t("label.delete", lang(), unit=unit.name),
                                          lambda data: editing.delete_unit(data, unit_id)))
    if len(below) > 1:
        st.caption(t("edit.delete_note", lang(), count=len(below) - 1))

    with st.expander(t("edit.add", lang())):
        with st.form(f"add_form_{rev}", clear_on_submit=True):
            parent = st.selectbox(t("edit.add_parent", lang()), [None, *labels],
                                  index=1 + list(labels).index(unit_id),
                                  format_func=lambda uid: labels[uid].strip() if uid else t("edit.top", lang()))
            new_id = st.text_input(t("edit.id", lang()), help=t("edit.id_help", lang()))
            new_name = st.text_input(t("edit.name", lang()))
            kinds = [k.value for k in UnitKind]
            kind = st.selectbox(t("edit.kind", lang()), kinds, index=kinds.index("team"),
                                format_func=lambda k: t(f"kind.{k}", lang()))
            location = st.selectbox(t("edit.location", lang()), [None, *locations],
                                    format_func=lambda loc: locations.get(loc, t("edit.no_location", lang())))
            functions = st.multiselect(t("edit.functions", lang()), list(scenario.functions),
                                       format_func=lambda f: function_name(scenario, f))
            role = st.selectbox(t("col.role", lang()), roles, format_func=lambda r: t(f"role.{r}", lang()))
            fte = st.number_input(t("col.fte", lang()), 0.0, 500.0, 1.0, 0.25)
            if st.form_submit_button(t("edit.add_button", lang()), type="primary"):
                new_unit = {"id": new_id.strip(), "name": new_name.strip(), "kind": kind, "location": location,
                            "functions": functions, "staff": [{"role": role, "fte": fte}] if fte else []}
                state.edit_unit_next = new_unit["id"]
                edit_now(t("label.add", lang(), unit=new_name.strip() or new_id),
                         lambda data: editing.add_unit(data, parent, new_unit))


def edit_procedures(scenario: Scenario) -> str | None:
    """Demand and routing of one procedure; returns the procedure shown, for the diagram."""
    if not scenario.procedures:
        st.info(t("edit.no_procedures", lang()))
        return None
    names = {p.id: p.name for p in scenario.procedures}
    if state.get("edit_procedure") not in names:
        state.edit_procedure = next(iter(names))
    procedure_id = st.selectbox(t("edit.procedure", lang()), list(names), format_func=names.get,
                                key="edit_procedure")
    procedure = scenario.procedure(procedure_id)
    rev = state.revision

    per_week = st.number_input(t("edit.demand", lang()), 0.0, 10_000.0, float(procedure.arrivals.per_week), 0.5,
                               key=f"demand_{procedure_id}_{rev}")
    if procedure.arrivals.reference_population:
        st.caption(t("edit.demand_scaled", lang(), population=procedure.arrivals.reference_population,
                     rate=f"{procedure.arrivals.rate_for(scenario.config.centre.population):.1f}"))
    st.button(t("edit.save_demand", lang()), disabled=per_week == procedure.arrivals.per_week, key="save_demand",
              on_click=do_edit, args=(t("label.demand", lang(), procedure=procedure.name),
                                      lambda data: editing.set_demand(data, procedure_id, per_week)))

    steps = {s.id: s.name or s.id for s in procedure.steps}
    step_id = st.selectbox(t("edit.step", lang()), list(steps), format_func=steps.get,
                           key=f"edit_step_{procedure_id}")
    step = procedure.step(step_id)
    targets = list(dict.fromkeys([*steps, END, *(target for target, _ in step.branches)]))
    branches = pd.DataFrame(
        [{"to": b.to, "p": b.p, "label": b.label or ""} for b in step.next] if isinstance(step.next, list)
        else [{"to": step.next, "p": 1.0, "label": ""}], columns=["to", "p", "label"])
    edited = st.data_editor(
        branches, key=f"branches_{procedure_id}_{step_id}_{rev}", num_rows="dynamic", hide_index=True,
        width="stretch",
        column_config={
            "to": st.column_config.SelectboxColumn(t("col.to", lang()), options=targets, required=True,
                                                   format_func=lambda s: steps.get(s, t("flow.end", lang()) if s == END else s)),
            "p": st.column_config.NumberColumn(t("col.p", lang()), min_value=0.0, max_value=1.0, step=0.05,
                                               required=True, format="%.2f"),
            "label": st.column_config.TextColumn(t("col.reason", lang())),
        })
    total = float(edited["p"].fillna(0).sum())
    st.caption(t("edit.p_sum", lang(), total=f"{total:.2f}"))
    if st.button(t("edit.save_routing", lang()), key="save_routing", type="primary"):
        rows = records(edited)
        edit_now(t("label.routing", lang(), procedure=procedure.name, step=steps[step_id]),
                 lambda data: editing.set_routing(data, procedure_id, step_id, rows))
    return procedure_id


if is_open(edit_tab):
    with edit_tab:
        controls, view = st.columns([2, 3])
        with controls:
            mode = st.segmented_control(t("edit.mode", lang()), ["units", "procedures"], default="units",
                                        required=True, key="edit_mode",
                                        format_func=lambda m: t(f"edit.mode_{m}", lang()))
            if problems := state.pop("edit_error", None):
                st.error(t("edit.refused", lang()) + "\n\n" + "\n".join(f"- `{p}`" for p in problems))
            shown = edit_units(scenario) if mode == "units" else edit_procedures(scenario)
        with view:
            st.markdown(t("edit.findings_now", lang(), errors=errors, warnings=len(findings) - errors))
            if mode == "units":
                # The edited unit among its siblings: the whole chart would be too small to read here.
                parent = next((u.id for u in scenario.units if any(c.id == state.edit_unit for c in u.units)), None)
                st.graphviz_chart(orgchart_dot(*key_args, lang(), False, True, True, (state.edit_unit,), parent))
            elif shown:
                st.graphviz_chart(flowchart_dot(*key_args, lang(), shown))
            show_findings(scenario, findings)


# --- Przepływ klienta --------------------------------------------------------------------------

if is_open(flow_tab):
    with flow_tab:
        if not scenario.procedures:
            st.info(t("edit.no_procedures", lang()))
        else:
            options, chart = st.columns([1, 3])
            names = {p.id: p.name for p in scenario.procedures}
            with options:
                procedure_id = st.selectbox(t("edit.procedure", lang()), list(names), format_func=names.get,
                                            key="flow_procedure")
                by_building = st.toggle(t("flow.by_building", lang()), key="flow_by_building")
                procedure = scenario.procedure(procedure_id)
                if procedure.description:
                    st.caption(procedure.description)
                if procedure.basis:
                    st.markdown(f"**{t('flow.basis', lang())}**\n\n" + "\n".join(f"- {b}" for b in procedure.basis))
                st.caption(t("flow.legend", lang()))
                step_findings = [f for f in findings if f.subject and f.subject.startswith(f"{procedure_id}/")
                                 or f.subject == procedure_id]
                if step_findings:
                    st.error("\n".join(f"- **{f.rule}** {subject_text(scenario, f.subject)}: {f.message}"
                                       for f in step_findings))
            with chart:
                st.graphviz_chart(flowchart_dot(*key_args, lang(), procedure_id, by_building))
            rows = []
            serving = servers(scenario)
            for step in procedure.steps:
                units = serving.get(step.function, [])
                place = location_of(scenario, units[0]) if units else None
                rows.append({t("col.step", lang()): step.name or step.id,
                             t("col.function", lang()): function_name(scenario, step.function),
                             t("col.unit", lang()): ", ".join(u.name for u in units) or "—",
                             t("col.address", lang()): t("flow.home", lang()) if step.field
                             else (place.address if place else "—"),
                             t("col.document", lang()): step.document or "",
                             t("col.deadline", lang()): deadline_text(step, lang())})
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


# --- Symulacja ---------------------------------------------------------------------------------


def simulation_form(form_key: str) -> tuple[Any, bool]:
    """The settings form (days, seed, replications, demand); returns the settings and whether submitted."""
    from model.simulation import SimulationSettings  # imported when needed: SimPy is not needed to open the page

    with st.form(form_key):
        days = st.number_input(t("sim.days", lang()), 5, 730, 90, 5)
        seed = st.number_input(t("sim.seed", lang()), 0, 1_000_000, 1)
        replications = st.number_input(t("sim.replications", lang()), 1, 500, 30)
        warmup = st.number_input(t("sim.warmup", lang()), 0, 180, 10)
        overall = st.slider(t("sim.demand_all", lang()), 0.25, 3.0, 1.0, 0.05)
        with st.expander(t("sim.demand_each", lang())):
            multipliers = {p.id: st.number_input(p.name, 0.0, 10.0, 1.0, 0.05, key=f"{form_key}_{p.id}")
                           for p in scenario.procedures}
        submitted = st.form_submit_button(t("sim.run", lang()), type="primary", width="stretch")
    demand = {"*": overall, **{pid: overall * m for pid, m in multipliers.items() if m != 1.0}}
    # One process: worker processes would re-import this page as their __main__ and draw it.
    settings = SimulationSettings(days=int(days), seed=int(seed), replications=int(replications),
                                  warmup_days=min(int(warmup), int(days) - 1), demand=demand, processes=1)
    return settings, submitted


def progress_bar(container: Any) -> Callable[[int, int], None]:
    bar = container.progress(0.0, text=t("sim.running", lang()))

    def report(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=t("sim.progress", lang(), done=done, total=total))

    return report


def step_label(scenario: Scenario, key: str) -> str:
    procedure_id, _, step_id = key.partition("/")
    procedure = scenario.procedure(procedure_id)
    step = procedure.step(step_id) if procedure else None
    return f"{procedure.name} › {step.name or step.id}" if procedure and step else key


def wait_scale(longest: float, day_minutes: float) -> tuple[float, str]:
    """Divisor and axis title that keep waits readable: minutes, hours or working days."""
    if longest >= 2 * day_minutes:
        return day_minutes, t("sim.wait_days", lang())
    if longest >= 120:
        return 60.0, t("sim.wait_hours", lang())
    return 1.0, t("sim.wait_minutes", lang())


def waits_frame(scenario: Scenario, result: dict[str, Any], variant: str = "") -> pd.DataFrame:
    return pd.DataFrame([{"item": step_label(scenario, key), "variant": variant,
                          "value": v["mean_wait_minutes"],
                          "low": (v.get("mean_wait_minutes_ci95") or [None, None])[0],
                          "high": (v.get("mean_wait_minutes_ci95") or [None, None])[1]}
                         for key, v in result["steps"].items() if v["mean_wait_minutes"] is not None],
                        columns=["item", "variant", "value", "low", "high"])


def units_frame(result: dict[str, Any], variant: str = "") -> pd.DataFrame:
    """Utilisation of the units that serve any step (management boxes with no work are left out)."""
    return pd.DataFrame([{"item": v["name"], "variant": variant, "value": v["utilisation"] or 0.0,
                          "queue": v["mean_queue"], "flag": (v["utilisation"] or 0.0) >= BOTTLENECK}
                         for v in result["units"].values() if v["offered_load"] > 0],
                        columns=["item", "variant", "value", "queue", "flag"])


def procedures_frame(result: dict[str, Any], field: str, variant: str = "") -> pd.DataFrame:
    return pd.DataFrame([{"item": v["name"], "variant": variant, "value": v[field]}
                         for v in result["procedures"].values() if v[field] is not None],
                        columns=["item", "variant", "value"])


def bars(frame: pd.DataFrame, title: str, axis: str, *, percent: bool = False, flag: str | None = None,
         threshold: float | None = None, grouped: bool = False, interval: bool = False) -> Any:
    """Horizontal bars, one per ``item``: flagged bars red, an optional threshold, CI whiskers,
    or A/B bars side by side per item when ``grouped``."""
    import altair as alt  # here, not at the top: it adds half a second to the first page

    base = alt.Chart(frame)
    x = alt.X("value:Q", title=axis, axis=alt.Axis(format="%") if percent else alt.Axis(),
              scale=alt.Scale(domain=[0, 1]) if percent else alt.Scale(zero=True))
    y = alt.Y("item:N", title=None, sort=None, axis=alt.Axis(labelLimit=280))
    encoding: dict[str, Any] = {"x": x, "y": y,
                                "tooltip": ["item:N", alt.Tooltip("value:Q", format=".1%" if percent else ".1f")]}
    if grouped:
        encoding.update(yOffset="variant:N", color=alt.Color("variant:N", title=None, legend=alt.Legend(orient="top"),
                                                             scale=alt.Scale(range=["#9aa5b1", "#1f77b4"])))
        encoding["tooltip"] = ["variant:N", *encoding["tooltip"]]
    elif flag:
        encoding["color"] = alt.condition(f"datum.{flag}", alt.value("#c0392b"), alt.value("#4e79a7"))
    else:
        encoding["color"] = alt.value("#4e79a7")
    layers = [base.mark_bar().encode(**encoding)]
    if interval:
        layers.append(base.mark_rule(color="#222222").encode(x="low:Q", x2="high:Q", y=y))
    if threshold is not None:
        layers.append(alt.Chart(pd.DataFrame({"value": [threshold]}))
                      .mark_rule(color="#c0392b", strokeDash=[5, 4], size=2).encode(x="value:Q"))
    return alt.layer(*layers).properties(title=title, height=alt.Step(12 if grouped else 22))


def show_result(scenario: Scenario, result: dict[str, Any]) -> None:
    """Charts of one simulation: waits per step, utilisation per unit, deadlines, trips."""
    day = result["working_minutes_per_day"]
    procedures = result["procedures"].values()
    top = st.columns(4)
    top[0].metric(t("sim.clients", lang()), f"{sum(p['arrived'] or 0 for p in procedures):.0f}")
    top[1].metric(t("sim.completed", lang()), f"{sum(p['completed'] or 0 for p in procedures):.0f}")
    if result["trips_per_client"] is not None:
        top[2].metric(t("sim.trips", lang()), f"{result['trips_per_client']:.2f}", help=t("sim.trips_help", lang()))
    units = units_frame(result)
    if not units.empty:
        busiest = units.loc[units["value"].idxmax()]
        top[3].metric(t("sim.busiest", lang()), f"{busiest['value']:.0%}", help=busiest["item"])
    for warning in result["warnings"]:
        st.warning(warning)

    waits = waits_frame(scenario, result).sort_values("value", ascending=False).head(LONGEST_WAITS)
    left, right = st.columns(2)
    if not waits.empty:
        scale, axis = wait_scale(waits["value"].max(), day)
        waits[["value", "low", "high"]] = waits[["value", "low", "high"]] / scale
        left.altair_chart(bars(waits, t("sim.wait_title", lang(), count=len(waits)), axis, interval=True),
                          width="stretch")
    if not units.empty:
        right.altair_chart(bars(units.sort_values("value", ascending=False), t("sim.util_title", lang()),
                                t("sim.util_axis", lang()), percent=True, flag="flag", threshold=BOTTLENECK),
                           width="stretch")
        if units["flag"].any():
            right.error(t("sim.bottlenecks", lang(), units=", ".join(units[units["flag"]]["item"])))
    deadlines = procedures_frame(result, "deadline_met_share").assign(
        flag=lambda f: f["value"] < DEADLINE_TARGET)
    if not deadlines.empty:
        left.altair_chart(bars(deadlines, t("sim.deadline_title", lang()), t("sim.deadline_axis", lang()),
                               percent=True, flag="flag", threshold=DEADLINE_TARGET), width="stretch")
    trips = procedures_frame(result, "trips_per_client")
    if not trips.empty:
        right.altair_chart(bars(trips, t("sim.trips_title", lang()), t("sim.trips", lang())), width="stretch")

    with st.expander(t("sim.tables", lang())):
        st.dataframe(pd.DataFrame([{t("col.procedure", lang()): v["name"], t("col.arrived", lang()): v["arrived"],
                                    t("col.completed", lang()): v["completed"],
                                    t("col.lead", lang()): v["mean_lead_time_days"],
                                    t("col.deadline_share", lang()): v["deadline_met_share"],
                                    t("sim.trips", lang()): v["trips_per_client"]} for v in procedures]),
                     hide_index=True, width="stretch")
        st.dataframe(pd.DataFrame([{t("col.step", lang()): step_label(scenario, key),
                                    t("col.count", lang()): v["count"],
                                    t("sim.wait_minutes", lang()): v["mean_wait_minutes"]}
                                   for key, v in result["steps"].items()]), hide_index=True, width="stretch")
        st.dataframe(units.drop(columns=["variant", "flag"]).rename(columns={
            "item": t("col.unit", lang()), "value": t("sim.util_axis", lang()), "queue": t("col.queue", lang())}),
            hide_index=True, width="stretch")


if is_open(simulation_tab):
    with simulation_tab:
        options, results = st.columns([1, 3])
        with options:
            settings, submitted = simulation_form("simulation_form")
        with results:
            if submitted:
                from model.simulation import simulate

                try:
                    outcome = simulate(scenario, settings, progress=progress_bar(st))
                except (ConfigError, ValueError) as exc:
                    st.error(t("sim.failed", lang(), error=exc))
                else:
                    state.simulation = {"text": text, "result": outcome.to_dict()}
            if "simulation" in state:
                if state.simulation["text"] != text:
                    st.info(t("sim.stale", lang()))
                show_result(scenario, state.simulation["result"])
            else:
                st.info(t("sim.hint", lang()))


# --- Porównanie --------------------------------------------------------------------------------


def comparable() -> dict[str, tuple[str, tuple[str, str, str]]]:
    """Configurations to compare: the current one, the saved one if edited, every shipped file."""
    found = {"current": (t("compare.current", lang(), name=name), (text, name, base_dir))}
    if history.modified:
        found["saved"] = (t("compare.saved", lang(), name=state.source["name"]),
                          (history.saved, state.source["name"], base_dir))
    for file in config_files():
        found[f"file:{file}"] = (file, (config_file(file), f"org_configs/{file}", str(CONFIG_DIR)))
    return found


def notable(a: float | None, b: float | None, a_ci: list[float] | None, b_ci: list[float] | None) -> bool:
    """Whether B differs from A beyond chance: disjoint 95% intervals, or without them a change of
    :data:`NOTABLE_CHANGE` or more."""
    if a is None or b is None:
        return False
    if a_ci and b_ci:
        return a_ci[1] < b_ci[0] or b_ci[1] < a_ci[0]
    return abs(b - a) >= NOTABLE_CHANGE * max(abs(a), abs(b))


def show_comparison(scenario_a: Scenario, scenario_b: Scenario, labels: tuple[str, str],
                    outcome: dict[str, Any]) -> None:
    """Side by side: headline numbers with B − A, charts of A and B, a table of differences."""
    a, b = outcome["a"], outcome["b"]
    for warning in outcome["warnings"]:
        st.warning(warning)
    # Both variants run on A's procedures; routing or demand edited only in B would silently not count.
    shared = {p.id for p in scenario_a.procedures} & {p.id for p in scenario_b.procedures}
    if any(scenario_a.procedure(pid).model_dump() != scenario_b.procedure(pid).model_dump() for pid in shared):
        st.warning(t("compare.procedures_differ", lang()))

    def lead_days(result: dict[str, Any]) -> float | None:
        minutes = result["system"]["mean_lead_time_working_minutes"]
        return None if minutes is None else minutes / result["working_minutes_per_day"]

    def deadline_share(result: dict[str, Any]) -> float | None:
        shares = [p["deadline_met_share"] for p in result["procedures"].values() if p["deadline_met_share"] is not None]
        return sum(shares) / len(shares) if shares else None

    def busiest(result: dict[str, Any]) -> float | None:
        loads = [u["utilisation"] for u in result["units"].values() if u["offered_load"] > 0 and u["utilisation"]]
        return max(loads) if loads else None

    headline = [("compare.trips", lambda r: r["trips_per_client"], "{:.2f}", True),
                ("compare.lead", lead_days, "{:.1f}", True),
                ("compare.deadlines", deadline_share, "{:.0%}", False),
                ("compare.busiest", busiest, "{:.0%}", True)]
    st.markdown(f"**A:** {labels[0]}  \n**B:** {labels[1]}")
    columns = st.columns(len(headline))
    for column, (key, get, fmt, lower_better) in zip(columns, headline):
        va, vb = get(a), get(b)
        column.metric(t(key, lang()) + " (B)", fmt.format(vb) if vb is not None else "—",
                      delta=(fmt.format(vb - va) if va is not None and vb is not None else None),
                      delta_color="inverse" if lower_better else "normal",
                      help=t("compare.was", lang(), value=fmt.format(va) if va is not None else "—"))

    names = ("A", "B")
    waits = pd.concat([waits_frame(scenario_a, a, "A"), waits_frame(scenario_a, b, "B")])
    left, right = st.columns(2)
    if not waits.empty:
        scale, axis = wait_scale(waits["value"].max(), a["working_minutes_per_day"])
        waits["value"] = waits["value"] / scale
        longest = waits.groupby("item")["value"].max().nlargest(LONGEST_WAITS).index
        waits = waits[waits["item"].isin(longest)]
        left.altair_chart(bars(waits, t("sim.wait_title", lang(), count=len(longest)), axis, grouped=True),
                          width="stretch")
    deadlines = pd.concat([procedures_frame(r, "deadline_met_share", n) for r, n in zip((a, b), names)])
    if not deadlines.empty:
        right.altair_chart(bars(deadlines, t("sim.deadline_title", lang()), t("sim.deadline_axis", lang()),
                                percent=True, grouped=True, threshold=DEADLINE_TARGET), width="stretch")
    trips = pd.concat([procedures_frame(r, "trips_per_client", n) for r, n in zip((a, b), names)])
    if not trips.empty:
        right.altair_chart(bars(trips, t("sim.trips_title", lang()), t("sim.trips", lang()), grouped=True),
                           width="stretch")
    for column, result, variant in ((left, a, "A"), (right, b, "B")):
        units = units_frame(result).sort_values("value", ascending=False)
        if not units.empty:
            column.altair_chart(bars(units, f"{t('sim.util_title', lang())} – {variant}", t("sim.util_axis", lang()),
                                     percent=True, flag="flag", threshold=BOTTLENECK), width="stretch")

    st.subheader(t("compare.table", lang()))
    measures = (("mean_lead_time_days", "col.lead", True), ("deadline_met_share", "col.deadline_share", False),
                ("trips_per_client", "sim.trips", True))
    rows, colours = [], []
    for pid, pa in a["procedures"].items():
        pb = b["procedures"].get(pid)
        if pb is None:
            continue
        row, colour = {t("col.procedure", lang()): pa["name"]}, {}
        for field, key, lower_better in measures:
            va, vb = pa[field], pb[field]
            label = t(key, lang())
            row |= {f"{label} A": va, f"{label} B": vb, f"{label} Δ": None if va is None or vb is None else vb - va}
            if notable(va, vb, pa.get(f"{field}_ci95"), pb.get(f"{field}_ci95")):
                better = (vb < va) == lower_better
                colour[f"{label} Δ"] = ("background-color: #d9ead3; color: #1e5631" if better
                                        else "background-color: #f4cccc; color: #7f1d1d")
        rows.append(row)
        colours.append(colour)
    table = pd.DataFrame(rows)
    if not table.empty:
        styled = table.style.format(precision=2, na_rep="—").apply(
            lambda frame: pd.DataFrame([[c.get(col, "") for col in frame.columns] for c in colours],
                                       index=frame.index, columns=frame.columns), axis=None)
        st.dataframe(styled, hide_index=True, width="stretch")
        st.caption(t("compare.legend", lang()))


if is_open(compare_tab):
    with compare_tab:
        choices = comparable()
        # By default: the edits against the saved version, else the care-area model against this one.
        this_file = f"file:{state.source['file']}"
        default_a = next((k for k in ("saved", "file:tarnowskie_gory_care_area.yaml", f"file:{DEFAULT_CONFIG}")
                          if k in choices and k != this_file), "current")
        options, results = st.columns([1, 3])
        with options:
            for key, default in (("compare_a", default_a), ("compare_b", "current")):
                if state.get(key) not in choices:
                    state[key] = default
            pick_a = st.selectbox(t("compare.a", lang()), list(choices), format_func=lambda k: choices[k][0],
                                  key="compare_a")
            pick_b = st.selectbox(t("compare.b", lang()), list(choices), format_func=lambda k: choices[k][0],
                                  key="compare_b")
            settings, submitted = simulation_form("compare_form")
        with results:
            if submitted:
                from model.simulation import compare

                try:
                    pair = (load(*choices[pick_a][1]), load(*choices[pick_b][1]))
                    outcome = compare(*pair, settings, progress=progress_bar(st))
                except (ConfigError, ValueError) as exc:
                    st.error(t("sim.failed", lang(), error=exc))
                else:
                    state.comparison = {"sources": (choices[pick_a][1], choices[pick_b][1]),
                                        "labels": (choices[pick_a][0], choices[pick_b][0]),
                                        "result": outcome.to_dict()}
            if "comparison" in state:
                done = state.comparison
                show_comparison(load(*done["sources"][0]), load(*done["sources"][1]), done["labels"], done["result"])
            else:
                st.info(t("compare.hint", lang()))


# --- Tryb szkoleniowy --------------------------------------------------------------------------


def restart_journey() -> None:
    state.trainer_index = 0


def move_journey(by: int) -> None:
    state.trainer_index = state.get("trainer_index", 0) + by


def show_stop(stop: Any, count: int) -> None:
    st.markdown(f"### {t('trainer.step', lang(), number=stop.number, count=count)}")
    st.markdown(f"## {stop.step.name or stop.step.id}")
    who = stop.unit.name if stop.unit else t("flow.no_unit", lang())
    st.markdown(f"**{t('trainer.who', lang())}:** {who}  \n*{stop.function_name}*")
    if stop.at_home:
        where = t("trainer.home", lang())
    elif stop.address:
        trip = t("trainer.new_trip", lang(), trips=stop.trips) if stop.new_trip else t("trainer.same_building", lang())
        where = f"{stop.address}  \n{trip}"
    else:
        where = t("flow.no_address", lang())
    st.markdown(f"**{t('trainer.where', lang())}:** {where}")
    if stop.step.document:
        st.markdown(f"**{t('trainer.document', lang())}:** {stop.step.document}")
    if stop.step.decision:
        st.markdown(f"**{t('trainer.decision', lang())}**")
    if stop.running:
        st.markdown(f"**{t('trainer.deadline', lang())}:**\n" + "\n".join(
            f"- {(step.name or step.id) if step is not stop.step else t('trainer.this_step', lang())}: "
            f"{deadline_text(step, lang())}" for step in stop.running))
    if stop.reason or stop.p < 1:
        st.markdown(f"**{t('trainer.why', lang())}:** {stop.reason or '—'} ({stop.p:.0%})")
    if stop.step.description:
        st.caption(stop.step.description)


if is_open(trainer_tab):
    with trainer_tab:
        if not scenario.procedures:
            st.info(t("edit.no_procedures", lang()))
        else:
            st.html("<style>.st-key-trainer_card p, .st-key-trainer_card li {font-size: 1.35rem;}</style>")
            controls, view = st.columns([2, 3])
            names = {p.id: p.name for p in scenario.procedures}
            with controls:
                procedure_id = st.selectbox(t("edit.procedure", lang()), list(names), format_func=names.get,
                                            key="trainer_procedure", on_change=restart_journey)
                seed = st.number_input(t("trainer.client", lang()), 1, 9999, 1, key="trainer_seed",
                                       on_change=restart_journey, help=t("trainer.client_help", lang()))
                stops = sample_journey(scenario, procedure_id, int(seed), lang())
                index = min(max(state.get("trainer_index", 0), 0), len(stops))
                state.trainer_index = index
                back, forward, again = st.columns(3)
                back.button(t("trainer.back", lang()), on_click=move_journey, args=(-1,), disabled=index == 0,
                            key="trainer_back", width="stretch")
                forward.button(t("trainer.next", lang()), on_click=move_journey, args=(1,), type="primary",
                               disabled=index >= len(stops), key="trainer_next", width="stretch")
                again.button(t("trainer.restart", lang()), on_click=restart_journey, key="trainer_restart",
                             width="stretch")
                st.progress(index / max(len(stops), 1))
                with st.container(border=True, key="trainer_card"):
                    if index < len(stops):
                        show_stop(stops[index], len(stops))
                    else:
                        buildings = sorted({s.address for s in stops if s.address and not s.at_home})
                        st.markdown(f"## {t('trainer.finished', lang())}")
                        trips = stops[-1].trips if stops else 0
                        st.markdown(t("trainer.summary", lang(), steps=len(stops), trips=trips,
                                      buildings=len(buildings)))
                        st.markdown("\n".join(f"- {b}" for b in buildings))
            with view:
                walked = tuple(s.step.id for s in stops[: index + 1])
                if index >= len(stops):
                    walked += (END,)
                current_step = walked[-1] if walked else None
                st.graphviz_chart(flowchart_dot(*key_args, lang(), procedure_id, False, walked, current_step))


# --- Eksport -----------------------------------------------------------------------------------


@st.cache_data(max_entries=16, show_spinner=False)
def table_csv(text: str, name: str, base_dir: str, table: str, lang: str) -> bytes:
    """Findings or the staffing annex as CSV, with the byte-order mark Excel needs for Polish letters."""
    from model.staffing import CSV_ENCODING, findings_csv, staffing_csv

    if table == "findings":
        return findings_csv(findings_of(text, name, base_dir), lang).encode(CSV_ENCODING)
    return staffing_csv(load(text, name, base_dir), lang).encode(CSV_ENCODING)


@st.cache_data(max_entries=16, show_spinner=False)
def chart_file(text: str, name: str, base_dir: str, fmt: str, options: tuple[tuple[str, Any], ...]) -> bytes | str:
    from model import render

    scenario = load(text, name, base_dir)
    chart = {"svg": render.chart_svg, "png": render.chart_png, "dot": render.chart_dot}[fmt]
    return chart(scenario, **dict(options))


@st.cache_data(max_entries=8, show_spinner=False)
def chart_pdf(text: str, name: str, base_dir: str, size: str, landscape: bool, split: bool,
              options: tuple[tuple[str, Any], ...]) -> bytes:
    from model import render

    return render.chart_pdf(load(text, name, base_dir), render.Page(size, landscape), split=split, **dict(options))


if is_open(export_tab):
    with export_tab:
        from model.render import ExportError

        options, files = st.columns([1, 2])
        with options:
            st.subheader(t("export.chart", lang()))
            chart_options = (("color_by_function", st.toggle(t("structure.color", lang()), key="export_color")),
                             ("show_fte", st.toggle(t("structure.fte", lang()), value=True, key="export_fte")),
                             ("show_location", st.toggle(t("structure.location", lang()), key="export_location")),
                             ("lang", lang()))
            size = st.selectbox(t("export.page", lang()), ["a4", "a3"], format_func=str.upper, key="export_page")
            landscape = st.toggle(t("export.landscape", lang()), key="export_landscape")
            split = st.toggle(t("export.split", lang()), key="export_split")
        with files:
            stem = Path(name).stem
            formats = (("svg", "image/svg+xml"), ("png", "image/png"), ("dot", "text/vnd.graphviz"))
            for column, (fmt, mime) in zip(st.columns(len(formats)), formats):
                column.download_button(t(f"export.{fmt}", lang()), key=f"export_{fmt}", mime=mime,
                                       file_name=f"schemat_{stem}.{fmt}", on_click="ignore", width="stretch",
                                       data=lambda fmt=fmt: chart_file(*key_args, fmt, chart_options))
            if st.button(t("export.prepare_pdf", lang()), key="prepare_pdf"):
                state.export_pdf = (text, size, landscape, split, chart_options)
            if state.get("export_pdf") == (text, size, landscape, split, chart_options):
                try:
                    with st.spinner(t("export.rendering", lang())):
                        pdf = chart_pdf(*key_args, size, landscape, split, chart_options)
                except ExportError as exc:
                    st.error(str(exc))
                else:
                    st.download_button(t("export.pdf", lang()), pdf, file_name=f"schemat_{stem}.pdf",
                                       mime="application/pdf", key="export_pdf_file", on_click="ignore",
                                       type="primary")
            st.subheader(t("export.findings", lang()))
            st.caption(t("export.findings_note", lang(), count=len(findings)))
            st.download_button(t("export.csv", lang()), key="export_csv", mime="text/csv", on_click="ignore",
                               file_name=f"uwagi_{stem}.csv",
                               data=lambda language=lang(): table_csv(*key_args, "findings", language))
            st.subheader(t("export.staffing", lang()))
            st.download_button(t("export.csv", lang()), key="export_staffing", mime="text/csv", on_click="ignore",
                               file_name=f"etatyzacja_{stem}.csv",
                               data=lambda language=lang(): table_csv(*key_args, "staffing", language))
