"""Konfigurator struktury i procedur ośrodka pomocy społecznej: the Streamlit app.

A thin page over :mod:`model`, read top to bottom like the screen: the sidebar (language, which
configuration, undo, download), the header, then the row of page names and the page picked, a
view from :mod:`views`. The session's state lives in :mod:`views.session`, the expensive work per
configuration text in :mod:`views.cached`. Start with ``streamlit run app.py``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from model.i18n import LANGUAGES, t
from model.present.report import counts
from model.store import Role
from views import audit, auth, cached, drafts, scenarios, session
from views.common import METRIC_LABELS_WRAP, show_problems, uploader_words
from views.pages import Page
from views.state import state

PAGES = (
    Page("tab.structure", "views.structure"),
    Page("tab.edit", "views.edit"),
    Page("tab.changes", "views.changes"),
    Page("tab.flow", "views.flow"),
    Page("tab.simulation", "views.simulation", long=True),
    Page("tab.compare", "views.compare", long=True),
    Page("tab.trainer", "views.trainer"),
    Page("tab.export", "views.export"),
    Page("tab.staffing", "views.staffing", long=True),
    Page("tab.data", "views.data", long=True),
)
"""The pages in order: the catalogue key of each label and the module that draws it. Adding a page is
one line here (and its label in both catalogues); the module is imported only when its page opens."""

CONFIG_UPLOAD_MB = 2
"""A configuration is a text of a few hundred kilobytes; the loader refuses one over 2 MiB anyway."""

st.set_page_config(page_title="Konfigurator MOPS", page_icon="🏛️", layout="wide")

auth.gate(state.lang)  # with sign-in configured, nothing below is drawn before it
session.start()
lang = session.lang()

# --- sidebar: language and which configuration -------------------------------------------------

with st.sidebar:
    st.radio(
        t("sidebar.language", lang),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="lang",
        horizontal=True,
    )
    if st.button(t("sidebar.new_centre", lang), key="new_centre", width="stretch"):
        from views import new_centre

        new_centre.open_dialog(lang)
    st.header(t("sidebar.config", lang))
    st.selectbox(
        t("sidebar.pick", lang),
        session.config_files(),
        key="config_file",
        index=None,
        placeholder=t("sidebar.uploaded", lang),
        on_change=session.on_pick_file,
    )
    st.file_uploader(
        t("sidebar.upload", lang),
        type=["yaml", "yml"],
        key=f"upload_{state.upload_round}",
        on_change=session.on_upload,
        max_upload_size=CONFIG_UPLOAD_MB,
    )
    if state.pending:
        st.warning(t("switch.warning", lang, name=state.pending["name"], count=len(state.history.past)))
        confirm, cancel = st.columns(2)
        confirm.button(
            t("switch.confirm", lang), on_click=session.confirm_pending, type="primary", key="confirm_switch"
        )
        cancel.button(t("switch.cancel", lang), on_click=session.cancel_pending, key="cancel_switch")
    if state.load_errors:
        failed, problems = state.load_errors
        show_problems(t("load.failed", lang, name=failed), problems)

if "history" not in state:
    st.title(t("app.title", lang))
    st.error(t("load.none", lang))
    st.stop()

scenarios.sidebar()
with st.sidebar:
    auth.status(lang, role := scenarios.role())
if role >= Role.ADMIN:
    audit.panel(lang)

# --- the part that shows the configuration: one fragment, so that a click reruns only this ---------


@st.fragment(key="edits")
def edits() -> None:
    """The sidebar's edit panel: which configuration, undo, download. A fragment inside ``body``,
    drawn with it, and alone where only it changed: a version saved (:mod:`views.scenarios`)."""
    lang = session.lang()
    key_args = session.current()  # (text, name, base_dir): the key of every cache
    name, history = key_args[1], state.history
    with st.sidebar:
        st.caption(t("sidebar.current", lang, name=name))
        kept = drafts.keeps_drafts()
        if history.modified:
            steps = len(history.past)
            if kept:
                st.info(t("sidebar.modified_kept" if steps else "sidebar.modified_kept_draft", lang, count=steps))
            else:
                st.info(t("sidebar.modified", lang, count=steps))
        if notice := state.pop("notice", None):
            # what the last click did, beside its undo; not a toast, which keeps changing the page
            # for seconds after the click (sliding in, counting down, sliding out)
            st.caption(notice)
        st.button(
            t("undo.button", lang, label=history.labels[0]) if history.labels else t("undo.nothing", lang),
            on_click=session.undo,
            disabled=not history.labels,
            key="undo",
            width="stretch",
        )
        st.download_button(
            t("sidebar.download", lang),
            data=lambda: cached.download_yaml(*key_args),
            file_name=Path(name).name,
            mime="application/x-yaml",
            key="download_yaml",
            width="stretch",
            on_click="ignore",
        )
        # Closing or reloading the page would drop edits the store does not keep: let the browser ask first.
        lost = history.modified and not kept
        guard = "(event) => { event.preventDefault(); event.returnValue = ''; }" if lost else "null"
        st.html(f"<script>window.onbeforeunload = {guard};</script>", unsafe_allow_javascript=True, width=1)


def header() -> None:
    """The centre's name and its figures: units, FTE, procedures, findings."""
    lang = session.lang()
    key_args = session.current()
    scenario = cached.load(*key_args)
    errors, warnings = counts(cached.findings_of(*key_args))
    centre = scenario.config.centre
    top = st.container(key="app_header")  # hidden in the trainer's presentation mode
    top.title(centre.short_name or centre.name)
    top.caption(
        t(
            "app.caption",
            lang,
            name=centre.name,
            model=t(f"model.{centre.model.value}", lang),
            population=centre.population,
            units=len(scenario.units),
            fte=round(sum(u.fte() for u in scenario.units), 2),
            procedures=len(scenario.procedures),
            errors=errors,
            warnings=warnings,
        )
    )


