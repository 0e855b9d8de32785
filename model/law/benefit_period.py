"""Art. 26 of the family-benefits act: the terms for an application for the new benefit period.

A family-benefit decision is not due a month after the application (art. 35 § 3 KPA) when the
application is for the new benefit period (from 1 November): art. 26 fixes calendar dates by the
date of the application. Since the period 2017/2018: to 31 August, the right is set and paid by
30 November; from 1 September to 31 October, by 31 December; from 1 November to 31 December, by
the last day of February. To the period 2016/2017: to 30 September, by 30 November; from
1 October to 30 November, by 31 December. Outside those windows the general month applies
(``None`` here).

The dates are kept as the act writes them ("do dnia 30 listopada"), not moved off a Sunday
(assumption; whether art. 57 § 4 KPA moves a date the act itself fixes: unverified).
"""

from __future__ import annotations

import calendar
import datetime as dt

from model.law import Provision, in_force

WINDOWS_KEY = "family_benefits.new_period"


def dated_due(law: Provision, applied: dt.date) -> dt.date | None:
    """The last day a provision that fixes dates by the day of the event (``law.value``: windows
    of ``(first "MM-DD", last "MM-DD", due "MM-DD" or "02-end")``) gives an event on ``applied``;
    None outside its windows or when that version fixes none."""
    for start, end, due in law.value or ():
        if _day(applied.year, start) <= applied <= _day(applied.year, end):
            year = applied.year + (1 if due < start else 0)
            if due == "02-end":
                return dt.date(year, 2, calendar.monthrange(year, 2)[1])
            return _day(year, due)
    return None


def fixes_dates(law: Provision) -> bool:
    """Whether a provision's value is windows of calendar dates :func:`dated_due` can read."""
    windows = law.value
    return isinstance(windows, list | tuple) and all(
        isinstance(w, tuple) and len(w) == 3 and all(isinstance(part, str) for part in w) for w in windows
    )


def new_period_due(applied: dt.date, on: dt.date | None = None) -> dt.date | None:
    """The last day to set and pay the right for an application made on ``applied``, in art. 26 as
    it read on ``on`` (the configuration's date; the day of the application when not given)."""
    law = in_force(WINDOWS_KEY, on or applied)
    return None if law is None else dated_due(law, applied)


def _day(year: int, month_day: str) -> dt.date:
    month, day = month_day.split("-")
    return dt.date(year, int(month), int(day))
