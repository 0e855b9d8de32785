"""Art. 26 of the family-benefits act: the terms for an application for the new benefit period.

A family-benefit decision is not due a month after the application (art. 35 § 3 KPA) when the
application is for the new benefit period (from 1 November): art. 26 fixes calendar dates by the
date of the application – to 31 August, the right is set and paid by 30 November; from
1 September to 31 October, by 31 December; from 1 November to 31 December, by the last day of
February. Outside those windows, or in a year before the catalogue's version, the general month
applies (``None`` here).
"""

from __future__ import annotations

import calendar
import datetime as dt

from model.law import in_force


def new_period_due(applied: dt.date) -> dt.date | None:
    """The last day to set and pay the right for an application made on ``applied``, or None."""
    law = in_force("family_benefits.new_period", applied)
    if law is None or not law.value:
        return None
    for start, end, due in law.value:
        if _day(applied.year, start) <= applied <= _day(applied.year, end):
            year = applied.year + (1 if due < start else 0)
            if due == "02-end":
                return dt.date(year, 2, calendar.monthrange(year, 2)[1])
            return _day(year, due)
    return None


def _day(year: int, month_day: str) -> dt.date:
    month, day = month_day.split("-")
    return dt.date(year, int(month), int(day))
