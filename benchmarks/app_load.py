"""Many users at once: 20 sessions editing and saving against one running server, on loopback.

Run ``python benchmarks/app_load.py [--sessions 20] [--edits 5] [--think 10] [--browser]``. It
starts ``streamlit run app.py`` on 127.0.0.1 with a throwaway data folder (``--store postgresql``:
a throwaway PostgreSQL cluster instead of SQLite), or with ``--serve N`` scripts/serve.sh's nginx
(TLS, a self-signed certificate) in front of N app processes on a throwaway PostgreSQL, all on
loopback and stopped at the end: what issue 23 measures, in one command. With ``--url`` it uses a
server already running instead (``--url https://127.0.0.1:8443 --insecure --run-dir run/serve``,
the run folder naming the processes whose CPU and memory are reported; without it they are not).
It opens the sessions, each with its own draft token, on the "Edycja" tab.

The sessions speak Streamlit's own protocol over real websockets (:mod:`tests.stclient`), all
from this one process, so that the figures are the server's: the browser's drawing is the click
benchmark's business (``benchmarks/app_clicks.py``). This process's own CPU is reported too: it
shares the machine's cores with the server. With ``--browser`` each session is a headless
Chromium page instead (/usr/bin/chromium via Playwright; renames only), which on one machine puts
the browsers' own work on the server's cores.

What a user does, each reported (``--action``, default both):

- **rename** (an edit): renames the selected unit through the unit form's "Zapisz zmiany
  komórki"; the server's answer must show the new name, or the run stops (an edit that changed
  nothing would time nothing). Two ways: working, every user waiting a think time before each
  edit, drawn from an exponential distribution with mean ``--think`` seconds (default 10 s: a
  user reads the chart, then types a name; TPC-C's form-entry cycles, keying plus an exponential
  think time, have means of 7 to 30 s), each on their own; and the worst case, all users
  pressing "save" at the same instant, ``--edits`` times;
- **save** (a version of the scenario into the store, issue 23's "save"): every session makes a
  scenario of its own ("Nowy z bieżącego"), then ``--edits`` rounds of a rename (not measured)
  and "Zapisz nową wersję" pressed by all users at the same instant; the answer must show the
  new version number.

Reported for each: the time from the request sent (or the click) to the end of the script run
that shows the result (target p95 < 1 s), p50 and p95 over every action; the server's CPU per
action (its ``dot`` children included; CPU seconds do not depend on what else the machine runs,
the wall-clock times do); and the server's resident memory with one session and with all,
whence memory per session.

Bounded: at most 50 sessions and 20 edits each, and the whole run stops after ``--timeout``
seconds (default 300: the defaults take about three minutes); every server is stopped in every
case.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.i18n import t  # noqa: E402
from tests.appserver import page_option, serve, start_app, stop_app  # noqa: E402
from tests.stclient import Session  # noqa: E402

MAX_SESSIONS, MAX_EDITS = 50, 20
OPENING_BATCH = 4
"""Sessions opened at a time: a first page is the heaviest run, and opening is not measured."""
REQUEST_TIMEOUT = 300.0
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


class EditLost(RuntimeError):
    """The server's answer to an edit (or a save) did not show it."""


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time used so far by process ``pid`` and its children, running (the ``dot`` the app keeps)
    or finished (a ``dot`` per chart); or when ``None`` by the Chromium processes this benchmark
    started (its descendants; other jobs' browsers on the machine are not counted)."""
    tick = os.sysconf("SC_CLK_TCK")
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # the process ended meanwhile
                continue
            name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
            stats[int(entry.name)] = (name, int(fields[1]), sum(int(f) for f in fields[11:15]) / tick)

    def below(process: int, ancestor: int) -> bool:
        while process > 1 and process in stats:
            process = stats[process][1]
            if process == ancestor:
                return True
        return False

    if pid is not None:
        return stats.get(pid, ("", 0, 0.0))[2] + sum(used for p, (_, _, used) in stats.items() if below(p, pid))
    return sum(used for process, (name, _, used) in stats.items() if "chrom" in name and below(process, os.getpid()))


def rss_mib(pid: int) -> float:
    """Resident memory of a process, from /proc (MiB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- one user: open the edit page, rename a unit ------------------------------------------------


class ProtocolUser:
    """A user whose browser is a :class:`tests.stclient.Session`."""

    def __init__(self, url: str, verify: bool = True) -> None:
        self.token = uuid.uuid4().hex
        self.session = Session(url, f"draft={self.token}", verify)

    async def open(self) -> None:
        await self.session.open(REQUEST_TIMEOUT)
        picker = self.session.find("button_group", t("nav.pages", "pl"))
        await self.session.change(picker, [t("tab.edit", "pl")], REQUEST_TIMEOUT)

    async def edit(self, number: int, steps: int | None = None) -> float:
        """Rename the unit; ``steps``: the edits the sidebar counts since the last saved version
        (``number``, all of this session's, unless a version was saved)."""
        name = f"Dyrektor (wariant {self.token[:6]}-{number})"
        field = self.session.find("text_input", t("edit.name", "pl"))
        save = self.session.find("button", t("edit.save_unit", "pl"))
        run = await self.session.click(save, {field: name}, REQUEST_TIMEOUT)
        counted = t("sidebar.modified_kept", "pl", count=number if steps is None else steps)
        if not run.shows(name) or not run.shows(counted):
            raise EditLost(f"edit {number} of session {self.token[:6]}: the answer does not show {name!r}")
        return run.seconds

    @property
    def scenario(self) -> str:
        return f"obciazenie {self.token[:8]}"

    async def create_scenario(self) -> None:
        """A scenario of this session's own, from the configuration as it is: version 1."""
        field = self.session.find("text_input", t("scen.new_name", "pl"))
        run = await self.session.click(
            self.session.find("button", t("scen.new", "pl")), {field: self.scenario}, REQUEST_TIMEOUT
        )
        if not run.shows(t("scen.current", "pl", name=self.scenario, version=1)):
            raise EditLost(f"session {self.token[:6]}: the scenario {self.scenario!r} was not created")

    async def save(self, version: int) -> float:
        """ "Zapisz nową wersję" pressed: the answer must name the scenario's new ``version``."""
        field = self.session.find("text_input", t("scen.message", "pl"))
        button = self.session.find("button", t("scen.save", "pl"))
        run = await self.session.click(button, {field: f"wersja {version}"}, REQUEST_TIMEOUT)
        if not run.shows(t("scen.current", "pl", name=self.scenario, version=version)):
            raise EditLost(f"save of version {version} of session {self.token[:6]}: the answer does not show it")
        return run.seconds

    async def close(self) -> None:
        await self.session.close()


class BrowserUser:
    """A user in a headless Chromium page; the time runs from the click to the sidebar counting
    the edit."""

    def __init__(self, browser, url: str) -> None:
        self.browser, self.url, self.page = browser, url, None

    async def open(self) -> None:
        self.page = await self.browser.new_page(viewport={"width": 1400, "height": 1000})
        self.page.set_default_timeout(REQUEST_TIMEOUT * 1000)
        await self.page.goto(f"{self.url}/?draft={uuid.uuid4().hex}")
        await page_option(self.page, t("tab.edit", "pl")).click()
        await self.page.get_by_label(t("edit.name", "pl"), exact=True).first.wait_for()

    async def edit(self, number: int) -> float:
        await self.page.get_by_label(t("edit.name", "pl"), exact=True).first.fill(f"Dyrektor (wariant {number})")
        started = time.perf_counter()
        await self.page.get_by_role("button", name=t("edit.save_unit", "pl")).click()
        await self.page.get_by_text(t("sidebar.modified_kept", "pl", count=number)).first.wait_for()
        return time.perf_counter() - started

    async def close(self) -> None:
        if self.page is not None:
            await self.page.close()


# --- the two ways of editing -------------------------------------------------------------------


async def working(users: list, edits: list[int], count: int, think: float, rng: random.Random) -> list[float]:
    """Each user edits ``count`` times, each time after an exponential think time of mean ``think``."""

    async def one(index: int) -> list[float]:
        pauses = [rng.expovariate(1 / think) for _ in range(count)]  # drawn up front: the same for a seed
        times = []
        for pause in pauses:
            await asyncio.sleep(pause)
            edits[index] += 1
            times.append(await users[index].edit(edits[index]))
        return times

    return [seconds for times in await asyncio.gather(*(one(i) for i in range(len(users)))) for seconds in times]


async def at_once(users: list, edits: list[int], count: int) -> list[float]:
    """All users press "save" at the same instant, ``count`` rounds."""
    times: list[float] = []
    for _ in range(count):
        for index in range(len(edits)):
            edits[index] += 1
        times += await asyncio.gather(*(user.edit(number) for user, number in zip(users, edits)))
    return times


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least ``share`` of them at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered) - 1e-9) - 1)]


