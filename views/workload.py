"""Bilans pracy: per unit, a bar of procedure, caseload and other work against the time available,
the unexplained remainder shown as such, and the units outside the model (WHO WISN, 2010)."""

from __future__ import annotations

import altair as alt
import streamlit as st

from model import ConfigError, Scenario
from model.i18n import t
from model.present.workload import PARTS, balance_frame, not_modelled_lines
from views.cached import workload_balance
from views.common import numbers_in

COLOURS = ("#1f77b4", "#2ca02c", "#9467bd", "#d9d9d9", "#d62728")
"""Procedures, caseload, other work; the unexplained remainder pale grey; work beyond the time red."""


def render(scenario: Scenario, key_args: tuple[str, str, str], lang: str) -> None:
    """The balance of ``scenario`` (its text, name and folder in ``key_args``), as an expander."""
    with st.expander(t("workload.title", lang), expanded=True):
        try:
            found = workload_balance(*key_args)
        except ConfigError as exc:  # a route without an end, an unknown step: validation says which
            st.warning(t("workload.unavailable", lang, error=exc.text(lang)))
            return
        frame = balance_frame(found, lang)
        if not frame.empty:
            labels = [t(f"workload.part.{part}", lang) for part in PARTS]
            chart = (
                alt.Chart(frame)
                .mark_bar()
                .encode(
                    x=alt.X("sum(share):Q", title=t("workload.axis", lang), axis=alt.Axis(format="%")),
                    y=alt.Y("unit:N", title=None, sort=None),
                    color=alt.Color(
                        "part:N",
                        title=None,
                        scale=alt.Scale(domain=labels, range=list(COLOURS)),
                        legend=alt.Legend(orient="bottom"),
                    ),
                    order=alt.Order("order:Q"),
                    tooltip=[
                        alt.Tooltip("unit"),
                        alt.Tooltip("part"),
                        alt.Tooltip("hours"),
                        alt.Tooltip("share:Q", format=".0%"),
                    ],
                )
            )
            st.altair_chart(numbers_in(chart, lang), width="stretch")
        st.caption(t("workload.caption", lang, year=found.year, hours=found.hours_per_fte))
        if found.not_modelled:
            reasons = {u.id: u.not_modelled for u in scenario.units}
            st.markdown(t("workload.not_modelled", lang))
            st.markdown("\n".join(f"- {line}" for line in not_modelled_lines(found, reasons, lang)))
        for warning in found.warnings:
            st.caption(f"⚠ {warning.text(lang)}")
