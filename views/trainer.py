"""Tryb szkoleniowy: walk one sampled client through a procedure, step by step, on a large card."""

from __future__ import annotations

from typing import Any

import streamlit as st

from model import Finding, Scenario
from model.config.schema import END, Procedure
from model.i18n import number, t
from model.present.flowchart import deadline_text
from model.present.journey import sample_journey
from views.cached import flowchart_dot
from views.common import show_graph
from views.state import state


def render(scenario: Scenario, findings: list[Finding], key_args: tuple[str, str, str], lang: str) -> None:
    if not scenario.procedures:
        st.info(t("edit.no_procedures", lang))
        return
    st.html("<style>.st-key-trainer_card p, .st-key-trainer_card li {font-size: 1.35rem;}</style>")
    controls, view = st.columns([2, 3])
    # a trainer explains how a person who comes in is routed: those procedures first, open-case work after
    walk_in_first = sorted(scenario.procedures, key=lambda p: p.origin != "walk_in")
    names = {p.id: p.name for p in walk_in_first}
    with controls:
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
        back, forward, again = st.columns(3)
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
        st.progress(index / max(len(stops), 1))
        with st.container(border=True, key="trainer_card"):
            if index < len(stops):
                show_stop(next(p for p in walk_in_first if p.id == procedure_id), stops[index], len(stops), lang)
            else:
                show_end(stops, lang)
    with view:
        walked = tuple(s.step.id for s in stops[: index + 1])
        if index >= len(stops):
            walked += (END,)
        current_step = walked[-1] if walked else None
        show_graph(flowchart_dot(*key_args, lang, procedure_id, False, walked, current_step))


def restart_journey() -> None:
    state.trainer_index = 0


def move_journey(by: int) -> None:
    state.trainer_index = state.trainer_index + by


def show_stop(procedure: Procedure, stop: Any, count: int, lang: str) -> None:
    """One step of the journey: who, where, which document, which deadline runs, and why."""
    st.markdown(f"### {t('trainer.step', lang, number=stop.number, count=count)}")
    st.markdown(f"## {stop.step.name or stop.step.id}")
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


def show_end(stops: list[Any], lang: str) -> None:
    """The journey's summary: steps, trips, and the buildings the client went to."""
    buildings = sorted({s.address for s in stops if s.address and not s.at_home})
    st.markdown(f"## {t('trainer.finished', lang)}")
    trips = stops[-1].trips if stops else 0
    st.markdown(t("trainer.summary", lang, steps=len(stops), trips=trips, buildings=len(buildings)))
    st.markdown("\n".join(f"- {b}" for b in buildings))
