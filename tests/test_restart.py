"""Killing the server mid-edit loses nothing: a real ``streamlit run`` and headless Chromium.

An edit is made in the browser, the server is killed with SIGKILL (no chance to clean up), a
new server starts on the same data folder, and the same URL shows the edit again.
"""

from __future__ import annotations

import signal
import subprocess
import uuid
from pathlib import Path

import pytest

__all__ = ["chromium"]  # the fixture, shared with the other browser test

from model.i18n import t
from tests import appserver
from tests.test_e2e import CHROMIUM_ARGS, RUN_TIMEOUT_MS, chromium


def start_app(data: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """The app on the data folder ``data``, its output appended to ``log``."""
    try:
        return appserver.start_app({"MOPS_DATA_DIR": str(data)}, log.open("a"))
    except appserver.AppDidNotStart as exc:
        pytest.fail(f"{exc}:\n{log.read_text()}")


@pytest.mark.e2e
def test_sigkill_mid_edit_loses_nothing(chromium: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    data, log = tmp_path / "data", tmp_path / "streamlit.log"
    token, new_name = uuid.uuid4().hex, "Dyrektor Ośrodka po zmianie"
    first, url = start_app(data, log)
    second = None
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 1200})
            page.goto(f"{url}/?draft={token}")
            appserver.page_option(page, t("tab.edit")).click()
            field = page.get_by_label(t("edit.name"), exact=True).first
            expect(field).to_be_visible(timeout=RUN_TIMEOUT_MS)
            field.fill(new_name)
            page.get_by_role("button", name=t("edit.save_unit")).click()
            expect(page.get_by_text("Wersja robocza jest przechowywana", exact=False).first).to_be_visible(
                timeout=RUN_TIMEOUT_MS
            )

            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
            second, url = start_app(data, log)

            page = browser.new_page(viewport={"width": 1600, "height": 1200})
            page.goto(f"{url}/?draft={token}")
            expect(page.get_by_text("Wersja robocza jest przechowywana", exact=False).first).to_be_visible(
                timeout=RUN_TIMEOUT_MS
            )
            chart = page.locator(".graph svg").first
            expect(chart).to_contain_text(new_name, timeout=RUN_TIMEOUT_MS)

            other = browser.new_page()  # another browser session does not get this draft
            other.goto(url)
            expect(other.get_by_role("heading", name="MOPS Tarnowskie Góry")).to_be_visible(timeout=RUN_TIMEOUT_MS)
            expect(other.locator(".graph svg").first).to_be_visible(timeout=RUN_TIMEOUT_MS)
            assert other.get_by_text("Wersja robocza jest przechowywana", exact=False).count() == 0
            browser.close()
    finally:
        for process in (first, second):
            if process is not None:
                appserver.stop_app(process)  # and its simulation pool, also when the server itself is gone
