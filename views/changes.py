"""Zmiany: the impact of the configuration in use against its base, the chart coloured new / changed /
closed, spans of control and layers before and after, and the amending order to download.

The base is the saved file until the scenario store lands (then: the scenario's base); any other
configuration can be picked. All the work is in :mod:`model.impact`, cached per pair of texts.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from model import Finding, Scenario
from model.i18n import t
from model.impact.report import impact_tables, summary, unit_name
from views.cached import impact, impact_chart_dot, impact_file, order_draft
from views.common import bars, show_graph
from views.compare import comparable, default_base
from views.state import state


def render(scenario: Scenario, findings: list[Finding], key_args: tuple[str, str, str], lang: str) -> None:
    choices = comparable(key_args, lang)
    if state.changes_base not in choices:
        state.changes_base = default_base(scenario, choices)
    options, main = st.columns([1, 3])
    with options:
        base = st.selectbox(
            t("changes.base", lang), list(choices), format_func=lambda k: choices[k][0], key="changes_base"
        )
        with st.expander(t("changes.thresholds", lang)):
            low = st.number_input(t("changes.min_span", lang), 0, 50, 3, key="changes_min_span")
            high = st.number_input(t("changes.max_span", lang), 1, 100, 12, key="changes_max_span")
            layers = st.number_input(t("changes.max_layers", lang), 1, 20, 5, key="changes_max_layers")
    pair = (choices[base][1], key_args)
    limits = (int(low), int(high), int(layers))
    found = impact(*pair, limits)
    with main:
        st.markdown(f"**A:** {choices[base][0]}  \n**B:** {t('compare.current', lang, name=key_args[1])}")
        if found.empty:
            st.info(t("changes.none", lang))
        top = st.columns(4)
        fte_a = sum(u.fte() for u in found.before.units)
        fte_b = sum(u.fte() for u in found.after.units)
        top[0].metric(t("changes.added", lang), len(found.added))
        top[1].metric(t("changes.closed", lang), len(found.closed))
        top[2].metric(
            t("changes.fte", lang),
            t("changes.number", lang, value=fte_b),
            delta=t("changes.signed", lang, value=fte_b - fte_a),
        )
        top[3].metric(
            t("changes.layers", lang),
            found.shape_after.layers,
            delta=found.shape_after.layers - found.shape_before.layers or None,
            delta_color="inverse",
        )
        st.markdown("\n".join(f"- {line}" for line in summary(found, lang)))
    show_graph(impact_chart_dot(*pair, limits, lang))

    spans = spans_frame(found, lang)
    if not spans.empty:
        st.altair_chart(
            bars(
                spans,
                t("changes.spans_title", lang, low=low, high=high),
                t("changes.spans_axis", lang),
                grouped=True,
                threshold=high,
            ),
            width="stretch",
        )
        st.caption(
            t("changes.spans_note", lang, before=found.shape_before.layers, after=found.shape_after.layers, max=layers)
        )
    for table in impact_tables(found, lang):
        st.subheader(table.title)
        st.table(pd.DataFrame(table.rows, columns=table.header), hide_index=True)

    st.subheader(t("changes.downloads", lang))
    stem = Path(key_args[1]).stem
    files = (
        ("md", "text/markdown", f"skutki_{stem}.md"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", f"skutki_{stem}.docx"),
        (
            "amendment_docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            f"zarzadzenie_zmiana_regulaminu_{stem}.docx",
        ),
        ("amendment_pdf", "application/pdf", f"zarzadzenie_zmiana_regulaminu_{stem}.pdf"),
    )
    draft, decision = order_draft(*pair, limits, lang)
    st.caption(decision)
    if draft:
        st.warning("\n\n".join(draft))
    for column, (kind, mime, file_name) in zip(st.columns(len(files)), files):
        label = t(f"changes.download_{kind}", lang)
        marked = draft if kind.startswith("amendment") else ()
        column.download_button(
            t("draft.button", lang, label=label) if marked else label,
            key=f"changes_{kind}",
            mime=mime,
            file_name=file_name,
            on_click="ignore",
            width="stretch",
            help=t("draft.help", lang, reasons=" ".join(marked)) if marked else None,
            data=partial(impact_file, *pair, limits, kind, lang),
        )


def spans_frame(found, lang: str) -> pd.DataFrame:
    """Direct reports of every manager before (A) and after (B), one bar each, for :func:`bars`."""
    rows = [
        {"item": unit_name(found, span.id), "value": span.reports, "variant": variant}
        for variant, shape in (
            (t("changes.before", lang), found.shape_before),
            (t("changes.after", lang), found.shape_after),
        )
        for span in shape.spans
    ]
    return pd.DataFrame(rows, columns=["item", "value", "variant"])
