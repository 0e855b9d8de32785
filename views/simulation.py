"""Symulacja: the settings form on the left, the last run's charts and tables on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from model import ConfigError, Finding, Scenario
from model.i18n import number, t
from model.present.report import (
    BOTTLENECK,
    DEADLINE_TARGET,
    busiest_unit,
    deadlines_frame,
    headline_caption,
    longest_waits,
    procedures_frame,
    result_tables,
    units_frame,
)
from views.common import bars, interface_text, progress_bar, simulation_form
from views.common import table as localised
from views.state import state

if TYPE_CHECKING:
    from model.simulation.results import RunResult


def render(scenario: Scenario, findings: list[Finding], key_args: tuple[str, str, str], lang: str) -> None:
    text = key_args[0]
    options, results = st.columns([1, 3])
    with options:
        settings, submitted = simulation_form("simulation_form", scenario, lang, precise=True)
    with results:
        if submitted:
            from model.simulation import simulate

            try:
                outcome = simulate(scenario, settings, progress=progress_bar(st, lang))
            except (ConfigError, ValueError) as exc:
                st.error(t("sim.failed", lang, error=exc.text(lang) if isinstance(exc, ConfigError) else exc))
            else:
                state.simulation = {"text": text, "result": outcome}
        if (done := state.simulation) is not None:
            if done["text"] != text:
                st.info(t("sim.stale", lang))
            show_result(scenario, done["result"], lang)
        else:
            st.info(t("sim.hint", lang))


def show_result(scenario: Scenario, result: RunResult, lang: str) -> None:
    """Charts of one simulation: waits per step, utilisation per unit, deadlines, trips."""
    top = st.columns(4)
    top[0].metric(t("sim.clients", lang), number(result.system.arrived.mean or 0, ",.0f", lang))
    top[1].metric(t("sim.completed", lang), number(result.system.completed.mean or 0, ",.0f", lang))
    if result.trips_per_client.mean is not None:
        top[2].metric(
            t("sim.trips", lang), number(result.trips_per_client.mean, ".2f", lang), help=t("sim.trips_help", lang)
        )
    busiest = busiest_unit(result)
    if busiest is not None:
        top[3].metric(t("sim.busiest", lang), number(busiest.utilisation.mean or 0.0, ".0%", lang), help=busiest.name)
    st.caption(headline_caption(result, lang))
    if result.precision is None:
        st.caption(t("sim.replications_used", lang, n=result.replications))
    else:
        st.caption(t("sim.replications_precise", lang, n=result.replications, precision=result.precision))
    method = t(f"sim.warmup_method.{result.warmup.method}", lang)
    st.caption(t("sim.warmup_used", lang, days=result.warmup.days, method=method))
    for warning in result.warnings:
        st.warning(interface_text(warning, lang))

    left, right = st.columns(2)
    units = units_frame(result)
    waits, axis = longest_waits(scenario, result, lang)
    if not waits.empty:
        left.altair_chart(
            bars(waits, t("sim.wait_title", lang, count=len(waits)), axis, interval=True), width="stretch"
        )
    if not units.empty:
        right.altair_chart(
            bars(
                units.sort_values("value", ascending=False),
                t("sim.util_title", lang),
                t("sim.util_axis", lang),
                percent=True,
                flag="flag",
                threshold=BOTTLENECK,
            ),
            width="stretch",
        )
        if units["flag"].any():
            right.error(t("sim.bottlenecks", lang, units=", ".join(units[units["flag"]]["item"])))
    deadlines = deadlines_frame(result)
    if not deadlines.empty:
        left.altair_chart(
            bars(
                deadlines,
                t("sim.deadline_title", lang),
                t("sim.deadline_axis", lang),
                percent=True,
                flag="flag",
                threshold=DEADLINE_TARGET,
            ),
            width="stretch",
        )
    trips = procedures_frame(result, "trips_per_client")
    if not trips.empty:
        right.altair_chart(bars(trips, t("sim.trips_title", lang), t("sim.trips", lang)), width="stretch")

    with st.expander(t("sim.tables", lang)):
        for table in result_tables(scenario, result, lang):
            st.dataframe(localised(table, lang), hide_index=True, width="stretch")
