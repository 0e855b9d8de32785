"""The arithmetic of WHO's *Workload Indicators of Staffing Need* (WISN, user's manual, 2010).

The method turns workload into staff in five figures, each a small function here so that the
workload balance (:mod:`model.staffing.workload`) and a test reproducing the manual's worked
example use the same code:

1. **available working time** (AWT) of one staff member a year: working days less days off,
   times the hours of a working day;
2. the **standard workload** of each health-service (here: client) activity: how many units of
   it one staff member can do in a year, AWT / the time one unit takes;
3. the **category allowance factor** (CAF) for support activities every member of the category
   does, given as shares of working time (category allowance standards, CAS): 1 / (1 − Σ CAS);
4. the **individual allowance factor** (IAF) for additional activities only some members do,
   given as hours a year (individual allowance standards, IAS): Σ IAS / AWT;
5. **required staff** = Σ (annual workload / standard workload) × CAF + IAF, and the **WISN
   ratio** = existing staff / required staff (below 1: too few staff for the workload).
"""

from __future__ import annotations

import math
from collections.abc import Iterable


def available_working_time(
    working_days: float,
    hours_per_day: float,
    days_off: Iterable[float] = (),
) -> float:
    """Hours a year one full-time staff member is at work: (working days − Σ days off) × hours a day.

    ``days_off`` are the manual's B–E: public holidays on working days, annual leave, sick leave,
    other leave (training, official duties)."""
    return (working_days - sum(days_off)) * hours_per_day


def standard_workload(available_hours: float, unit_time_hours: float) -> float:
    """Units of an activity one staff member can do in a year: AWT / hours one unit takes."""
    return available_hours / unit_time_hours


def category_allowance_factor(shares: Iterable[float]) -> float:
    """1 / (1 − Σ CAS), the CAS being shares (0–1) of working time; infinite when they fill it."""
    total = sum(shares)
    return math.inf if total >= 1 else 1 / (1 - total)


def individual_allowance_factor(hours_per_year: Iterable[float], available_hours: float) -> float:
    """Staff that the additional activities take: Σ IAS (hours a year, all staff doing them) / AWT."""
    return sum(hours_per_year) / available_hours


def required_staff(workloads: Iterable[tuple[float, float]], category_factor: float, individual_factor: float) -> float:
    """Σ (annual workload / standard workload) × CAF + IAF, from ``(workload, standard)`` pairs."""
    return sum(amount / standard for amount, standard in workloads) * category_factor + individual_factor


def wisn_ratio(existing: float, required: float) -> float | None:
    """Existing / required staff; ``None`` when no staff are required (nothing to compare with)."""
    return existing / required if required > 0 else None
