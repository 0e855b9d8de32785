"""Tables of findings, client flows, simulation results and comparisons, shaped for the app's views.

Pure functions over a :class:`~model.config.loader.Scenario`, its findings and the typed
simulation results (:mod:`model.simulation.results`): they return pandas frames and numbers,
the views only put them on the page. Headers and labels are in ``lang`` (see :mod:`model.i18n`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from model.checks.findings import Finding, Severity
from model.checks.flow import servers
from model.checks.rules import law_applied
from model.checks.settings import switches
from model.config.loader import Scenario
from model.config.schema import Procedure
from model.i18n import number, t
from model.present.flowchart import deadline_text
from model.present.journey import location_of
from model.simulation.comparison import ComparisonResult, Difference
from model.simulation.results import Estimate, RunResult, UnitStats

BOTTLENECK = 0.85
"""Utilisation from which a unit is a bottleneck: queues grow steeply beyond it."""
LONGEST_WAITS = 15
"""Steps shown in the waiting-time chart; the table under it lists all."""
DEADLINE_TARGET = 0.95
"""Share of cases within the statutory deadline below which a procedure is flagged."""


# --- findings and names ------------------------------------------------------------------------


def counts(findings: list[Finding]) -> tuple[int, int]:
    """``(errors, warnings)`` among the findings."""
    errors = sum(f.severity == Severity.error for f in findings)
    return errors, len(findings) - errors


def law_caption(scenario: Scenario, lang: str = "pl") -> str:
    """Which law validation applied: the configuration's date and the acts, one line for a caption."""
    on, dated = (scenario.law.on, scenario.law.dated) if scenario.law else ("", False)
    acts = sorted({p.act for p in law_applied(scenario)})
    return f"{t('law.applied' if dated else 'law.undated', lang, on=str(on))} {'; '.join(acts)}"


def switch_lines(scenario: Scenario, lang: str = "pl") -> list[str]:
    """The rules the configuration switched off or re-graded, one line each with its reason and line."""
    return [f"{s.message.text(lang)} ({Path(s.file).name}:{s.line})" for s in switches(scenario)]


def unit_labels(scenario: Scenario) -> dict[str, str]:
    """Unit id → its name indented by depth (em spaces), for pickers that show the chart's shape."""
    labels: dict[str, str] = {}

    def walk(units: list, depth: int) -> None:
        for unit in units:
            labels[unit.id] = "\u2003" * depth + unit.name
            walk(unit.units, depth + 1)

    walk(scenario.config.units, 0)
    return labels


def subject_text(scenario: Scenario, subject: str | None, lang: str = "pl") -> str:
    """What a finding is about, by name: the centre, a unit, a procedure, or a procedure's step."""
    if not subject:
        return t("subject.centre", lang)
    procedure_id, _, step_id = subject.partition("/")
    unit = scenario.unit(subject)
    if unit:
        return f"{t('subject.unit', lang)}: {unit.name}"
    procedure = scenario.procedure(procedure_id)
    if procedure is None:
        return subject
    if not step_id:
        return f"{t('subject.procedure', lang)}: {procedure.name}"
    step = procedure.step(step_id)
    return f"{procedure.name} › {step.name or step.id if step else step_id}"


FINDING_COLUMNS = ("col.message", "col.subject", "col.severity", "col.rule", "col.file", "col.line")
"""What a finding says first, then what it is about by name; where in the YAML last (shown on demand)."""
WHERE_COLUMNS = ("col.file", "col.line")


def findings_frame(scenario: Scenario, findings: list[Finding], lang: str = "pl") -> pd.DataFrame:
    """One row a finding: what it says, what it is about by name, severity, rule, file and line. A
    file that is not on disk (the configuration as edited in the app) is said to be so, not named."""
    return pd.DataFrame(
        [
            {
                t("col.message", lang): f.text(lang),
                t("col.subject", lang): subject_text(scenario, f.subject, lang),
                t("col.severity", lang): t(f"severity.{f.severity.value}", lang),
                t("col.rule", lang): f.rule,
                t("col.file", lang): Path(f.file).name if Path(f.file).is_file() else t("col.file_edited", lang),
                t("col.line", lang): f.line,
            }
            for f in findings
        ],
        columns=[t(key, lang) for key in FINDING_COLUMNS],
    )


