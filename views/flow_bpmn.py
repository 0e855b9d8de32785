"""BPMN beside a procedure: download it for Camunda Modeler or bpmn.io, upload a drawn process,
see it as a procedure (its diagram and what could not be mapped, by element id), map its lanes
to functions, then download its YAML or add it to the configuration (an edit, so Undo takes it
back). The upload stays in the session's memory only.
"""

from __future__ import annotations

import functools
from dataclasses import replace

import streamlit as st

from model import ConfigError, Scenario
from model.config.editing import Data, replace_procedures
from model.config.schema import Procedure
from model.i18n import t
from model.interchange.bpmn_import import import_bpmn
from model.interchange.procedure_yaml import procedure_yaml
from model.present.flowchart import flowchart
from views.cached import procedure_bpmn
from views.common import show_graph
from views.session import on_edit
from views.state import state


def render(scenario: Scenario, procedure: Procedure, key_args: tuple[str, str, str], lang: str) -> None:
    with st.expander(t("bpmn.app.title", lang)):
        st.caption(t("bpmn.app.intro", lang))
        st.download_button(
            t("bpmn.app.download", lang),
            procedure_bpmn(*key_args, procedure.id),
            f"{procedure.id}.bpmn",
            "application/xml",
            key="flow_bpmn_download",
        )
        upload = st.file_uploader(
            t("bpmn.app.upload", lang), type=["bpmn", "xml"], key="flow_bpmn_upload", max_upload_size=10
        )
        if upload is not None and (state.flow_bpmn is None or state.flow_bpmn[0] != upload.getvalue()):
            _load(upload.getvalue(), upload.name)
        if st.button(t("bpmn.app.round_trip", lang), key="flow_bpmn_round_trip"):
            _load(procedure_bpmn(*key_args, procedure.id), f"{procedure.id}.bpmn")
        if state.flow_bpmn is not None:
            data, name = state.flow_bpmn
            _imported(scenario, data, name, lang)


def _load(data: bytes, name: str) -> None:
    """A new file: its lanes are asked about afresh."""
    state.flow_bpmn = (data, name)
    state.flow_bpmn_asked = {}


def _imported(scenario: Scenario, data: bytes, name: str, lang: str) -> None:
    if state.flow_bpmn_asked is None:
        state.flow_bpmn_asked = {}
    asked = state.flow_bpmn_asked  # lane id → its name
    lanes = {
        lane: st.selectbox(
            t("bpmn.app.lane", lang, lane=lane_name),
            list(scenario.functions),
            format_func=lambda f: scenario.function_name(f, lang),
            key=f"flow_bpmn_lane_{lane}",
        )
        for lane, lane_name in asked.items()
    }
    try:
        result = import_bpmn(data, name, lane_map=lanes)
    except ConfigError as exc:
        st.error("\n".join(p.text(lang) for p in exc.problems))
        return
    unmapped = {
        f.element: str(f.message.params["lane"]) for f in result.findings if f.message.code == "bpmn.import.lane"
    }
    if unmapped:  # ask for a function for each lane the file did not map, rather than guess
        asked.update(unmapped)
        st.rerun()
    for finding in result.findings:
        line = t("bpmn.app.finding", lang, element=finding.element, message=finding.message.text(lang))
        (st.error if finding.severity == "error" else st.warning)(line)
    for procedure in result.procedures:
        st.markdown(f"**{procedure.name}**")
        shown = replace(scenario, procedures=[*(p for p in scenario.procedures if p.id != procedure.id), procedure])
        show_graph(flowchart(shown, procedure.id, lang=lang).source)
        st.download_button(
            t("bpmn.app.yaml", lang),
            procedure_yaml(procedure),
            f"{procedure.id}.yaml",
            "application/x-yaml",
            key=f"flow_bpmn_yaml_{procedure.id}",
        )
        if result.errors:
            continue
        if scenario.procedure(procedure.id) is not None:
            st.info(t("bpmn.app.exists", lang, id=procedure.id))
            continue
        st.button(
            t("bpmn.app.add", lang),
            key=f"flow_bpmn_add_{procedure.id}",
            on_click=on_edit,
            args=(t("bpmn.app.added", lang, name=procedure.name), functools.partial(_add, procedure=procedure)),
        )


def _add(data: Data, procedure: Procedure) -> Data:
    """The configuration with the imported procedure written inline after its own."""
    dumped = procedure.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude_none=True)
    return replace_procedures(data, [*data.get("procedures", []), dumped])
