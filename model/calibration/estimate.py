"""From a matched log to figures per procedure: arrivals, branches, efforts, delays, lead times.

Every figure is an unbiased sample estimate over the cases that started in the period
(``--from``/``--to``, default the log's span): arrivals per week = cases ÷ open days × open days
a week; branch p = transitions ÷ departures from the step; effort = start → completion in
working minutes; delay = previous completion → start (working minutes; working days when the log
has dates only) — it includes any queueing, so the fit report shows whether that matters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from model.calibration.fitting import Fit, fit
from model.calibration.log import EventLog
from model.calibration.matching import match
from model.calibration.worktime import WorkTime, ordinals
from model.config.errors import ConfigError, Problem
from model.config.loader import Scenario
from model.config.schema import END, Procedure
from model.i18n import Message, msg


@dataclass
class StepEstimate:
    """What the log says of one step: how often it was done, its effort, its delay, where cases went next."""

    count: int
    duration: Fit | None
    delay_minutes: float | None
    delay_working_days: float | None
    next: list[tuple[str, float, int]]
    """``(target, p, transitions)``, ``end`` for leaving."""

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"count": self.count}
        if self.duration:
            found["duration"] = self.duration.to_dict()
        if self.delay_minutes is not None:
            found["delay_minutes"] = round(self.delay_minutes, 1)
        if self.delay_working_days is not None:
            found["delay_working_days"] = round(self.delay_working_days, 2)
        found["next"] = [{"to": to, "p": round(p, 4), "n": n} for to, p, n in self.next]
        return found


@dataclass
class ProcedureEstimate:
    """What the log says of one procedure, over the cases begun in the period."""

    cases: int
    completed: int
    arrivals_per_week: float
    steps: dict[str, StepEstimate]
    lead_time_days: np.ndarray
    """Civil days from the first to the last event of every completed case."""
    deadline_checks: int
    deadline_met: int

    def lead_quantile(self, share: float) -> float | None:
        """The lead time (days) that ``share`` of the completed cases kept within; ``None`` without any."""
        lead = self.lead_time_days
        return float(np.quantile(lead, share)) if len(lead) else None

    @property
    def deadline_met_share(self) -> float | None:
        return self.deadline_met / self.deadline_checks if self.deadline_checks else None

    def to_dict(self) -> dict[str, Any]:
        lead = self.lead_time_days
        return {
            "cases": self.cases,
            "completed": self.completed,
            "arrivals_per_week": round(self.arrivals_per_week, 3),
            "lead_time_days": {
                "median": _rounded(self.lead_quantile(0.5), 2),
                "p90": _rounded(self.lead_quantile(0.9), 2),
                "mean": round(float(lead.mean()), 2) if len(lead) else None,
            },
            "deadline_met_share": _rounded(self.deadline_met_share, 4),
            "deadline_checks": self.deadline_checks,
            "steps": {sid: s.to_dict() for sid, s in self.steps.items()},
        }


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


@dataclass
class Calibration:
    """A log estimated against a configuration, with what it could not place (for the report)."""

    source: str
    first: dt.date
    last: dt.date
    date_only: bool
    procedures: dict[str, ProcedureEstimate]
    unmatched_activities: dict[str, int]
    unplaced_cases: int
    steps_never_seen: dict[str, list[str]]
    open_cases: int
    open_first_row: int | None
    """Row of the last event of the first case with no end, for the warning."""
    notes: list[Message] = field(default_factory=list)
    """What could not be estimated, and other remarks for the report."""

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "source": self.source,
            "period": [self.first.isoformat(), self.last.isoformat()],
            "date_only": self.date_only,
            "procedures": {pid: p.to_dict() for pid, p in self.procedures.items()},
            "unmatched": {
                "activities": self.unmatched_activities,
                "cases": self.unplaced_cases,
                "steps_never_seen": self.steps_never_seen,
            },
            "open_cases": self.open_cases,
            "notes": [n.text(lang) for n in self.notes],
        }


def calibrate(
    log: EventLog, scenario: Scenario, first: dt.date | None = None, last: dt.date | None = None
) -> Calibration:
    """Every figure the log can give, per procedure, over the cases begun from ``first`` to ``last``
    (default: the log's span): a case begun earlier is only partly in the log, so it is left out.

    Parameters
    ----------
    log:
        The centre's event log, pseudonymised as it was read (:func:`model.calibration.log.read_log`).
    scenario:
        The configuration whose procedures the cases and activities are matched to (by step id or
        Polish name, ignoring case and diacritics).
    first, last:
        The period of case beginnings to estimate from.

    Returns
    -------
    Calibration
        Per procedure: arrivals, step durations, branch shares and lead times with what they rest
        on; and what could not be placed (activities, cases), for the fit report.

    Examples
    --------
    >>> from model import load_scenario
    >>> from model.calibration.log import read_log
    >>> log = read_log(
    ...     b"case:concept:name,concept:name,time:start_timestamp,time:timestamp\\n"
    ...     b"K/1/2025,przyjecie_wniosku,2025-03-03 08:00,2025-03-03 08:20\\n"
    ...     b"K/1/2025,wywiad,2025-03-04 09:00,2025-03-04 10:00\\n"
    ...     b"K/1/2025,decyzja,2025-03-05 09:00,2025-03-05 09:30\\n"
    ...     b"K/2/2025,przyjecie_wniosku,2025-03-03 09:00,2025-03-03 09:25\\n"
    ...     b"K/2/2025,wywiad_pilny,2025-03-03 10:00,2025-03-03 11:00\\n"
    ...     b"K/2/2025,Decyzja,2025-03-04 09:00,2025-03-04 09:20\\n"
    ...     b"K/2/2025,wyplata zasilku,2025-03-05 09:00,2025-03-05 09:10\\n",
    ...     "rejestr.csv",
    ... )
    >>> found = calibrate(log, load_scenario("org_configs/tarnowskie_gory_2017.yaml"))
    >>> sorted(found.procedures)  # each case placed in the procedure whose steps it walked
    ['posilek', 'zasilek_celowy']
    >>> found.procedures["zasilek_celowy"].steps["wywiad_pilny"].count
    1
    >>> found.unmatched_activities
    {'wyplata zasilku': 1}
    """
    frame, first, last = _cases_begun(log, first, last)
    matching = match(frame, scenario.procedures)
    frame["procedure_id"] = frame["case"].map(matching.procedure_of_case)
    frame["step"] = matching.step_of_event
    work = WorkTime.of(scenario.config.calendar, pd.Timestamp(first), pd.Timestamp(last))
    steps, open_last = _step_rows(frame, scenario, work)
    complete_cases = set(steps.loc[steps["last_of_case"] & ~open_last, "case"])
    days_open = work.open_days_between(pd.Timestamp(first), pd.Timestamp(last))
    estimates: dict[str, ProcedureEstimate] = {}
    for procedure in scenario.procedures:
        cases = int((matching.procedure_of_case == procedure.id).sum())
        if cases:
            own = steps[steps["procedure_id"] == procedure.id]
            estimates[procedure.id] = _procedure_estimate(procedure, own, cases, complete_cases, work, days_open, log)
    return Calibration(
        log.name,
        first,
        last,
        log.date_only,
        estimates,
        matching.unmatched_activities,
        matching.unplaced_cases,
        matching.steps_never_seen,
        int(open_last.sum()),
        int(steps.loc[open_last, "row"].min()) if open_last.any() else None,
        _notes(log),
    )


def _cases_begun(log: EventLog, first: dt.date | None, last: dt.date | None) -> tuple[pd.DataFrame, dt.date, dt.date]:
    """The log's events of the cases begun from ``first`` to ``last`` (the log's span by default),
    sorted by case and time, each with the moment its case arrived; and the period itself."""
    frame = log.frame.sort_values(["case", "end", "row"], kind="stable").reset_index(drop=True)
    begin = frame["start"].fillna(frame["end"])
    arrived = begin.groupby(frame["case"], sort=False).transform("min")
    first = first or arrived.min().date()
    last = last or frame["end"].max().date()
    if last < first:
        raise ConfigError(Problem(log.name, None, msg("error.calib.period", first=first, last=last)))
    inside = (arrived >= pd.Timestamp(first)) & (arrived < pd.Timestamp(last) + pd.Timedelta(days=1))
    frame = frame[inside].reset_index(drop=True)
    if frame.empty:
        raise ConfigError(Problem(log.name, None, msg("error.calib.no_cases", first=first, last=last)))
    frame["arrived"] = arrived[inside].reset_index(drop=True)
    return frame, first, last


def _step_rows(frame: pd.DataFrame, scenario: Scenario, work: WorkTime) -> tuple[pd.DataFrame, pd.Series]:
    """The events matched to steps, on the working clock, each with where the case went next
    (``to``: a step, ``end``, or nothing for a case still open) and the delay since the step before;
    and which rows are the last of a case that has not ended."""
    frame["end_minute"] = work.minutes(frame["end"])
    frame["start_minute"] = np.where(frame["start"].notna(), work.minutes(frame["start"].fillna(frame["end"])), np.nan)
    frame["end_day"] = work.days(frame["end"])
    steps = frame[frame["step"].notna()].reset_index(drop=True)
    same = steps["case"].shift(-1) == steps["case"]
    steps["to"] = steps["step"].shift(-1).where(same)
    steps["last_of_case"] = ~same
    ends = {(p.id, s.id) for p in scenario.procedures for s in p.steps if END in dict(s.branches)}
    pairs = pd.MultiIndex.from_arrays([steps["procedure_id"].astype(object), steps["step"].astype(object)])
    can_end = pd.Series(pairs.isin(list(ends)), index=steps.index)
    steps.loc[steps["last_of_case"] & can_end, "to"] = END
    previous_same = steps["case"].shift(1) == steps["case"]
    steps["delay_minutes"] = (steps["start_minute"] - steps["end_minute"].shift(1)).where(previous_same)
    steps["delay_days"] = (steps["end_day"] - steps["end_day"].shift(1)).where(previous_same)
    return steps, steps["last_of_case"] & ~can_end


def _procedure_estimate(
    procedure: Procedure,
    own: pd.DataFrame,
    cases: int,
    complete_cases: set[Any],
    work: WorkTime,
    days_open: float,
    log: EventLog,
) -> ProcedureEstimate:
    """A procedure's figures from its own step rows: per step, the lead time of its ended cases,
    the deadlines met, and its arrivals per week."""
    per_step = {
        step.id: _step_estimate(rows, log)
        for step in procedure.steps
        if not (rows := own[own["step"] == step.id]).empty
    }
    done = own[own["case"].isin(complete_cases)]
    spans = done.groupby("case")["end"].max() - done.groupby("case")["arrived"].min()
    lead = (spans.dt.total_seconds() / 86400).to_numpy()
    checks, met = _deadlines(procedure, own, work)
    return ProcedureEstimate(cases, len(lead), cases / days_open * work.days_per_week, per_step, lead, checks, met)


def _step_estimate(rows: pd.DataFrame, log: EventLog) -> StepEstimate:
    """A step's count, effort (fitted, when the log has start times), delay before it and branches."""
    efforts = (rows["end_minute"] - rows["start_minute"]).dropna().to_numpy()
    counts = rows["to"].dropna().value_counts()
    total = int(counts.sum())
    delay_minutes, delay_days = rows["delay_minutes"].dropna(), rows["delay_days"].dropna()
    return StepEstimate(
        count=len(rows),
        duration=fit(efforts) if log.has_start and len(efforts) else None,
        delay_minutes=float(delay_minutes.mean()) if log.has_start and len(delay_minutes) else None,
        delay_working_days=float(delay_days.mean()) if len(delay_days) else None,
        next=[(str(to), n / total, int(n)) for to, n in counts.items()] if total else [],
    )


