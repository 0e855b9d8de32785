"""Struktura: the org chart with its switches, the findings table, and the flow of a selected step."""

from __future__ import annotations

import streamlit as st

from model import Finding, Scenario
from model.i18n import t
from model.present.report import counts, finding_units, law_caption, subject_text
from views.cached import flowchart_dot, orgchart_dot
from views.common import selected_finding, show_findings, show_graph
from views.state import state


def render(scenario: Scenario, findings: list[Finding], key_args: tuple[str, str, str], lang: str) -> None:
    # The chart is wide and short, so its switches sit in a row above it, not beside it.
    switches = st.columns(4)
    color = switches[0].toggle(t("structure.color", lang), key="color_by_function")
    show_fte = switches[1].toggle(t("structure.fte", lang), value=True, key="show_fte")
    show_location = switches[2].toggle(t("structure.location", lang), key="show_location")
    mark = switches[3].toggle(t("structure.highlight", lang), value=True, key="highlight_findings")
    table_key = f"findings_{state.revision}"  # a new table after each edit: old row numbers mean nothing
    chosen = selected_finding(findings, table_key)
    highlight = finding_units(scenario, [chosen] if chosen else findings) if mark else ()
    show_graph(orgchart_dot(*key_args, lang, color, show_fte, show_location, highlight))
    if highlight:
        st.caption(t("structure.highlight_note", lang))

    errors, warnings = counts(findings)
    st.subheader(t("findings.title_count", lang, errors=errors, warnings=warnings))
    st.caption(law_caption(scenario, lang))
    if findings:
        st.caption(t("findings.select_hint", lang))
    show_findings(scenario, findings, lang, key=table_key)

    subject = (chosen.subject if chosen else None) or ""
    procedure_id, _, step = subject.partition("/")
    if chosen and scenario.procedure(procedure_id):
        step_id = step or None
        st.markdown(f"**{subject_text(scenario, chosen.subject, lang)}**")
        show_graph(flowchart_dot(*key_args, lang, procedure_id, False, (), step_id))
