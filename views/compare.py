"""Porównanie: two configurations (A and B) simulated alike, headline numbers, charts and differences."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from model import ConfigError, Finding, Scenario
from model.config.editing import History
from model.i18n import number, t
from model.present.report import (
    BOTTLENECK,
    DEADLINE_TARGET,
    HEADLINE,
    compared_waits,
    comparison_table,
    headline_difference,
    paired_text,
    procedures_differ,
    procedures_frame,
    units_frame,
)
from model.staffing.costs import cost_comparison
from views import CONFIG_DIR
from views.cached import load
from views.common import bars, interface_text, progress_bar, simulation_form
from views.common import table as localised
from views.session import config_file, config_files
from views.state import state

if TYPE_CHECKING:
    from model.simulation.comparison import ComparisonResult

MARKS = {"better": "background-color: #d9ead3; color: #1e5631", "worse": "background-color: #f4cccc; color: #7f1d1d"}
"""Colours of a notable difference in the comparison table."""


def render(scenario: Scenario, findings: list[Finding], key_args: tuple[str, str, str], lang: str) -> None:
    choices = comparable(key_args, lang)
    default_a = default_base(scenario, choices)
    options, results = st.columns([1, 3])
    with options:
        for key, default in (("compare_a", default_a), ("compare_b", "current")):
            if state.get(key) not in choices:
                state[key] = default
        pick_a = st.selectbox(t("compare.a", lang), list(choices), format_func=lambda k: choices[k][0], key="compare_a")
        pick_b = st.selectbox(t("compare.b", lang), list(choices), format_func=lambda k: choices[k][0], key="compare_b")
        settings, submitted = simulation_form("compare_form", scenario, lang)
    with results:
        if submitted:
            from model.simulation import compare

            try:
                pair = (load(*choices[pick_a][1]), load(*choices[pick_b][1]))
                outcome = compare(*pair, settings, progress=progress_bar(st, lang))
            except (ConfigError, ValueError) as exc:
                st.error(t("sim.failed", lang, error=exc.text(lang) if isinstance(exc, ConfigError) else exc))
            else:
                state.comparison = {
                    "sources": (choices[pick_a][1], choices[pick_b][1]),
                    "labels": (choices[pick_a][0], choices[pick_b][0]),
                    "result": outcome,
                }
        if (done := state.comparison) is not None:
            show_comparison(load(*done["sources"][0]), load(*done["sources"][1]), done["labels"], done["result"], lang)
        else:
            st.info(t("compare.hint", lang))


def default_base(scenario: Scenario, choices: dict[str, tuple[str, tuple[str, str, str]]]) -> str:
    """The sensible A for the centre that is open: its saved version when edited, else another
    shipped variant of the same centre (the care-area twin of a separated model, or back), else
    itself, never another centre."""
    if "saved" in choices:
        return "saved"
    this_file = f"file:{state.source['file']}"
    name = scenario.config.centre.name
    for key, (_, source) in choices.items():
        if key.startswith("file:") and key != this_file:
            try:
                if load(*source).config.centre.name == name:
                    return key
            except ConfigError:
                continue
    return "current"


def comparable(key_args: tuple[str, str, str], lang: str) -> dict[str, tuple[str, tuple[str, str, str]]]:
    """Configurations to compare: the current one, the saved one if edited, every shipped file."""
    _, name, base_dir = key_args
    history: History = state.history
    found = {"current": (t("compare.current", lang, name=name), key_args)}
    if history.modified:
        found["saved"] = (
            t("compare.saved", lang, name=state.source["name"]),
            (history.saved, state.source["name"], base_dir),
        )
    for file in config_files():
        found[f"file:{file}"] = (file, (config_file(file), f"org_configs/{file}", str(CONFIG_DIR)))
    return found


def show_comparison(
    scenario_a: Scenario, scenario_b: Scenario, labels: tuple[str, str], outcome: ComparisonResult, lang: str
) -> None:
    """Side by side: headline numbers with B − A, charts of A and B, a table of differences."""
    # what the figures cannot say (an unlawful B) goes before them; the simulation's own cautions after
    for warning in outcome.warnings:
        if warning.code == "sim.warn.unlawful":
            st.warning(interface_text(warning, lang))
    if procedures_differ(scenario_a, scenario_b):
        st.warning(t("compare.procedures_differ", lang))

    st.markdown(f"**A:** {labels[0]}  \n**B:** {labels[1]}")
    _headline(outcome, lang)
    _costs(scenario_a, scenario_b, lang)
    _charts(scenario_a, outcome, lang)
    _differences(outcome, lang)
    cautions = [w for w in outcome.warnings if w.code != "sim.warn.unlawful"]
    if cautions:
        with st.expander(t("sim.warnings", lang, count=len(cautions)), expanded=True):
            for warning in cautions:
                st.warning(interface_text(warning, lang))


def _headline(outcome: ComparisonResult, lang: str) -> None:
    """The headline numbers of B, with B − A and the paired difference's interval in the help."""
    a, b = outcome.a, outcome.b
    columns = st.columns(len(HEADLINE))
    for column, (key, get, fmt, lower_better) in zip(columns, HEADLINE):
        va, vb = get(a), get(b)
        was = t("compare.was", lang, value=number(va, fmt, lang) if va is not None else "—")
        paired = headline_difference(outcome, key)
        shown = paired_text(paired, lang, "+" + fmt) if paired is not None else None
        column.metric(
            t(key, lang) + " (B)",
            number(vb, fmt, lang) if vb is not None else "—",
            delta=(number(vb - va, "+" + fmt, lang) if va is not None and vb is not None else None),
            delta_color="inverse" if lower_better else "normal",
            help=was if shown is None else f"{was}\n\n{t('compare.paired', lang, difference=shown)}",
        )


