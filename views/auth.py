"""Who is using the app: the signed-in person (Streamlit's OpenID Connect sign-in), or the local user.

Without an ``[auth]`` section in ``.streamlit/secrets.toml`` the app is single-user on the
machine it runs on, acting as the local user (see :meth:`model.store.Identity.local_user`), and
says so in the sidebar. With it, nothing of a centre's data is drawn before sign-in, and the
signed-in identity is the author of every version and the name in the audit trail.
"""

from __future__ import annotations

import streamlit as st

from model.store import Identity


def configured() -> bool:
    """Whether sign-in is set up: an ``[auth]`` section in the secrets."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        return False


def identity() -> Identity:
    """The person acting in this session."""
    return Identity.local_user()
