"""The scenario panel in the sidebar: open, save a version, new, duplicate, rename, delete, history.

What the session keeps in the store (the autosaved draft, reopening a scenario) is :mod:`views.drafts`.
"""

from __future__ import annotations

import streamlit as st

from model.config.editing import History
from model.config.roundtrip import standalone
from model.i18n import msg, t
from model.store import Conflict, Role, Store, StoreError
from views.auth import identity
from views.common import plain
from views.drafts import autosave, open_scenario, store, subject, token
from views.session import open_config
from views.state import OpenScenario, state


@st.fragment(key="scenarios")
def sidebar() -> None:
    """The scenario panel: open, save a version, new, duplicate, rename, delete, bin, history.

    A fragment: typing a name reruns the panel alone; its actions rerun the whole page.
    """
    lang = state.lang
    db = store()
    with st.sidebar, st.expander(t("scen.title", lang), expanded=bool(state.scenario)):
        if error := state.pop("store_error", None):
            st.error(error.text(lang))
        if conflict := state.pop("store_conflict", None):
            st.error(conflict.message.text(lang))
            st.code(conflict.diff, language="diff")
        if db is not None:
            _panel(db, lang)


def _guarded(*parts: str):
    """A button's callback: a refusal of the store becomes the panel's one-line message; the whole
    page is drawn again, as the configuration open may have changed, or only the fragments named
    in ``parts`` where it cannot have."""

    def guard(action):
        def run(*args) -> None:
            db = store()
            if db is None:
                return
            try:
                action(db, *args)
            except Conflict as exc:
                state.store_conflict = exc
            except StoreError as exc:
                state.store_error = exc.message
            st.rerun(list(parts) or "app")

        return run

    return guard


@_guarded()
def _open(db: Store) -> None:

    if state.scen_pick:
        open_scenario(db, state.scen_pick, open_config)


def _opened() -> OpenScenario:
    """The stored scenario open: the buttons that act on it are drawn only while there is one."""
    opened = state.scenario
    if opened is None:
        raise StoreError(msg("scen.none_open"))
    return opened


@_guarded("scenarios", "edits")
def _save(db: Store) -> None:
    """The draft saved as the scenario's next version. The text stays, and so does its name (see
    :func:`views.session.config_name`): only the panel and the sidebar's count of unsaved edits
    (``edits`` in ``app.py``) change, so only their fragments are drawn again, not the page open.
    The history starts afresh from the version, keeping the parsed document of its text, which the
    next edit starts from (parsing a scenario, procedures inline, again would cost that edit more
    than a second)."""
    opened, history = _opened(), state.history
    draft = (token(), subject())  # the draft saved: dropped with the save, in its transaction
    saved = db.save(opened["name"], history.current, identity(), state.scen_message, opened["version"], draft)
    opened["version"] = saved.number
    state.history = History(history.current, parsed=history.parsed)


@_guarded()
def _new(db: Store) -> None:
    name = state.scen_new_name.strip()
    text = standalone(state.history.current, state.source["base_dir"])
    db.create(name, text, identity(), state.scen_message, base_file=state.source.get("file"))
    db.discard_draft(token(), subject())
    open_scenario(db, name, open_config)


@_guarded()
def _duplicate(db: Store) -> None:

    name = state.scen_new_name.strip()
    db.duplicate(_opened()["name"], name, identity())
    open_scenario(db, name, open_config)


@_guarded()
def _rename(db: Store) -> None:
    old, name = subject(), state.scen_new_name.strip()
    opened = _opened()
    db.rename(opened["name"], name, identity())
    db.discard_draft(token(), old)
    opened["name"] = name
    st.query_params["scenario"] = name
    autosave()


@_guarded()
def _delete(db: Store) -> None:
    db.delete(_opened()["name"], identity())
    state.pop("scenario")
    st.query_params.pop("scenario", None)


