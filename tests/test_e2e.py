"""End to end in a real browser: Debian's headless chromium against a Streamlit server we start.

Not skipped when chromium is missing: CI installs it, and a silent pass would hide a broken
set-up, so the test fails with a message saying what to install.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.appserver import AppDidNotStart, page_option, start_app, stop_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RUN_TIMEOUT_MS = 120_000


@pytest.fixture()
def chromium() -> Path:
    """Debian's chromium; missing, the test fails and says what to install."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run the end-to-end test"
        )
    return CHROMIUM


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    """The app served on a free loopback port; stopped (and its log shown on failure) after."""
    log_path = tmp_path / "streamlit.log"
    with log_path.open("w") as log:
        try:
            process, url = start_app(output=log)
        except AppDidNotStart as exc:
            pytest.fail(f"{exc}:\n{log_path.read_text()}")
        try:
            yield url
        finally:
            stop_app(process)


@pytest.mark.e2e
def test_page_loads_chart_renders_and_simulation_runs(chromium: Path, server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1200})
            page.goto(server)
            expect(page.get_by_role("heading", name="MOPS Tarnowskie Góry")).to_be_visible(timeout=RUN_TIMEOUT_MS)

            chart = page.locator(".graph svg").first
            expect(chart).to_be_visible(timeout=RUN_TIMEOUT_MS)
            expect(chart.locator("g.node").first).to_be_attached()
            assert chart.locator("g.node").count() > 10
            expect(chart).to_contain_text("Dyrektor")

            page_option(page, "Symulacja").click()
            settings = (
                ("Dni symulacji", "15"),
                ("Liczba powtórzeń", "2"),
                ("Dni rozbiegu (nieliczone)", "2"),
                ("Najwięcej powtórzeń", "4"),  # replications are chosen for precision, up to this
            )
            for label, value in settings:
                field = page.get_by_label(label, exact=True)
                field.fill(value)
                field.press("Tab")
            page.get_by_role("button", name="Uruchom symulację").click()
            expect(page.get_by_text("Przejścia między budynkami").first).to_be_visible(timeout=RUN_TIMEOUT_MS)
            charts = page.locator("[data-testid='stVegaLiteChart']")
            expect(charts.first).to_be_visible(timeout=RUN_TIMEOUT_MS)
            # axes in Polish notation, drawn by Vega in the browser: "20 %" (shares), not "20%"
            share_tick = charts.locator("text", has_text=re.compile(r"^\d+\u00a0%$")).first
            expect(share_tick).to_be_attached(timeout=RUN_TIMEOUT_MS)
            assert charts.count() >= 3
            expect(page.get_by_text("Wyniki z 4 powtórzeń").first).to_be_visible()
            page.screenshot(path=str(tmp_path / "simulation.png"), full_page=True)
        finally:
            browser.close()


@pytest.mark.e2e
def test_staffing_search_can_be_stopped_in_the_browser(chromium: Path, server: str) -> None:
    """A long search (a year, 30 replications a plan) shows its progress and stops on the button."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1200})
            page.goto(server)
            page_option(page, "Obsada").click(timeout=RUN_TIMEOUT_MS)
            for label, value in (("Dni symulacji", "365"), ("Liczba powtórzeń", "30")):
                field = page.get_by_label(label, exact=True)
                field.fill(value)
                field.press("Tab")
            page.get_by_role("button", name="Znajdź najtańszą obsadę").click()
            expect(page.get_by_text("Wyszukiwanie obsady").first).to_be_visible(timeout=RUN_TIMEOUT_MS)
            page.get_by_role("button", name="Zatrzymaj wyszukiwanie").click()
            expect(page.get_by_text("Wyszukiwanie przerwano")).to_be_visible(timeout=RUN_TIMEOUT_MS)
            expect(page.get_by_role("button", name="Zastosuj plan w konfiguracji")).to_have_count(0)
        finally:
            browser.close()
