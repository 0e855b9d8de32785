"""The one place calibration calls the simulation engine: a run that keeps an event log.

The engine's :class:`~model.simulation.stats.Tally` keeps sums only; a calibration needs what a
case system would have recorded, so :class:`RecordingTally` also writes one row per step done
(case, procedure, step, start, completion). The synthetic demonstration log and the simulated
side of the fit report both come from here, so they are read by the same estimator as a real log.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from model.config.loader import Scenario
from model.simulation.engine import Replication
from model.simulation.network import compile_network
from model.simulation.stats import Client, Tally


class RecordingTally(Tally):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.case_of: dict[Client, int] = {}
        self.open: dict[Client, list] = {}
        self.rows: list[list] = []

    def arrived(self, me: Client) -> None:
        super().arrived(me)
        self.case_of[me] = len(self.case_of) + 1

    def started(self, me: Client, now: float) -> None:
        # the engine's warm start puts caseload clients in progress without an arrival
        case = self.case_of.setdefault(me, len(self.case_of) + 1)
        row = [case, me.procedure.spec.id, me.stage.key.split("/", 1)[1], now, None]
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


class _Recording(Replication):
    """A replication that keeps an event log and may start with clients already in progress.

    Open cases enter through the engine's warm start (:meth:`Replication.resume`) at the step they
    are at, at time 0, with that step's whole delay still to pass: an assumption the forecast states.
    """

    def __init__(self, network, seed: int, replication: int, open_cases: tuple[tuple[str, str], ...] = ()):
        super().__init__(network, seed, replication)
        recording = RecordingTally(network, len(self.stages))
        recording.live.update(self.tally.live)  # caseload clients the engine already put in progress
        self.tally = recording
        flows = {flow.spec.id: flow for flow in self.flows}
        for procedure, step in open_cases:
            flow = flows[procedure]
            self.resume(flow, next(i for i, st in enumerate(flow.spec.steps) if st.key == f"{procedure}/{step}"), 0.0)


def event_log(
    scenario: Scenario,
    start: dt.date,
    days: int,
    seed: int,
    replication: int = 0,
    open_cases: tuple[tuple[str, str], ...] = (),
) -> pd.DataFrame:
    """Simulate ``days`` civil days from ``start`` and return the log a case system would hold.

    Columns are the XES names; case ids are ``S<replication>-<n>`` (synthetic, not personal).
    Steps not completed when the period ends are left out, as an export would leave them out.
    ``open_cases`` (procedure, step) start in progress; they are the first cases, numbered from 1.
    """
    config = scenario.config.model_copy(
        update={"calendar": scenario.config.calendar.model_copy(update={"start_date": start})}
    )
    network = compile_network(
        Scenario(config, scenario.procedures, scenario.path, scenario.functions, scenario.law), days, 0, {}
    )
    run = _Recording(network, seed, replication, open_cases)
    run.run()
    calendar = network.calendar
    origin = pd.Timestamp(dt.date.fromordinal(calendar.open_days[0]))
    rows = [r for r in run.tally.rows if r[4] is not None]
    frame = pd.DataFrame(rows, columns=["case", "procedure", "step", "start", "end"])
    to_civil = calendar.civil_minute
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
    config = scenario.config.model_copy(update={"calendar": calendar})
    return Scenario(config, scenario.procedures, scenario.path, scenario.functions, scenario.law)
