"""Eksport: the org chart as SVG, PNG, DOT or PDF, the findings and the staffing annex as CSV, the
organisational regulation (with annexes 1–3) as Markdown, DOCX or PDF, its buttons marked when it
would be a draft."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st

from model import Finding, Scenario
from model.i18n import t
from model.store import Action
from views.audit import recorded
from views.cached import chart_file, chart_pdf, regulation_draft, regulation_file, table_csv
from views.state import state


def render(scenario: Scenario, findings: list[Finding], key_args: tuple[str, str, str], lang: str) -> None:
    from model.exports.render import ExportError

    text, name, _ = key_args
    options, files = st.columns([1, 2])
    with options:
        st.subheader(t("export.chart", lang))
        chart_options = (
            ("color_by_function", st.toggle(t("structure.color", lang), key="export_color")),
            ("show_fte", st.toggle(t("structure.fte", lang), value=True, key="export_fte")),
            ("show_location", st.toggle(t("structure.location", lang), key="export_location")),
            ("lang", lang),
        )
        size = st.selectbox(t("export.page", lang), ["a4", "a3"], format_func=str.upper, key="export_page")
        landscape = st.toggle(t("export.landscape", lang), key="export_landscape")
        split = st.toggle(t("export.split", lang), key="export_split")
    with files:
        stem = Path(name).stem
        formats = (("svg", "image/svg+xml"), ("png", "image/png"), ("dot", "text/vnd.graphviz"))
        _downloads(formats, "export", f"schemat_{stem}", lambda fmt: chart_file(*key_args, fmt, chart_options), lang)
        if st.button(t("export.prepare_pdf", lang), key="prepare_pdf"):
            state.export_pdf = (text, size, landscape, split, chart_options)
        if state.export_pdf == (text, size, landscape, split, chart_options):
            try:
                with st.spinner(t("export.rendering", lang)):
                    pdf = chart_pdf(*key_args, size, landscape, split, chart_options)
            except ExportError as exc:
                st.error(exc.text(lang))
            else:
                st.download_button(
                    t("export.pdf", lang),
                    pdf,
                    file_name=f"schemat_{stem}.pdf",
                    mime="application/pdf",
                    key="export_pdf_file",
                    on_click="ignore",
                    type="primary",
                )
        st.subheader(t("export.findings", lang))
        st.caption(t("export.findings_note", lang, count=len(findings)))
        st.download_button(
            t("export.csv", lang),
            key="export_csv",
            mime="text/csv",
            on_click="ignore",
            file_name=f"uwagi_{stem}.csv",
            data=lambda: table_csv(*key_args, "findings", lang),
        )
        st.subheader(t("export.staffing", lang))
        st.download_button(
            t("export.csv", lang),
            key="export_staffing",
            mime="text/csv",
            on_click="ignore",
            file_name=f"etatyzacja_{stem}.csv",
            data=lambda: table_csv(*key_args, "staffing", lang),
        )
        st.subheader(t("export.regulation", lang))
        st.caption(t("export.regulation_note", lang))
        documents = (
            ("md", "text/markdown"),
            ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ("pdf", "application/pdf"),
        )
        draft = regulation_draft(*key_args, lang)
        if draft:
            st.warning("\n\n".join(draft))
        _downloads(
            documents,
            "export_regulation",
            f"regulamin_{stem}",
            lambda fmt: regulation_file(*key_args, fmt),
            lang,
            draft,
        )


def _downloads(formats, key: str, stem: str, produce, lang: str, draft: tuple[str, ...] = ()) -> None:
    """One download button a format, side by side; each file is produced only when clicked. A
    document that would be a draft says so on its button, and why in the button's help."""
    for column, (fmt, mime) in zip(st.columns(len(formats)), formats):
        label = t(f"export.{fmt}", lang)
        column.download_button(
            t("draft.button", lang, label=label) if draft else label,
            key=f"{key}_{fmt}",
            mime=mime,
            file_name=f"{stem}.{fmt}",
            on_click="ignore",
            width="stretch",
            help=t("draft.help", lang, reasons=" ".join(draft)) if draft else None,
            data=recorded(Action.DOCUMENT_EXPORTED, partial(produce, fmt), f"{stem}.{fmt}"),
        )
