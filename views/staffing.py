"""Obsada: service-level targets as sliders, the optimiser's plan against today, the Pareto front,
and "apply to the configuration" as one undoable edit, refused with the reason while the plan would
leave validation errors."""

from __future__ import annotations

from typing import Literal

import altair as alt
import streamlit as st

from model import ConfigError, Finding, Scenario
from model.checks.findings import Severity
from model.i18n import t
from model.present.capacity import availability_note, capacity_frame
from model.present.plan import cost_frame, front_frame, plan_frame, search_note
from model.store import Action
from views import workload
from views.audit import record
from views.common import numbers_in, table
from views.session import on_edit
from views.state import StaffingRun, state


def render(scenario: Scenario, findings: list[Finding], key_args: tuple[str, str, str], lang: str) -> None:
    text = key_args[0]
    workload.render(scenario, key_args, lang)
    options, results = st.columns([1, 3])
    with options:
        targets, settings, release, submitted = _form(scenario, lang)
    with results:
        if scenario.config.costs:
            from model.staffing.costs import staff_costs

            with st.expander(t("costs.title", lang)):
                try:
                    st.dataframe(table(cost_frame(staff_costs(scenario), lang), lang), hide_index=True, width="stretch")
                except ConfigError as exc:  # e.g. costs for a unit that is not in the chart (REF006)
                    st.error(exc.text(lang))
        else:
            st.info(t("costs.none", lang))
        with st.expander(t("capacity.title", lang)):
            st.dataframe(capacity_frame(scenario, lang), hide_index=True, width="stretch")
            st.caption(availability_note(scenario, lang))
        if state.pop("staffing_running", False) and not submitted:
            st.warning(t("staffing.stopped", lang))
        if submitted:
            _search(scenario, targets, settings, release, text, lang)
        if (done := state.staffing) is not None:
            _show(scenario, done, text, lang)
        else:
            st.info(t("staffing.hint", lang))


def _form(scenario: Scenario, lang: str):
    """Sliders for the targets (starting from ``service_levels:``; shares as percentages), the units
    outside the model of work the plan may resize, and the simulation's size."""
    from model.staffing.evaluate import plan_settings
    from model.staffing.targets import Levels

    written = scenario.config.service_levels
    deadlines = written.deadlines_met.get("*", 0.95) if written else 0.95
    waits = written.max_mean_wait if written else {}
    first_contact = next(iter(waits.values()), 15.0)
    utilisation = written.max_utilisation.get("*", 0.85) if written else 0.85
    percent = "%d %%" if lang == "pl" else "%d%%"  # Polish puts a space before the sign
    held = _held(scenario)
    with st.form("staffing_form"):
        deadlines = st.slider(
            t("staffing.target.deadlines", lang),
            50,
            100,
            round(deadlines * 100),
            1,
            format=percent,
            key="staffing_deadlines",
        )
        wait = st.slider(t("staffing.target.wait", lang), 1, 120, int(first_contact), 1)
        utilisation = st.slider(
            t("staffing.target.utilisation", lang),
            50,
            100,
            round(utilisation * 100),
            1,
            format=percent,
            key="staffing_utilisation",
        )
        release = st.multiselect(
            t("staffing.release", lang),
            list(held),
            format_func=lambda unit: held[unit],
            help=t("staffing.release_help", lang),
            key="staffing_release",
            disabled=not held,
        )
        days = st.number_input(t("sim.days", lang), 20, 730, 120, 10, key="staffing_days")
        replications = st.number_input(t("sim.replications", lang), 2, 100, 6, key="staffing_replications")
        submitted = st.form_submit_button(t("staffing.run", lang), type="primary", width="stretch")
    levels = Levels({"*": deadlines / 100}, {"first_contact": float(wait)}, {"*": utilisation / 100})
    settings = plan_settings(days=int(days), replications=int(replications))
    return levels, settings, release, submitted


def _held(scenario: Scenario) -> dict[str, str]:
    """Units the plan keeps as they are unless released (outside the model of work): id → name."""
    from model.checks import flow
    from model.staffing.optimiser import held_units
    from model.staffing.workload import balance

    used = {s.function for p in scenario.procedures for s in p.steps}
    serving = {u.id for f, units in flow.servers(scenario).items() if f in used for u in units}
    try:
        work = balance(scenario)
    except ConfigError:  # a configuration the simulation cannot run: the search says why
        return {}
    return {u.id: u.name for u in scenario.units if u.id in held_units(scenario, work, serving)}


