"""The director's scenario in a real browser: saved on the first click, and a reload that says what it kept."""

from __future__ import annotations

import re
import uuid

import pytest

from model.i18n import t
from tests.appserver import page_option
from tests.test_e2e import CHROMIUM, CHROMIUM_ARGS, RUN_TIMEOUT_MS


@pytest.mark.e2e
def test_a_scenario_is_made_on_the_first_click_and_a_reload_brings_back_the_draft_and_its_undo(served_app):
    from playwright.sync_api import expect, sync_playwright

    assert CHROMIUM.exists(), f"{CHROMIUM} not found: install Debian's chromium"
    name = f"wariant {uuid.uuid4().hex[:6]}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(served_app)
            sidebar = page.locator("[data-testid='stSidebar']")
            sidebar.get_by_text(t("scen.title")).click(timeout=RUN_TIMEOUT_MS)
            field = sidebar.get_by_label(t("scen.new_name"))
            field.click()
            field.press_sequentially(name)
            # straight from the field, its value not yet handed over: the first click must do it
            sidebar.get_by_role("button", name=t("scen.new")).click()
            opened = t("scen.current", name=name, version=1)
            expect(sidebar.get_by_text(opened)).to_be_visible(timeout=RUN_TIMEOUT_MS)

            page_option(page, t("tab.edit")).click()
            unit_name = page.get_by_label(t("edit.name"), exact=True).first
            unit_name.fill("Dyrektor Ośrodka")
            page.get_by_role("button", name=t("edit.save_unit")).first.click()
            undo = sidebar.get_by_role("button", name=re.compile("^Cofnij: "))
            expect(undo).to_be_visible(timeout=RUN_TIMEOUT_MS)
            label = undo.inner_text()

            page.reload()
            expect(page.get_by_role("heading", name="MOPS Tarnowskie Góry")).to_be_visible(timeout=RUN_TIMEOUT_MS)
            sidebar = page.locator("[data-testid='stSidebar']")
            expect(sidebar.get_by_role("button", name=re.compile("^Cofnij: "))).to_have_text(
                label, timeout=RUN_TIMEOUT_MS
            )
            text = sidebar.inner_text()
            assert "wróci po odświeżeniu" in text and "Pobierz YAML, aby je zachować" not in text
            assert page.evaluate("window.onbeforeunload") is None  # the draft is kept: no "Leave site?"
        finally:
            browser.close()