def finding_units(scenario: Scenario, findings: list[Finding]) -> tuple[str, ...]:
    """Units a finding points at, sorted, for highlighting them on the chart."""
    ids = {u.id for u in scenario.units}
    return tuple(sorted({f.subject for f in findings if f.subject in ids}))


def procedure_findings(findings: list[Finding], procedure_id: str) -> list[Finding]:
    """The findings about a procedure or one of its steps."""
    return [f for f in findings if f.subject and f.subject.startswith(f"{procedure_id}/") or f.subject == procedure_id]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of an edited table without empty cells, so that NaN and "" compare equal to absent."""
    return [
        {key: value for key, value in row.items() if value is not None and value == value and value != ""}
        for row in frame.to_dict("records")
    ]


# --- client flow -------------------------------------------------------------------------------


def steps_frame(scenario: Scenario, procedure: Procedure, lang: str = "pl") -> pd.DataFrame:
    """A procedure's steps: function, the units serving it, where, document and deadline."""
    serving = servers(scenario)
    rows = []
    for step in procedure.steps:
        units = serving.get(step.function, [])
        place = location_of(scenario, units[0]) if units else None
        rows.append(
            {
                t("col.step", lang): step.name or step.id,
                t("col.function", lang): scenario.function_name(step.function, lang),
                t("col.unit", lang): ", ".join(u.name for u in units) or "—",
                t("col.address", lang): t("flow.home", lang) if step.field else (place.address if place else "—"),
                t("col.document", lang): step.document or "",
                t("col.deadline", lang): deadline_text(procedure, step, lang),
            }
        )
    return pd.DataFrame(rows)


# --- one simulation ----------------------------------------------------------------------------


def step_label(scenario: Scenario, key: str) -> str:
    """``procedure › step`` by name for a result's ``procedure/step`` key; the key when unknown."""
    procedure_id, _, step_id = key.partition("/")
    procedure = scenario.procedure(procedure_id)
    step = procedure.step(step_id) if procedure else None
    return f"{procedure.name} › {step.name or step.id}" if procedure and step else key


def wait_scale(longest: float, day_minutes: float, lang: str = "pl") -> tuple[float, str]:
    """Divisor and axis title that keep waits readable: minutes, hours or working days."""
    if longest >= 2 * day_minutes:
        return day_minutes, t("sim.wait_days", lang)
    if longest >= 120:
        return 60.0, t("sim.wait_hours", lang)
    return 1.0, t("sim.wait_minutes", lang)


def waits_frame(scenario: Scenario, result: RunResult, variant: str = "") -> pd.DataFrame:
    """Mean wait before each step, in minutes, with its 95% interval (``low``, ``high``) when known."""
    return pd.DataFrame(
        [
            {
                "item": step_label(scenario, key),
                "variant": variant,
                "value": v.wait_minutes.mean,
                "low": v.wait_minutes.ci95.low if v.wait_minutes.ci95 else None,
                "high": v.wait_minutes.ci95.high if v.wait_minutes.ci95 else None,
            }
            for key, v in result.steps.items()
            if v.wait_minutes.mean is not None
        ],
        columns=["item", "variant", "value", "low", "high"],
    )


def longest_waits(scenario: Scenario, result: RunResult, lang: str = "pl") -> tuple[pd.DataFrame, str]:
    """The :data:`LONGEST_WAITS` longest waits, longest first, scaled by :func:`wait_scale`; and the axis."""
    waits = waits_frame(scenario, result).sort_values("value", ascending=False).head(LONGEST_WAITS)
    if waits.empty:
        return waits, ""
    scale, axis = wait_scale(waits["value"].max(), result.working_minutes_per_day, lang)
    waits[["value", "low", "high"]] = waits[["value", "low", "high"]] / scale
    return waits, axis


def units_frame(result: RunResult, variant: str = "") -> pd.DataFrame:
    """Utilisation of the units that serve any step (management boxes with no work are left out),
    ``flag`` from :data:`BOTTLENECK` up."""
    return pd.DataFrame(
        [
            {
                "item": v.name,
                "variant": variant,
                "value": v.utilisation.mean or 0.0,
                "queue": v.mean_queue.mean,
                "flag": (v.utilisation.mean or 0.0) >= BOTTLENECK,
            }
            for v in result.units.values()
            if v.offered_load > 0
        ],
        columns=["item", "variant", "value", "queue", "flag"],
    )