def _search(scenario: Scenario, levels, settings, release: list[str], text: str, lang: str) -> None:
    """Run the optimiser here, one batch at a time: the bar moves, and any click stops it."""
    from model.checks.rules import validate
    from model.simulation.executor import LocalExecutor
    from model.staffing.optimiser import optimise
    from model.staffing.plan import with_plan
    from model.staffing.targets import resolve

    bar = st.progress(0.0, text=t("staffing.running", lang, evaluations=0))
    stop = st.empty()
    stop.button(t("staffing.stop", lang), key="staffing_stop")  # its click interrupts the run below
    state.staffing_running = True

    def progress(phase: str, evaluations: int, share: float) -> None:
        bar.progress(min(share, 1.0), text=t("staffing.running", lang, evaluations=evaluations))

    # A click while this runs makes Streamlit stop the script at the next progress update; the
    # flag then survives into the next run, which says the search was stopped.
    try:
        # one worker per core, from the server's shared pool (model.simulation.executor)
        with LocalExecutor() as executor:
            result = optimise(
                scenario, resolve(scenario, levels), settings, executor, progress=progress, release=release
            )
    except ConfigError as exc:
        state.staffing_running = False
        stop.empty()
        st.error(t("staffing.failed", lang, error=exc.text(lang)))
        return
    state.staffing_running = False
    bar.empty()
    stop.empty()
    changes = result.changes
    errors = [f for f in validate(with_plan(scenario, changes)) if f.severity == Severity.error]
    state.staffing = {"text": text, "result": result, "errors": errors}


def _show(scenario: Scenario, done: StaffingRun, text: str, lang: str) -> None:
    result = done["result"]
    if done["text"] != text:
        st.info(t("staffing.stale", lang))
    top = st.columns(3)
    top[0].metric(t("staffing.cost_now", lang), t("money", lang, value=result.cost_now))
    top[1].metric(
        t("staffing.cost_needed", lang),
        t("money", lang, value=result.cost_needed),
        delta=t("money", lang, value=result.cost_needed - result.cost_now),
        delta_color="inverse",
    )
    top[2].metric(
        t("staffing.cost_year", lang),
        t("money", lang, value=result.annual_cost_needed - result.annual_cost_now),
    )
    st.caption(search_note(result, lang))
    if not result.feasible:
        st.warning(t("staffing.cli.infeasible", lang))
    if result.unreachable:
        st.warning(t("staffing.cli.unreachable", lang, targets="; ".join(b.text(lang) for b in result.unreachable)))
    st.dataframe(
        table(plan_frame(result, lang), lang), hide_index=True, width="stretch", column_config=_plan_columns(lang)
    )
    changes = result.changes
    if done["text"] == text and changes:
        from model.staffing.plan import plan_edit

        errors = done.get("errors", [])
        blocked = (
            t("staffing.apply_blocked", lang, errors="; ".join(f"{f.rule} {f.text(lang)}" for f in errors))
            if errors
            else None
        )
        st.button(
            t("staffing.apply", lang),
            key="staffing_apply",
            type="primary",
            on_click=_apply,
            args=(t("label.plan", lang, count=len(changes)), plan_edit(scenario, changes), len(changes)),
            disabled=bool(errors),
            help=blocked,
        )
        if blocked:
            st.warning(blocked)
    front = front_frame(result, lang)
    if not front.empty:
        left, right = st.columns(2)
        for column, measure, title, heading in (
            (left, "deadlines", "staffing.chart.deadlines", "staffing.front_deadlines"),
            (right, "wait", "staffing.chart.wait", "staffing.front_wait"),
        ):
            data = front.dropna(subset=[measure])
            if data.empty:
                continue
            x = alt.X("cost:Q", title=t("staffing.col.cost", lang), scale=alt.Scale(zero=False))
            base = alt.Chart(data).encode(x=x)
            on_front = data[data["kind"] != t("staffing.point.now", lang)]  # today's staff may lie off it
            line = alt.Chart(on_front).mark_line(point=True).encode(x=x, y=alt.Y(f"{measure}:Q", title=t(title, lang)))
            # typed channels, not shorthand strings: Altair matches a string against the schema (views.common.bars)
            bands = base.mark_rule().encode(y=alt.Y(f"{measure}_low:Q"), y2=alt.Y2(f"{measure}_high:Q"))
            marks = base.mark_point(size=140, filled=True).encode(
                y=alt.Y(f"{measure}:Q"),
                color=alt.Color("kind:N", title=None),
                tooltip=[alt.Tooltip("fte"), alt.Tooltip("cost"), alt.Tooltip(measure)],
            )
            chart = (bands + line + marks).properties(title=t(heading, lang))
            column.altair_chart(numbers_in(chart, lang), width="stretch")


PLAN_WIDTHS: dict[str, Literal["small", "medium", "large"]] = {"unit": "medium", "binding": "large"}
"""Widths of the plan's columns other than the numbers' "small": the binding reason is the longest."""


def _plan_columns(lang: str) -> dict:
    """Every column of the plan with a width, so that the table fits the page beside the form."""
    keys = ("unit", "now", "needed", "change", "cost_now", "cost", "binding")
    return {t(f"staffing.col.{k}", lang): st.column_config.Column(width=PLAN_WIDTHS.get(k, "small")) for k in keys}


def _apply(label: str, change, units: int) -> None:
    """Apply the plan as one undoable edit, with a row in the audit trail."""
    if record(Action.PLAN_APPLIED, {"units": units}):
        on_edit(label, change)