def _notes(log: EventLog) -> list[Message]:
    if log.date_only:
        return [msg("calib.note.date_only")]
    if not log.has_start:
        return [msg("calib.note.no_start")]
    return []


def _deadlines(procedure, own: pd.DataFrame, work: WorkTime) -> tuple[int, int]:
    """Statutory deadlines checked and met: each step with a deadline, counted from its anchor."""
    checks = met = 0
    for step in procedure.steps:
        deadline = step.deadline
        if deadline is None or deadline.within is None:
            continue
        done = own[own["step"] == step.id].groupby("case")["end"].first()
        if deadline.from_ == "arrival":
            anchor = own.groupby("case")["arrived"].first()
        else:
            anchor = own[own["step"] == deadline.from_].groupby("case")["end"].first()
        pairs = pd.concat([anchor.rename("a"), done.rename("d")], axis=1, join="inner")
        if pairs.empty:
            continue
        span = deadline.within
        if span.unit == "minutes":
            late = work.minutes(pairs["d"]) - work.minutes(pairs["a"]) > span.amount
        else:
            anchors = ordinals(pairs["a"])
            due = {o: work.legal.due(int(o), span, deadline.dated) for o in set(anchors.tolist())}
            late = ordinals(pairs["d"]) > np.array([due[o] for o in anchors.tolist()])
        checks += len(pairs)
        met += int((~np.asarray(late)).sum())
    return checks, met
