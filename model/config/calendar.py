"""The working calendar: the one place where a span of time becomes time on the clock.

The simulation clock counts *working minutes*: minute 0 is the opening of the first open day
and every open day adds its length (480 min for 7:30–15:30). Nights, weekends and holidays
do not exist on this clock, so staff effort (``min``, ``h``) is a plain timeout and no event is
spent on closing and reopening. Everything counted in days goes through the civil calendar
(see :mod:`model.config.quantities` for the units):

- a delay (:meth:`WorkingCalendar.after`) of ``3 d`` begun on Friday at 14:00 ends on Monday at
  14:00, civil time, wherever that falls on the clock; ``2 wd`` skips the days off as the law
  counts them; ``1 month`` ends on the day with the same number;
- a statutory deadline (:meth:`LegalCalendar.due`) ends on a day counted as KPA art. 57 counts
  it, or on the calendar date a provision fixes by the day of the event (art. 26 of the
  family-benefits act for the new benefit period, :mod:`model.law.benefit_period`), and the validation rule TIME001 asks the same questions of the same calendar
  (:meth:`WorkingCalendar.kept`) as the simulation does of each client.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache, cached_property

from model.config.errors import ConfigError, Problem
from model.config.quantities import Span
from model.config.schema import Calendar
from model.i18n import msg
from model.law import Provision
from model.law.benefit_period import dated_due

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60
LEGAL_MARGIN_YEARS = 3  # deadlines may end long after the simulated period
TYPICAL_WEEKS = 12


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
    """Ordinals of the public holidays of the years built for (Sundays are holidays anyway)."""
    first: int = 0
    last: int = -1
    """Ordinals of the first and last day of those years; a day outside asks its own year."""

    @classmethod
    def poland(cls, first_year: int, last_year: int) -> LegalCalendar:
        days = frozenset().union(*(_holiday_ordinals(year) for year in range(first_year, last_year + 1)))
        return cls(days, dt.date(first_year, 1, 1).toordinal(), dt.date(last_year, 12, 31).toordinal())

    def is_working_day(self, ordinal: int) -> bool:
        # ordinal 1 (0001-01-01) is a Monday, so (ordinal - 1) % 7 is the weekday, Monday = 0
        if (ordinal - 1) % 7 >= 5:
            return False
        if self.first <= ordinal <= self.last:
            return ordinal not in self.holidays
        return ordinal not in _holiday_ordinals(dt.date.fromordinal(ordinal).year)

    def count(self, start: int, span: Span) -> int:
        """Ordinal of the day whole ``span`` after day ``start``, not moved off a day off.

        The event's own day is not counted (KPA art. 57 § 1): 3 days from the 2nd end on the 5th.
        Working days are counted one by one, skipping the days off; weeks are 7 days (§ 2); a
        month ends on the day with the same number, or on the month's last day (§ 3).
        """
        amount = int(span.amount)
        if span.unit == "working_days":
            day = start
            while amount > 0:
                day += 1
                amount -= self.is_working_day(day)
            return day
        if span.unit == "days":
            return start + amount
        if span.unit == "months":
            return _add_months(dt.date.fromordinal(start), amount).toordinal()
        raise ValueError(f"a span in {span.unit} is not counted in days")

    def due(self, start: int, span: Span, dates: Provision | None = None) -> int:
        """Ordinal of the last day of a deadline of ``span`` counted from the event on day ``start``.

        Working days as in Dz.U. 2021 poz. 893 § 3 ("w terminie 14 dni roboczych"); a deadline
        in days or months that ends on a Saturday or a public holiday moves to the next working
        day (art. 57 § 4; Saturdays count as days off since 1.06.2017). Where ``dates`` (a
        deadline's ``dates:``, e.g. art. 26 of the family-benefits act) fixes a calendar date for
        an event on ``start``, that date is the last day instead.
        """
        if dates is not None:
            fixed = dated_due(dates, dt.date.fromordinal(start))
            if fixed is not None:
                return fixed.toordinal()
        day = self.count(start, span)
        while not self.is_working_day(day):
            day += 1
        return day

    def working_days_between(self, first: int, last: int) -> int:
        """Working days after day ``first`` up to day ``last`` included: how the law counts them."""
        return sum(self.is_working_day(day) for day in range(first + 1, last + 1))


def public_holidays(year: int) -> list[dt.date]:
    """The public holidays of ``year`` (from 1990) by the Act of 18 January 1951 on days free from
    work, art. 1, as amended: Epiphany since 2011 (act of 24.09.2010), Christmas Eve since 2025
    (act of 6.12.2024), and 12 November 2018 once (act of 6.11.2018). Sundays are free anyway.

    Computed here rather than by the ``holidays`` package, whose import and tables cost a quarter
    of a second that ``validate`` (rule TIME001) should not pay; a test compares the two.
    """
    easter = _easter(year)
    days = [
        dt.date(year, 1, 1),
        easter,
        easter + dt.timedelta(days=1),  # Easter Monday
        dt.date(year, 5, 1),
        dt.date(year, 5, 3),
        easter + dt.timedelta(days=49),  # Pentecost (Zielone Świątki)
        easter + dt.timedelta(days=60),  # Corpus Christi
        dt.date(year, 8, 15),
        dt.date(year, 11, 1),
        dt.date(year, 11, 11),
        dt.date(year, 12, 25),
        dt.date(year, 12, 26),
    ]
    if year >= 2011:
        days.append(dt.date(year, 1, 6))
    if year >= 2025:
        days.append(dt.date(year, 12, 24))
    if year == 2018:
        days.append(dt.date(2018, 11, 12))
    return sorted(days)


@cache
def _holiday_ordinals(year: int) -> frozenset[int]:
    return frozenset(day.toordinal() for day in public_holidays(year))


def _easter(year: int) -> dt.date:
    """Easter Sunday in the Gregorian calendar (the anonymous algorithm of Meeus, Jones and Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    r = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * r) // 451
    month, day = divmod(h + r - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


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

    # --- spans on the clock: delays and deadlines ----------------------------------------------

    def at(self, ordinal: int, minute_of_day: float) -> float:
        """The working minute of a civil moment; when the office is closed then, its next opening."""
        index = bisect_left(self.open_days, ordinal)
        if index == len(self.open_days):
            return self.horizon
        if self.open_days[index] != ordinal:
            return float(index * self.day_minutes)
        return index * self.day_minutes + min(max(minute_of_day - self.opens_at, 0.0), self.day_minutes)

    def after(self, minute: float, span: Span) -> float:
        """The working minute at which a delay of ``span`` begun at working ``minute`` ends.

        Working time (``min``, ``h``) runs on the clock. Calendar days (``d``, ``w``) and months
        run on the civil calendar and keep the time of day: ``3 d`` from Friday 14:00 end on
        Monday 14:00, ``1 d`` from Friday 14:00 ends on Saturday 14:00, which on an office clock
        is Monday's opening. Whole working days (``wd``) are counted as the law counts them
        (:meth:`LegalCalendar.count`) and keep the time of day; a fraction of one is that share
        of an open day (``0.5 wd`` is four hours of an 8-hour office day).
        """
        if span.unit == "minutes":
            return minute + span.amount
        if minute >= self.horizon:
            return minute
        index = self.day(minute)
        ordinal, of_day = self.open_days[index], self.opens_at + minute - index * self.day_minutes
        if span.unit == "days":
            civil = of_day + span.amount * MINUTES_PER_DAY
            days = int(civil // MINUTES_PER_DAY)
            return self.at(ordinal + days, civil - days * MINUTES_PER_DAY)
        end = self.at(self.legal.count(ordinal, span), of_day)
        return end + (span.amount - int(span.amount)) * self.day_minutes  # months are whole

    @cached_property
    def keeps_working_days(self) -> bool:
        """Open on exactly the law's working days (an ordinary office): one ``wd`` is one open day."""
        days = range(self.open_days[0], self.open_days[-1] + 1)
        return self.open_days == tuple(day for day in days if self.legal.is_working_day(day))

    def fixed(self, span: Span) -> float | None:
        """The working minutes of ``span`` when they do not depend on when it starts, else ``None``.

        Working time is fixed; so are working days on a clock open on exactly the working days.
        """
        if span.unit == "minutes":
            return span.amount
        if span.unit == "working_days" and self.keeps_working_days:
            return span.amount * self.day_minutes
        return None

    def typical(self, span: Span) -> float:
        """Mean working minutes of a delay of ``span``, over starts spread across the first weeks.

        For what only needs the mean (Little's law for the open cases at the start): four starts
        a day over the open days of the first twelve weeks. A span longer than the calendar is
        taken at the ordinary week's rate.
        """
        fixed = self.fixed(span)
        if fixed is not None:
            return fixed
        limit = self.open_days[0] + TYPICAL_WEEKS * 7
        lengths = [
            end - start
            for index, day in enumerate(self.open_days)
            if day < limit
            for start in ((index + (k + 0.5) / 4) * self.day_minutes for k in range(4))
            if (end := self.after(start, span)) < self.horizon
        ]
        if lengths:
            return sum(lengths) / len(lengths)
        days = {"working_days": 7 / 5, "days": 1.0, "months": 365.25 / 12}[span.unit] * span.amount
        return days * self.week_minutes / 7

    def last_day(self, span: Span, start: float, from_completion: bool = False, dates: Provision | None = None) -> int:
        """Ordinal of the last day of a deadline of ``span`` that starts counting at working ``start``.

        The count starts on the day of the event: the arrival, or the completion of a step
        (``from_completion``: a step that ends at closing time ended that day, not the next).
        A deadline in working time ends on the day its minutes run out; ``dates`` as in
        :meth:`LegalCalendar.due`.
        """
        if span.unit == "minutes":
            return self.open_days[self.day(start + span.amount, finishing=True)]
        return self.legal.due(self.open_days[self.day(start, from_completion)], span, dates)

    def kept(
        self, span: Span, start: float, end: float, from_completion: bool = False, dates: Provision | None = None
    ) -> bool:
        """Whether work that ends at working minute ``end`` kept a deadline counted from ``start``.

        The simulation asks the same of every client (it keeps :meth:`LegalCalendar.due` per
        open day for speed, see :class:`~model.simulation.stats.Tally`).
        """
        if span.unit == "minutes":
            return end - start <= span.amount
        return self.open_days[self.day(end, finishing=True)] <= self.last_day(span, start, from_completion, dates)


def open_hours(calendar: Calendar, year: int, file: str = "<memory>") -> float:
    """Open hours of ``year`` on ``calendar`` (its days off and holidays excluded): one FTE's year of
    working time on the clock the simulation runs on, for the workload balance."""
    first = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - first).days
    return WorkingCalendar.build(calendar.model_copy(update={"start_date": first}), days, file).horizon / 60


def _field_window(calendar: Calendar, opens_at: int, day_minutes: int, file: str) -> tuple[int, int] | None:
    if calendar.field_hours is None:
        return None
    start, end = (min(max(_minute_of_day(t) - opens_at, 0), day_minutes) for t in calendar.field_hours)
    if end <= start:
        raise ConfigError(Problem(file, calendar.line_of("field_hours"), msg("error.calendar.field_hours")))
    return start, end
