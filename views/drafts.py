"""The scenario store as the session sees it: the draft every edit autosaves, and reopening a scenario.

A browser session is known by the ``draft`` query parameter of its URL (a random token), and
the scenario it has open by ``scenario``: a page refresh or a server restart reopens the same
scenario and brings back the session's unsaved draft from the store. Without a usable store
(a read-only data folder, say) the app still works, with edits kept in the session only and a
one-line message saying why.

Below :mod:`views.session` (which autosaves every edit here) and :mod:`views.scenarios` (the
panel): opening a configuration is :func:`views.session.open_config`, handed in as ``open_config``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import streamlit as st

from model.config.editing import History
from model.present.undo import pack, unpack
from model.store import Store, StoreError
from views import CONFIG_DIR
from views.state import state

Opener = Callable[[str, str, str, "str | None"], None]
"""``open_config(name, text, base_dir, file)``: make a configuration current, if it loads."""


@st.cache_resource(show_spinner=False)
def _store() -> Store | StoreError:
    try:
        return Store()
    except StoreError as exc:
        return exc


def store() -> Store | None:
    opened = _store()
    if isinstance(opened, StoreError):
        state.store_error = opened.message
        return None
    return opened


def keeps_drafts() -> bool:
    """Whether this session's edits are kept in the store as they are made (a reload loses nothing)."""
    return store() is not None and "store_error" not in state


def token() -> str:
    """This browser session's draft token, kept in the URL so that a refresh finds it again."""
    if not state.draft_token:
        state.draft_token = st.query_params.get("draft") or uuid.uuid4().hex
        st.query_params["draft"] = state.draft_token
    return state.draft_token


def subject() -> str:
    """What the draft belongs to: the open scenario, or the shipped file or upload."""
    if opened := state.scenario:
        return f"scenario:{opened['name']}"
    return f"file:{state.source['file'] or state.source['name']}"


def autosave() -> None:
    """Keep the current text as this session's draft (or drop the draft when nothing changed)."""
    if (db := store()) is None or "history" not in state:
        return
    try:
        if state.history.modified:
            history = state.history
            db.save_draft(
                token(),
                subject(),
                history.current,
                state.scenario["version"] if state.scenario else None,
                pack(history.past, history.current),
            )
        else:
            db.discard_draft(token(), subject())
    except StoreError as exc:
        state.store_error = exc.message


def resume(open_config: Opener, name: str | None) -> None:
    """On a new session: reopen the scenario named in the URL, then bring back the draft."""
    db = store()
    if db is None:
        return
    token()
    try:
        if name:
            open_scenario(db, name, open_config)
        draft = db.draft(token(), subject()) if "history" in state else None
        if draft and draft.text != state.history.saved:
            state.history = History(state.history.saved, draft.text, unpack(draft.history, draft.text))
            state.revision = state.revision + 1
    except StoreError as exc:
        state.store_error = exc.message


def open_scenario(db: Store, name: str, open_config: Opener) -> None:
    """Make the stored scenario ``name`` current (its latest version), through ``open_config``."""
    version = db.version(name)
    open_config(f"{name}.yaml", version.text, str(CONFIG_DIR), None)
    state.scenario = {"name": name, "version": version.number}
    state.scen_pick = name  # the picker shows what is open, after a reload too
    st.query_params["scenario"] = name
