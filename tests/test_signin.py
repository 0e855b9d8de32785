"""Sign-in with a real OpenID Connect provider on loopback (tests/oidc.py), driven in headless
Chromium through Streamlit's own ``st.login``: nothing before sign-in, a viewer cannot save, an
editor can, and the audit trail names the identity."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from model.store import Identity, Store
from tests.appserver import AppDidNotStart, start_app, stop_app
from tests.conftest import DEFAULT_CONFIG
from tests.oidc import Person, Provider, serve
from tests.test_e2e import CHROMIUM, CHROMIUM_ARGS

TIMEOUT_MS = 90_000
OLA = Person("ola", "Ola Widz", "ola@mops.example")  # no role claimed: a viewer
EWA = Person("ewa", "Ewa Edyt", "ewa@mops.example", roles=("editor",))


@pytest.fixture()
def signed_app(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The app with sign-in configured against the test provider; its URL and database URL."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    data = tmp_path / "data"
    database = f"sqlite:///{data / 'scenarios.sqlite3'}"
    Store(database).create("wspólny", DEFAULT_CONFIG.read_text(encoding="utf-8"), Identity.local_user())
    provider = Provider("mops", secrets.token_urlsafe(16), [], {p.login: p for p in (OLA, EWA)})
    with serve(provider):
        secrets_file = tmp_path / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
            f'client_id = "{provider.client_id}"\n'
            f'client_secret = "{provider.client_secret}"\n'
            f'server_metadata_url = "{provider.issuer}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        log_path = tmp_path / "streamlit.log"
        with log_path.open("w") as log:
            from tests.appserver import free_port

            port = free_port()
            provider.redirect_uris.append(f"http://127.0.0.1:{port}/oauth2callback")
            try:
                process, url = start_app(
                    {"MOPS_DATA_DIR": str(data)}, log, ["--secrets.files", str(secrets_file)], port=port
                )
            except AppDidNotStart as exc:
                pytest.fail(f"{exc}:\n{log_path.read_text()}")
            try:
                yield url, database
            finally:
                stop_app(process)
        assert provider.tokens_issued == ["ola", "ewa"]  # both signed in at the provider, nothing else


@pytest.mark.e2e
def test_viewer_cannot_save_editor_can_and_the_audit_names_them(signed_app: tuple[str, str]) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, database = signed_app
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.goto(f"{url}/?scenario=wspólny")
            sign_in = page.get_by_role("button", name="Zaloguj się")
            expect(sign_in).to_be_visible(timeout=TIMEOUT_MS)
            assert "Tarnowskie" not in page.content()  # nothing of the centre before sign-in

            sign_in.click()
            page.get_by_role("button", name=OLA.name).click()  # the provider's sign-in page
            expect(page.get_by_text("Zalogowano jako Ola Widz <ola@mops.example>; rola: przeglądający.")).to_be_visible(
                timeout=TIMEOUT_MS
            )
            page.goto(f"{url}/?scenario=wspólny")
            expect(page.get_by_text("Twoja rola (przeglądający) pozwala czytać")).to_be_visible(timeout=TIMEOUT_MS)
            expect(page.get_by_role("button", name="Zapisz nową wersję")).to_have_count(0)
            expect(page.get_by_role("button", name="Nowy z bieżącego")).to_have_count(0)

            page.get_by_role("button", name="Wyloguj się").click()
            expect(page.get_by_role("button", name="Zaloguj się")).to_be_visible(timeout=TIMEOUT_MS)
            page.get_by_role("button", name="Zaloguj się").click()
            page.get_by_role("button", name=EWA.name).click()
            expect(page.get_by_text("Zalogowano jako Ewa Edyt <ewa@mops.example>; rola: edytujący.")).to_be_visible(
                timeout=TIMEOUT_MS
            )
            page.get_by_text("Scenariusze").first.click()
            page.get_by_label("Nazwa nowego scenariusza").fill("wariant Ewy")
            page.get_by_label("Nazwa nowego scenariusza").press("Enter")
            page.get_by_role("button", name="Nowy z bieżącego").click()
            expect(page.get_by_text("Otwarty scenariusz: wariant Ewy, wersja 1")).to_be_visible(timeout=TIMEOUT_MS)
        finally:
            browser.close()

    store = Store(database)
    assert [v.author for v in store.versions("wariant Ewy")] == ["Ewa Edyt <ewa@mops.example>"]
    assert [v.number for v in store.versions("wspólny")] == [1]  # the viewer saved nothing
    created = [e for e in store.audit(Identity.local_user()) if e.action == "scenario.created"]
    assert [(e.actor, e.role, e.scenario) for e in created][-1] == (
        "Ewa Edyt <ewa@mops.example>",
        "editor",
        "wariant Ewy",
    )