def server_cpu(pids: list[int]) -> float:
    return sum(cpu_seconds(pid) for pid in pids)


def server_rss(pids: list[int]) -> float:
    return sum(rss_mib(pid) for pid in pids)


@dataclass
class Phase:
    """One way of acting, measured: every action's time, and the CPU seconds (the server's, this
    process's, the browsers') and the wall time spent while the measured actions ran."""

    title: str
    action: str
    """What one action is called, with its article ("an edit")."""
    times: list[float] = field(default_factory=list)
    server: float = 0.0
    client: float = 0.0
    browsers: float = 0.0
    wall: float = 0.0

    @contextlib.contextmanager
    def measuring(self, pids: list[int]) -> Iterator[None]:
        server, client, browsers, started = server_cpu(pids), time.process_time(), cpu_seconds(), time.perf_counter()
        yield
        self.server += server_cpu(pids) - server
        self.client += time.process_time() - client
        self.browsers += cpu_seconds() - browsers
        self.wall += time.perf_counter() - started


async def measured(phase: Phase, pids: list[int], acting: Awaitable[list[float]]) -> Phase:
    with phase.measuring(pids):
        phase.times += await acting
    return phase


async def saving(users: list, edits: list[int], count: int, pids: list[int]) -> Phase:
    """Every user makes a scenario of their own; then ``count`` rounds of a rename each (not
    measured) and "Zapisz nową wersję" pressed by all at the same instant (measured)."""
    phase = Phase("saving a version to the store, all at the same instant", "a save")
    for start in range(0, len(users), OPENING_BATCH):
        await asyncio.gather(*(user.create_scenario() for user in users[start : start + OPENING_BATCH]))
    for version in range(2, count + 2):
        for index in range(len(edits)):
            edits[index] += 1
        await asyncio.gather(*(user.edit(number, steps=1) for user, number in zip(users, edits)))
        with phase.measuring(pids):
            phase.times += await asyncio.gather(*(user.save(version) for user in users))
    return phase


