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
    scenario: Scenario = impact.after

    def names(ids: tuple[str, ...]) -> str:
        return ", ".join(unit_name(impact, i) for i in ids) or "–"

    change = ("impact.col.before", "impact.col.after")
    tables = [
        _table("impact.units", lang, ("impact.col.change", "col.unit", *change), _unit_rows(impact, lang)),
        _table("impact.fte", lang, ("col.unit", "col.role", *change, "impact.col.delta"), _fte_rows(impact, lang)),
        ImpactTable(
            t("impact.spans", lang, low=impact.thresholds.min_span, high=impact.thresholds.max_span),
            _header(lang, "impact.col.manager", *change, "impact.col.flag"),
            _span_rows(impact, lang),
        ),
        _table(
            "impact.functions",
            lang,
            ("col.function", *change),
            [[scenario.function_name(r.subject), names(r.before), names(r.after)] for r in impact.functions],
        ),
        _table(
            "impact.procedures",
            lang,
            ("col.step", *change),
            [[_step_name(scenario, r.subject), names(r.before), names(r.after)] for r in impact.procedures],
        ),
        _table("impact.costs", lang, ("col.unit", *change, "impact.col.delta"), _cost_rows(impact, lang)),
        _table("impact.trips", lang, ("col.procedure", *change, "impact.col.interval"), _trip_rows(impact, lang)),
    ]
    return [table for table in tables if table.rows]


def _header(lang: str, *keys: str) -> list[str]:
    return [t(key, lang) for key in keys]


def _table(title: str, lang: str, columns: tuple[str, ...], rows: list[list[str]]) -> ImpactTable:
    return ImpactTable(t(title, lang), _header(lang, *columns), rows)


def _figure(value: float, lang: str, spec: str = "g") -> str:
    """A figure of the report, to two decimals at most, as ``lang`` writes it."""
    return number(round(value, 2), spec, lang)


def _unit_rows(impact: Impact, lang: str) -> list[list[str]]:
    def name(unit_id: str | None) -> str:
        return unit_name(impact, unit_id)

    return (
        [[t("impact.added", lang), name(i), "–", name(i)] for i in impact.added]
        + [[t("impact.closed", lang), name(i), name(i), "–"] for i in impact.closed]
        + [[t("impact.renamed", lang), name(r.id), r.before, r.after] for r in impact.renamed]
        + [[t("impact.moved", lang), name(m.id), name(m.before), name(m.after)] for m in impact.moved]
    )


def _fte_rows(impact: Impact, lang: str) -> list[list[str]]:
    return [
        [
            unit_name(impact, change.id),
            t(f"role.{role}", lang),
            _figure(c.before, lang),
            _figure(c.after, lang),
            _figure(c.delta, lang, "+g"),
        ]
        for change in impact.fte
        for role, c in change.roles.items()
    ]


def _span_rows(impact: Impact, lang: str) -> list[list[str]]:
    """Managers whose span of control changed, appeared, went, or is flagged after the change."""
    before = {s.id: s for s in impact.shape_before.spans}
    after = {s.id: s for s in impact.shape_after.spans}
    rows = []
    for unit_id in [*before, *(i for i in after if i not in before)]:
        was, now = before.get(unit_id), after.get(unit_id)
        if was is not None and now is not None and was.reports == now.reports and now.flag is None:
            continue
        rows.append(
            [
                unit_name(impact, unit_id),
                str(was.reports) if was else "–",
                str(now.reports) if now else "–",
                t(f"impact.span.{now.flag}", lang) if now and now.flag else "",
            ]
        )
    return rows


def _cost_rows(impact: Impact, lang: str) -> list[list[str]]:
    return [
        [
            unit_name(impact, i),
            number(c.before, ",.0f", lang),
            number(c.after, ",.0f", lang),
            _figure(c.delta, lang, "+,.0f"),
        ]
        for i, c in (impact.costs or {}).items()
    ]


def _trip_rows(impact: Impact, lang: str) -> list[list[str]]:
    return [
        [
            _procedure_name(impact, c.procedure),
            number(c.before, ".2f", lang) if c.before is not None else "–",
            number(c.after, ".2f", lang) if c.after is not None else "–",
            _interval(c.difference.ci95, lang),
        ]
        for c in impact.trips or []
    ]


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
