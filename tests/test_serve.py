"""scripts/serve.sh for real: nginx (Debian's) with TLS in front of two Streamlit processes on one
PostgreSQL store, driven in headless Chromium. A session's WebSocket, upload and media requests
stay on one process (nginx's own access log says which); killing that process mid-session costs a
reconnect to the session's draft, nothing more. Every wait is bounded; every address is loopback."""

from __future__ import annotations

import os
import re
import signal
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from model.i18n import t
from tests.appserver import AppDidNotStart, Served, page_option, serve, unverified
from tests.conftest import DEFAULT_CONFIG
from tests.test_e2e import CHROMIUM, CHROMIUM_ARGS, RUN_TIMEOUT_MS


@pytest.fixture()
def served(tmp_path: Path, postgres_server: str) -> Iterator[Served]:
    from tests.postgres import fresh_database

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    try:
        with serve(tmp_path, fresh_database(postgres_server), processes=2) as running:
            yield running
    except AppDidNotStart as exc:
        pytest.fail(str(exc))


@pytest.mark.e2e
def test_one_session_one_process_and_a_killed_process_costs_a_reconnect(served: Served, tmp_path: Path) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect, sync_playwright

    token, new_name = uuid.uuid4().hex, "Dyrektor po przełączeniu"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(ignore_https_errors=True, viewport={"width": 1600, "height": 1200})
            page = context.new_page()
            page.goto(f"{served.url}/?draft={token}")
            expect(page.get_by_role("heading", name="MOPS Tarnowskie Góry")).to_be_visible(timeout=RUN_TIMEOUT_MS)
            cookies = {c["name"]: c for c in context.cookies()}
            assert cookies["mops_node"]["secure"] and cookies["mops_node"]["httpOnly"]
            assert all(c["secure"] for c in cookies.values())  # Streamlit's own cookies too, behind TLS

            page.locator("section[data-testid='stSidebar'] input[type=file]").set_input_files(str(DEFAULT_CONFIG))
            expect(page.get_by_text(f"Bieżąca konfiguracja: {DEFAULT_CONFIG.name}", exact=True)).to_be_visible(
                timeout=RUN_TIMEOUT_MS
            )
            with page.expect_download(timeout=RUN_TIMEOUT_MS):
                page.get_by_role("button", name=t("sidebar.download")).click()
            page_option(page, t("tab.edit")).click()
            field = page.get_by_label(t("edit.name"), exact=True).first
            expect(field).to_be_visible(timeout=RUN_TIMEOUT_MS)
            field.fill(new_name)
            page.get_by_role("button", name=t("edit.save_unit")).click()
            expect(page.get_by_text(t("sidebar.modified_kept", count=1))).to_be_visible(timeout=RUN_TIMEOUT_MS)

            before = [entry for entry in served.log() if entry[3] != "-"]  # with the routing cookie
            assert {k for _, path, *_ in before for k in ("upload_file", "media") if f"/{k}" in path} == {
                "upload_file",
                "media",
            }, before
            first = before[0][2]
            assert {(upstream, node) for _, _, upstream, node, _ in before} == {(first, first)}, before  # one process

            os.kill(served.pid(int(first.rsplit(":", 1)[1])), signal.SIGKILL)  # mid-session
            deadline = time.monotonic() + 60  # the browser probes the server again before it reconnects
            while not any(
                path == "/_stcore/host-config" and status == 200 and upstream != first
                for _, path, upstream, _, status in served.log()
            ):
                assert time.monotonic() < deadline, served.log()[-5:]
                time.sleep(0.5)
            unsaved = re.compile("The draft is kept and comes back after a reload")  # modified, with the draft
            for _ in range(6):  # a click while the page is still reconnecting is lost: try again, bounded
                try:  # only a live process can draw the page in English, with the session's draft in it
                    page.get_by_text("English", exact=True).click(timeout=10_000)
                    expect(page.get_by_text(unsaved)).to_be_visible(timeout=15_000)
                    break
                except (AssertionError, PlaywrightTimeout):
                    continue
            expect(page.get_by_text(unsaved)).to_be_visible(timeout=RUN_TIMEOUT_MS)
            expect(page.locator(".graph svg").first).to_contain_text(new_name, timeout=RUN_TIMEOUT_MS)
        finally:
            browser.close()
    deadline = time.monotonic() + 30  # nginx logs a WebSocket when it closes
    while len(streams := [u for _, path, u, _, _ in served.log() if path == "/_stcore/stream"]) < 2:
        assert time.monotonic() < deadline, served.log()
        time.sleep(0.5)
    assert streams[0] == first and first not in streams[1:], streams  # the reconnect went to the live process
    hardened(served)


def request(url: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None):
    """One request to the proxy on loopback: its status and headers (an error status is an answer too)."""
    call = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(call, timeout=30, context=unverified()) as answer:
            return answer.status, answer.headers
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers


def hardened(served: Served) -> None:
    """What the served mode promises a gmina's IT: XSRF, no CORS, a size cap, no error details."""
    status, headers = request(f"{served.url}/_stcore/health", headers={"Origin": "https://evil.example"})
    assert status == 200 and headers.get("Access-Control-Allow-Origin") in (None, served.url)
    assert headers["Strict-Transport-Security"].startswith("max-age=") and headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "nginx/" not in headers.get("Server", "")  # no version to look up exploits for
    forged, _ = request(
        f"{served.url}/_stcore/upload_file/x/y", "PUT", b"--b--", {"Content-Type": "multipart/form-data"}
    )
    assert forged == 403  # no XSRF token: refused by Streamlit
    too_big, _ = request(f"{served.url}/_stcore/upload_file/x/y", "PUT", b"0" * (4 << 20))
    assert too_big == 413  # over the cap: refused by nginx before any process sees it
    for port in served.backends:
        command = Path(f"/proc/{served.pid(port)}/cmdline").read_bytes().split(b"\0")
        assert command[command.index(b"--client.showErrorDetails") + 1] == b"none"
