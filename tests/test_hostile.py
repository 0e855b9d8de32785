"""A hostile configuration: script and HTML payloads in unit names, addresses, tasks, procedure
and step names, transition labels and legal bases. Opened in headless Chromium on every tab, no
payload may run and none may become an element of the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from model.config.loader import load_scenario
from model.config.roundtrip import standalone
from model.i18n import t
from tests.appserver import AppDidNotStart, page_option, start_app, stop_app
from tests.conftest import DEFAULT_CONFIG
from tests.test_e2e import CHROMIUM, CHROMIUM_ARGS, RUN_TIMEOUT_MS

FIELDS = {"name", "short_name", "address", "description", "label", "basis", "tasks", "legal_basis"}
"""Every key whose text the app shows: a string, or a list of strings."""


def payload(where: str) -> str:
    """Text that runs script, or makes an element, if it ever reaches the page as HTML or Markdown links."""
    run = f"window.__pwned=(window.__pwned||[]).concat('{where}')"
    return (
        f'<img src=x onerror="{run}"><script>{run}</script><svg onload="{run}"></svg>'
        f'<b class="pwned">{where}</b>[link](javascript:{run}) "\' -- {{{{7*7}}}}'
    )


def poisoned(node: object, path: str = "") -> object:
    if isinstance(node, dict):
        return {
            key: (
                f"{value} {payload(path + key)}"
                if key in FIELDS and isinstance(value, str)
                else [f"{v} {payload(path + key)}" if isinstance(v, str) else poisoned(v) for v in value]
                if key in FIELDS and isinstance(value, list)
                else poisoned(value, f"{path}{key}.")
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [poisoned(item, path) for item in node]
    return node


@pytest.fixture()
def hostile(tmp_path: Path) -> Path:
    text = standalone(DEFAULT_CONFIG.read_text(encoding="utf-8"), DEFAULT_CONFIG.parent)
    file = tmp_path / "wrogi.yaml"
    file.write_text(yaml.safe_dump(poisoned(yaml.safe_load(text)), allow_unicode=True), encoding="utf-8")
    load_scenario(file)  # the product accepts it: the payloads are only text
    assert file.read_text(encoding="utf-8").count("onerror") > 100
    return file


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    log = (tmp_path / "streamlit.log").open("w")
    try:
        process, url = start_app({"MOPS_DATA_DIR": str(tmp_path / "data")}, log)
    except AppDidNotStart as exc:
        pytest.fail(f"{exc}:\n{(tmp_path / 'streamlit.log').read_text()}")
    try:
        yield url
    finally:
        stop_app(process)


TABS = (
    "tab.structure",
    "tab.edit",
    "tab.changes",
    "tab.flow",
    "tab.simulation",
    "tab.compare",
    "tab.trainer",
    "tab.export",
    "tab.staffing",
    "tab.data",
)


@pytest.mark.e2e
def test_no_payload_of_a_hostile_configuration_runs_on_any_tab(hostile: Path, server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1200})
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(server)
            expect(page.get_by_role("heading", name="MOPS Tarnowskie Góry", exact=True)).to_be_visible(
                timeout=RUN_TIMEOUT_MS
            )
            page.locator("section[data-testid='stSidebar'] input[type=file]").set_input_files(str(hostile))
            expect(page.get_by_text("onerror", exact=False).first).to_be_visible(
                timeout=RUN_TIMEOUT_MS
            )  # shown as text
            opened = []
            for key in TABS:
                option = page_option(page, t(key))
                if option.count() == 0:
                    continue
                option.click(timeout=RUN_TIMEOUT_MS)
                expect(option).to_have_attribute("aria-checked", "true", timeout=RUN_TIMEOUT_MS)
                expect(page.locator("[data-testid='stApp']")).to_have_attribute(
                    "data-test-script-state", "notRunning", timeout=RUN_TIMEOUT_MS
                )
                page.wait_for_timeout(1500)  # charts and tables draw after the run
                opened.append(key)
                pwned = page.evaluate("window.__pwned || null")
                assert pwned is None, f"{key}: a payload ran: {pwned}"
                assert page.locator("b.pwned").count() == 0, f"{key}: a payload became an element"
                assert page.locator("a[href^='javascript:']").count() == 0, f"{key}: a javascript: link"
            assert len(opened) == len(TABS) and dialogs == []
        finally:
            browser.close()
