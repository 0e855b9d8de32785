"""Tryb szkoleniowy: walk one sampled client through a procedure, step by step, on a large card.

"Tryb prezentacji" is for a trainer at a projector (1280×720 at 150 % leaves a browser of
853×480 CSS pixels): the sidebar and the page's header go, the switch joins the buttons' row and
the buttons keep their labels, titles wrap between words, the card and the diagram share the width,
the diagram draws the step being explained with its neighbours in 20 px text, fitted to the window
below it with the step in the middle (the whole procedure in "Cały schemat"), and the arrow keys go
back and forth.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from model import Finding, Scenario
from model.config.schema import END, Procedure
from model.i18n import number, t
from model.present.flowchart import deadline_text, tied
from model.present.journey import sample_journey, summarise
from views.cached import flowchart_dot
from views.common import show_graph
from views.state import state


def render(scenario: Scenario, findings: list[Finding], key_args: tuple[str, str, str], lang: str) -> None:
    if not scenario.procedures:
        st.info(t("edit.no_procedures", lang))
        return
    st.html("<style>.st-key-trainer_card p, .st-key-trainer_card li {font-size: 1.35rem;}</style>")
    presenting = state.presenting
    if presenting:
        # on a projector (853×480 CSS px) the step comes first: the switch shares the buttons' row, and
        # the choice of procedure, made before, waits below
        st.html(PRESENTATION_STYLE + ARROW_KEYS, unsafe_allow_javascript=True)
        with st.container(key="presentation"):
            switch, back, forward, again = st.columns([5, 4, 4, 4], vertical_alignment="center")
            controls, below, chooser = st.container(), st.container(), st.container()
    else:
        switch = st.container()
        controls, below = st.columns([2, 3])
        chooser = controls.container()
        back, forward, again = controls.columns(3)
    switch.toggle(t("trainer.present", lang), key="presenting", help=t("trainer.present_help", lang))
    # a trainer explains how a person who comes in is routed: those procedures first, open-case work after
    walk_in_first = sorted(scenario.procedures, key=lambda p: p.origin != "walk_in")
    names = {p.id: p.name for p in walk_in_first}
    with chooser, st.expander(t("trainer.choose", lang)) if presenting else st.container():
        procedure_id = st.selectbox(
            t("edit.procedure", lang),
            list(names),
            format_func=names.__getitem__,
            key="trainer_procedure",
            on_change=restart_journey,
        )
        seed = st.number_input(
            t("trainer.client", lang),
            1,
            9999,
            1,
            key="trainer_seed",
            on_change=restart_journey,
            help=t("trainer.client_help", lang),
        )
    stops = sample_journey(scenario, procedure_id, int(seed), lang)
    index = min(max(state.trainer_index, 0), len(stops))
    state.trainer_index = index
    back.button(
        t("trainer.back", lang),
        on_click=move_journey,
        args=(-1,),
        disabled=index == 0,
        key="trainer_back",
        width="stretch",
    )
    forward.button(
        t("trainer.next", lang),
        on_click=move_journey,
        args=(1,),
        type="primary",
        disabled=index >= len(stops),
        key="trainer_next",
        width="stretch",
    )
    again.button(t("trainer.restart", lang), on_click=restart_journey, key="trainer_restart", width="stretch")
    with controls:
        # the bar shows the step on the card as done: step 1 of 4 is a quarter, the end is full
        st.progress(min(index + 1, len(stops)) / max(len(stops), 1))
        card, beside = st.columns(2) if presenting else (st.container(), None)
        with card, st.container(border=True, key="trainer_card"):
            if index < len(stops):
                show_stop(next(p for p in walk_in_first if p.id == procedure_id), stops[index], len(stops), lang)
            else:
                show_end(stops, lang)
    walked = tuple(s.step.id for s in stops[: index + 1])
    if index >= len(stops):
        walked += (END,)
    current_step = walked[-1] if walked else None
    if beside is None:
        with below:
            show_graph(flowchart_dot(*key_args, lang, procedure_id, False, walked, current_step))
        return
    with beside, st.container(key="trainer_part"):
        part = flowchart_dot(*key_args, lang, procedure_id, False, walked, current_step, current_step)
        show_graph(part, min_text_px=PROJECTOR_TEXT_PX, fill=True)
    # the whole procedure is laid out only while its box is open: a step on costs one small drawing
    whole = below.expander(t("trainer.whole_diagram", lang), key="trainer_whole", on_change="rerun")
    if whole.open:
        with whole:
            show_graph(flowchart_dot(*key_args, lang, procedure_id, False, walked, current_step))


def restart_journey() -> None:
    state.trainer_index = 0


def move_journey(by: int) -> None:
    state.trainer_index = state.trainer_index + by


def show_stop(procedure: Procedure, stop: Any, count: int, lang: str) -> None:
    """One step of the journey: who, where, which document, which deadline runs, and why."""
    st.markdown(f"### {t('trainer.step', lang, number=stop.number, count=count)}")
    st.markdown(f"## {unbroken(stop.step.name or stop.step.id)}")
    who = stop.unit.name if stop.unit else t("flow.no_unit", lang)
    st.markdown(f"**{t('trainer.who', lang)}:** {who}  \n*{stop.function_name}*")
    if stop.at_home:
        where = t("trainer.home", lang)
    elif stop.address:
        trip = t("trainer.new_trip", lang, trips=stop.trips) if stop.new_trip else t("trainer.same_building", lang)
        where = f"{stop.address}  \n{trip}"
    else:
        where = t("flow.no_address", lang)
    st.markdown(f"**{t('trainer.where', lang)}:** {where}")
    if stop.step.document:
        st.markdown(f"**{t('trainer.document', lang)}:** {stop.step.document}")
    if stop.step.decision:
        st.markdown(f"**{t('trainer.decision', lang)}**")
    if stop.running:
        st.markdown(
            f"**{t('trainer.deadline', lang)}:**\n"
            + "\n".join(
                f"- {(step.name or step.id) if step is not stop.step else t('trainer.this_step', lang)}: "
                f"{deadline_text(procedure, step, lang)}"
                for step in stop.running
            )
        )
    if stop.reason or stop.p < 1:
        st.markdown(f"**{t('trainer.why', lang)}:** {stop.reason or '—'} ({number(stop.p, '.0%', lang)})")
    if stop.step.description:
        st.caption(stop.step.description)


SHORT_PART = 3
"""Characters of a hyphenated word's part that must stay on the line with the rest."""


