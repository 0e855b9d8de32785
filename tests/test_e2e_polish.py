"""The Polish interface in a real browser speaks Polish: no English word of Streamlit's or of the code leaks."""

from __future__ import annotations

import re

import pytest

from model.i18n import t
from tests.appserver import page_option
from tests.test_e2e import CHROMIUM, CHROMIUM_ARGS, RUN_TIMEOUT_MS
from tests.test_hostile import TABS

LEAKS = re.compile(
    r"\b(Upload|Browse files|Drag and drop|per file|unverified|tasks|Press Enter|Running\.\.\.|None|nan|True|False|"
    r"Download|Submit|Step \d|Deadline|Leave site)\b"
    r"|\b(?:tab|sim|error|finding|export|edit|scen)\.[a-z_]+\b"  # a catalogue code shown instead of its text
)
"""Streamlit's own English, the code's words (YAML keys, Python values) and raw catalogue codes."""


@pytest.mark.e2e
def test_every_tab_of_the_polish_interface_is_in_polish(served_app, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    assert CHROMIUM.exists(), f"{CHROMIUM} not found: install Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(served_app)
            expect(page.get_by_role("heading", name="MOPS Tarnowskie Góry")).to_be_visible(timeout=RUN_TIMEOUT_MS)
            found = {}
            for key in TABS:
                page_option(page, t(key)).click(timeout=RUN_TIMEOUT_MS)
                page.wait_for_timeout(1500)
                page.wait_for_load_state("networkidle")
                text = page.locator("body").inner_text()
                leaks = sorted({text[max(0, m.start() - 80) : m.end() + 20] for m in LEAKS.finditer(text)})
                if leaks:
                    found[t(key)] = leaks
            button = page.locator("[data-testid='stFileUploaderDropzone'] button").first
            assert (
                button.evaluate("b => getComputedStyle(b.querySelector('span[data-has-shortcut]'), '::after').content")
                == '"Wczytaj plik"'
            )
            page.screenshot(path=str(tmp_path / "last_tab.png"))
            assert not found, found
            # looking through every tab edits nothing (a staff field the browser sent back unchanged once did)
            sidebar = page.locator("[data-testid='stSidebar']").inner_text()
            assert t("undo.nothing") in sidebar and "_edytowana" not in sidebar
        finally:
            browser.close()