def procedures_frame(result: RunResult, field: str, variant: str = "") -> pd.DataFrame:
    """One measure per procedure (the mean of its ``field``), procedures without it left out."""
    return pd.DataFrame(
        [
            {"item": v.name, "variant": variant, "value": _mean(getattr(v, field))}
            for v in result.procedures.values()
            if _mean(getattr(v, field)) is not None
        ],
        columns=["item", "variant", "value"],
    )


def _mean(found: Estimate | None) -> float | None:
    return None if found is None else found.mean


def deadlines_frame(result: RunResult) -> pd.DataFrame:
    """Share of cases within the deadline per procedure, ``flag`` below :data:`DEADLINE_TARGET`."""
    return procedures_frame(result, "deadline_met_share").assign(flag=lambda f: f["value"] < DEADLINE_TARGET)


def result_tables(scenario: Scenario, result: RunResult, lang: str = "pl") -> list[pd.DataFrame]:
    """The numbers behind the charts, per procedure, per step and per unit: each a mean over the
    replications with its 95% interval, ``12,3 [10,1; 14,5]`` (see :func:`estimate_text`)."""

    def shown(found: Estimate | None, spec: str = ".1f") -> str | None:
        return None if found is None else estimate_text(found, lang, spec)

    procedures = pd.DataFrame(
        [
            {
                t("col.procedure", lang): v.name,
                t("col.arrived", lang): shown(v.arrived),
                t("col.completed", lang): shown(v.completed),
                t("col.censored", lang): shown(v.censored),
                t("col.lead", lang): shown(v.lead_time_days),
                t("col.lead_km", lang): shown(v.lead_time_km_days),
                t("col.deadline_share", lang): shown(v.deadline_met_share, ".1%"),
                t("sim.trips", lang): shown(v.trips_per_client, ".2f"),
            }
            for v in result.procedures.values()
        ]
    )
    steps = pd.DataFrame(
        [
            {
                t("col.step", lang): step_label(scenario, key),
                t("col.count", lang): shown(v.count),
                t("sim.wait_minutes", lang): shown(v.wait_minutes),
            }
            for key, v in result.steps.items()
        ]
    )
    units = pd.DataFrame(
        [
            {
                t("col.unit", lang): v.name,
                t("sim.util_axis", lang): shown(v.utilisation, ".1%"),
                t("col.queue", lang): shown(v.mean_queue, ".2f"),
            }
            for v in result.units.values()
            if v.offered_load > 0
        ],
        columns=[t("col.unit", lang), t("sim.util_axis", lang), t("col.queue", lang)],
    )
    return [procedures, steps, units]


# --- two simulations compared ------------------------------------------------------------------


def trips_per_client(result: RunResult) -> float | None:
    return result.trips_per_client.mean


def lead_days(result: RunResult) -> float | None:
    """Mean lead time of all cases in working days."""
    minutes = result.system.lead_time_working_minutes.mean
    return None if minutes is None else minutes / result.working_minutes_per_day


def deadline_share(result: RunResult) -> float | None:
    """Share of all the centre's deadlines met: the figure whose paired B − A the comparison has
    (an unweighted mean of the procedures' shares would count a rare procedure as a frequent one)."""
    return result.system.deadline_met_share.mean


def busiest_unit(result: RunResult) -> UnitStats | None:
    """The unit that has work and was busiest (by its mean utilisation)."""
    working = [(mean, u) for u in result.units.values() if u.offered_load > 0 and (mean := u.utilisation.mean)]
    return max(working, key=lambda pair: pair[0])[1] if working else None


def headline_caption(result: RunResult, lang: str = "pl") -> str:
    """The headline figures of a run, each with its 95% interval (the metrics above it show the means)."""
    found = busiest_unit(result)
    return t(
        "sim.headline_intervals",
        lang,
        clients=estimate_text(result.system.arrived, lang, ",.0f") or "—",
        completed=estimate_text(result.system.completed, lang, ",.0f") or "—",
        trips=estimate_text(result.trips_per_client, lang) or "—",
        busiest="—" if found is None else estimate_text(found.utilisation, lang, ".0%"),
    )


def busiest(result: RunResult) -> float | None:
    """Utilisation of the busiest unit that has work."""
    found = busiest_unit(result)
    return None if found is None else found.utilisation.mean


