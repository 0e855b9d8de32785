"""The one place calibration calls the simulation engine: a run that keeps an event log.

The engine's :class:`~model.simulation.stats.Tally` keeps sums only; a calibration needs what a
case system would have recorded, so :class:`RecordingTally` also writes one row per step done
(case, procedure, step, start, completion). The synthetic demonstration log and the simulated
side of the fit report both come from here, so they are read by the same estimator as a real log.
The run is set up as :func:`model.simulation.runner.network_of` sets up every run, and open
cases enter through the engine's own warm start (:class:`~model.simulation.network.OpenCase`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from model.config.loader import Scenario
from model.simulation.engine import Replication
from model.simulation.network import OpenCase
from model.simulation.runner import network_of
from model.simulation.settings import SimulationSettings
from model.simulation.stats import Client, Tally


class RecordingTally(Tally):
    """A tally that also writes the event log: case number, procedure, step, start, completion.

    Cases are numbered from 1 in the order they come in; the open cases given to the run come in
    first, before the engine's typical caseload and the new arrivals.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.case_of: dict[Client, int] = {}
        self.open: dict[Client, list] = {}
        self.rows: list[list] = []

    def arrived(self, me: Client) -> None:
        super().arrived(me)
        self.case_of[me] = len(self.case_of) + 1

    def started(self, me: Client, now: float) -> None:
        row = [self.case_of[me], me.procedure.spec.id, me.stage.key.split("/", 1)[1], now, None]
        self.open[me] = row
        self.rows.append(row)
        super().started(me, now)

    def _done(self, me: Client, now: float) -> None:
        row = self.open.pop(me, None)
        if row is not None:
            row[4] = now

    def served(self, me: Client, now: float) -> None:
        self._done(me, now)
        super().served(me, now)

    def finished(self, me: Client, now: float) -> None:
        self._done(me, now)
        super().finished(me, now)


def event_log(
    scenario: Scenario,
    start: dt.date,
    days: int,
    seed: int,
    replication: int = 0,
    open_cases: Sequence[tuple[str, str]] = (),
) -> pd.DataFrame:
    """Simulate ``days`` civil days from ``start`` and return the log a case system would hold.

    Columns are the XES names; case ids are ``S<replication>-<n>`` (synthetic, not personal).
    Steps not completed when the period ends are left out, as an export would leave them out.
    ``open_cases`` (procedure, step) start in progress at their step, with its whole delay still
    to pass (an assumption the forecast states); they are the first cases, numbered from 1. A
    caseload procedure given open cases starts with those alone, not with its typical caseload too.
    """
    calendar = scenario.config.calendar.model_copy(update={"start_date": start})
    dated = replace(scenario, config=scenario.config.model_copy(update={"calendar": calendar}))
    settings = SimulationSettings(days=days, seed=seed, replications=1, warmup_days=0, run_out_days=0)
    network = network_of(dated, settings, [OpenCase(procedure, step) for procedure, step in open_cases])
    run = Replication(network, seed, replication, RecordingTally)
    run.run()
    clock = network.calendar
    origin = pd.Timestamp(dt.date.fromordinal(clock.open_days[0]))
    tally = run.tally
    assert isinstance(tally, RecordingTally)  # the replication above was made with it
    rows = [r for r in tally.rows if r[4] is not None]
    frame = pd.DataFrame(rows, columns=["case", "procedure", "step", "start", "end"])
    to_civil = clock.civil_minute
    frame["start"] = origin + pd.to_timedelta([to_civil(m) for m in frame["start"]], unit="min")
    frame["end"] = origin + pd.to_timedelta([to_civil(m, True) for m in frame["end"]], unit="min")
    return pd.DataFrame(
        {
            "case:concept:name": [f"S{replication}-{c}" for c in frame["case"]],
            "case:procedure": frame["procedure"],
            "concept:name": frame["step"],
            "time:start_timestamp": frame["start"].dt.floor("s"),
            "time:timestamp": frame["end"].dt.floor("s"),
        }
    )


def demo_scenario(scenario: Scenario) -> Scenario:
    """The stated model of the synthetic logs: the scenario with field hours off.

    With field hours an interview is worked in pieces over several days, so its start →
    completion is no longer its effort; a known-parameter log must not mix the two.
    """
    calendar = scenario.config.calendar.model_copy(update={"field_hours": None})
    return replace(scenario, config=scenario.config.model_copy(update={"calendar": calendar}))


DEMO_START, DEMO_DAYS, DEMO_SEED = dt.date(2025, 1, 1), 365, 2025
"""The synthetic demonstration log's year and seed (``scripts/make_demo_log.py``)."""
DEMO_WARMUP_DAYS = 180
"""Days simulated before the demonstration year: longer than the longest case's 90th percentile
(family assistance, about 160 days), so that the year begins with the centre as full as a real one's."""


def demo_log(scenario: Scenario) -> pd.DataFrame:
    """The synthetic demonstration log of :func:`demo_scenario` ``(scenario)``: the cases begun in
    the year, as a case system exports them, the centre having run for half a year before it."""
    start = DEMO_START - dt.timedelta(days=DEMO_WARMUP_DAYS)
    log = event_log(demo_scenario(scenario), start, DEMO_WARMUP_DAYS + DEMO_DAYS, DEMO_SEED)
    begun = log.groupby("case:concept:name")["time:start_timestamp"].transform("min")
    return log[begun >= pd.Timestamp(DEMO_START)].reset_index(drop=True)
