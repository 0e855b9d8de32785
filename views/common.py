"""Widgets several pages share: the findings table, a list of problems, bar charts, the simulation form."""

from __future__ import annotations

import html
import json
import re
import textwrap
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from model import Finding, Scenario
from model.i18n import CATALOGUES, NBSP_THIN, Message, t
from model.present.report import WHERE_COLUMNS, findings_frame, switch_lines
from views.cached import svg
from views.state import state


def plain(text: str) -> str:
    """``text`` shown as written in Markdown: a name or an e-mail address with ``<``, ``*`` or ``_``
    is neither a link nor emphasis."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~$])", r"\\\1", text)


MIN_TEXT_PX = 11
"""The smallest text a chart is shown with, in CSS pixels: a chart larger than its column at this
size scrolls and pans rather than shrinking its text (at 1440 px the org chart fitted to the column
had 6 px text)."""

ZOOM_SCRIPT = """
function zoomable(frame, drawing) {
  const view = frame.querySelector('.graph');
  view.innerHTML = drawing;
  const svg = view.querySelector('svg');
  if (!svg) return;
  const box = svg.viewBox.baseVal;
  const width = parseFloat(svg.getAttribute('width')) * 4 / 3, height = parseFloat(svg.getAttribute('height')) * 4 / 3;
  const group = /scale\\(([\\d.]+)/.exec(svg.querySelector('g').getAttribute('transform') || '');
  const unit = (box && box.width ? width / box.width : 4 / 3) * (group ? parseFloat(group[1]) : 1);
  const fonts = Array.from(svg.querySelectorAll('text'), (t) => parseFloat(t.getAttribute('font-size')) || 14);
  const legible = Number(frame.dataset.minTextPx) / ((fonts.length ? Math.min(...fonts) : 14) * unit);
  let scale = 1;
  const fit = () => (view.clientWidth ? (view.clientWidth - 2) / width : 1);
  // a chart to fill its place (the trainer's step on a projector) grows up to the frame's width and to
  // the window's height below it, so that the whole frame is in sight
  const fill = frame.dataset.fill === 'true';
  const below = () => Math.max(window.innerHeight - view.getBoundingClientRect().top - 8, window.innerHeight * 0.4);
  const high = () => (fill ? below() + 'px' : '80vh');
  view.style.maxHeight = high();
  const best = () => (fill ? Math.min(fit(), (below() - 2) / height) : Math.min(1, fit()));
  // the zoom chosen for the chart in this place of the page outlives the page's redraws (a step on)
  const kept = (window.graphZoom = window.graphZoom || {});
  const place = Array.from(document.querySelectorAll('.graph-frame')).indexOf(frame);
  const show = (wanted, anyhow) => {
    const centre = [view.scrollLeft + view.clientWidth / 2, view.scrollTop + view.clientHeight / 2];
    const old = scale;
    scale = anyhow ? wanted : Math.max(legible, wanted);
    svg.style.maxWidth = 'none';
    svg.style.width = width * scale + 'px';
    svg.style.height = height * scale + 'px';
    view.scrollLeft = centre[0] * scale / old - view.clientWidth / 2;
    view.scrollTop = centre[1] * scale / old - view.clientHeight / 2;
    frame.dataset.scale = scale.toFixed(3);
  };
  const start = () => show(best());
  const choose = (wanted, anyhow) => {
    show(wanted, anyhow);
    kept[place] = anyhow ? 'whole' : scale / Math.max(legible, best());
  };
  if (kept[place] === 'whole') show(best(), true);
  else show(Math.max(legible, best()) * (kept[place] || 1));
  // the highlighted step (the trainer's) is brought to the middle of the frame's part in the window
  const current = svg.querySelector('g.current');
  if (current && view.clientWidth) {
    const [at, into] = [current.getBoundingClientRect(), view.getBoundingClientRect()];
    const middle = (Math.max(into.top, 0) + Math.min(into.bottom, window.innerHeight)) / 2;
    view.scrollLeft += at.left + at.width / 2 - (into.left + into.width / 2);
    view.scrollTop += at.top + at.height / 2 - middle;
  }
  frame.querySelector('[data-act=in]').onclick = () => choose(scale * 1.25);
  frame.querySelector('[data-act=out]').onclick = () => choose(scale / 1.25);
  frame.querySelector('[data-act=whole]').onclick = () => choose(best(), true);
  frame.querySelector('[data-act=full]').onclick = () =>
    document.fullscreenElement ? document.exitFullscreen() : frame.requestFullscreen();
  frame.addEventListener('fullscreenchange', () => {
    view.style.maxHeight = document.fullscreenElement ? 'calc(100vh - 3rem)' : high();
    start();
  });
  view.addEventListener('wheel', (event) => {
    if (!event.ctrlKey) return;
    event.preventDefault();
    choose(event.deltaY > 0 ? scale / 1.25 : scale * 1.25);
  }, { passive: false });
  let drag = null;
  view.addEventListener('mousedown', (event) => { drag = [event.clientX, event.clientY]; view.style.cursor = 'grabbing'; });
  window.addEventListener('mouseup', () => { drag = null; view.style.cursor = 'grab'; });
  view.addEventListener('mousemove', (event) => {
    if (!drag) return;
    view.scrollLeft -= event.clientX - drag[0];
    view.scrollTop -= event.clientY - drag[1];
    drag = [event.clientX, event.clientY];
  });
}
"""
"""What makes a chart zoomable: its SVG put in, shown no smaller than :data:`MIN_TEXT_PX` text (and
fitted to the column if that is larger, or grown to fill it where the frame asks), its highlighted
step in the middle, zoom buttons, Ctrl + wheel, dragging to pan, full screen.
It holds no ``<``, so the page's sanitiser keeps the script."""


def show_graph(source: str, container: Any = st, *, min_text_px: int = MIN_TEXT_PX, fill: bool = False) -> None:
    """A Graphviz chart (DOT ``source``) as an SVG laid out on the server (see :func:`views.cached.svg`),
    in a scrolling frame with zoom buttons, Ctrl + wheel zoom, dragging to pan and a full-screen view.

    The SVG goes into the page by the browser's own HTML parser (``innerHTML``, from a script of
    its element), not as Markdown: Markdown turns a chart's thousand SVG nodes into React elements
    one by one, 100–150 ms of the browser's time on every redraw of the org chart, and ``st.html``
    without a script drops SVG. The SVG is ``dot``'s own output, in which Graphviz escapes every
    text of the configuration (labels are escaped before, too); in the script it is a JSON string
    with every ``<`` escaped, so that nothing in it can end the script (and the page's sanitiser,
    which drops a script whose text holds a tag, keeps it).

    The chart is shown fitted to the column only while its smallest text stays at least
    ``min_text_px`` high; a larger chart keeps that size and scrolls (the frame is at most 80 % of
    the window high). "Cały wykres" fits it whole, whatever its text. With ``fill`` a small chart grows
    to the frame's width or height (the trainer's step on a projector). A highlighted step (SVG class
    ``current``) is scrolled to the middle.
    """
    lang = state.lang
    drawing = json.dumps(svg(source)).replace("<", "\\u003c")
    buttons = "".join(
        f'<button type="button" data-act="{act}" title="{html.escape(t(key, lang))}"'
        f' aria-label="{html.escape(t(key, lang))}" style="margin-right: 0.3rem">{html.escape(face or t(key, lang))}</button>'
        for act, key, face in (
            ("in", "graph.zoom_in", "+"),
            ("out", "graph.zoom_out", "\u2212"),
            ("whole", "graph.whole", ""),
            ("full", "graph.full_screen", ""),
        )
    )
    container.html(
        f'<div class="graph-frame" data-min-text-px="{min_text_px}" data-fill="{str(fill).lower()}"'
        ' style="background: white">'
        f'<div class="graph-tools" title="{html.escape(t("graph.help", lang))}" style="margin-bottom: 0.3rem">{buttons}</div>'
        '<div class="graph" style="overflow: auto; max-height: 80vh; cursor: grab"></div></div>'
        f"<script>{ZOOM_SCRIPT}zoomable(document.currentScript.previousElementSibling, {drawing});</script>",
        unsafe_allow_javascript=True,
    )


def text_table(frame: pd.DataFrame) -> None:
    """A table of text as Markdown: the page's Markdown renderer is loaded already, where a first
    ``st.table`` on a page fetches its component's code (≈ 200 ms once)."""
    st.markdown(markdown_table(frame))


def markdown_table(frame: pd.DataFrame) -> str:
    """``frame`` as a Markdown table, every cell escaped: a ``|`` would end a cell, a line break the
    table, and Markdown's marks would turn into formatting."""

    def cell(value: object) -> str:
        text = " ".join(str(value).split())
        return "".join(f"\\{c}" if c in "\\`*_{}[]<>()#+-.!|~" else c for c in text) or " "

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    rows = [line([cell(v) for v in row]) for row in frame.itertuples(index=False)]
    return "\n".join([line([cell(c) for c in frame.columns]), line(["---"] * len(frame.columns)), *rows])


def interface_text(message: Message, lang: str) -> str:
    """A library message as the app says it: a remedy that names a command-line flag ("--days") is
    said by the field to change ("Dni symulacji"), where the catalogue has such a wording (``….app``)."""
    return _for_app(message).text(lang)


def _for_app(message: Message) -> Message:
    code = message.code + ".app" if message.code + ".app" in CATALOGUES["pl"] else message.code
    params = {k: _for_app(v) if isinstance(v, Message) else v for k, v in message.params.items()}
    return Message(code, params)


def show_problems(heading: str, problems: list[str]) -> None:
    """An error box: the heading (which names the file), then one problem a line, as a sentence."""
    st.error(heading + "\n\n" + "\n".join(f"- {p}" for p in problems))


def show_findings(scenario: Scenario, findings: list[Finding], lang: str, key: str | None = None) -> None:
    """The findings table; with ``key`` a data grid whose row can be selected (see
    :func:`selected_finding`), else a static table: the browser draws that at once, where a grid
    paints a canvas and rewrites its hidden accessibility table a quarter of a second later."""
    if switched := switch_lines(scenario, lang):
        st.info(t("checks.heading", lang) + "\n\n" + "\n".join(f"- {line}" for line in switched))
    if not findings:
        st.success(t("findings.none_switched" if switched else "findings.none", lang))
        return
    severity = t("col.severity", lang)
    frame = findings_frame(scenario, findings, lang)
    if not st.toggle(t("findings.where", lang), key=f"{key or 'findings'}_where"):
        frame = frame.drop(columns=[t(c, lang) for c in WHERE_COLUMNS])
    styled = frame.style.map(
        lambda v: "color: #b71c1c; font-weight: 600" if v == t("severity.error", lang) else "color: #8a5a00",
        subset=[severity],
    )
    if not key:
        st.table(styled.format(precision=0, na_rep="—"), hide_index=True)
        return
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            severity: st.column_config.TextColumn(width="small"),
            t("col.rule", lang): st.column_config.TextColumn(width="small"),
            t("col.subject", lang): st.column_config.TextColumn(width="medium"),
            t("col.message", lang): st.column_config.TextColumn(width="large"),
            t("col.file", lang): st.column_config.TextColumn(width="small"),
            t("col.line", lang): st.column_config.NumberColumn(width="small", format="%d"),
        },
    )


