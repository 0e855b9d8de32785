"""Many users at once: 20 browser sessions editing against one running server, on loopback.

Run ``python benchmarks/app_load.py [--sessions 20] [--edits 5]``. It starts ``streamlit run
app.py`` on localhost with a throwaway data folder, opens the sessions in headless Chromium
(/usr/bin/chromium via Playwright), each with its own draft token, and in every session at once
renames the selected unit several times through the edit form. Reported:

- the rerun after an edit: from the click on "Zapisz zmiany komórki" to the redrawn sidebar
  counting the new edit (target p95 < 1 s), p50 and p95 over every edit of every session;
- memory per session: the server's resident memory with all sessions open and edited, less
  its memory with one session, divided by the other sessions;
- where the edits' time went: CPU seconds of the server process and of the Chromium processes
  while the sessions edited (the browsers share the server's cores here, unlike real users').

Bounded: at most 50 sessions and 20 edits each, and the whole run stops after ``--timeout``
seconds (default 600).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.i18n import t  # noqa: E402
from tests.appserver import start_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
OPENING_BATCH = 4
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time used so far by process ``pid``, or when ``None`` by the Chromium processes this
    benchmark started (its descendants; other jobs' browsers on the machine are not counted)."""
    tick = os.sysconf("SC_CLK_TCK")
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # the process ended meanwhile
                continue
            name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
            stats[int(entry.name)] = (name, int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)

    def ours(process: int) -> bool:
        while process > 1 and process in stats:
            process = stats[process][1]
            if process == os.getpid():
                return True
        return False

    if pid is not None:
        return stats.get(pid, ("", 0, 0.0))[2]
    return sum(used for process, (name, _, used) in stats.items() if "chrom" in name and ours(process))


def rss_mib(pid: int) -> float:
    """Resident memory of a process, from /proc (MiB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def open_session(browser, url: str):
    page = await browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(300_000)
    await page.goto(f"{url}/?draft={uuid.uuid4().hex}")
    await page.get_by_role("tab", name=t("tab.edit")).click()
    await page.get_by_label(t("edit.name"), exact=True).first.wait_for(timeout=300_000)
    return page


async def edit(page, number: int) -> float:
    """Rename the selected unit; seconds until the sidebar counts this edit."""
    field = page.get_by_label(t("edit.name"), exact=True).first
    await field.fill(f"Dyrektor (wariant {number})")
    started = time.perf_counter()
    await page.get_by_role("button", name=t("edit.save_unit")).click()
    await page.get_by_text(f"Niezapisane zmiany: {number}.").first.wait_for(timeout=300_000)
    return time.perf_counter() - started


async def run(sessions: int, edits: int, url: str, pid: int) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        first = await open_session(browser, url)
        await edit(first, 1)
        one = rss_mib(pid)
        pages = [first]
        while len(pages) < sessions:  # opened a few at a time: a first render is the heaviest rerun
            batch = min(OPENING_BATCH, sessions - len(pages))
            pages += await asyncio.gather(*(open_session(browser, url) for _ in range(batch)))
        times: list[float] = []
        done = [1] + [0] * (sessions - 1)  # edits made so far in each session
        server_cpu, browser_cpu, started = cpu_seconds(pid), cpu_seconds(), time.perf_counter()
        for _ in range(edits):  # every session edits at the same moment
            done = [count + 1 for count in done]
            times += await asyncio.gather(*(edit(page, count) for page, count in zip(pages, done)))
        server_cpu, browser_cpu = cpu_seconds(pid) - server_cpu, cpu_seconds() - browser_cpu
        wall = time.perf_counter() - started
        all_open = rss_mib(pid)
        await browser.close()
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"sessions: {sessions}, edits per session: {edits}, reruns measured: {len(times)}")
    print(
        f"rerun after an edit: p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms (target p95 < 1000 ms)"
    )
    print(f"server memory: {one:.0f} MiB with one session, {all_open:.0f} MiB with {sessions}")
    print(f"memory per session: {(all_open - one) / max(sessions - 1, 1):.1f} MiB")
    print(
        f"while editing ({wall:.0f} s): server CPU {server_cpu:.1f} s ({server_cpu / len(times):.2f} s an edit),"
        f" Chromium CPU {browser_cpu:.1f} s ({browser_cpu / len(times):.2f} s an edit)"
    )
    print(f"machine: {os.cpu_count()} CPU cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    sessions, edits = min(max(args.sessions, 2), 50), min(max(args.edits, 1), 20)
    with tempfile.TemporaryDirectory() as data:
        process, url = start_app({"MOPS_DATA_DIR": data})
        try:
            asyncio.run(asyncio.wait_for(run(sessions, edits, url, process.pid), args.timeout))
        except TimeoutError:
            raise SystemExit(f"stopped after {args.timeout:.0f} s") from None
        finally:
            process.kill()
            process.wait()


if __name__ == "__main__":
    main()
