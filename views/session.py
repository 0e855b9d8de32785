"""The session's state: which configuration is open, its edit history and undo, pending switches.

The configuration in effect is ``state.history.current`` (YAML text); ``state.source`` says where
it came from and ``state.revision`` counts every change, so that widgets keyed on it start afresh.
The ``on_…`` functions are widget callbacks: they run before the page is drawn again.
"""

from __future__ import annotations

import gc
from pathlib import Path

import streamlit as st

from model import ConfigError
from model.config import editing
from model.config.editing import EditError, History
from model.i18n import t
from views import CONFIG_DIR
from views.cached import load
from views.common import show_problems
from views.drafts import autosave, resume
from views.pages import Page
from views.state import state

DEFAULT_CONFIG = "tarnowskie_gory_2017.yaml"


# --- configuration files -----------------------------------------------------------------------


FULL_COLLECTION_EVERY = 100
"""Collections of the middle generation between two full ones (Python's default is 10).

Each edit leaves a few thousand objects that live on (its scenario and findings in the caches,
its undo step), so with the default a full collection came every eight or so edits, in the
middle of one: 20–60 ms on the 2-core machine, and more as the caches fill. The garbage in cycles
that waits longer for it is a few megabytes."""


@st.cache_resource(show_spinner=False)
def settle() -> bool:
    """After the server's first page, hide what it has loaded from the garbage collector, once,
    and make its full collections rarer (:data:`FULL_COLLECTION_EVERY`).

    Streamlit, pandas, the model and the catalogues are ≈ 180,000 objects that live as long as
    the server; a full collection walked them all (≈ 145 ms, in the middle of somebody's click).
    Frozen, they are still freed by their reference counts; a collection walks the sessions' own.
    """
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)
    return True


def config_file(file_name: str) -> str:
    """The file as it is now (not cached: an administrator may update it while the app runs)."""
    return (CONFIG_DIR / file_name).read_text(encoding="utf-8")


def config_files() -> list[str]:
    return sorted(p.name for p in CONFIG_DIR.glob("*.y*ml"))


# --- which configuration -----------------------------------------------------------------------


def lang() -> str:
    return state.lang


def start() -> None:
    """On a new session: Polish, and the default configuration (else the first file) open."""
    state.lang = state.lang  # the language picker's own key: set, so that it shows Polish at first
    state.upload_round = state.upload_round
    if "history" not in state:
        wanted = st.query_params.get("scenario")  # read before opening a file clears it
        files = config_files()
        first = DEFAULT_CONFIG if DEFAULT_CONFIG in files else (files[0] if files else None)
        if first:
            open_config(f"org_configs/{first}", config_file(first), str(CONFIG_DIR), first)
        resume(open_config, wanted)


def edited_name(name: str) -> str:
    """Name of an edited file: the downloaded file and the file findings point into.

    The same in both languages, so that switching language neither renames nor reloads it.
    """
    return f"{Path(name).stem}_edytowana.yaml"


def config_name(modified: bool) -> str:
    """The name the configuration in effect goes by, with edits or without: a file's own, and its
    edited copy's (:func:`edited_name`) once edited; a stored scenario's, draft or version alike.
    A scenario keeps its name when its draft is saved as a version, so that what was loaded,
    validated and drawn for the draft (all cached by text and name) serves the version as it is."""
    name = state.source["name"]
    return edited_name(name) if modified and not state.scenario else name


def current() -> tuple[str, str, str]:
    """``(text, name, base_dir)`` of the configuration in effect."""
    history: History = state.history
    return history.current, config_name(history.modified), state.source["base_dir"]


def loadable(name: str, text: str, base_dir: str) -> bool:
    """Whether a configuration loads; if not, keep the one in use and say why in the sidebar."""
    try:
        load(text, name, base_dir)
    except ConfigError as exc:
        state.load_errors = (name, [p.sentence(lang()) for p in exc.problems])
        state.config_file = state.source["file"] if "source" in state else None
        return False
    return True


def open_config(name: str, text: str, base_dir: str, file: str | None) -> None:
    """Make a configuration current, if it loads."""
    if not loadable(name, text, base_dir):
        return
    state.source = {"name": name, "base_dir": base_dir, "file": file}
    state.pop("scenario", None)  # a file opened; views.scenarios.open_scenario names the scenario after
    st.query_params.pop("scenario", None)
    state.history = History(text)
    state.config_file = file
    state.revision = state.revision + 1
    for stale in ("load_errors", "pending", "simulation", "comparison", "edit_error", "trainer_index"):
        state.pop(stale, None)


