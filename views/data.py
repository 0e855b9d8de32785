"""Dane: calibrate from an uploaded event log or the annual figures, see the fit, accept it.

The upload stays in Streamlit's session memory only; what is kept in the session is the
calibration result, whose case and staff ids are pseudonyms; the audit trail gets the file's name,
size and counts, nothing of its cases. Accepting is an edit like any
other, so Undo takes it back.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from model import ConfigError, Finding, Scenario
from model.i18n import t
from model.store import Action
from views.audit import record
from views.session import on_edit
from views.state import state

DEMO_LOG = Path(__file__).resolve().parent.parent / "data" / "demo" / "rejestr_syntetyczny_2025.csv.gz"
RUNS = 2
LOG_UPLOAD_MB = 200
"""A year's log of a mid-sized centre is tens of megabytes of CSV (the million-event benchmark is 80 MB)."""


def render(scenario: Scenario, findings: list[Finding], key_args: tuple[str, str, str], lang: str) -> None:
    st.markdown(t("data.intro", lang))
    upload = st.file_uploader(
        t("data.log", lang, limit=LOG_UPLOAD_MB),
        type=["csv", "xlsx", "xes", "gz"],
        key="data_log",
        max_upload_size=LOG_UPLOAD_MB,
    )
    st.caption(t("data.log_larger", lang, limit=LOG_UPLOAD_MB))
    annual = st.file_uploader(
        t("data.statistics", lang), type=["csv", "yaml", "yml"], key="data_statistics", max_upload_size=10
    )
    demo = st.checkbox(t("data.demo", lang), key="data_demo")
    if st.button(t("data.run", lang), key="data_run", type="primary"):
        log = (upload.getvalue(), upload.name) if upload else (DEMO_LOG.read_bytes(), DEMO_LOG.name) if demo else None
        statistics = (annual.getvalue(), annual.name) if annual else None
        _calibrate(scenario, key_args[0], log, statistics, lang)
    found = state.calibration
    if not found or found["text"] != key_args[0]:
        return
    result = found["result"]
    for warning in result.warnings:
        st.warning(warning.text(lang))
    if result.markdown:
        st.download_button(
            t("data.download_report", lang), result.markdown, "fit_report.md", "text/markdown", key="data_report"
        )
        st.markdown(result.markdown.split("\n## ")[0])
        for name, content in result.files.items():
            if name.startswith("charts/"):
                procedure = scenario.procedure(Path(name).stem)
                st.image(content, caption=procedure.name if procedure else Path(name).stem)
    st.json(result.summary, expanded=False)
    st.button(t("data.accept", lang), key="data_accept", on_click=_accept, args=(result, found["source"], lang))


def _calibrate(
    scenario: Scenario, text: str, log: tuple[bytes, str] | None, statistics: tuple[bytes, str] | None, lang: str
) -> None:
    from model.calibration.session import run_calibration

    if log is None and statistics is None:
        st.error(t("data.error", lang, error=t("error.calib.nothing", lang)))
        return
    source, data = (log or statistics)[1], (log or statistics)[0]  # type: ignore[index]
    if not record(Action.LOG_UPLOADED, {"file": source, "bytes": len(data)}):  # an editor's: refused otherwise
        return
    try:
        result = run_calibration(scenario, log=log, statistics=statistics, runs=RUNS, lang=lang)
    except ConfigError as exc:
        st.error(t("data.error", lang, error=exc.text(lang)))
        return
    source = (log or statistics or (b"", ""))[1]
    record(Action.LOG_CALIBRATED, {"file": source, "cases": result.cases, "procedures": result.procedures_changed})
    state.calibration = {"text": text, "result": result, "source": source}


def _accept(result, source: str, lang: str) -> None:
    from model.calibration.session import accept

    state.pop("calibration", None)
    on_edit(t("data.edit_label", lang, source=source), accept(result))
