"""The simulated clients as an event log that pm4py, ProM, Disco or Celonis read (XES or CSV).

Every step a client is served at is two events, ``start`` and ``complete``, with the XES
standard attributes: ``concept:name`` (the step), ``time:timestamp`` (a real date and time of
the configuration's calendar, in Polish local time with its offset), ``lifecycle:transition``,
``org:resource`` (the unit that served it) and ``org:group`` (its function); each case carries
its procedure and replication. A step still in progress when the run ends has its start only.

The log is written as the run goes: a :class:`LogTally` (a :class:`~model.simulation.stats.Tally`
that also keeps each client's events) hands a case to the writer when the client leaves, so the
memory held is the clients in the centre at once, not the log. The XES writer writes text, not
a document tree. Case ids are synthetic (``r0-17``): the log holds no personal data.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NamedTuple, Protocol
from xml.sax.saxutils import quoteattr
from zoneinfo import ZoneInfo

from model.config.loader import Scenario
from model.simulation.engine import Replication
from model.simulation.network import Network
from model.simulation.runner import network_of
from model.simulation.settings import SimulationSettings
from model.simulation.stats import Client, Tally

ZONE = ZoneInfo("Europe/Warsaw")
FORMATS = ("csv", "xes")
CSV_COLUMNS = (
    "case:concept:name",
    "case:procedure",
    "case:replication",
    "concept:name",
    "lifecycle:transition",
    "time:timestamp",
    "org:resource",
    "org:group",
)


class Event(NamedTuple):
    activity: str
    transition: str
    """``start`` or ``complete``."""
    time: str
    """ISO 8601 local time with its offset, to the millisecond: ``2026-01-05T07:30:00.000+01:00``."""
    resource: str
    group: str


@dataclass(frozen=True)
class Case:
    id: str
    procedure: str
    replication: int
    events: list[Event]


class LogWriter(Protocol):
    def case(self, case: Case) -> None: ...

    def close(self) -> None: ...


class CsvWriter:
    """One row per event, XES column names, comma-separated, UTF-8."""

    def __init__(self, out: IO[str]):
        self.rows = csv.writer(out, lineterminator="\n")
        self.rows.writerow(CSV_COLUMNS)
        self.events = 0

    def case(self, case: Case) -> None:
        head = (case.id, case.procedure, case.replication)
        for e in case.events:
            self.rows.writerow((*head, *e))
        self.events += len(case.events)

    def close(self) -> None:
        pass


XES_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
  <global scope="trace">
    <string key="concept:name" value="__INVALID__"/>
  </global>
  <global scope="event">
    <string key="concept:name" value="__INVALID__"/>
    <string key="lifecycle:transition" value="complete"/>
    <date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>
  </global>
  <classifier name="Activity" keys="concept:name"/>
  <classifier name="Activity and transition" keys="concept:name lifecycle:transition"/>
  <string key="concept:name" value={name}/>
  <string key="source" value="mops-configurator simulation"/>
"""


class XesWriter:
    """XES (IEEE 1849-2016) written as text, a trace at a time: nothing of the log is kept."""

    def __init__(self, out: IO[str], name: str):
        self.out = out
        out.write(XES_HEAD.format(name=quoteattr(name)))
        self.events = 0
        self.quoted = functools.lru_cache(maxsize=4096)(quoteattr)
        """Names repeat on every event: each is escaped once."""

    def case(self, case: Case) -> None:
        quoted = self.quoted
        lines = [
            "  <trace>\n",
            f'    <string key="concept:name" value={quoteattr(case.id)}/>\n',
            f'    <string key="procedure" value={quoted(case.procedure)}/>\n',
            f'    <int key="replication" value="{case.replication}"/>\n',
        ]
        for activity, transition, time, resource, group in case.events:
            lines.append(
                "    <event>"
                f'<string key="concept:name" value={quoted(activity)}/>'
                f'<string key="lifecycle:transition" value="{transition}"/>'
                f'<date key="time:timestamp" value="{time}"/>'
                f'<string key="org:resource" value={quoted(resource)}/>'
                f'<string key="org:group" value={quoted(group)}/>'
                "</event>\n"
            )
        lines.append("  </trace>\n")
        self.out.write("".join(lines))
        self.events += len(case.events)

    def close(self) -> None:
        self.out.write("</log>\n")