def selected_finding(findings: list[Finding], key: str) -> Finding | None:
    """The finding whose row is selected in the table drawn with ``key`` (read before it is drawn)."""
    rows = state[key]["selection"]["rows"] if key in state else []
    return findings[rows[0]] if rows and rows[0] < len(findings) else None


def simulation_form(form_key: str, scenario: Scenario, lang: str, precise: bool = False) -> tuple[Any, bool]:
    """The settings form (days, seed, replications, demand); returns the settings and whether submitted.

    With ``precise`` it offers, and defaults to, replications added until every headline figure
    is within ±5% (see ``SimulationSettings.precision``); the user may choose a fixed number.
    """
    from model.simulation import SimulationSettings  # imported when needed: the engine is not needed to open the page
    from model.simulation.executor import prepare_shared_pool
    from model.simulation.settings import PRECISION_FIRST_BATCH

    defaults = SimulationSettings()
    prepare_shared_pool()  # the workers start while the user reads the form, not when the run begins
    with st.form(form_key):
        # a year: the steadiest answer for the time (a quarter needed three times the replications
        # to reach ±5%, and each of its case times was cut short by the end of the period)
        days = st.number_input(t("sim.days", lang), 5, 730, 365, 5)
        seed = st.number_input(t("sim.seed", lang), 0, 1_000_000, 1)
        replications = st.number_input(
            t("sim.replications", lang),
            1,
            500,
            PRECISION_FIRST_BATCH if precise else defaults.replications,
            help=t("sim.replications_help", lang) if precise else None,
        )
        automatic = st.checkbox(t("sim.warmup_auto", lang), True)
        warmup = st.number_input(t("sim.warmup", lang), 0, 180, 10)
        if precise:
            fixed = st.radio(
                t("sim.mode", lang),
                (False, True),
                format_func=lambda f: t("sim.mode.fixed" if f else "sim.mode.precision", lang),
            )
            share = st.number_input(t("sim.precision", lang), 1, 50, 5)
            most = st.number_input(t("sim.max_replications", lang), 2, 1000, defaults.max_replications)
        overall = st.slider(t("sim.demand_all", lang), 25, 300, 100, 5, format="%d %%") / 100  # "100 %", not "1.00"
        with st.expander(t("sim.demand_each", lang)):
            multipliers = {
                p.id: st.number_input(p.name, 0.0, 10.0, 1.0, 0.05, key=f"{form_key}_{p.id}")
                for p in scenario.procedures
            }
        submitted = st.form_submit_button(t("sim.run", lang), type="primary", width="stretch")
    demand = {"*": overall, **{pid: overall * m for pid, m in multipliers.items() if m != 1.0}}
    sequential = precise and not fixed
    # processes: one per core, from the server's one pool of workers (model.simulation.executor)
    settings = SimulationSettings(
        days=int(days),
        seed=int(seed),
        replications=min(int(replications), int(most)) if sequential else int(replications),
        warmup_days=None if automatic else min(int(warmup), int(days) - 1),
        demand=demand,
        precision=share / 100 if sequential else None,
        max_replications=int(most) if sequential else defaults.max_replications,
    )
    return settings, submitted