@_guarded()
def _restore_version(db: Store, number: int) -> None:

    opened = _opened()
    restored = db.restore_version(opened["name"], number, identity(), opened["version"])
    open_scenario(db, opened["name"], open_config)
    state.notice = t("scen.restored", state.lang, number=number, new=restored.number)


@_guarded()
def _undelete(db: Store, name: str) -> None:
    db.undelete(name, identity())


def role() -> Role:
    """The acting person's role in the store (a viewer's when there is no store to ask)."""
    db = store()
    try:
        return db.role(identity()) if db is not None else Role.VIEWER
    except StoreError as exc:
        state.store_error = exc.message
        return Role.VIEWER


def _panel(db: Store, lang: str) -> None:
    """The buttons a role may use; the store refuses the others anyway (:class:`model.store.Denied`)."""
    opened = state.scenario
    try:
        shown = db.overview(identity(), opened["name"] if opened else None)
    except StoreError as exc:  # the open scenario renamed or deleted in another session, say
        st.error(exc.message.text(lang))
        return
    mine = shown.role
    names = [s.name for s in shown.scenarios]
    st.selectbox(t("scen.pick", lang), names, index=None, key="scen_pick", placeholder=t("scen.none", lang))
    st.button(t("scen.open", lang), key="scen_open", on_click=_open, disabled=not names)
    if opened:
        st.caption(t("scen.current", lang, name=plain(opened["name"]), version=opened["version"]))
    if mine < Role.EDITOR:
        st.caption(t("scen.read_only", lang, role=t(f"role.{mine.label}", lang)))
    else:
        _editing(lang, opened)
    if opened:
        st.markdown(t("scen.history", lang))
        for version in shown.history:
            line, button = st.columns([4, 1])
            when = f"{version.created_at:%Y-%m-%d %H:%M}"
            line.caption(plain(f"v{version.number} · {when} · {version.author} · {version.message}"))
            if version.number != opened["version"] and mine >= Role.EDITOR:
                button.button(
                    "↺",
                    key=f"scen_restore_v{version.number}",
                    help=t("scen.restore_version", lang),
                    on_click=_restore_version,
                    args=(version.number,),
                )
    if shown.bin:
        st.markdown(t("scen.bin", lang))
        for info in shown.bin:
            line, button = st.columns([4, 1])
            line.caption(plain(info.name))
            button.button(
                "↺", key=f"scen_undelete_{info.id}", help=t("scen.restore", lang), on_click=_undelete, args=(info.name,)
            )


def _editing(lang: str, opened: OpenScenario | None) -> None:
    """Save, new, duplicate, rename, delete: an editor's buttons.

    The names and the description are typed in a form and its buttons submit them: a text field
    hands its value over only when it loses the focus, so a button enabled by what was typed (or
    one reading the field in its callback) missed the first click made straight from the field.
    """
    st.caption(t("scen.author", lang, who=plain(identity().label)))
    with st.form("scen_form", border=False, enter_to_submit=False):
        st.text_input(t("scen.message", lang), key="scen_message")
        if opened:
            modified = state.history.modified
            st.form_submit_button(
                t("scen.save", lang), key="scen_save", type="primary", on_click=_save, disabled=not modified
            )
        st.text_input(t("scen.new_name", lang), key="scen_new_name")
        new, copy, rename = st.columns(3)
        new.form_submit_button(t("scen.new", lang), key="scen_new", on_click=_named(_new))
        if opened:
            copy.form_submit_button(t("scen.duplicate", lang), key="scen_duplicate", on_click=_named(_duplicate))
            rename.form_submit_button(t("scen.rename", lang), key="scen_rename", on_click=_named(_rename))
            st.form_submit_button(t("scen.delete", lang), key="scen_delete", on_click=_delete)


def _named(action):
    """A button that needs the new name: without one it says so instead of acting."""

    def run() -> None:
        if state.scen_new_name.strip():
            action()
        else:
            state.store_error = msg("scen.name_needed")

    return run