def unbroken(title: str) -> str:
    """``title`` with an (invisible) word joiner after a hyphen that has a part of three characters or
    fewer beside it: a form's code never wraps as "NK-" above "B". A compound of two long words
    ("diagnostyczno-pomocowej", wider than the card's half of a projector) may still wrap at its hyphen.
    A one-letter word stays with the next (:func:`~model.present.flowchart.tied`)."""

    def join(match: re.Match[str]) -> str:
        short = min(len(match[1]), len(match[2])) <= SHORT_PART
        return f"{match[1]}-\u2060" if short else match[0]

    return re.sub(r"(\w+)-(?=(\w+))", join, tied(title))


def show_end(stops: list[Any], lang: str) -> None:
    """The journey's summary, in what the client did: steps, comings to the centre, the buildings
    they came to (only those), visits at their home."""
    summary = summarise(stops)
    st.markdown(f"## {t('trainer.finished', lang)}")
    if summary.trips:
        st.markdown(
            t("trainer.summary", lang, steps=summary.steps, trips=summary.trips, buildings=len(summary.buildings))
        )
    else:
        st.markdown(t("trainer.summary_none", lang, steps=summary.steps))
    st.markdown("\n".join(f"- {b}" for b in summary.buildings))
    if summary.home_visits:
        st.markdown(t("trainer.home_visits", lang, count=summary.home_visits))


PROJECTOR_TEXT_PX = 20
"""The smallest text of the diagram around the step on a projector, in CSS pixels: at 150 % zoom
30 of the projector's pixels, read from the back of a training room."""

PRESENTATION_STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
.st-key-app_header {display: none;}
.block-container, [data-testid="stMainBlockContainer"] {padding-top: 0.5rem; max-width: 100%;}
.st-key-trainer_card h2, .st-key-trainer_card h3 {hyphens: manual; word-break: normal; overflow-wrap: normal;}
[class*="st-key-trainer_"] button p {white-space: nowrap;}
.st-key-presentation [data-testid="stHorizontalBlock"]:has(.st-key-trainer_part) {align-items: stretch;}
[data-testid="stLayoutWrapper"]:has(> .st-key-trainer_part) {position: sticky; top: 0.5rem;}
</style>"""
"""The projector's page: no sidebar or page header, the card's titles broken between words only, the
diagram beside the card kept in view while the card scrolls."""

ARROW_KEYS = """<script>
if (!window.mopsTrainerKeys) {
  window.mopsTrainerKeys = true;
  document.addEventListener("keydown", (event) => {
    if (!document.querySelector(".st-key-presentation")) return;
    if (event.target.closest("textarea, [contenteditable], [role=combobox], input:not([type=checkbox])")) return;
    const key = {ArrowLeft: "trainer_back", ArrowRight: "trainer_next"}[event.key];
    const button = key && document.querySelector(`.st-key-${key} button:not([disabled])`);
    if (button) { event.preventDefault(); event.stopPropagation(); button.click(); }
  }, true);
}
</script>"""
"""← and → press "Wstecz" and "Dalej" in presentation mode, as a presenter's clicker sends them, wherever the
focus is (the row of pages' own arrow keys included), except while typing in a field."""