async def run(args: argparse.Namespace, url: str, pids: list[int]) -> None:
    """Open the sessions, then each way of acting, each printed as soon as it is measured (a run
    stopped by ``--timeout`` keeps the figures it has)."""
    if args.browser:
        from playwright.async_api import async_playwright

        playwright = await async_playwright().start()
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        make: Callable[[], object] = lambda: BrowserUser(browser, url)  # noqa: E731
    else:
        playwright = browser = None
        make = lambda: ProtocolUser(url, not args.insecure)  # noqa: E731
    users = [make() for _ in range(args.sessions)]
    try:
        await users[0].open()
        await users[0].edit(1)
        one = server_rss(pids)
        for start in range(1, len(users), OPENING_BATCH):
            await asyncio.gather(*(user.open() for user in users[start : start + OPENING_BATCH]))
        await asyncio.gather(*(user.edit(1) for user in users[1:]))  # each session has a draft before measuring
        edits = [1] * len(users)
        everyone = server_rss(pids)
        mode = "headless Chromium pages" if args.browser else "websocket sessions (Streamlit's protocol, one process)"
        print(f"{args.sessions} {mode}, each acting {args.edits} times per way of acting")
        if args.url:
            print(f"through {args.url}: {len(pids) or 'unknown'} server processes measured")
        if args.action in ("rename", "both"):
            rng = random.Random(args.seed)
            working_title = f"renames, working (think time exponential, mean {args.think:g} s)"
            spread = working(users, edits, args.edits, args.think, rng)
            report(args, await measured(Phase(working_title, "an edit"), pids, spread), pids)
            burst = at_once(users, edits, args.edits)
            report(args, await measured(Phase("renames, all at once (worst case)", "an edit"), pids, burst), pids)
        if args.action in ("save", "both"):
            report(args, await saving(users, edits, args.edits, pids), pids)
        if pids:
            after = max(server_rss(pids), everyone)
            print(
                f"server memory: {one:.0f} MiB with one session, {everyone:.0f} MiB with {args.sessions} (after"
                f" their first edit), {after:.0f} MiB after all edits"
                + (
                    f"; per session {(everyone - one) / max(args.sessions - 1, 1):.1f} MiB"
                    if len(pids) == 1
                    else f" in {len(pids)} processes (each loads the app for its first session)"
                )
            )
        print(f"load average {load()} at the end; machine: {os.cpu_count()} CPU cores, {cpu_model()}")
    finally:
        for user in users:
            await user.close()
        if browser is not None:
            await browser.close()
            await playwright.stop()


