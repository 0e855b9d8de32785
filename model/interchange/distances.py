"""Distances between two event logs, as process-simulation research measures a simulation model.

The definitions are those of the Simod authors' package *log-distance-measures* (D. Chapela-Campa,
AutomatedProcessImprovement, github.com/AutomatedProcessImprovement/log-distance-measures, v2,
Apache-2.0) and of their paper: D. Chapela-Campa, I. Benchekroun, O. Baron, M. Dumas, D. Krass,
A. Senderovich, "Can I trust my simulation model? Measuring the quality of business process
simulation models" (BPM Forum 2023). The package itself is not a dependency:
it pins pandas below 3, which this project has left behind. Each measure here is written from
its definition there, and the tests check the distance against SciPy's:

- **cycle time**: each case's end of its last event minus the start of its first, less the
  shortest of both logs, cut into bins (one hour); the Wasserstein (earth mover's) distance of
  the two samples of bins;
- **absolute event distribution**: every event's start and end, as whole hours since the hour
  of the earliest start of both logs; their Wasserstein distance;
- **circadian event distribution**: per weekday, the hours of the day (0–23) of every start and
  end; the Wasserstein distance per weekday (23 when only one log has events that day, 0 when
  neither has), averaged over the seven days;
- **arrival-time distribution**: each case's first start, in whole hours since the hour of the
  earliest of both logs; their Wasserstein distance;
- **n-gram distance** (n = 3): the trigrams of each case's activities in start order, padded
  with n − 1 empty symbols at both ends; the sum of absolute differences of their counts over the
  sum of both counts (0 equal, 1 nothing shared).

The logs are frames with columns ``case``, ``activity``, ``start`` and ``end`` (the start may be
missing: the end is then used), as :mod:`model.calibration.log` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

BIN = pd.Timedelta(hours=1)
N = 3
DAY_HOURS_MAX = 23.0
"""The distance of two hour-of-day samples when only one of them exists (the package's rule)."""


def wasserstein(u: np.ndarray, v: np.ndarray) -> float:
    """W₁ of two one-dimensional samples: the area between their distribution functions
    (the algorithm of ``scipy.stats.wasserstein_distance``)."""
    u, v = np.sort(np.asarray(u, dtype=float)), np.sort(np.asarray(v, dtype=float))
    every = np.sort(np.concatenate([u, v]))
    steps = np.diff(every)
    u_cdf = np.searchsorted(u, every[:-1], side="right") / len(u)
    v_cdf = np.searchsorted(v, every[:-1], side="right") / len(v)
    return float(np.sum(np.abs(u_cdf - v_cdf) * steps))


def _starts(frame: pd.DataFrame) -> pd.Series:
    return frame["start"].fillna(frame["end"])


def _hours_since(times: pd.Series, origin: pd.Timestamp) -> np.ndarray:
    return np.floor((times - origin) / BIN).to_numpy(dtype=float)


def cycle_time_distance(a: pd.DataFrame, b: pd.DataFrame) -> float:
    """Cycle times in one-hour bins above the shortest: their Wasserstein distance, in hours."""
    times = [f["end"].groupby(f["case"]).max() - _starts(f).groupby(f["case"]).min() for f in (a, b)]
    shortest = min(t.min() for t in times)
    return wasserstein(*(np.floor((t - shortest) / BIN).to_numpy(dtype=float) for t in times))


def absolute_event_distance(a: pd.DataFrame, b: pd.DataFrame) -> float:
    """Starts and ends as hours since the first hour: their Wasserstein distance, in hours."""
    origin = min(_starts(a).min(), _starts(b).min()).floor("h")
    return wasserstein(
        *(np.concatenate([_hours_since(_starts(f), origin), _hours_since(f["end"], origin)]) for f in (a, b))
    )


def circadian_event_distance(a: pd.DataFrame, b: pd.DataFrame) -> float:
    """The hours of the day of starts and ends, weekday by weekday; the mean distance, in hours."""
    instants = [pd.concat([_starts(f), f["end"]]) for f in (a, b)]
    days = [(i.dt.day_of_week.to_numpy(), i.dt.hour.to_numpy(dtype=float)) for i in instants]
    distances = []
    for weekday in range(7):
        first, second = (hours[day == weekday] for day, hours in days)
        if len(first) and len(second):
            distances.append(wasserstein(first, second))
        else:
            distances.append(DAY_HOURS_MAX if len(first) or len(second) else 0.0)
    return float(np.mean(distances))


def arrival_distance(a: pd.DataFrame, b: pd.DataFrame) -> float:
    """Each case's first start as hours since the first: their Wasserstein distance, in hours."""
    arrivals = [_starts(f).groupby(f["case"]).min() for f in (a, b)]
    origin = min(x.min() for x in arrivals).floor("h")
    return wasserstein(*(_hours_since(x, origin) for x in arrivals))


def _n_grams(frame: pd.DataFrame, codes: dict[str, int], n: int) -> dict[tuple[int, ...], int]:
    """Each n-gram's count: the cases laid end to end with 2(n − 1) empty symbols (0) between
    them and n − 1 at both ends, so that no window spans two cases; windows of empty symbols only
    are dropped (a padded case has none)."""
    ordered = frame.assign(s=_starts(frame)).sort_values(["case", "s", "end"], kind="stable")
    activity = ordered["activity"].map(codes).to_numpy(dtype=np.int64)
    case = ordered["case"].to_numpy()
    first = np.r_[True, case[1:] != case[:-1]]
    position = np.arange(len(activity)) + np.cumsum(first) * 2 * (n - 1) - (n - 1)
    sequence = np.zeros(position[-1] + n, dtype=np.int64)
    sequence[position] = activity
    windows = np.lib.stride_tricks.sliding_window_view(sequence, n)
    grams, counts = np.unique(windows[windows.any(axis=1)], axis=0, return_counts=True)
    return dict(zip(map(tuple, grams.tolist()), counts.tolist()))


def n_gram_distance(a: pd.DataFrame, b: pd.DataFrame, n: int = N) -> float:
    """Σ |count in a − count in b| over every n-gram, divided by both logs' total count (0…1)."""
    labels = pd.unique(pd.concat([a["activity"], b["activity"]]))
    codes = {label: index + 1 for index, label in enumerate(labels)}
    first, second = _n_grams(a, codes, n), _n_grams(b, codes, n)
    total = sum(first.values()) + sum(second.values())
    return sum(abs(first.get(g, 0) - second.get(g, 0)) for g in first.keys() | second.keys()) / total


@dataclass(frozen=True)
class LogDistances:
    """The five distances between an observed and a simulated log."""

    cycle_time_hours: float
    absolute_hours: float
    circadian_hours: float
    arrival_hours: float
    n_gram: float


MEASURES = ("cycle_time_hours", "absolute_hours", "circadian_hours", "arrival_hours", "n_gram")


def log_distances(observed: pd.DataFrame, simulated: pd.DataFrame) -> LogDistances | None:
    """Every measure, or ``None`` when either log is empty."""
    if observed.empty or simulated.empty:
        return None
    return LogDistances(
        cycle_time_distance(observed, simulated),
        absolute_event_distance(observed, simulated),
        circadian_event_distance(observed, simulated),
        arrival_distance(observed, simulated),
        n_gram_distance(observed, simulated),
    )