def progress_bar(container: Any, lang: str) -> Callable[[int, int], None]:
    """A progress bar in ``container`` and the callback a simulation reports its replications to."""
    bar = container.progress(0.0, text=t("sim.running", lang))

    def report(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=t("sim.progress", lang, done=done, total=total))

    return report


def bars(
    frame: pd.DataFrame,
    title: str,
    axis: str,
    *,
    percent: bool = False,
    flag: str | None = None,
    threshold: float | None = None,
    grouped: bool = False,
    interval: bool = False,
) -> Any:
    """Horizontal bars, one per ``item``: flagged bars red, an optional threshold, CI whiskers,
    or A/B bars side by side per item when ``grouped``.

    Every channel is one of Altair's typed classes (``alt.X("value:Q")``), never a shorthand string
    or a dict (``"value:Q"``, ``alt.value(…)``, ``alt.condition(…)``): Altair turns each of those
    into its class by matching it against the Vega-Lite schema, 4–10 ms a channel, which made the
    Symulacja page's four charts cost ≈0.15 s of the page's run. The specification is the same.
    """
    import altair as alt  # here, not at the top: it adds half a second to the first page

    # a long name wraps onto lines of its own instead of ending in "…" ("Wizyta w miejscu zamieszkan…")
    frame = frame.assign(label=[LABEL_BREAK.join(textwrap.wrap(str(item), LABEL_WIDTH)) for item in frame["item"]])
    lines = max((label.count(LABEL_BREAK) + 1 for label in frame["label"]), default=1)
    base = alt.Chart(frame)
    x = alt.X(
        "value:Q",
        title=axis,
        axis=alt.Axis(format="%") if percent else alt.Axis(),
        scale=alt.Scale(domain=[0, 1]) if percent else alt.Scale(zero=True),
    )
    y = alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelExpr="split(datum.label, '\\n')", labelLimit=0))
    tooltip = [alt.Tooltip("item:N"), alt.Tooltip("value:Q", format=".1%" if percent else ".1f")]
    encoding: dict[str, Any] = {"x": x, "y": y, "tooltip": tooltip}
    if grouped:
        encoding.update(
            yOffset=alt.YOffset("variant:N"),
            color=alt.Color(
                "variant:N", title=None, legend=alt.Legend(orient="top"), scale=alt.Scale(range=["#9aa5b1", "#1f77b4"])
            ),
            tooltip=[alt.Tooltip("variant:N"), *tooltip],
        )
    elif flag:
        encoding["color"] = alt.ColorValue("#4e79a7", condition={"test": f"datum.{flag}", "value": "#c0392b"})
    else:
        encoding["color"] = alt.ColorValue("#4e79a7")
    layers = [base.mark_bar().encode(**encoding)]
    if interval:
        layers.append(base.mark_rule(color="#222222").encode(x=alt.X("low:Q"), x2=alt.X2("high:Q"), y=y))
    if threshold is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"value": [threshold]}))
            .mark_rule(color="#c0392b", strokeDash=[5, 4], size=2)
            .encode(x=alt.X("value:Q"))
        )
    # a long title wraps instead of running off a half-width chart
    heading = alt.TitleParams(textwrap.wrap(title, TITLE_WIDTH), anchor="start")
    chart = alt.layer(*layers).properties(
        title=heading, height=alt.Step((12 if grouped else 22) * max(1, (lines + 1) // 2))
    )
    return numbers_in(chart, state.lang)


POLISH_NUMBERS = {
    "decimal": ",",
    "thousands": NBSP_THIN,
    "grouping": [3],
    "currency": ["", "\u00a0zł"],
    "percent": "\u00a0%",
}
"""How Polish writes numbers ("0,25", "1 000", "25 %"), as a d3 number locale: what Vega formats
axes and tooltips with; the same notation as :func:`model.i18n.number`."""


def numbers_in(chart: Any, lang: str) -> Any:
    """An Altair chart whose axes and tooltips write numbers as ``lang`` does."""
    return chart.configure(locale={"number": POLISH_NUMBERS}) if lang == "pl" else chart


def table(frame: pd.DataFrame, lang: str, precision: int = 2) -> Any:
    """A table whose numbers read as ``lang`` writes them ("0,24" and "1 234" in Polish); the
    values stay numbers, so columns still sort as numbers. A column's own format in
    ``column_config`` still wins."""
    polish = lang == "pl"
    return frame.style.format(
        precision=precision, na_rep="—", decimal="," if polish else ".", thousands=NBSP_THIN if polish else ","
    )


LABEL_WIDTH = 34
"""Characters per line of a bar's label: a step's or a procedure's name wraps at this width."""

LABEL_BREAK = "\n"
"""Where a bar's wrapped label breaks: a line break, which no wrapped name keeps (``textwrap`` turns
every whitespace into a space)."""

TITLE_WIDTH = 55
"""Characters per line of a chart's title: what a chart in half the page holds."""

METRIC_LABELS_WRAP = (
    "<style>[data-testid='stMetricLabel'] * {white-space: normal !important; overflow: visible !important;"
    " text-overflow: clip !important;}</style>"
)
"""Metric labels wrap onto a second line rather than end in "…" ("Przejścia między budynkam…")."""


def uploader_words(lang: str) -> str:
    """Streamlit's file uploader in the interface's language: its "Upload" button relabelled, and
    its own "2MB per file • YAML" hidden (each uploader's label states its formats and limit)."""
    label = t("upload.button", lang).replace('"', "")
    return (
        "<style>[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] {display: none;}"
        f"[data-testid='stFileUploaderDropzone'] button span[data-has-shortcut]::after {{content: \"{label}\";}}"
        "[data-testid='stFileUploaderDropzoneInstructions'] {display: none;}</style>"
    )
