"""Charts legible in a real browser: the org chart at 1440×900 is drawn with text a person can read,
and the zoom-in button makes it larger (see :func:`views.common.show_graph`)."""

from __future__ import annotations

import pytest

from tests.test_e2e import CHROMIUM, CHROMIUM_ARGS, RUN_TIMEOUT_MS, server  # noqa: F401  (the fixture)

SMALLEST_TEXT = """svg => Math.min(...Array.from(svg.querySelectorAll('g.node text'),
    t => t.getBoundingClientRect().height).filter(h => h > 0))"""


@pytest.mark.e2e
def test_the_org_chart_text_is_legible_at_1440_and_zoom_in_enlarges_it(server):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    assert CHROMIUM.exists(), f"{CHROMIUM} not found: install Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(server)
            chart = page.locator(".graph svg").first
            expect(chart).to_be_visible(timeout=RUN_TIMEOUT_MS)
            expect(chart).to_contain_text("Dyrektor")
            before = chart.evaluate(SMALLEST_TEXT)
            print(f"smallest org chart text at 1440×900: {before:.1f} px")
            assert before >= 10, f"the org chart's smallest text is {before:.1f} px high"
            frame = page.locator(".graph-frame").first
            frame.get_by_role("button", name="Powiększ").click()
            after = chart.evaluate(SMALLEST_TEXT)
            assert after > before * 1.2, (before, after)
            # the chart now overflows its frame, which scrolls instead of squeezing it
            view = frame.locator("div.graph")
            assert view.evaluate("e => e.scrollWidth > e.clientWidth")
            # the zoom chosen outlives a redraw of the chart (another colouring here, a step on in training)
            chart.evaluate("svg => { svg.dataset.old = 'yes'; }")
            page.get_by_text("Koloruj według funkcji", exact=True).click()
            page.wait_for_function(
                "() => { const svg = document.querySelector('.graph svg'); return svg && !svg.dataset.old; }",
                timeout=RUN_TIMEOUT_MS,
            )
            redrawn = page.locator(".graph svg").first.evaluate(SMALLEST_TEXT)
            assert abs(redrawn - after) <= 0.5, (after, redrawn)
            frame.get_by_role("button", name="Cały wykres").click()
            whole = chart.evaluate("e => e.getBoundingClientRect().width")
            assert whole <= view.evaluate("e => e.clientWidth") + 1
        finally:
            browser.close()
