"""Choosing a duration distribution: fixed, exponential, triangular or lognormal.

Criterion (stated in the fit report): the least AIC among the continuous candidates fitted by
maximum likelihood (triangular: min and max of the sample, mode by the method of moments),
with the Kolmogorov–Smirnov distance of the chosen one reported; ``fixed`` when the values
hardly vary (coefficient of variation below 1%). Parameters are rounded to 0.1 minute.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

FIXED_CV = 0.01


@dataclass(frozen=True)
class Fit:
    """A step's effort distribution as chosen, with the sample size and goodness of fit behind it."""

    dist: str
    params: dict[str, float]
    """As the procedure file writes them (``value``; ``mean``; ``mean, sd``; ``min, mode, max``)."""
    mean: float
    n: int
    aic: float | None
    ks: float | None

    def to_dict(self) -> dict[str, object]:
        return {
            "dist": self.dist,
            "mean": round(self.mean, 2),
            **self.params,
            "n": self.n,
            "aic": self.aic,
            "ks": self.ks,
        }


def fit(values: np.ndarray) -> Fit:
    """The distribution a step's efforts (working minutes) are written with; values that are not
    finite or are negative (a clock error in the log) are left out rather than guessed."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x) & (x >= 0)]
    n, mean = len(x), float(x.mean())
    if n < 2 or mean <= 0 or x.std() / mean < FIXED_CV:
        return Fit("fixed", {"value": round(float(mean), 1)}, float(mean), n, None, None)
    x = np.maximum(x, 1e-3)  # a log of zero minutes has no likelihood
    candidates = [_exponential(x), _lognormal(x), _triangular(x)]
    dist, params, loglik, cdf = min(candidates, key=lambda c: 2 * len(c[1]) - 2 * c[2])
    aic = 2 * len(params) - 2 * loglik
    return Fit(
        dist, {k: round(float(v), 1) for k, v in params.items()}, mean, n, round(float(aic), 1), round(_ks(x, cdf), 3)
    )


def _exponential(x: np.ndarray):
    mean = x.mean()
    loglik = -len(x) * math.log(mean) - len(x)
    return "exponential", {"mean": float(mean)}, loglik, lambda v: 1 - np.exp(-v / mean)


def _lognormal(x: np.ndarray):
    logs = np.log(x)
    mu, sigma = logs.mean(), max(logs.std(), 1e-6)
    loglik = float(-logs.sum() - len(x) * math.log(sigma * math.sqrt(2 * math.pi)) - len(x) / 2)
    mean, sd = math.exp(mu + sigma**2 / 2), math.exp(mu + sigma**2 / 2) * math.sqrt(math.expm1(sigma**2))
    erf = np.vectorize(math.erf)
    return (
        "lognormal",
        {"mean": mean, "sd": sd},
        loglik,
        lambda v: 0.5 * (1 + erf((np.log(v) - mu) / (sigma * math.sqrt(2)))),
    )


def _triangular(x: np.ndarray):
    spread = (x.max() - x.min()) / max(len(x) - 1, 1)  # the sample's extremes lie inside the support
    a, b = max(x.min() - spread, 0.0), x.max() + spread
    c = float(np.clip(3 * x.mean() - a - b, a, b))
    density = np.where(x < c, 2 * (x - a) / ((b - a) * max(c - a, 1e-9)), 2 * (b - x) / ((b - a) * max(b - c, 1e-9)))
    loglik = float(np.log(np.maximum(density, 1e-300)).sum())

    def cdf(v):
        return np.where(
            v < c, (v - a) ** 2 / ((b - a) * max(c - a, 1e-9)), 1 - (b - v) ** 2 / ((b - a) * max(b - c, 1e-9))
        )

    return "triangular", {"min": a, "mode": c, "max": b}, loglik, cdf


def _ks(x: np.ndarray, cdf) -> float:
    """The Kolmogorov–Smirnov distance between the sample and the fitted distribution."""
    s = np.sort(x)
    f = np.clip(cdf(s), 0, 1)
    n = len(s)
    return float(max((np.arange(1, n + 1) / n - f).max(), (f - np.arange(n) / n).max()))
