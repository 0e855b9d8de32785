"""The trainer at a projector, in a real browser: 1280×720 at 150 % zoom (853×480 CSS pixels)."""

from __future__ import annotations

import pytest

from tests.test_e2e import CHROMIUM, CHROMIUM_ARGS, RUN_TIMEOUT_MS

LABELS = ("◀ Wstecz", "Dalej ▶", "↺ Od początku")


@pytest.mark.e2e
def test_presentation_mode_at_a_projector_shows_whole_labels_and_answers_the_arrow_keys(served_app, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    assert CHROMIUM.exists(), f"{CHROMIUM} not found: install Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 853, "height": 480}, device_scale_factor=1.5)
            page.goto(served_app)
            page.get_by_role("tab", name="Tryb szkoleniowy").click(timeout=RUN_TIMEOUT_MS)
            page.get_by_text("Tryb prezentacji").click(timeout=RUN_TIMEOUT_MS)
            expect(page.locator("[data-testid='stSidebar']")).to_be_hidden(timeout=RUN_TIMEOUT_MS)
            expect(page.get_by_text("Krok 1 z").first).to_be_visible(timeout=RUN_TIMEOUT_MS)
            page.screenshot(path=str(tmp_path / "presentation.png"))
            for label in LABELS:
                button = page.get_by_role("button", name=label)
                expect(button).to_be_visible()
                text = button.locator("p").first
                # the whole label is drawn: its text is not cut ("◀…") and lies inside the screen
                assert text.inner_text().strip() == label
                assert text.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), label
                box = text.bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= 853, (label, box)
            title = page.locator(".st-key-trainer_card h2").first
            words = title.inner_text().split()
            assert title.evaluate("e => getComputedStyle(e).hyphens") == "manual" and words
            page.keyboard.press("ArrowRight")  # the focus still on the switch just clicked, as a trainer leaves it
            expect(page.get_by_text("Krok 2 z").first).to_be_visible(timeout=RUN_TIMEOUT_MS)
            page.keyboard.press("ArrowLeft")
            expect(page.get_by_text("Krok 1 z").first).to_be_visible(timeout=RUN_TIMEOUT_MS)
            chart = page.locator(".graph svg").first
            expect(chart).to_be_visible(timeout=RUN_TIMEOUT_MS)
            assert chart.locator("g.node").count() <= 6  # the step and its neighbours, not the whole procedure
        finally:
            browser.close()
