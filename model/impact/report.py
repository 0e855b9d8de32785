"""An :class:`~model.impact.diff.Impact` put into words and tables, for ``diff --format`` and the app.

:func:`impact_tables` gives titled tables of plain strings (numbers already written the way the
language writes them), which the app shows as data frames and :mod:`model.exports.impact`
typesets with the regulation's blocks into Markdown or DOCX.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.config.loader import Scenario
from model.i18n import number, t
from model.impact.diff import Impact
from model.simulation.results import Interval


@dataclass(frozen=True)
class ImpactTable:
    """One table of the impact report, in words, for Markdown, DOCX and the app alike."""

    title: str
    header: list[str]
    rows: list[list[str]]


def unit_name(impact: Impact, unit_id: str | None) -> str:
    """A unit's name as it is after the change (before, for a closed one); ``–`` for none."""
    if unit_id is None:
        return "–"
    unit = impact.after.unit(unit_id) or impact.before.unit(unit_id)
    return unit.name if unit else unit_id


def summary(impact: Impact, lang: str) -> list[str]:
    """The headline sentences: what happens to units, staff, layers and spans."""
    fte_a = sum(u.fte() for u in impact.before.units)
    fte_b = sum(u.fte() for u in impact.after.units)
    lines = [
        t(
            "impact.summary.units",
            lang,
            added=len(impact.added),
            closed=len(impact.closed),
            renamed=len(impact.renamed),
            moved=len(impact.moved),
            changed=len(impact.changed),
        ),
        t("impact.summary.fte", lang, before=fte_a, after=fte_b, delta=fte_b - fte_a),
        t("impact.summary.layers", lang, before=impact.shape_before.layers, after=impact.shape_after.layers),
        t(
            "impact.summary.spans",
            lang,
            before=len(impact.shape_before.flagged),
            after=len(impact.shape_after.flagged),
            low=impact.thresholds.min_span,
            high=impact.thresholds.max_span,
        ),
    ]
    if impact.shape_after.too_deep:
        lines.append(
            t("impact.summary.deep", lang, count=len(impact.shape_after.too_deep), max=impact.thresholds.max_layers)
        )
    if impact.costs is not None:
        before = sum(c.before for c in impact.costs.values())
        after = sum(c.after for c in impact.costs.values())
        lines.append(t("impact.summary.cost", lang, delta=after - before))
    return lines


def impact_tables(impact: Impact, lang: str) -> list[ImpactTable]:
    """Units, FTE, costs, spans, functions, routing and trips; empty tables are left out."""

    def name(unit_id: str | None) -> str:
        return unit_name(impact, unit_id)

    def fte(value: float) -> str:
        return number(round(value, 2), "g", lang)

    def signed(value: float, spec: str = "+g") -> str:
        return number(round(value, 2), spec, lang)

    units = (
        [[t("impact.added", lang), name(i), "–", name(i)] for i in impact.added]
        + [[t("impact.closed", lang), name(i), name(i), "–"] for i in impact.closed]
        + [[t("impact.renamed", lang), name(r.id), r.before, r.after] for r in impact.renamed]
        + [[t("impact.moved", lang), name(m.id), name(m.before), name(m.after)] for m in impact.moved]
    )
    fte_rows = [
        [name(change.id), t(f"role.{role}", lang), fte(c.before), fte(c.after), signed(c.delta)]
        for change in impact.fte
        for role, c in change.roles.items()
    ]
    before = {s.id: s for s in impact.shape_before.spans}
    after = {s.id: s for s in impact.shape_after.spans}
    span_rows = [
        [
            name(unit_id),
            str(before[unit_id].reports) if unit_id in before else "–",
            str(after[unit_id].reports) if unit_id in after else "–",
            t(f"impact.span.{after[unit_id].flag}", lang) if unit_id in after and after[unit_id].flag else "",
        ]
        for unit_id in [*before, *(i for i in after if i not in before)]
        if unit_id not in before
        or unit_id not in after
        or before[unit_id].reports != after[unit_id].reports
        or (after[unit_id].flag is not None)
    ]
    scenario: Scenario = impact.after

    def names(ids: tuple[str, ...]) -> str:
        return ", ".join(name(i) for i in ids) or "–"

    tables = [
        ImpactTable(
            t("impact.units", lang),
            [
                t("impact.col.change", lang),
                t("col.unit", lang),
                t("impact.col.before", lang),
                t("impact.col.after", lang),
            ],
            units,
        ),
        ImpactTable(
            t("impact.fte", lang),
            [
                t("col.unit", lang),
                t("col.role", lang),
                t("impact.col.before", lang),
                t("impact.col.after", lang),
                t("impact.col.delta", lang),
            ],
            fte_rows,
        ),
        ImpactTable(
            t("impact.spans", lang, low=impact.thresholds.min_span, high=impact.thresholds.max_span),
            [
                t("impact.col.manager", lang),
                t("impact.col.before", lang),
                t("impact.col.after", lang),
                t("impact.col.flag", lang),
            ],
            span_rows,
        ),
        ImpactTable(
            t("impact.functions", lang),
            [t("col.function", lang), t("impact.col.before", lang), t("impact.col.after", lang)],
            [[scenario.function_name(r.subject), names(r.before), names(r.after)] for r in impact.functions],
        ),
        ImpactTable(
            t("impact.procedures", lang),
            [t("col.step", lang), t("impact.col.before", lang), t("impact.col.after", lang)],
            [[_step_name(scenario, r.subject), names(r.before), names(r.after)] for r in impact.procedures],
        ),
    ]
    if impact.costs:
        tables.append(
            ImpactTable(
                t("impact.costs", lang),
                [
                    t("col.unit", lang),
                    t("impact.col.before", lang),
                    t("impact.col.after", lang),
                    t("impact.col.delta", lang),
                ],
                [
                    [name(i), number(c.before, ",.0f", lang), number(c.after, ",.0f", lang), signed(c.delta, "+,.0f")]
                    for i, c in impact.costs.items()
                ],
            )
        )
    if impact.trips:
        tables.append(
            ImpactTable(
                t("impact.trips", lang),
                [
                    t("col.procedure", lang),
                    t("impact.col.before", lang),
                    t("impact.col.after", lang),
                    t("impact.col.interval", lang),
                ],
                [
                    [
                        _procedure_name(impact, c.procedure),
                        number(c.before, ".2f", lang) if c.before is not None else "–",
                        number(c.after, ".2f", lang) if c.after is not None else "–",
                        _interval(c.difference.ci95, lang),
                    ]
                    for c in impact.trips
                ],
            )
        )
    return [table for table in tables if table.rows]


def _step_name(scenario: Scenario, key: str) -> str:
    procedure_id, _, step_id = key.partition("/")
    procedure = scenario.procedure(procedure_id)
    step = procedure.step(step_id) if procedure else None
    return f"{procedure.name if procedure else procedure_id}: {(step.name if step else None) or step_id}"


def _procedure_name(impact: Impact, procedure_id: str) -> str:
    procedure = impact.before.procedure(procedure_id) or impact.after.procedure(procedure_id)
    return procedure.name if procedure else procedure_id


def _interval(ci: Interval | None, lang: str) -> str:
    return "–" if ci is None else f"{number(ci.low, '+.2f', lang)} … {number(ci.high, '+.2f', lang)}"
