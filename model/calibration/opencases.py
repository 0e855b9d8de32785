"""A snapshot of the cases open today: the step each is at, and when the case started.

CSV (or XLSX) with the columns ``case:concept:name``, ``case:procedure``, ``concept:name`` (the
step the case is at: id or Polish name) and ``case:start`` (the date the case began, from
which statutory deadlines count). Case ids are pseudonymised on reading and never kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from model.calibration.log import parse_times
from model.calibration.matching import key
from model.calibration.pseudonym import new_key, pseudonymise
from model.config.errors import ConfigError, Problem
from model.config.loader import Scenario
from model.config.tabular import read_table
from model.i18n import msg

NEEDED = ("case:concept:name", "case:procedure", "concept:name", "case:start")


@dataclass(frozen=True)
class SnapshotCase:
    """One open case of the snapshot (the simulation's own :class:`~model.simulation.network.OpenCase`
    is what it becomes: a procedure and a step on the working clock)."""

    case: str
    """The case's pseudonym: never the id in the file."""
    procedure: str
    step: str
    started: pd.Timestamp


@dataclass
class Snapshot:
    """The cases open on the day of the snapshot, pseudonymised."""

    cases: list[SnapshotCase]

    def counts(self) -> dict[str, dict[str, int]]:
        found: dict[str, dict[str, int]] = {}
        for (procedure, step), n in Counter((c.procedure, c.step) for c in self.cases).items():
            found.setdefault(procedure, {})[step] = n
        return found


def read_open_cases(data: bytes, name: str, scenario: Scenario, encoding: str | None = None) -> Snapshot:
    """The snapshot given as bytes (an upload or a file's content); a missing column, an unknown
    procedure or step, or a bad date is one problem with the file and its row."""
    name = Path(name).name
    if not data.strip():
        raise ConfigError(Problem(name, None, msg("error.calib.empty")))
    frame = read_table(data, name, encoding).frame
    missing = [c for c in NEEDED if c not in frame.columns]
    if missing:
        raise ConfigError(
            Problem(
                name, 1, msg("error.calib.open_cases_columns", needed=", ".join(NEEDED), found=", ".join(frame.columns))
            )
        )
    rows = pd.Series(range(2, len(frame) + 2), index=frame.index)
    started, _ = parse_times(frame["case:start"], "case:start", rows, name, required=True)
    cases = pseudonymise(frame["case:concept:name"].astype(str), new_key())
    found = []
    for index, record in frame.iterrows():
        procedure = scenario.procedure(record["case:procedure"].strip())
        if procedure is None:
            raise ConfigError(
                Problem(
                    name, int(rows[index]), msg("error.calib.open_cases_procedure", procedure=record["case:procedure"])
                )
            )
        wanted = key(record["concept:name"])
        step = next((s for s in procedure.steps if wanted in (key(s.id), key(s.name or ""))), None)
        if step is None:
            raise ConfigError(
                Problem(
                    name,
                    int(rows[index]),
                    msg("error.calib.open_cases_step", step=record["concept:name"], procedure=procedure.id),
                )
            )
        found.append(SnapshotCase(cases[index], procedure.id, step.id, started[index]))
    return Snapshot(found)
