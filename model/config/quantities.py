"""Time quantities as people write them: ``20 min``, ``2 h``, ``3 d``, ``14 wd``, ``1 month``.

Durations of work are *working* time, kept in minutes; a working day is the office day
(7:30–15:30, eight hours). Statutory deadlines are counted as the law counts them, so a
:class:`Span` keeps its unit: working days for the environmental interview (Dz.U. 2021
poz. 893, § 3), calendar days for appeals, a calendar month for KPA art. 35 § 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

MINUTES_PER_WORKING_DAY = 8 * 60
WORKING_DAYS_PER_WEEK = 5
WORKING_DAYS_PER_MONTH = 21  # used only for static estimates; the simulation uses the calendar

SpanUnit = Literal["minutes", "working_days", "days", "months"]

_UNITS: dict[str, tuple[SpanUnit, float]] = {
    "min": ("minutes", 1),
    "mins": ("minutes", 1),
    "minute": ("minutes", 1),
    "minutes": ("minutes", 1),
    "m": ("minutes", 1),
    "h": ("minutes", 60),
    "hour": ("minutes", 60),
    "hours": ("minutes", 60),
    "godz": ("minutes", 60),
    "wd": ("working_days", 1),
    "working day": ("working_days", 1),
    "working days": ("working_days", 1),
    "dni roboczych": ("working_days", 1),
    "dni robocze": ("working_days", 1),
    "d": ("days", 1),
    "day": ("days", 1),
    "days": ("days", 1),
    "dni": ("days", 1),
    "dzień": ("days", 1),
    "w": ("days", 7),
    "week": ("days", 7),
    "weeks": ("days", 7),
    "tyg": ("days", 7),
    "mo": ("months", 1),
    "month": ("months", 1),
    "months": ("months", 1),
    "mies": ("months", 1),
    "miesiąc": ("months", 1),
    "miesiące": ("months", 1),
    "miesięcy": ("months", 1),
}
_PATTERN = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([^\d\s].*?)?\s*$")


@dataclass(frozen=True)
class Span:
    """An amount of time in a legal unit (minutes, working days, calendar days or months)."""

    amount: float
    unit: SpanUnit

    def working_minutes(self) -> float:
        """A rough equivalent in working minutes, for static checks only."""
        if self.unit == "minutes":
            return self.amount
        days = {"working_days": 1.0, "days": WORKING_DAYS_PER_WEEK / 7, "months": WORKING_DAYS_PER_MONTH}[
            self.unit
        ] * self.amount
        return days * MINUTES_PER_WORKING_DAY

    def __str__(self) -> str:
        amount = f"{self.amount:g}"
        return {
            "minutes": f"{amount} min",
            "working_days": f"{amount} dni roboczych",
            "days": f"{amount} dni",
            "months": f"{amount} mies.",
        }[self.unit]


def parse_span(value: object) -> Span:
    """Parse ``"14 wd"``, ``"1 month"``, ``"20 min"`` or a bare number of minutes.

    >>> parse_span("14 wd")
    Span(amount=14.0, unit='working_days')
    >>> parse_span(90)
    Span(amount=90.0, unit='minutes')
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a time such as '20 min', got {value!r}")
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError("time cannot be negative")
        return Span(float(value), "minutes")
    if not isinstance(value, str):
        raise ValueError(f"expected a time such as '20 min' or '14 wd', got {value!r}")
    match = _PATTERN.match(value)
    if not match:
        raise ValueError(f"cannot read {value!r} as a time; write e.g. '20 min', '2 h', '3 d', '14 wd', '1 month'")
    amount = float(match.group(1).replace(",", "."))
    unit_text = (match.group(2) or "min").strip().lower().rstrip(".")
    if unit_text not in _UNITS:
        raise ValueError(f"unknown time unit {unit_text!r} in {value!r}; use min, h, d, wd, w or month")
    unit, factor = _UNITS[unit_text]
    return Span(amount * factor, unit)


def working_minutes(value: object) -> float:
    """Parse a duration of work into working minutes (``3 d`` is three eight-hour working days).

    >>> working_minutes("2 h")
    120.0
    >>> working_minutes("1 d")
    480.0
    """
    span = parse_span(value)
    if span.unit == "months":
        raise ValueError(f"{value!r}: a duration of work is given in min, h or d, not months")
    if span.unit == "minutes":
        return span.amount
    return span.amount * MINUTES_PER_WORKING_DAY  # in a duration of work, a day is a working day
