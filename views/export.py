"""Eksport: what the administration files with the regulation. The org chart as SVG, PNG, DOT or PDF
(on the page that keeps its text readable, unless one is chosen), the staffing annex as CSV, DOCX or
PDF, the organisational regulation with annexes 1–3 as Markdown, DOCX or PDF, the findings as CSV;
the regulation's and the annex's buttons marked when they would be a draft."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st

from model import Finding, Scenario
from model.i18n import msg, t
from model.store import Action
from views.audit import recorded
from views.cached import chart_file, chart_pdf, regulation_draft, regulation_file, staffing_annex, table_csv
from views.state import state

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render(scenario: Scenario, findings: list[Finding], key_args: tuple[str, str, str], lang: str) -> None:
    """One section a document, each with its buttons labelled by what they download ("Pobierz
    schemat – PDF", "Pobierz regulamin – PDF"), so that no two buttons read alike."""
    from model.exports.render import ExportError

    text, name, _ = key_args
    stem = Path(name).stem
    draft = regulation_draft(*key_args, lang)
    options, files = st.columns([1, 2])
    with options:
        st.subheader(t("export.chart", lang))
        chart_options = (
            ("color_by_function", st.toggle(t("structure.color", lang), key="export_color")),
            ("show_fte", st.toggle(t("structure.fte", lang), value=True, key="export_fte")),
            ("show_location", st.toggle(t("structure.location", lang), key="export_location")),
            ("lang", lang),
        )
        size = st.selectbox(
            t("export.page", lang),
            ["auto", "a4", "a3"],
            format_func=lambda s: t(f"export.page.{s}", lang),
            key="export_page",
        )
        landscape = st.toggle(t("export.landscape", lang), key="export_landscape", disabled=size == "auto")
        split = st.toggle(t("export.split", lang), key="export_split", disabled=size == "auto")
    with files:
        st.subheader(t("export.chart", lang))
        formats = (("svg", "image/svg+xml"), ("png", "image/png"), ("dot", "text/vnd.graphviz"))
        _downloads(
            formats, "export", "chart", f"schemat_{stem}", lambda fmt: chart_file(*key_args, fmt, chart_options), lang
        )
        if st.button(t("export.prepare_pdf", lang), key="prepare_pdf"):
            state.export_pdf = (text, size, landscape, split, chart_options)
        if state.export_pdf == (text, size, landscape, split, chart_options):
            try:
                with st.spinner(t("export.rendering", lang)):
                    pdf, chosen = chart_pdf(*key_args, size, landscape, split, chart_options)
            except ExportError as exc:
                st.error(exc.text(lang))
            else:
                if chosen is not None:
                    st.caption(msg("export.page_chosen", chosen=chosen.label()).text(lang))
                st.download_button(
                    t("export.button", lang, what=t("export.what.chart", lang), fmt="PDF"),
                    pdf,
                    file_name=f"schemat_{stem}.pdf",
                    mime="application/pdf",
                    key="export_pdf_file",
                    on_click="ignore",
                    type="primary",
                )
        st.subheader(t("export.staffing", lang))
        staffing = (("csv", "text/csv"), ("docx", DOCX), ("pdf", "application/pdf"))
        _downloads(
            staffing,
            "export_staffing",
            "staffing",
            f"etatyzacja_{stem}",
            lambda fmt: staffing_annex(*key_args, fmt, lang),
            lang,
            draft,
        )
        st.subheader(t("export.regulation", lang))
        st.caption(t("export.regulation_note", lang))
        if draft:
            st.warning("\n\n".join(draft))
        documents = (("md", "text/markdown"), ("docx", DOCX), ("pdf", "application/pdf"))
        _downloads(
            documents,
            "export_regulation",
            "regulation",
            f"regulamin_{stem}",
            lambda fmt: regulation_file(*key_args, fmt),
            lang,
            draft,
        )
        st.subheader(t("export.findings", lang))
        st.caption(t("export.findings_note", lang, count=len(findings)))
        _downloads(
            (("csv", "text/csv"),),
            "export_findings",
            "findings",
            f"uwagi_{stem}",
            lambda fmt: table_csv(*key_args, "findings", lang),
            lang,
        )


def _downloads(formats, key: str, what: str, stem: str, produce, lang: str, draft: tuple[str, ...] = ()) -> None:
    """One download button a format, side by side, each labelled by what it downloads and in which
    format; each file is produced only when clicked. A document that would be a draft says so on its
    button, and why in the button's help."""
    for column, (fmt, mime) in zip(st.columns(3), formats):
        label = t("export.button", lang, what=t(f"export.what.{what}", lang), fmt=FORMAT_NAMES.get(fmt, fmt.upper()))
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


FORMAT_NAMES = {"md": "Markdown"}
"""How a format is named on a button where its extension in capitals would not do."""