class LogTally(Tally):
    """A tally that also keeps each client's events until the client leaves, then hands the
    case to :attr:`writer`. Set :attr:`writer` and :attr:`replication` before the run."""

    writer: LogWriter
    replication: int = 0

    def __init__(self, network: Network, slots: int):
        super().__init__(network, slots)
        self.cases: dict[Client, tuple[int, list[list[Any]]]] = {}
        self.numbered = 0
        self.unit_names = [u.name for u in network.units]
        self.moment: Callable[[float, bool], str] = _clock(network)
        self.group_names: dict[str, str] = {}

    def arrived(self, me: Client) -> None:
        super().arrived(me)
        self.numbered += 1
        self.cases[me] = (self.numbered, [])

    def started(self, me: Client, now: float) -> None:
        stage = me.stage
        self.cases[me][1].append([stage.key.split("/", 1)[1], stage.function, me.desk.index, now, None])
        super().started(me, now)

    def _done(self, me: Client, now: float) -> None:
        steps = self.cases[me][1]
        if steps and steps[-1][4] is None:
            steps[-1][4] = now

    def served(self, me: Client, now: float) -> None:
        self._done(me, now)
        super().served(me, now)

    def finished(self, me: Client, now: float) -> None:
        self._done(me, now)
        super().finished(me, now)

    def left(self, me: Client, now: float) -> None:
        super().left(me, now)
        self._write(me)

    def flush(self) -> None:
        """The cases still open when the run ends, as far as they went."""
        for me in list(self.cases):
            self._write(me)

    def _write(self, me: Client) -> None:
        number, steps = self.cases.pop(me)
        events = []
        for step, function, unit, start, end in steps:
            resource, group = self.unit_names[unit], self.group_names.get(function, function)
            events.append(Event(step, "start", self.moment(start, False), resource, group))
            if end is not None:
                events.append(Event(step, "complete", self.moment(end, True), resource, group))
        if events:
            case = Case(f"r{self.replication}-{number}", me.procedure.spec.id, self.replication, events)
            self.writer.case(case)


def _clock(network: Network) -> Callable[[float, bool], str]:
    """Working minute of the run → the local date and time of the calendar it stands for, as
    ISO 8601 text with the offset of Polish time then (CET or CEST)."""
    calendar = network.calendar
    origin = dt.datetime.combine(dt.date.fromordinal(calendar.open_days[0]), dt.time())
    offsets: dict[tuple[dt.date, int], str] = {}

    def offset(local: dt.datetime) -> str:
        key = (local.date(), local.hour)
        if key not in offsets:
            found = ZONE.utcoffset(local.replace(minute=0, second=0, microsecond=0)) or dt.timedelta(0)
            hours, rest = divmod(int(found.total_seconds()) // 60, 60)
            offsets[key] = f"{'+' if hours >= 0 else '-'}{abs(hours):02d}:{rest:02d}"
        return offsets[key]

    def moment(minute: float, finishing: bool) -> str:
        local = origin + dt.timedelta(minutes=calendar.civil_minute(minute, finishing))
        return local.isoformat(timespec="milliseconds") + offset(local)

    return moment


@dataclass(frozen=True)
class LogSummary:
    path: Path
    cases: int
    events: int


def new_writer(out: IO[str], fmt: str, name: str = "log") -> CsvWriter | XesWriter:
    return CsvWriter(out) if fmt == "csv" else XesWriter(out, name)


def simulate_into(scenario: Scenario, settings: SimulationSettings, writer: LogWriter, replications: int) -> int:
    """Run ``replications`` with the streams :func:`model.simulation.runner.simulate` gives them
    (the same clients as its result), each client's case going to ``writer``; the cases written."""
    network = network_of(scenario, settings)
    groups = {f: scenario.function_name(f, "pl") for f in scenario.functions}
    cases = 0
    for replication in range(replications):
        run = Replication(network, settings.seed, replication, LogTally)
        tally = run.tally
        assert isinstance(tally, LogTally)
        tally.writer, tally.replication, tally.group_names = writer, replication, groups
        run.run()
        tally.flush()
        cases += tally.numbered
    writer.close()
    return cases


def write_event_log(
    scenario: Scenario, settings: SimulationSettings, path: Path, replications: int | None = None
) -> LogSummary:
    """Write the log of ``replications`` (default: the settings') to ``path`` (``.csv`` or
    ``.xes``), whole or not at all: through a temporary file in the same folder, then renamed."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = new_writer(out, path.suffix.lower().lstrip("."), path.stem)
            cases = simulate_into(scenario, settings, writer, replications or settings.replications)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return LogSummary(path, cases, writer.events)
