"""Timestamps on the centre's working calendar: working minutes and working days.

Built on :class:`~model.config.calendar.LegalCalendar` (Polish public holidays) and the
configuration's office hours, so arrivals per week and durations mean what the simulation means.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.config.calendar import LegalCalendar, WorkingCalendar
from model.config.schema import Calendar


@dataclass(frozen=True)
class WorkTime:
    """The office's working clock over a log's years, vectorised for timestamps by the thousand."""

    open_days: np.ndarray
    """Ordinals of the open days from the first to the last year of the log."""
    opens_at: int
    day_minutes: int
    days_per_week: int
    legal: LegalCalendar

    @classmethod
    def of(cls, calendar: Calendar, first: pd.Timestamp, last: pd.Timestamp) -> WorkTime:
        """The office's open days from the year before ``first`` to two years after ``last``, as
        the simulation's :class:`~model.config.calendar.WorkingCalendar` keeps them."""
        start, stop = dt.date(first.year - 1, 1, 1), dt.date(last.year + 2, 12, 31)
        clock = WorkingCalendar.build(calendar.model_copy(update={"start_date": start}), (stop - start).days + 1)
        return cls(
            np.asarray(clock.open_days),
            clock.opens_at,
            clock.day_minutes,
            clock.week_minutes // clock.day_minutes,
            clock.legal,
        )

    def days(self, stamps: pd.Series) -> np.ndarray:
        """Open days before each timestamp's date (a working-day clock)."""
        return np.searchsorted(self.open_days, ordinals(stamps), side="left")

    def minutes(self, stamps: pd.Series) -> np.ndarray:
        """Working minutes since the clock's origin; outside office hours the clock stands still."""
        days = ordinals(stamps)
        before = np.searchsorted(self.open_days, days, side="left")
        is_open = self.open_days[np.minimum(before, len(self.open_days) - 1)] == days
        of_day = (stamps.dt.hour * 60 + stamps.dt.minute + stamps.dt.second / 60).to_numpy() - self.opens_at
        return before * self.day_minutes + np.where(is_open, np.clip(of_day, 0, self.day_minutes), 0)

    def open_days_between(self, first: pd.Timestamp, last: pd.Timestamp) -> int:
        """Open days from ``first`` to ``last``, both included."""
        lo = np.searchsorted(self.open_days, first.toordinal(), side="left")
        hi = np.searchsorted(self.open_days, last.toordinal(), side="right")
        return int(hi - lo)


def ordinals(stamps: pd.Series) -> np.ndarray:
    """Proleptic Gregorian ordinals (``date.toordinal()``) of the timestamps' dates, vectorised."""
    # days since 1970-01-01 plus the ordinal of that date
    return (stamps.to_numpy().astype("datetime64[D]").astype(np.int64) + 719163).astype(np.int64)