def report(args: argparse.Namespace, phase: Phase, pids: list[int]) -> None:
    """One way of acting's line: the answers' p50, p95 and max, and the CPU an action cost."""
    times, count, action = phase.times, len(phase.times), phase.action
    line = (
        f"{phase.title}: {count} × {action.split()[1]}, answer p50 {statistics.median(times) * 1000:.0f} ms,"
        f" p95 {percentile(times, 0.95) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
        f" (target p95 < 1000 ms: {'met' if percentile(times, 0.95) < 1 else 'NOT met'});"
        + (
            f" server CPU {phase.server:.1f} s in {phase.wall:.0f} s, {phase.server / count:.3f} s {action}"
            if pids
            else ""
        )
        + f"; this benchmark's own CPU {phase.client / count:.3f} s {action}"
    )
    if args.browser:
        line += f"; Chromium CPU {phase.browsers / count:.2f} s {action}"
    print(line, flush=True)


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown processor"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--edits", type=int, default=5, help="actions per session in each way of acting")
    parser.add_argument("--think", type=float, default=10.0, help="mean think time between a user's edits (s)")
    parser.add_argument("--seed", type=int, default=1, help="of the think times")
    parser.add_argument("--action", choices=("rename", "save", "both"), default="both", help="what the users do")
    parser.add_argument("--browser", action="store_true", help="headless Chromium pages instead of websockets")
    parser.add_argument("--timeout", type=float, default=300, help="the whole run's limit, servers' start included (s)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--serve", type=int, metavar="N", help="start scripts/serve.sh: nginx in front of N processes, PostgreSQL"
    )
    where.add_argument(
        "--url", help="a running server or proxy to measure (loopback or your own), instead of starting one"
    )
    parser.add_argument(
        "--store", choices=("sqlite", "postgresql"), default="sqlite", help="the store of the one process started"
    )
    parser.add_argument("--insecure", action="store_true", help="accept the proxy's self-signed certificate")
    parser.add_argument("--run-dir", type=Path, help="serve.sh's run folder: the processes whose CPU is measured")
    args = parser.parse_args()
    args.sessions = min(max(args.sessions, 2), MAX_SESSIONS)
    args.edits = min(max(args.edits, 1), MAX_EDITS)
    args.think = max(args.think, 0.0) or 1e-9
    if args.browser and args.action != "rename":
        parser.error("--browser measures renames only: add --action rename")
    args.deadline = time.monotonic() + args.timeout
    print(f"load average {load()} at the start")
    if args.url:
        pids = [int(p.read_text()) for p in sorted(args.run_dir.glob("streamlit-*.pid"))] if args.run_dir else []
        measure(args, args.url.rstrip("/"), pids)
        return
    with tempfile.TemporaryDirectory() as folder, database(args.store if not args.serve else "postgresql") as url:
        if args.serve:
            args.url, args.insecure = "scripts/serve.sh", True
            with serve(Path(folder), url, min(max(args.serve, 1), 8)) as served:
                print(f"scripts/serve.sh: nginx with TLS in front of {len(served.backends)} processes, PostgreSQL")
                measure(args, served.url, served.pids())
            return
        process, address = start_app({"MOPS_DATA_DIR": folder} | ({"MOPS_DATABASE_URL": url} if url else {}))
        try:
            measure(args, address, [process.pid])
        finally:
            stop_app(process)


@contextlib.contextmanager
def database(store: str) -> Iterator[str | None]:
    """A throwaway PostgreSQL database (its URL) for ``store`` "postgresql", stopped afterwards;
    ``None`` for SQLite (the app's own file in its data folder)."""
    if store != "postgresql":
        yield None
        return
    from tests.postgres import fresh_database, server

    with server(durable=True) as cluster:
        yield fresh_database(cluster)


def measure(args: argparse.Namespace, url: str, pids: list[int]) -> None:
    try:
        asyncio.run(asyncio.wait_for(run(args, url, pids), max(args.deadline - time.monotonic(), 1)))
    except TimeoutError:
        raise SystemExit(f"stopped after {args.timeout:.0f} s") from None
    except EditLost as lost:
        raise SystemExit(str(lost)) from None


if __name__ == "__main__":
    main()
