"""Lead times that account for censoring: the Kaplan–Meier estimator per procedure.

A client still open at the cap of the run-out is *censored*: we know only that their lead time
is longer than what we saw, so a plain mean that counts them with the time seen so far is a
lower bound. The Kaplan–Meier estimator (Kaplan and Meier 1958) uses each censored client for
exactly what is known: they were still open at that time. From its survival curve S(t), the
share of clients still open t days after arrival, we report

- the *restricted mean* up to the horizon τ, ∫₀^τ S(t) dt: the mean lead time, counting a case
  longer than τ as τ. τ is the longest follow-up the run allows (from the end of the warm-up to
  the cap), so with nothing censored it is exactly the plain mean;
- the *median*: the first time at which S(t) ≤ ½, where the curve gets that low.

Each replication gives one estimate; the runner puts the usual t interval across replications
on them, as for every other number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Survival:
    """The Kaplan–Meier summary of one procedure in one replication (days)."""

    restricted_mean: float | None
    """∫₀^horizon S(t) dt; ``None`` when nobody was followed."""
    median: float | None
    """First time with S(t) ≤ ½; ``None`` when the curve stays above ½ (too many censored)."""
    horizon: float


def kaplan_meier(times: np.ndarray, finished: np.ndarray, horizon: float) -> Survival:
    """Summarise lead ``times`` (``finished`` false for the censored) up to ``horizon``.

    At a time where some finish and others are censored, those finishing count first (the
    censored were still at risk then), as is usual. Beyond the last time seen the curve keeps
    its last value; the horizon lies at most a day past the earliest arrivals' follow-up, so
    this adds next to nothing.
    """
    times = np.asarray(times, dtype=float)
    finished = np.asarray(finished, dtype=bool)
    if not len(times):
        return Survival(None, None, horizon)
    ordered = np.sort(times)
    at, count = np.unique(times[finished], return_counts=True)
    at_risk = len(times) - np.searchsorted(ordered, at, side="left")
    survival = np.cumprod(1.0 - count / at_risk)
    # the curve is 1 until the first finish, then survival[j] from at[j] to at[j + 1]
    edges = np.minimum(np.append(at, horizon), horizon)
    area = float(edges[0] + np.sum(survival * np.diff(edges))) if len(at) else horizon
    below = np.flatnonzero(survival <= 0.5)
    return Survival(area, float(at[below[0]]) if len(below) else None, horizon)
