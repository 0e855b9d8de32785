"""Przepływ klienta: one procedure's flow diagram, its legal basis, its findings and a table of steps."""

from __future__ import annotations

import streamlit as st

from model import Finding, Scenario
from model.i18n import t
from model.present.report import procedure_findings, steps_frame, subject_text
from views import flow_bpmn
from views.cached import flowchart_dot
from views.common import show_graph, text_table


def render(scenario: Scenario, findings: list[Finding], key_args: tuple[str, str, str], lang: str) -> None:
    if not scenario.procedures:
        st.info(t("edit.no_procedures", lang))
        return
    options, chart = st.columns([1, 3])
    names = {p.id: p.name for p in scenario.procedures}
    with options:
        procedure_id = st.selectbox(
            t("edit.procedure", lang), list(names), format_func=names.__getitem__, key="flow_procedure"
        )
        by_building = st.toggle(t("flow.by_building", lang), key="flow_by_building")
        procedure = next(p for p in scenario.procedures if p.id == procedure_id)
        if procedure.description:
            st.caption(procedure.description)
        if procedure.basis:
            st.markdown(f"**{t('flow.basis', lang)}**\n\n" + "\n".join(f"- {b}" for b in procedure.basis))
        st.caption(t("flow.legend", lang))
        if step_findings := procedure_findings(findings, procedure_id):
            st.error(
                "\n".join(
                    f"- **{f.rule}** {subject_text(scenario, f.subject, lang)}: {f.text(lang)}" for f in step_findings
                )
            )
    with chart:
        show_graph(flowchart_dot(*key_args, lang, procedure_id, by_building))
    text_table(steps_frame(scenario, procedure, lang))  # text only: no grid needed
    flow_bpmn.render(scenario, procedure, key_args, lang)
