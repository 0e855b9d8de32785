"""``sweep``: the main metrics over a grid of demand and staff, as a table, CSV, JSON and a chart."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from model.cli.base import EXIT_OK, command, config_argument, estimate_text, lang_argument, text_table
from model.cli.staffing_options import engine_arguments, plan_settings_from


def _arguments(parser: argparse.ArgumentParser) -> None:
    config_argument(parser)
    parser.add_argument(
        "--demand",
        nargs="+",
        action="extend",
        default=[],
        metavar="PROC=LOW..HIGH[:STEP]",
        help="demand multipliers, e.g. '*=0.8..1.6:0.1' (every procedure) or zasilek_celowy=1,1.5,2",
    )
    parser.add_argument(
        "--staff",
        nargs="+",
        action="extend",
        default=[],
        metavar="UNIT=LOW..HIGH[:STEP]",
        help="FTE of a unit, e.g. punkt=2..8",
    )
    parser.add_argument("--csv", type=Path, help="write the table as CSV to this file")
    parser.add_argument("--chart", type=Path, help="write a PNG chart of the main metrics to this file")
    engine_arguments(parser)
    lang_argument(parser)


@command("sweep", "main metrics over a grid of demand multipliers and staff levels", _arguments)
def _sweep(args: argparse.Namespace) -> int:
    from model.config.errors import ConfigError, Problem
    from model.config.loader import load_scenario
    from model.i18n import msg, t
    from model.simulation.executor import make_executor
    from model.staffing.sweep import parse_axis, rows, sweep, thresholds
    from model.staffing.targets import levels_of, resolve

    axes = [parse_axis(a, "demand") for a in args.demand] + [parse_axis(a, "staff") for a in args.staff]
    if not axes:
        raise ConfigError(Problem("sweep", None, msg("error.staffing.no_axis")))
    scenario = load_scenario(args.config)
    targets = resolve(scenario, levels_of(scenario))
    settings = plan_settings_from(args)

    def progress(done: int, total: int) -> None:
        if not args.json and sys.stderr.isatty():
            print(f"\r{done}/{total}", end="", file=sys.stderr)

    with make_executor(args.engine, args.address, args.processes) as executor:
        points = sweep(scenario, axes, settings, executor, progress)
    table = rows(points)
    demand_axis = next((name for kind, name, _ in axes if kind == "demand"), None)
    limits = thresholds(points, targets, demand_axis) if demand_axis else {}
    if args.csv:
        _write_csv(args.csv, table)
    if args.chart:
        _chart(args.chart, axes, points, args.lang)
    if args.json:
        print(json.dumps({"points": table, "thresholds": limits, "engine": args.engine}, ensure_ascii=False, indent=2))
        return EXIT_OK
    print("\n".join(text_table(*_plain_table(axes, points, args.lang), left=())))
    for procedure, value in limits.items():
        key = "staffing.sweep.never" if value is None else "staffing.sweep.threshold"
        extra = {} if value is None else {"value": value}
        print(t(key, args.lang, procedure=procedure, limit=targets.deadlines[procedure], **extra))
    return EXIT_OK


def _plain_table(axes: list, points: list, lang: str) -> tuple[list[tuple[str, int]], list[list[str]]]:
    """The table printed: the grid's values, then the cost and the main metrics with their 95%
    intervals, in the language asked (the CSV and JSON keep their plain keys and numbers)."""
    from model.i18n import number, t

    grid = [
        t("staffing.chart.demand" if kind == "demand" else "staffing.chart.staff", lang, name=name)
        for kind, name, _ in axes
    ]
    header = [(title, 6) for title in grid] + [
        (t(code, lang), 10)
        for code in (
            "staffing.col.cost",
            "staffing.sweep.col.deadlines",
            "staffing.sweep.col.wait",
            "staffing.sweep.col.busiest",
            "staffing.sweep.col.utilisation",
        )
    ]
    rows = []
    for point in points:
        values = [(point.demand if kind == "demand" else point.staff)[name] for kind, name, _ in axes]
        busiest = point.busiest
        rows.append(
            [number(v, "g", lang) for v in values]
            + [
                number(point.cost, ",.0f", lang),
                estimate_text(point.result.deadlines_met, ".1%", lang),
                estimate_text(point.result.mean_wait, ",.1f", lang),
                busiest[0] if busiest else "–",
                estimate_text(busiest[1], ".0%", lang) if busiest else "–",
            ]
        )
    return header, rows


def _write_csv(path: Path, table: list[dict]) -> None:
    from model.config.files import write_atomic

    columns = list(dict.fromkeys(c for row in table for c in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    write_atomic(path, out.getvalue().encode())


def _chart(path: Path, axes: list, points: list, lang: str) -> None:
    """Deadlines met and mean wait (with 95% intervals) along the first axis, one line per other value."""
    from model.extras import need

    need("plots")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from model.i18n import t

    kind, name, _ = axes[0]

    def x_of(point) -> float:
        return (point.demand if kind == "demand" else point.staff)[name]

    def series_of(point) -> str:
        rest = {**point.demand, **point.staff}
        rest.pop(name, None)
        return ", ".join(f"{k}={v:g}" for k, v in rest.items())

    figure, (top, bottom) = plt.subplots(2, 1, figsize=(8, 7), sharex=True)
    for label in dict.fromkeys(series_of(p) for p in points):
        line = sorted((p for p in points if series_of(p) == label), key=x_of)
        xs = [x_of(p) for p in line]
        for ax, get in ((top, lambda p: p.result.deadlines_met), (bottom, lambda p: p.result.mean_wait)):
            found = [get(p) for p in line]
            if any(f.mean is None for f in found):
                continue
            ax.plot(xs, [f.mean for f in found], marker="o", label=label or None)
            if all(f.ci95 is not None for f in found):
                ax.fill_between(xs, [f.ci95.low for f in found], [f.ci95.high for f in found], alpha=0.2)
    top.set_ylabel(t("staffing.chart.deadlines", lang))
    bottom.set_ylabel(t("staffing.chart.wait", lang))
    bottom.set_xlabel(t(f"staffing.chart.{kind}", lang, name=name))
    if top.get_legend_handles_labels()[0]:
        top.legend()
    figure.tight_layout()
    image = io.BytesIO()
    figure.savefig(image, format="png", dpi=120)
    plt.close(figure)
    from model.config.files import write_atomic

    write_atomic(path, image.getvalue())