HEADLINE: tuple[tuple[str, Callable[[RunResult], float | None], str, bool], ...] = (
    ("compare.trips", trips_per_client, ".2f", True),
    ("compare.lead", lead_days, ".1f", True),
    ("compare.deadlines", deadline_share, ".0%", False),
    ("compare.busiest", busiest, ".0%", True),
)
"""Headline measures: label key, measure, number format (for :func:`model.i18n.number`), whether lower is better."""


def headline_difference(comparison: ComparisonResult, key: str) -> Difference | None:
    """The paired B − A of a :data:`HEADLINE` measure, in its unit; ``None`` for a measure that is
    no single paired figure (the busiest unit, which may be another unit in B)."""
    if key == "compare.trips":
        return comparison.trips_per_client
    if key == "compare.lead":
        return comparison.system.lead_time_working_minutes.scaled(1 / comparison.a.working_minutes_per_day)
    if key == "compare.deadlines":
        return comparison.system.deadline_met_share
    return None


COMPARED = (
    ("lead_time_days", "col.lead"),
    ("deadline_met_share", "col.deadline_share"),
    ("trips_per_client", "sim.trips"),
)
"""Per-procedure measures of the comparison table: result field, label key."""


def procedures_differ(scenario_a: Scenario, scenario_b: Scenario) -> bool:
    """Whether a procedure both have differs: both variants run on A's procedures, so routing or
    demand edited only in B would silently not count."""
    in_b = {p.id: p for p in scenario_b.procedures}
    return any(p.model_dump() != in_b[p.id].model_dump() for p in scenario_a.procedures if p.id in in_b)


def compared_waits(scenario: Scenario, a: RunResult, b: RunResult, lang: str = "pl") -> tuple[pd.DataFrame, str]:
    """Waits of A and B side by side for the :data:`LONGEST_WAITS` steps with the longest wait in
    either, scaled by :func:`wait_scale` on A's working day; and the axis title."""
    waits = pd.concat([waits_frame(scenario, a, "A"), waits_frame(scenario, b, "B")])
    if waits.empty:
        return waits, ""
    scale, axis = wait_scale(waits["value"].max(), a.working_minutes_per_day, lang)
    waits["value"] = waits["value"] / scale
    longest = waits.groupby("item")["value"].max().nlargest(LONGEST_WAITS).index
    return waits[waits["item"].isin(longest)], axis


def estimate_text(found: Estimate | Difference, lang: str = "pl", spec: str = ".2f") -> str | None:
    """A mean with its 95% interval, as a director reads it: ``12,30 [10,10; 14,50]`` (a true minus
    sign where negative); ``None`` when nothing was observed."""
    if found.mean is None:
        return None
    shown = number(found.mean, spec, lang).replace("-", "−")
    if found.ci95 is None:
        return shown
    low, high = (number(v, spec, lang).replace("-", "−") for v in (found.ci95.low, found.ci95.high))
    return f"{shown} [{low}; {high}]"


def paired_text(difference: Difference, lang: str = "pl", spec: str = "+.2f") -> str | None:
    """B − A with its paired 95% interval, signed: ``−2,10 [−2,80; −1,40]``."""
    return estimate_text(difference, lang, spec)


def comparison_table(comparison: ComparisonResult, lang: str = "pl") -> tuple[pd.DataFrame, list[dict[str, str]]]:
    """Per procedure both results share: A, B and the paired B − A with its interval (see
    :func:`paired_text`) of each :data:`COMPARED` measure; and per row the Δ columns whose
    difference is notable (its interval excludes 0), marked ``"better"`` or ``"worse"``."""
    a, b = comparison.a, comparison.b
    rows, marks = [], []
    for pid, pa in a.procedures.items():
        pb = b.procedures.get(pid)
        if pb is None:
            continue
        row: dict[str, str | float | None] = {t("col.procedure", lang): pa.name}
        mark: dict[str, str] = {}
        for field, key in COMPARED:
            difference: Difference = getattr(comparison.procedures[pid], field)
            label = t(key, lang)
            row |= {
                f"{label} A": _mean(getattr(pa, field)),
                f"{label} B": _mean(getattr(pb, field)),
                f"{label} Δ": paired_text(difference, lang),
            }
            if difference.better is not None:
                mark[f"{label} Δ"] = "better" if difference.better == "B" else "worse"
        rows.append(row)
        marks.append(mark)
    return pd.DataFrame(rows), marks
