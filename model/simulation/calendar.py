"""The working calendar: a clock that runs only while the centre is open, and the law's dates.

The simulation clock counts *working minutes*: minute 0 is the opening of the first open day
and every open day adds its length (480 min for 7:30–15:30). Nights, weekends and holidays
do not exist on this clock, so durations and delays, which are working time, are plain
timeouts and no event is spent on closing and reopening. Dates come back only where the law
needs them: a working minute maps to an open day and a time of day, and statutory deadlines
are counted on the civil calendar as KPA art. 57 counts them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import holidays as public_holidays

from model.config.errors import ConfigError, Problem
from model.config.quantities import Span
from model.config.schema import Calendar
from model.i18n import msg

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60
LEGAL_MARGIN_YEARS = 3  # deadlines may end long after the simulated period


def _minute_of_day(time: dt.time) -> int:
    return time.hour * 60 + time.minute


@dataclass(frozen=True)
class LegalCalendar:
    """Polish public holidays and the counting of statutory deadlines (KPA art. 57).

    Working days are the days other than Saturdays, Sundays and the public holidays of the
    Act of 18 January 1951 on days free from work, whatever days the office itself keeps
    open: the law counts them, not the centre.
    """

    holidays: frozenset[int]
    """Ordinals of the public holidays (Sundays are holidays by statute anyway)."""

    @classmethod
    def poland(cls, first_year: int, last_year: int) -> LegalCalendar:
        days = public_holidays.Poland(years=range(first_year, last_year + 1))
        return cls(frozenset(day.toordinal() for day in days))

    def is_working_day(self, ordinal: int) -> bool:
        # ordinal 1 (0001-01-01) is a Monday, so (ordinal - 1) % 7 is the weekday, Monday = 0
        return (ordinal - 1) % 7 < 5 and ordinal not in self.holidays

    def due(self, start: int, span: Span) -> int:
        """Ordinal of the last day of ``span`` counted from the event on day ``start``.

        The event's own day is not counted (KPA art. 57 § 1). Working days are counted one by
        one (Dz.U. 2021 poz. 893 § 3 "w terminie 14 dni roboczych"). A month ends on the day
        with the same number, or on the month's last day when there is none (art. 57 § 3).
        A deadline in days or months that ends on a Saturday or a public holiday moves to the
        next working day (art. 57 § 4; Saturdays count as days off since 1.06.2017).
        """
        amount = int(round(span.amount))
        if span.unit == "working_days":
            day = start
            while amount > 0:
                day += 1
                amount -= self.is_working_day(day)
            return day
        if span.unit == "days":
            day = start + amount
        elif span.unit == "months":
            day = _add_months(dt.date.fromordinal(start), amount).toordinal()
        else:
            raise ValueError(f"a deadline in {span.unit} is not counted in days")
        while not self.is_working_day(day):
            day += 1
        return day


def _add_months(date: dt.date, months: int) -> dt.date:
    index = date.month - 1 + months
    year, month = date.year + index // 12, index % 12 + 1
    for day in range(date.day, 27, -1):  # 31 January + 1 month ends on the last day of February
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return dt.date(year, month, date.day)


@dataclass(frozen=True)
class WorkingCalendar:
    """The open days of the simulated period and the mapping of working minutes to dates."""

    day_minutes: int
    """Length of an open day: the clock's minutes per day."""
    opens_at: int
    """Minute of the civil day at which the office opens (0 for a 24/7 calendar)."""
    open_days: tuple[int, ...]
    """Ordinals of the simulated open days, in order."""
    week_minutes: int
    """Open minutes in an ordinary week, to turn clients per week into a rate per minute."""
    field_window: tuple[int, int] | None
    """Field hours as minutes after opening: interviews at home happen only then."""
    legal: LegalCalendar = field(repr=False)

    @classmethod
    def build(cls, calendar: Calendar, days: int, file: str = "<memory>") -> WorkingCalendar:
        """The calendar of ``days`` civil days from ``calendar.start_date``."""
        start = calendar.start_date
        last = start + dt.timedelta(days=days - 1)
        legal = LegalCalendar.poland(start.year, last.year + LEGAL_MARGIN_YEARS)
        ordinals = range(start.toordinal(), last.toordinal() + 1)
        if calendar.kind == "always":
            day_minutes, opens_at, week_minutes, open_days = MINUTES_PER_DAY, 0, 7 * MINUTES_PER_DAY, tuple(ordinals)
        else:
            opens_at = _minute_of_day(calendar.open)
            day_minutes = _minute_of_day(calendar.close) - opens_at
            if day_minutes <= 0:
                raise ConfigError(Problem(file, calendar.line_of("close"), msg("error.calendar.close")))
            weekdays = {WEEKDAYS.index(day) for day in calendar.days}
            closed = legal.holidays if calendar.holidays == "PL" else frozenset()
            open_days = tuple(o for o in ordinals if (o - 1) % 7 in weekdays and o not in closed)
            week_minutes = len(weekdays) * day_minutes
        if not open_days:
            raise ConfigError(Problem(file, calendar.line, msg("error.calendar.never_open", days=days)))
        return cls(
            day_minutes, opens_at, open_days, week_minutes, _field_window(calendar, opens_at, day_minutes, file), legal
        )

    @property
    def horizon(self) -> float:
        """Working minutes in the whole simulated period."""
        return len(self.open_days) * self.day_minutes

    def minutes_before(self, civil_days: int) -> float:
        """Working minutes in the first ``civil_days`` days (the warm-up)."""
        limit = self.open_days[0] + civil_days
        return sum(o < limit for o in self.open_days) * self.day_minutes

    def day(self, minute: float, finishing: bool = False) -> int:
        """Index of the open day at working ``minute``.

        A piece of work that ends exactly at closing time (``finishing``) belongs to that
        day, not to the next morning, which is the same instant on this clock.
        """
        index = int(minute // self.day_minutes)
        if finishing and index and index * self.day_minutes == minute:
            index -= 1
        return min(index, len(self.open_days) - 1)

    def civil_minute(self, minute: float, finishing: bool = False) -> float:
        """Minutes of civil time since midnight of the first open day: what a client lives through."""
        index = self.day(minute, finishing)
        return (
            (self.open_days[index] - self.open_days[0]) * MINUTES_PER_DAY
            + self.opens_at
            + minute
            - index * self.day_minutes
        )

    def until_field(self, minute: float) -> float:
        """Working minutes until field hours next begin (0 within field hours)."""
        start, end = self.field_window  # type: ignore[misc]
        offset = minute % self.day_minutes
        if offset < start:
            return start - offset
        if offset >= end:
            return self.day_minutes - offset + start
        return 0.0

    def field_left(self, minute: float) -> float:
        """Working minutes left in the current field hours."""
        return self.field_window[1] - minute % self.day_minutes  # type: ignore[index]


def _field_window(calendar: Calendar, opens_at: int, day_minutes: int, file: str) -> tuple[int, int] | None:
    if calendar.field_hours is None:
        return None
    start, end = (min(max(_minute_of_day(t) - opens_at, 0), day_minutes) for t in calendar.field_hours)
    if end <= start:
        raise ConfigError(Problem(file, calendar.line_of("field_hours"), msg("error.calendar.field_hours")))
    return start, end
