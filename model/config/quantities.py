"""Time quantities as people write them, and what each unit means (one meaning, everywhere).

- ``min``, ``h``: **working time**, e.g. staff effort; on the simulation clock a plain span.
- ``wd`` (``dni robocze``): **working days** as the law counts them: days other than Saturdays,
  Sundays and public holidays (KPA art. 57 § 4; Dz.U. 2021 poz. 893 § 3 "14 dni roboczych").
  As staff effort a working day is the 8-hour norm of art. 129 § 1 of the Labour Code.
- ``d`` (``dni``): **calendar days**, for delays and deadlines alike; ``w``: 7 calendar days.
- ``month`` (``mies.``): a calendar month as KPA art. 57 § 3 counts it, to the day with the same
  number, or to the month's last day when there is none.

A :class:`Span` keeps its unit; :mod:`model.config.calendar` is the one place that turns a
span into time on the working clock (delays) or into a last day (deadlines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from model.i18n import t

MINUTES_PER_WORKING_DAY = 8 * 60
"""A working day of staff effort: the 8-hour norm (Kodeks pracy art. 129 § 1)."""

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
    "dzień roboczy": ("working_days", 1),
    "d": ("days", 1),
    "day": ("days", 1),
    "days": ("days", 1),
    "dni": ("days", 1),
    "dzień": ("days", 1),
    "w": ("days", 7),
    "week": ("days", 7),
    "weeks": ("days", 7),
    "tyg": ("days", 7),
    "tydzień": ("days", 7),
    "tygodnie": ("days", 7),
    "tygodni": ("days", 7),
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
    """An amount of time in its unit: working minutes, working days, calendar days or months."""

    amount: float
    unit: SpanUnit

    def __str__(self) -> str:
        """``14 dni roboczych``, ``2 dni robocze``, ``1 miesiąc``: Polish, declined (model.i18n)."""
        return t(f"span.{self.unit}", "pl", amount=self.amount)


def parse_span(value: object) -> Span:
    """Parse ``"14 wd"``, ``"1 month"``, ``"20 min"`` or a bare number of minutes.

    >>> parse_span("14 wd")
    Span(amount=14.0, unit='working_days')
    >>> parse_span("2 w")
    Span(amount=14.0, unit='days')
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
    return _span_text(value)


@lru_cache(maxsize=1024)
def _span_text(value: str) -> Span:
    """A written time read once (a centre's procedures write a few dozen, read on every load, issue
    23); a :class:`Span` is frozen, so all share it. A text that fails is not remembered."""
    match = _PATTERN.match(value)
    if not match:
        raise ValueError(f"cannot read {value!r} as a time; write e.g. '20 min', '2 h', '3 wd', '14 d', '1 month'")
    amount = float(match.group(1).replace(",", "."))
    unit_text = (match.group(2) or "min").strip().lower().rstrip(".")
    if unit_text not in _UNITS:
        raise ValueError(
            f"unknown time unit {unit_text!r} in {value!r}; use min or h (working time), wd (working days), "
            "d (calendar days), w (weeks) or month"
        )
    unit, factor = _UNITS[unit_text]
    if unit == "months" and amount != int(amount):
        raise ValueError(f"{value!r}: months count whole (KPA art. 57 § 3); write days instead")
    return Span(amount * factor, unit)


def working_minutes(value: object) -> float:
    """Parse working time (staff effort, waiting targets) into minutes: ``min``, ``h``, or ``wd`` of eight hours.

    Calendar days, weeks and months are not effort: ``3 d`` is an error, not 24 hours of work.

    >>> working_minutes("2 h")
    120.0
    >>> working_minutes("1 wd")
    480.0
    """
    span = parse_span(value)
    if span.unit == "minutes":
        return span.amount
    if span.unit == "working_days":
        return span.amount * MINUTES_PER_WORKING_DAY
    raise ValueError(f"{value!r} is calendar time; effort and waits are working time: write min, h or wd")