def _costs(scenario_a: Scenario, scenario_b: Scenario, lang: str) -> None:
    """Monthly and annual staff cost of B, with B − A, when both have costs."""
    cost = cost_comparison(scenario_a, scenario_b).centre
    if cost.a is not None and cost.b is not None and cost.difference is not None:
        for column, key, factor in zip(
            st.columns(len(HEADLINE)), ("compare.cost_monthly", "compare.cost_annual"), (1, 12)
        ):
            column.metric(
                t(key, lang),
                t("money", lang, value=cost.b * factor),
                delta=t("money", lang, value=cost.difference * factor).replace("−", "-"),
                delta_color="inverse",
                help=t("compare.was", lang, value=t("money", lang, value=cost.a * factor)),
            )


def _charts(scenario_a: Scenario, outcome: ComparisonResult, lang: str) -> None:
    """Waits, deadlines met and trips of A and B side by side; each one's units' utilisation."""
    a, b = outcome.a, outcome.b
    names = ("A", "B")
    left, right = st.columns(2)
    waits, axis = compared_waits(scenario_a, a, b, lang)
    if not waits.empty:
        left.altair_chart(
            bars(waits, t("sim.wait_title", lang, count=waits["item"].nunique()), axis, grouped=True), width="stretch"
        )
    deadlines = pd.concat([procedures_frame(r, "deadline_met_share", n) for r, n in zip((a, b), names)])
    if not deadlines.empty:
        right.altair_chart(
            bars(
                deadlines,
                t("sim.deadline_title", lang),
                t("sim.deadline_axis", lang),
                percent=True,
                grouped=True,
                threshold=DEADLINE_TARGET,
            ),
            width="stretch",
        )
    trips = pd.concat([procedures_frame(r, "trips_per_client", n) for r, n in zip((a, b), names)])
    if not trips.empty:
        right.altair_chart(bars(trips, t("sim.trips_title", lang), t("sim.trips", lang), grouped=True), width="stretch")
    for column, result, variant in ((left, a, "A"), (right, b, "B")):
        units = units_frame(result).sort_values("value", ascending=False)
        if not units.empty:
            column.altair_chart(
                bars(
                    units,
                    f"{t('sim.util_title', lang)} – {variant}",
                    t("sim.util_axis", lang),
                    percent=True,
                    flag="flag",
                    threshold=BOTTLENECK,
                ),
                width="stretch",
            )


def _differences(outcome: ComparisonResult, lang: str) -> None:
    """The table of paired differences, notable ones marked."""
    st.subheader(t("compare.table", lang))
    table, marks = comparison_table(outcome, lang)
    if not table.empty:
        styled = localised(table, lang).apply(
            lambda frame: pd.DataFrame(
                [[MARKS.get(row.get(col) or "", "") for col in frame.columns] for row in marks],
                index=frame.index,
                columns=frame.columns,
            ),
            axis=None,
        )
        st.dataframe(styled, hide_index=True, width="stretch")
        st.caption(t("compare.legend", lang))
