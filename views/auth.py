"""Who is using the app: the signed-in person (Streamlit's OpenID Connect sign-in), or the local user.

Without an ``[auth]`` section in the secrets (``.streamlit/secrets.toml``) the app is single-user
on the machine it runs on, acting as the local user (see :meth:`model.store.Identity.local_user`),
and says so in the sidebar. With it, nothing of a centre's data is drawn before sign-in, and the
signed-in identity is the author of every version and the name in the audit trail. The role a
token claims is read from the claim named by ``[mops] role_claim`` (default ``roles``, as
Microsoft Entra ID and Keycloak send application roles); the store's roles table overrides it.
"""

from __future__ import annotations

import streamlit as st

from model.i18n import t
from model.store import Identity, Role
from views.common import plain

ROLE_CLAIM = "roles"


def _secrets_section(name: str) -> dict:
    try:
        return dict(st.secrets.get(name) or {})
    except FileNotFoundError:  # no secrets file at all
        return {}


def configured() -> bool:
    """Whether sign-in is set up: an ``[auth]`` section in the secrets."""
    return bool(_secrets_section("auth"))


def gate(lang: str) -> None:
    """Stop the page before anything of a centre is drawn until the person has signed in."""
    if not configured():
        return
    from model.extras import missing

    if absent := missing("signin"):
        st.error(absent.text(lang))
        st.stop()
    if st.user.is_logged_in:
        return
    st.title(t("app.title", lang))
    st.info(t("auth.please", lang))
    st.button(t("auth.sign_in", lang), key="auth_sign_in", type="primary", on_click=st.login)
    st.stop()


def claimed_role(claim: object) -> Role | None:
    """The highest of our roles a claim names (a string, or a list as Entra ID sends it)."""
    values = claim if isinstance(claim, list) else [claim]
    found = [role for value in values if isinstance(value, str) and (role := Role.parse(value))]
    return max(found) if found else None


def identity() -> Identity:
    """The person acting in this session."""
    if not configured():
        return Identity.local_user()
    user = st.user
    email = str(user.get("email") or "") or None
    name = str(user.get("name") or email or user.get("sub") or "?")
    claim = _secrets_section("mops").get("role_claim", ROLE_CLAIM)
    return Identity(name, email, claimed_role(user.get(claim)))


def status(lang: str, role: Role) -> None:
    """The sidebar's line on who is acting and with which role, and the sign-out button."""
    who = identity()
    role_name = t(f"role.{role.label}", lang)
    if who.local:
        st.caption(t("auth.local", lang, who=plain(who.name), role=role_name))
        return
    st.caption(t("auth.signed_in", lang, who=plain(who.label), role=role_name))
    st.button(t("auth.sign_out", lang), key="auth_sign_out", on_click=st.logout)
