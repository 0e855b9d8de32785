"""The expensive work behind ``st.cache_data``, keyed on the configuration's ``(text, name, base_dir)``.

A :class:`~model.ConfigError` propagates from :func:`load` and is not cached.

The scenario and its findings are kept by ``st.cache_resource``: one object for every session
and every call, where ``st.cache_data`` hands each call its own copy, unpickled (≈ 8 ms for a
scenario, four or five times in the run after every edit). Nothing changes a loaded scenario or a
finding: the loader applies the law while it builds them, and edits make new texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import streamlit as st

from model import Finding, Scenario, load_scenario_text, validate
from model.exports.orgchart import orgchart
from model.present.flowchart import flowchart
from model.staffing.workload import WorkloadBalance, balance
from views import ROOT


@st.cache_resource(max_entries=64, show_spinner=False)
def load(text: str, name: str, base_dir: str) -> Scenario:
    """The scenario of a YAML text, shared (see the module's docstring); a :class:`ConfigError`
    propagates (and is not cached)."""
    return load_scenario_text(text, name, base_dir, root=ROOT)


@st.cache_resource(max_entries=64, show_spinner=False)
def findings_of(text: str, name: str, base_dir: str) -> list[Finding]:
    """The findings of a text, computed once for every session that shows it (shared: read, never changed)."""
    return validate(load(text, name, base_dir))


@st.cache_data(max_entries=64, show_spinner=False)
def orgchart_dot(
    text: str,
    name: str,
    base_dir: str,
    lang: str,
    color: bool,
    show_fte: bool,
    show_location: bool,
    highlight: tuple[str, ...],
    root: str | None = None,
    max_depth: int | None = None,
) -> str:
    chart = orgchart(
        load(text, name, base_dir),
        show_fte=show_fte,
        color_by_function=color,
        highlight=frozenset(highlight),
        lang=lang,
        show_location=show_location,
        root=root,
        max_depth=max_depth,
        line_legend=True,
    )
    return chart.source


@st.cache_data(max_entries=256, show_spinner=False)
def flowchart_dot(
    text: str,
    name: str,
    base_dir: str,
    lang: str,
    procedure: str,
    by_building: bool = False,
    path: tuple[str, ...] = (),
    current: str | None = None,
    around: str | None = None,
) -> str:
    flagged = {
        f.subject.partition("/")[2]
        for f in findings_of(text, name, base_dir)
        if f.subject and f.subject.startswith(f"{procedure}/")
    }
    chart = flowchart(
        load(text, name, base_dir),
        procedure,
        path=path,
        current=current,
        flagged=flagged,
        by_building=by_building,
        lang=lang,
        around=around,
    )
    return chart.source


@st.cache_data(max_entries=16, show_spinner=False)
def download_yaml(text: str, name: str, base_dir: str) -> str:
    """The text as it is, comments included, with its procedures inline so that it stands alone."""
    from model.config.roundtrip import standalone

    return standalone(text, base_dir, name)


@st.cache_data(max_entries=16, show_spinner=False)
def table_csv(text: str, name: str, base_dir: str, table: str, lang: str) -> bytes:
    """Findings or the staffing annex as CSV, with the byte-order mark Excel needs for Polish letters."""
    from model.exports.staffing import CSV_ENCODING, findings_csv, staffing_csv

    if table == "findings":
        return findings_csv(findings_of(text, name, base_dir), lang).encode(CSV_ENCODING)
    return staffing_csv(load(text, name, base_dir), lang).encode(CSV_ENCODING)


@st.cache_data(max_entries=16, show_spinner=False)
def chart_file(text: str, name: str, base_dir: str, fmt: str, options: tuple[tuple[str, Any], ...]) -> bytes | str:
    from model.exports import render

    scenario = load(text, name, base_dir)
    charts: dict[str, Callable[..., bytes | str]] = {
        "svg": render.chart_svg,
        "png": render.chart_png,
        "dot": render.chart_dot,
    }
    return charts[fmt](scenario, **dict(options))


@st.cache_data(max_entries=8, show_spinner=False)
def chart_pdf(
    text: str, name: str, base_dir: str, size: str, landscape: bool, split: bool, options: tuple[tuple[str, Any], ...]
) -> tuple[bytes, Any]:
    """The chart as a PDF and, for ``size`` "auto", the page chosen (:class:`model.exports.render.AutoPdf`)."""
    from model.exports import render

    scenario = load(text, name, base_dir)
    if size == "auto":
        chosen = render.chart_pdf_auto(scenario, **dict(options))
        return chosen.pdf, chosen
    return render.chart_pdf(scenario, render.Page(size, landscape), split=split, **dict(options)), None


@st.cache_data(max_entries=8, show_spinner=False)
def staffing_annex(text: str, name: str, base_dir: str, fmt: str, lang: str) -> bytes:
    """Annex 2 on its own, as csv, docx or pdf."""
    from model.exports.annex import staffing_annex_file

    return staffing_annex_file(load(text, name, base_dir), fmt, lang)


@st.cache_data(max_entries=8, show_spinner=False)
def regulation_file(text: str, name: str, base_dir: str, fmt: str) -> bytes:
    """The organisational regulation with annexes 1–3, as md, docx or pdf."""
    from model.exports.regulation import regulation_file as produce

    return produce(load(text, name, base_dir), fmt)


@st.cache_data(max_entries=8, show_spinner=False)
def regulation_draft(text: str, name: str, base_dir: str, lang: str) -> tuple[str, ...]:
    """Why the regulation would be marked PROJEKT (errors, blanks), in ``lang``; empty when it can be signed."""
    from model.exports.regulation import regulation_status

    return tuple(regulation_status(load(text, name, base_dir)).lines(lang))


@st.cache_data(max_entries=8, show_spinner=False)
def order_draft(
    before: tuple[str, str, str], after: tuple[str, str, str], thresholds: tuple[int, int, int], lang: str
) -> tuple[tuple[str, ...], str]:
    """Why the order would be marked PROJEKT, and which order it is (amending or a new regulation) and why."""
    from model.exports.amendment import order_blocks

    _, status, decision = order_blocks(impact(before, after, thresholds))
    return tuple(status.lines(lang)), decision.message().text(lang)


@st.cache_data(max_entries=16, show_spinner=False)
def impact(before: tuple[str, str, str], after: tuple[str, str, str], thresholds: tuple[int, int, int]) -> Any:
    """The as-is → to-be impact of two configurations, each given as ``(text, name, base_dir)``."""
    from model.impact.diff import Thresholds, diff

    return diff(load(*before), load(*after), Thresholds(*thresholds))


@st.cache_data(max_entries=16, show_spinner=False)
def impact_chart_dot(
    before: tuple[str, str, str], after: tuple[str, str, str], thresholds: tuple[int, int, int], lang: str
) -> str:
    """The chart after the change, closed units put back, coloured new / changed / closed."""
    found = impact(before, after, thresholds)
    return orgchart(found.merged(), status=found.status(), lang=lang).source


@st.cache_data(max_entries=8, show_spinner=False)
def impact_file(
    before: tuple[str, str, str], after: tuple[str, str, str], thresholds: tuple[int, int, int], kind: str, lang: str
) -> bytes:
    """The impact report ("md", "docx") or the amending order ("amendment_docx", "amendment_pdf")."""
    from model.exports.amendment import amendment_file
    from model.exports.impact import impact_docx, impact_markdown

    found = impact(before, after, thresholds)
    if kind == "md":
        return impact_markdown(found, lang).encode("utf-8")
    if kind == "docx":
        return impact_docx(found, lang)
    return amendment_file(found, kind.removeprefix("amendment_"))


@st.cache_data(max_entries=128, show_spinner=False)
def svg(source: str) -> str:
    """A Graphviz chart laid out here, by the ``dot`` program (≈50 ms for the largest shipped chart,
    then cached), instead of in the browser, whose WebAssembly Graphviz takes far longer on every
    redraw; scaled to the page's width. A ``dot`` kept running draws it (:mod:`views.dot`)."""
    from views import dot

    drawing = dot.svg(source)
    start = drawing.index("<svg")
    return re.sub(
        r'<svg width="([\d.]+)pt" height="([\d.]+)pt"',
        r'<svg style="max-width: 100%; height: auto" width="\1pt" height="\2pt"',
        drawing[start:].replace("\n", " "),
        count=1,
    )


@st.cache_data(max_entries=64, show_spinner=False)
def workload_balance(text: str, name: str, base_dir: str) -> WorkloadBalance:
    """The workload balance (a few milliseconds, but every rerun of the Obsada page asks)."""
    return balance(load(text, name, base_dir))


@st.cache_data(max_entries=16, show_spinner=False)
def procedure_bpmn(text: str, name: str, base_dir: str, procedure: str) -> bytes:
    """One procedure as BPMN 2.0 with its diagram (Camunda Modeler, bpmn.io)."""
    from model.interchange.bpmn_export import export_bpmn

    scenario = load(text, name, base_dir)
    return export_bpmn(scenario, [p for p in scenario.procedures if p.id == procedure])[0]
