"""The trainer at a projector, in a real browser: 1280×720 at 150 % zoom (853×480 CSS pixels)."""

from __future__ import annotations

import io

import pytest

from model.i18n import t
from tests.appserver import page_option
from tests.test_e2e import CHROMIUM, CHROMIUM_ARGS, RUN_TIMEOUT_MS
from tests.test_hostile import TABS

LABELS = ("◀ Wstecz", "Dalej ▶", "↺ Od początku")
PAGES_BEFORE_TRAINER = TABS.index("tab.trainer")


@pytest.mark.e2e
def test_presentation_mode_at_a_projector_shows_whole_labels_and_answers_the_arrow_keys(served_app, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    assert CHROMIUM.exists(), f"{CHROMIUM} not found: install Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 853, "height": 480}, device_scale_factor=1.5)
            page.goto(served_app)
            # the page by the keyboard: the row of pages' open name takes the focus, → walks the names, Enter opens
            page_option(page, "Struktura").focus(timeout=RUN_TIMEOUT_MS)
            for _ in range(PAGES_BEFORE_TRAINER):
                page.keyboard.press("ArrowRight")
            expect(page_option(page, "Tryb szkoleniowy")).to_be_focused()
            page.keyboard.press("Enter")
            expect(page_option(page, "Tryb szkoleniowy")).to_have_attribute("aria-checked", "true")
            page.get_by_text("Tryb prezentacji").click(timeout=RUN_TIMEOUT_MS)
            expect(page.locator("[data-testid='stSidebar']")).to_be_hidden(timeout=RUN_TIMEOUT_MS)
            expect(page.get_by_text("Krok 1 z").first).to_be_visible(timeout=RUN_TIMEOUT_MS)
            page.screenshot(path=str(tmp_path / "presentation.png"))
            # every page's name whole on the projector: the row wraps, it does not cut or scroll
            names = page.get_by_role("radiogroup", name=t("nav.pages")).get_by_role("radio")
            assert names.count() == len(TABS)
            for index in range(names.count()):
                name = names.nth(index).locator("p")
                assert name.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), name.inner_text()
                box = name.bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= 853, (name.inner_text(), box)
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
            assert title.evaluate("e => getComputedStyle(e).hyphens") == "manual"
            # no word of the title is broken over two lines ("środowisk-owy")
            assert title.evaluate(WORDS_ON_ONE_LINE) == [], title.inner_text()
            page.keyboard.press("ArrowRight")  # the focus still on the switch just clicked, as a trainer leaves it
            expect(page.get_by_text("Krok 2 z").first).to_be_visible(timeout=RUN_TIMEOUT_MS)
            assert title.evaluate(WORDS_ON_ONE_LINE) == [], title.inner_text()
            drawn_step_is_on_the_card(page)
            check_the_step_s_part_of_the_diagram_is_large(page, tmp_path / "presentation_step2.png")
            page.keyboard.press("ArrowLeft")
            expect(page.get_by_text("Krok 1 z").first).to_be_visible(timeout=RUN_TIMEOUT_MS)
            drawn_step_is_on_the_card(page)
            part = page.locator(".st-key-trainer_part .graph svg")
            assert part.locator("g.node").count() <= 6  # the step and its neighbours, not the whole procedure
            # the whole procedure is a click away, the step highlighted in it too
            page.get_by_text("Cały schemat").click()
            whole = page.locator(".st-key-presentation [data-testid='stExpander'] .graph svg").first
            expect(whole).to_be_visible(timeout=RUN_TIMEOUT_MS)
            assert whole.locator("g.node").count() > part.locator("g.node").count()
            assert whole.locator("g.current").count() == 1
        finally:
            browser.close()


WORDS_ON_ONE_LINE = """e => {
  const texts = document.createTreeWalker(e, NodeFilter.SHOW_TEXT), broken = [];
  for (let text = texts.nextNode(); text; text = texts.nextNode()) {
    for (const match of text.textContent.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(text, match.index);
      range.setEnd(text, match.index + match[0].length);
      if (range.getClientRects().length > 1) broken.push(match[0]);
    }
  }
  return e.textContent.trim() ? broken : ['(no text)'];
}"""
"""The words of an element's text that the browser drew over more than one line."""


def drawn_step_is_on_the_card(page):
    """Wait until the diagram beside the card highlights the card's step (its first line of name)."""
    page.wait_for_function(
        """() => {
          const name = document.querySelector('.st-key-trainer_part g.current text');
          const title = document.querySelector('.st-key-trainer_card h2');
          return name && title && title.textContent.includes(name.textContent.trim());
        }""",
        timeout=RUN_TIMEOUT_MS,
    )


def check_the_step_s_part_of_the_diagram_is_large(page, screenshot):
    """The highlighted step's text is at least 20 CSS px high, in sight in the diagram's frame,
    and a screenshot of it shows its label."""
    from PIL import Image

    frame = page.locator(".st-key-trainer_part div.graph")
    current = frame.locator("g.current")
    heights = current.locator("text").evaluate_all("texts => texts.map(t => t.getBoundingClientRect().height)")
    assert heights and min(heights) >= 20, heights
    # and its font is 20 px as drawn: its size in the SVG times the SVG's scale on the screen
    sizes = current.locator("text").evaluate_all(
        "texts => texts.map(t => parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a)"
    )
    assert min(sizes) >= 19.9, sizes
    box, view = current.bounding_box(), frame.bounding_box()
    assert box and view
    assert view["y"] <= box["y"] and box["y"] + box["height"] <= min(view["y"] + view["height"], 480), (box, view)
    assert view["x"] <= box["x"] and box["x"] + box["width"] <= min(view["x"] + view["width"], 853), (box, view)
    page.screenshot(path=str(screenshot))
    label = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("L")
    dark = sum(label.histogram()[:90]) / (label.width * label.height)
    assert dark > 0.03, f"the highlighted step's box shows no text ({dark:.1%} dark), see {screenshot}"
