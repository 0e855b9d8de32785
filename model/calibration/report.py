"""The fit report: observed against simulated, per procedure, as Simod validates its models.

The calibrated model is re-run over the log's period (several independent runs), after a warm-up
(:func:`warmup_days`) so that the period does not begin with an empty centre; each run's event
log goes through the very estimator the observed log went through, so both sides are measured
alike. Shown: arrivals a week, lead-time median and 90th percentile, deadlines met
(each simulated figure the mean over runs with its 95% interval), and the Wasserstein distance
between the observed and the simulated lead-time distributions.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from model.calibration.estimate import Calibration, calibrate
from model.calibration.log import EventLog, check
from model.calibration.simulation import event_log
from model.config.loader import Scenario
from model.extras import need
from model.i18n import t
from model.simulation.results import Estimate
from model.simulation.stats import estimate

RUNS = 5
MAX_WARMUP_DAYS = 365


@dataclass
class FitRow:
    """One procedure of the fit report: observed against simulated."""

    procedure: str
    observed: dict[str, float | None]
    simulated: dict[str, Estimate]
    """Figure → its mean over the runs with the 95% interval."""
    wasserstein_days: float | None
    observed_lead: np.ndarray
    simulated_lead: np.ndarray
    distances: dict[str, Estimate] | None = None
    """The log distances of :mod:`model.interchange.distances`, mean over the runs with the 95%
    interval; ``None`` when the report was made without the observed log."""
    name: str = ""
    """The procedure's name, as its headings and charts show it (the id names its files only)."""

    @property
    def title(self) -> str:
        return self.name or self.procedure

    def to_dict(self) -> dict[str, Any]:
        found = {
            "observed": self.observed,
            "simulated": {k: asdict(v) for k, v in self.simulated.items()},
            "wasserstein_days": self.wasserstein_days,
        }
        if self.distances is not None:
            found["distances"] = {k: asdict(v) for k, v in self.distances.items()}
        return found


FIGURES = ("arrivals_per_week", "lead_median_days", "lead_p90_days", "deadline_met_share")


def _figures(calibration: Calibration, pid: str) -> dict[str, float | None]:
    found = calibration.procedures.get(pid)
    if found is None:
        return dict.fromkeys(FIGURES)
    median, p90, share = found.lead_quantile(0.5), found.lead_quantile(0.9), found.deadline_met_share
    return {
        "arrivals_per_week": round(found.arrivals_per_week, 3),
        "lead_median_days": None if median is None else round(median, 3),
        "lead_p90_days": None if p90 is None else round(p90, 3),
        "deadline_met_share": None if share is None else round(share, 4),
    }


def wasserstein(a: np.ndarray, b: np.ndarray) -> float | None:
    """W₁ between two samples (see :func:`model.interchange.distances.wasserstein`)."""
    from model.interchange.distances import wasserstein as w1

    return w1(a, b) if len(a) and len(b) else None


def warmup_days(observed: Calibration) -> int:
    """Days simulated before the period, so that it begins with the centre as full as the log's
    (a run starts empty; a centre's log does not): the longest 90th-percentile lead time observed,
    a year at most. Cases begun in them are not estimated, as the log's own earlier cases are not."""
    p90 = [found for p in observed.procedures.values() if (found := p.lead_quantile(0.9)) is not None]
    return min(MAX_WARMUP_DAYS, math.ceil(max(p90, default=0.0)))


def fit_report(
    calibrated: Scenario, observed: Calibration, runs: int = RUNS, seed: int = 1, observed_log: EventLog | None = None
) -> list[FitRow]:
    """Per procedure of the log, the observed figures beside the calibrated model's, simulated over
    the same period ``runs`` times and estimated alike; with ``observed_log``, the log distances
    too (:mod:`model.calibration.fit_distances`)."""
    warmup = warmup_days(observed)
    days = (observed.last - observed.first).days + 1 + warmup
    simulated: list[Calibration] = []
    logs: list[EventLog] = []
    for replication in range(runs):
        raw = event_log(calibrated, observed.first - dt.timedelta(days=warmup), days, seed, replication)
        log = check(raw, "simulated", {}, 2)
        logs.append(log)
        simulated.append(calibrate(log, calibrated, observed.first, observed.last))
    distances = {}
    if observed_log is not None:
        from model.calibration.fit_distances import distance_estimates

        distances = distance_estimates(observed_log, logs, calibrated.procedures, observed.first, observed.last)
    rows = []
    for pid in observed.procedures:
        per_run = [_figures(c, pid) for c in simulated]
        sim_lead = np.concatenate(
            [c.procedures[pid].lead_time_days for c in simulated if pid in c.procedures] or [np.array([])]
        )
        rows.append(
            FitRow(
                pid,
                _figures(observed, pid),
                {
                    k: estimate([r[k] for r in per_run], upper=1.0 if k == "deadline_met_share" else None)
                    for k in FIGURES
                },
                None if (w := wasserstein(observed.procedures[pid].lead_time_days, sim_lead)) is None else round(w, 3),
                observed.procedures[pid].lead_time_days,
                sim_lead,
                distances.get(pid) if observed_log is not None else None,
                name=procedure.name if (procedure := calibrated.procedure(pid)) else pid,
            )
        )
    return rows