def request_open(name: str, text: str, base_dir: str, file: str | None) -> None:
    """Switch configuration, or ask first when that would discard edits (a file that cannot be
    loaded is refused straight away: there is nothing to ask about)."""
    if "history" in state and state.history.modified:
        if loadable(name, text, base_dir):
            state.pending = {"name": name, "text": text, "base_dir": base_dir, "file": file}
    else:
        open_config(name, text, base_dir, file)


def on_pick_file() -> None:
    file = state.config_file
    if file:
        request_open(f"org_configs/{file}", config_file(file), str(CONFIG_DIR), file)
    else:  # the picker was cleared: it keeps showing the configuration in use
        state.config_file = state.source["file"]


def on_upload() -> None:
    upload = state.get(f"upload_{state.upload_round}")
    state.upload_round += 1
    if upload is None:
        return
    try:
        text = upload.getvalue().decode("utf-8-sig")
    except UnicodeDecodeError:
        state.load_errors = (upload.name, [f"{upload.name}: {t('upload.not_utf8', lang())}"])
        return
    request_open(upload.name, text, str(CONFIG_DIR), None)


def confirm_pending() -> None:
    pending = state.pop("pending")
    open_config(pending["name"], pending["text"], pending["base_dir"], pending["file"])


def cancel_pending() -> None:
    state.pop("pending", None)
    state.config_file = state.source["file"]


# --- edits and undo ----------------------------------------------------------------------------


def redraw(was_modified: bool) -> None:
    """From a widget's callback: have what shows the configuration drawn again. From a quick page
    (whose widgets are in ``body``'s inner fragment ``pages`` in ``app.py``) and from the undo
    button (in ``body``'s inner fragment ``edits``), that is ``body``, named here in place of the
    widget's own fragment: the header's figures and the sidebar's undo change with the page; the
    scenario panel joins it when the configuration became modified or saved (its save button);
    the whole app runs when a long page is open (it is drawn outside the fragments).

    ``pages`` is named too, although ``body`` draws it: Streamlit drops the state of a widget no
    longer drawn only when the fragment it was drawn in is among those named for the run. Without
    it, the key of a staff field's old value would keep the value typed into it, and undo would
    show that value again."""
    if state.long_page:
        st.rerun()
    st.rerun(["body", "pages", "scenarios"] if state.history.modified != was_modified else ["body", "pages"])


def open_page(pages: tuple[Page, ...]) -> Page:
    """The page picked (the first before any is); remembers whether it is long."""
    opened = next((page for page in pages if page.label == state.tab), pages[0])
    state.long_page = opened.long
    return opened


def on_tab(pages: tuple[Page, ...]) -> None:
    """A page switch reruns the page picker's fragment (``pages`` in ``app.py``) alone, unless a
    long page closes or opens: the whole app then, which draws the long page. (A click in the
    picker's fragment waits for a long page's run to end; a click in the long page itself, its
    "stop", interrupts it.)"""
    if state.long_page or open_page(pages).long:
        st.rerun()


def on_edit(label: str, change: editing.Edit) -> None:
    """A widget's callback: apply one edit, then redraw what shows the configuration."""
    was_modified = state.history.modified
    do_edit(label, change)
    redraw(was_modified)


def do_edit(label: str, change: editing.Edit) -> None:
    """Apply one edit to the current configuration and record it for undo."""
    base_dir = state.source["base_dir"]
    try:
        changed = editing.edit_history(state.history, label, change, config_name(True), base_dir, load)
    except EditError as exc:
        state.edit_error = [exc.text(lang())]
        return
    except ConfigError as exc:
        state.edit_error = [p.sentence(lang()) for p in exc.problems]
        return
    state.pop("edit_error", None)
    if changed:
        state.revision += 1
        state.notice = t("edit.done", lang(), label=label)
        autosave()


def edit_now(label: str, change: editing.Edit) -> None:
    """Apply an edit made while the page draws (a table cell, a form) and redraw with it.

    A refused edit is shown where it was made; rerunning then would only repeat it.
    """
    before = state.revision
    do_edit(label, change)
    if state.revision != before:
        st.rerun()
    if problems := state.pop("edit_error", None):
        show_problems(t("edit.refused", lang()), problems)


def undo() -> None:
    was_modified = state.history.modified
    label = state.history.undo()
    if label:
        state.revision += 1
        state.notice = t("undo.done", lang(), label=label)
        autosave()
    redraw(was_modified)
