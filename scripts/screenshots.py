"""Take the README's and the user guide's pictures of the running app (headless Chromium, Playwright).

Starts the app on a free loopback port with a throwaway data folder, opens the bundled
Tarnowskie Góry configuration and saves one PNG a tab into ``docs/img/``: the org chart, the
client flow, a short simulation, the trainer's mode. Run it after a change of the screens::

    .venv/bin/python scripts/screenshots.py [--out docs/img]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
WAIT_MS = 120_000
VIEWPORT = {"width": 1280, "height": 800}


def main() -> int:
    from playwright.sync_api import expect, sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from appserver import start_app, stop_app  # the same server the browser tests start

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        process, url = start_app(env={"MOPS_DATA_DIR": data})
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page(viewport=VIEWPORT)
                page.goto(url)
                expect(page.get_by_role("heading", name="MOPS Tarnowskie Góry")).to_be_visible(timeout=WAIT_MS)
                expect(page.locator(".graph svg").first).to_be_visible(timeout=WAIT_MS)
                page.wait_for_timeout(1500)
                page.screenshot(path=str(args.out / "struktura.png"))

                page.get_by_role("tab", name="Przepływ klienta").click()
                expect(page.locator(".graph svg").first).to_be_visible(timeout=WAIT_MS)
                page.wait_for_timeout(1500)
                page.screenshot(path=str(args.out / "przeplyw.png"))

                page.get_by_role("tab", name="Symulacja").click()
                for label, value in (("Dni symulacji", "30"), ("Liczba powtórzeń", "4"), ("Najwięcej powtórzeń", "8")):
                    field = page.get_by_label(label, exact=True)
                    field.fill(value)
                    field.press("Tab")
                page.get_by_role("button", name="Uruchom symulację").click()
                charts = page.locator("[data-testid='stVegaLiteChart']")
                expect(charts.first).to_be_visible(timeout=WAIT_MS)
                page.wait_for_timeout(5000)  # Vega draws the bars after the chart appears
                page.get_by_text("Wyniki z").first.scroll_into_view_if_needed()
                page.screenshot(path=str(args.out / "symulacja.png"))

                page.get_by_role("tab", name="Tryb szkoleniowy").click()
                page.wait_for_timeout(3000)
                page.screenshot(path=str(args.out / "szkolenie.png"))
                browser.close()
        finally:
            stop_app(process)
    for picture in sorted(args.out.glob("*.png")):
        print(f"{picture}: {picture.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