def _cell(value: float | None, lang: str, share: bool = False) -> str:
    if value is None:
        return "–"
    return t("calib.cell.share" if share else "calib.cell.number", lang, value=value * 100 if share else value)


def markdown(observed: Calibration, rows: list[FitRow], runs: int, lang: str, notes: list[str]) -> str:
    """The fit report as Markdown in ``lang``: the criterion, a table and a chart per procedure,
    then what could not be estimated, so that a reader sees where the model is weakest."""
    lines = [
        f"# {t('calib.report.title', lang, source=observed.source)}",
        "",
        t(
            "calib.report.period",
            lang,
            first=observed.first.isoformat(),
            last=observed.last.isoformat(),
            runs=runs,
            warmup=warmup_days(observed),
        ),
        "",
        t("calib.report.criterion", lang),
        "",
    ]
    labels = {
        "arrivals_per_week": "calib.report.arrivals",
        "lead_median_days": "calib.report.median",
        "lead_p90_days": "calib.report.p90",
        "deadline_met_share": "calib.report.met",
    }
    for row in rows:
        lines += [
            f"## {row.title}",
            "",
            f"| {t('calib.report.col.figure', lang)} | {t('calib.report.col.observed', lang)} | {t('calib.report.col.simulated', lang)} |",
            "|---|---:|---:|",
        ]
        for key, code in labels.items():
            share = key == "deadline_met_share"
            sim = row.simulated[key]
            shown = _cell(sim.mean, lang, share)
            if sim.ci95 is not None:
                shown += f" [{_cell(sim.ci95.low, lang, share)}; {_cell(sim.ci95.high, lang, share)}]"
            lines.append(f"| {t(code, lang)} | {_cell(row.observed[key], lang, share)} | {shown} |")
        lines.append("")
        if row.wasserstein_days is not None:
            lines += [t("calib.report.wasserstein", lang, value=row.wasserstein_days), ""]
        if row.distances:
            lines += distance_lines(row.distances, lang)
        lines += [f"![{row.title}](charts/{row.procedure}.png)", ""]
    lines += [f"## {t('calib.report.not_estimated', lang)}", ""]
    lines += [f"- {n}" for n in notes]
    if observed.unmatched_activities:
        items = ", ".join(f"{k} ({v})" for k, v in observed.unmatched_activities.items())
        lines.append(f"- {t('calib.report.unmatched', lang, items=items)}")
    if observed.unplaced_cases:
        lines.append(f"- {t('calib.report.unplaced', lang, count=observed.unplaced_cases)}")
    if observed.steps_never_seen:
        items = "; ".join(f"{p}: {', '.join(s)}" for p, s in observed.steps_never_seen.items())
        lines.append(f"- {t('calib.report.never', lang, items=items)}")
    if observed.open_cases:
        lines.append(f"- {t('calib.report.open', lang, count=observed.open_cases)}")
    return "\n".join(lines) + "\n"


def distance_lines(distances: dict[str, Estimate], lang: str) -> list[str]:
    """The log distances of one procedure as a Markdown table, with what each measures."""
    lines = [
        t("calib.report.distances", lang),
        "",
        f"| {t('calib.report.col.measure', lang)} | {t('calib.report.col.distance', lang)} |",
        "|---|---:|",
    ]
    for name, found in distances.items():
        shown = _cell(found.mean, lang)
        if found.ci95 is not None:
            shown += f" [{_cell(found.ci95.low, lang)}; {_cell(found.ci95.high, lang)}]"
        lines.append(f"| {t(f'calib.distance.{name}', lang)} | {shown} |")
    return [*lines, ""]


def chart(row: FitRow, lang: str) -> bytes:
    """Observed lead times as a histogram, simulated as a line on the same bins (PNG)."""
    need("plots")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 3.2), dpi=90)
    axes = figure.subplots()
    both = np.concatenate([row.observed_lead, row.simulated_lead])
    bins = np.linspace(0, max(float(np.quantile(both, 0.99)) if len(both) else 0, 1e-3), 30)
    if len(row.observed_lead):
        axes.hist(
            row.observed_lead, bins=bins.tolist(), density=True, alpha=0.5, label=t("calib.report.col.observed", lang)
        )
    if np.histogram(row.simulated_lead, bins=bins)[0].sum():
        heights, edges = np.histogram(row.simulated_lead, bins=bins, density=True)
        axes.plot((edges[:-1] + edges[1:]) / 2, heights, color="black", label=t("calib.report.col.simulated", lang))
    axes.set_title(f"{row.title}: {t('calib.report.chart', lang)}", fontsize=8)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(fontsize=7)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
