"""The audit trail from the app: what a person does outside the store (a log calibrated, a plan
applied, a document exported) is recorded with the open scenario and version, and an
administrator's panel shows the trail and manages the roles.

A refusal of the store (a viewer calibrating a log) is the panel's one-line message and the
action does not happen. Of a case log only its file name, size and counts are recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pandas as pd
import streamlit as st

from model.i18n import t
from model.store import Action, Role, Store, StoreError
from model.store.audit import Detail
from views.auth import configured, identity
from views.common import plain
from views.state import state

SHOWN = 200
"""Rows of the trail the panel shows (the newest); the command line gives all of them."""


def record(action: Action, detail: Detail | None = None) -> bool:
    """Append ``action`` for the open scenario; False (and the refusal shown) when the role does not allow it."""
    from views.drafts import store

    db = store()
    if db is None:  # no store: single-user mode may go on (nothing to record in); signed-in users may not,
        return not configured()  # as their role cannot be checked
    opened = state.scenario
    try:
        db.record(identity(), action, opened["name"] if opened else None, opened["version"] if opened else None, detail)
    except StoreError as exc:
        st.error(exc.message.text(state.lang))
        return False
    return True


def recorded(action: Action, produce: Callable[[], bytes | str], file_name: str) -> Callable[[], bytes | str]:
    """A download's deferred producer that records the export when the file is made."""

    def run() -> bytes | str:
        data = produce()
        record(action, {"file": file_name, "bytes": len(data)})
        return data

    return run


@st.fragment
def panel(lang: str) -> None:
    """The administrator's panel: roles by e-mail address, and the audit trail's newest rows."""
    from views.drafts import store

    db = store()
    if db is None:
        return
    with st.sidebar, st.expander(t("admin.title", lang)):
        try:
            _roles(db, lang)
            since = st.date_input(
                t("admin.since", lang), datetime.now(UTC).date() - timedelta(days=30), key="admin_since"
            )
            entries = db.audit(identity(), datetime.combine(since, datetime.min.time(), UTC))[-SHOWN:]
        except StoreError as exc:
            st.error(exc.message.text(lang))
            return
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("cli.audit.at", lang): f"{e.at:%Y-%m-%d %H:%M:%S}",
                        t("cli.audit.actor", lang): e.actor,
                        t("cli.audit.action", lang): e.action,
                        t("cli.audit.scenario", lang): e.scenario or "",
                        t("cli.audit.version", lang): e.version,
                        t("cli.audit.detail", lang): " ".join(f"{k}={v}" for k, v in e.detail.items()),
                    }
                    for e in reversed(entries)
                ]
            ),
            hide_index=True,
            key="admin_audit",
        )


def _roles(db: Store, lang: str) -> None:
    grants = db.roles(identity())
    for grant in grants:
        st.caption(plain(f"{grant.email} · {t(f'role.{grant.role.label}', lang)} · {grant.granted_by}"))
    email, role = st.columns([3, 2])
    email.text_input(t("admin.email", lang), key="admin_email")
    choices = [None, *Role]
    role.selectbox(
        t("admin.role", lang),
        choices,
        key="admin_role",
        format_func=lambda r: t("admin.claim", lang) if r is None else t(f"role.{r.label}", lang),
    )
    if error := state.admin_error:
        del state.admin_error
        st.error(error.text(lang))
    st.button(t("admin.set", lang), key="admin_set", on_click=_set_role, disabled=not state.admin_email.strip())


def _set_role() -> None:
    """The button's callback: the store refuses what is not an administrator's, or not an address."""
    from views.drafts import store

    if (db := store()) is not None:
        try:
            db.set_role(identity(), state.admin_email, state.admin_role)
        except StoreError as exc:
            state.admin_error = exc.message