def render(page: Page) -> None:
    lang = session.lang()
    key_args = session.current()
    page.render(cached.load(*key_args), cached.findings_of(*key_args), key_args, lang)


@st.fragment(key="body")
def body() -> None:
    """The edit panel, the header and the pages: an edit in a quick page (or undo) reruns this part
    alone, in one run with its redraw (:func:`views.session.redraw` names it from the edit's
    callback; a fragment for each part made an edit two runs, the callback's and then the named
    parts')."""
    edits()
    header()
    pages()


@st.fragment(key="pages")
def pages() -> None:
    """The page picker and the page picked: a page switch, and a click in a quick page that changes
    no configuration (a chart's switch, the trainer's "Dalej", another unit to edit), rerun this
    part alone. The header and the sidebar are not sent again, and the browser does not redraw
    them (30–45 ms of Chromium's CPU a click, docs/app-clicks.md).

    The picker is a segmented control, not ``st.tabs``: a radio group the keyboard walks with the
    arrow keys, whose redraw costs the browser 0–10 ms where ten tabs cost 60–80 ms at every rerun;
    its options wrap onto more rows on a narrow screen. A long page (see
    :attr:`views.pages.Page.long`) is drawn below, by the whole app's run.
    """
    lang = session.lang()
    st.segmented_control(
        t("nav.pages", lang),
        [page.label for page in PAGES],
        format_func=lambda label: t(label, lang),
        default=PAGES[0].label,
        required=True,
        key="tab",
        on_change=session.on_tab,
        args=(PAGES,),
        label_visibility="collapsed",
    )
    if not (opened := session.open_page(PAGES)).long:
        render(opened)


st.html(METRIC_LABELS_WRAP + uploader_words(lang))
body()
if (opened := session.open_page(PAGES)).long:
    render(opened)
session.settle()
