"""``simulate`` and ``compare``: the simulation on the command line, as tables or as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from model.cli.base import EXIT_OK, command, demand_argument, demand_from, estimate_text, text_table
from model.config.loader import load_scenario
from model.i18n import number, t
from model.simulation.settings import PRECISION_FIRST_BATCH, SimulationSettings

if TYPE_CHECKING:
    from model.simulation.comparison import ComparisonResult, Difference
    from model.simulation.results import Estimate, RunResult
    from model.staffing.costs import CostComparison

BAR_WIDTH = 30


def _settings_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = SimulationSettings()
    parser.add_argument("--days", type=int, default=defaults.days, help="civil days to simulate (default %(default)s)")
    parser.add_argument("--seed", type=int, default=defaults.seed, help="random seed (default %(default)s)")
    parser.add_argument(
        "--replications",
        type=int,
        default=None,
        help=f"independent runs for the confidence intervals (default {defaults.replications}; "
        f"with --precision the first batch, default {PRECISION_FIRST_BATCH})",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=None,
        metavar="DAYS",
        help="first days not counted, while the centre fills up (default: chosen from the data by MSER-5)",
    )
    parser.add_argument(
        "--precision",
        type=_precision,
        default=None,
        metavar="SHARE",
        help="add replications until every headline figure's 95%% interval is within ±SHARE of its "
        "mean, e.g. 5%% (--replications is then the first batch)",
    )
    parser.add_argument(
        "--max-replications",
        type=int,
        default=defaults.max_replications,
        metavar="N",
        help="with --precision, stop at N replications (default %(default)s)",
    )
    parser.add_argument(
        "--run-out",
        type=int,
        default=defaults.run_out_days,
        metavar="DAYS",
        help="days after the window in which its clients may still finish; later ones are censored "
        "(default %(default)s)",
    )
    demand_argument(parser)
    parser.add_argument(
        "--processes", type=int, default=None, help="worker processes (default: one per core; 1 runs sequentially)"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def _simulate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config", type=Path, help="configuration file (org_configs/*.yaml)")
    _settings_arguments(parser)
    parser.add_argument(
        "--event-log",
        type=Path,
        metavar="FILE",
        help="also write every simulated client's steps as an event log: FILE.xes or FILE.csv (pm4py, ProM, Disco)",
    )


def _compare_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config_a", type=Path, help="the current organisation (A)")
    parser.add_argument("config_b", type=Path, help="the proposed organisation (B), run on A's procedures")
    _settings_arguments(parser)


def _precision(text: str) -> float:
    """``5%`` or ``0.05``."""
    try:
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a share such as 5% or 0.05, got {text!r}") from None


def settings_from(args: argparse.Namespace) -> SimulationSettings:
    first = PRECISION_FIRST_BATCH if args.precision is not None else SimulationSettings().replications
    return SimulationSettings(
        days=args.days,
        seed=args.seed,
        replications=args.replications if args.replications is not None else first,
        warmup_days=args.warmup,
        run_out_days=args.run_out,
        precision=args.precision,
        max_replications=args.max_replications,
        demand=demand_from(args.demand),
        processes=args.processes,
    )


@command("simulate", "simulate clients walking the procedures: waits, lead times, deadlines", _simulate_arguments)
def _simulate(args: argparse.Namespace) -> int:
    from model.simulation.runner import simulate

    scenario = load_scenario(args.config)
    if args.event_log is not None and args.event_log.suffix.lower() not in (".csv", ".xes"):
        from model.config.errors import ConfigError, Problem
        from model.i18n import msg

        raise ConfigError(Problem(str(args.event_log), None, msg("error.eventlog.format")))
    settings = settings_from(args)
    result = simulate(scenario, settings, progress=None if args.json else _progress_bar())
    if args.event_log is not None:
        from model.interchange.eventlog import write_event_log

        written = write_event_log(scenario, settings, args.event_log, result.replications)
        print(
            t("eventlog.written", args.lang, path=str(written.path), cases=written.cases, events=written.events),
            file=sys.stderr,
        )
    if args.json:
        from model.simulation.results import to_json

        print(json.dumps(to_json(result, args.lang), ensure_ascii=False, indent=2))
    else:
        print(format_result(result, args.lang))
    return EXIT_OK


@command("compare", "simulate two organisations on the same procedures and seeds", _compare_arguments)
def _compare(args: argparse.Namespace) -> int:
    from model.simulation.runner import compare

    scenario_a, scenario_b = load_scenario(args.config_a), load_scenario(args.config_b)
    comparison = compare(
        scenario_a,
        scenario_b,
        settings_from(args),
        progress=None if args.json else _progress_bar(),
    )
    from model.staffing.costs import cost_comparison

    costs = cost_comparison(scenario_a, scenario_b)
    if args.json:
        from model.simulation.results import to_json

        print(json.dumps(to_json(comparison, args.lang) | {"costs": costs.to_dict()}, ensure_ascii=False, indent=2))
    else:
        print(format_comparison(comparison, args.lang))
        print(format_costs(costs, args.lang))
    return EXIT_OK


def format_costs(costs: CostComparison, lang: str = "en") -> str:
    """Staff cost of A and B a month, and B − A a month and a year."""
    centre = costs.centre
    if centre.difference is None:
        return "\n" + t("cli.cost.none", lang)
    title, year = t("cli.cost.title", lang), t("cli.cost.year", lang)
    lines = ["", f"{title:48} {'A':>12} {'B':>12} {'B − A':>12} {year:>14}"]
    for name, row in [*costs.departments.items(), (t("cli.cost.centre", lang), centre)]:
        name = t("cli.cost.outside", lang) if name == "-" else name
        lines.append(
            f"{name[:48]:48} {_num(row.a, lang, 0):>12} {_num(row.b, lang, 0):>12} "
            f"{_signed(row.difference, lang, 0):>12} {_signed(row.annual_difference, lang, 0):>14}"
        )
    return "\n".join(lines)


def _progress_bar():
    """A bar on stderr after each replication, when someone is watching a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total
        end = "\n" if done == total else ""
        print(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} replications",
            end=end,
            file=sys.stderr,
            flush=True,
        )

    return show


# --- tables -----------------------------------------------------------------------------------


def _num(value: float | None, lang: str, digits: int = 1) -> str:
    """``1 234.5`` in English, ``1 234,5`` in Polish; a dash for nothing."""
    if value is None:
        return "–"
    text = number(value, f",.{digits}f", lang)
    return text if lang == "pl" else text.replace(",", " ")


def _estimate(found: Estimate, lang: str, digits: int = 1) -> str:
    """The mean and its 95% interval, ``12.3 [10.1; 14.5]`` (``12,3 [10,1; 14,5]`` in Polish)."""
    if found.ci95 is None:
        return _num(found.mean, lang, digits)
    low, high = _num(found.ci95.low, lang, digits), _num(found.ci95.high, lang, digits)
    return f"{_num(found.mean, lang, digits)} [{low}; {high}]"


def _share(found: Estimate | None, lang: str) -> str:
    """A share with its 95% interval, ``98.1% [97.0%; 99.2%]``; a dash when nothing was seen."""
    return estimate_text(found, ".1%", lang)


def format_result(result: RunResult, lang: str = "en") -> str:
    """The result as plain-text tables: procedures, steps, units, trips, then warnings."""
    precision = t("cli.sim.precision", lang, share=result.precision) if result.precision is not None else ""
    lines = [
        t(
            "cli.sim.header",
            lang,
            config=result.config,
            days=result.days,
            replications=result.replications,
            precision=precision,
            seed=result.seed,
            warmup=_warmup(result, lang),
            policy=t(f"routing.{result.policy}", lang),
        ),
        t("cli.sim.lead_note", lang),
        "",
    ]
    col = {name: t(f"cli.col.{name}", lang) for name in COLUMNS}
    lines += text_table(
        [
            (col["procedure"], 32),
            (col["arrived"], 9),
            (col["completed"], 9),
            (col["censored"], 8),
            (col["lead"], 20),
            (col["km"], 20),
            (col["deadlines_met"], 16),
        ],
        [
            [
                pid[:32],
                _estimate(p.arrived, lang),
                _estimate(p.completed, lang),
                _estimate(p.censored, lang),
                _estimate(p.lead_time_days, lang),
                _estimate(p.lead_time_km_days, lang),
                _share(p.deadline_met_share, lang),
            ]
            for pid, p in result.procedures.items()
        ],
    )
    lines.append("")
    lines += text_table(
        [(col["step"], 48), (col["count"], 8), (col["wait"], 20), (col["deadline_met"], 16)],
        [
            [
                key[:48],
                _estimate(s.count, lang),
                _estimate(s.wait_minutes, lang),
                _share(s.deadline_met_share, lang) if s.deadline_met_share is not None else "",
            ]
            for key, s in result.steps.items()
        ],
    )
    lines.append("")
    lines += text_table(
        [
            (col["unit"], 40),
            (col["staff"], 6),
            (col["utilisation"], 12),
            (col["mean_queue"], 11),
            (col["final_queue"], 8),
        ],
        [
            [
                uid[:40],
                str(u.servers),
                _share(u.utilisation, lang),
                _estimate(u.mean_queue, lang, 2),
                _estimate(u.final_queue, lang),
            ]
            for uid, u in result.units.items()
            if u.offered_load or u.utilisation.mean
        ],
    )
    lines += ["", t("cli.sim.trips", lang, value=_estimate(result.trips_per_client, lang, 2))]
    lines += _warning_lines([w.text(lang) for w in result.warnings], lang)
    return "\n".join(lines)


COLUMNS = (
    "procedure",
    "arrived",
    "completed",
    "censored",
    "lead",
    "km",
    "deadlines_met",
    "step",
    "count",
    "wait",
    "deadline_met",
    "unit",
    "staff",
    "utilisation",
    "mean_queue",
    "final_queue",
)
"""The columns of the result's tables, each named in the catalogue as ``cli.col.<name>``."""


def _warmup(result: RunResult, lang: str) -> str:
    """``warm-up 15 days (MSER-5)``: how many days were cut off and how they were chosen."""
    method = result.warmup.method if lang == "en" else t(f"sim.warmup_method.{result.warmup.method}", lang)
    return t("cli.sim.warmup", lang, days=result.warmup.days, method=method)


def format_comparison(comparison: ComparisonResult, lang: str = "en") -> str:
    """A (old) beside B (new), each with its 95% interval, then B − A with its paired 95% interval
    (far narrower than the two intervals suggest: the same clients in both) and which is better."""
    a, b = comparison.a, comparison.b
    lines = [
        f"A = {a.config}",
        f"B = {b.config}",
        t(
            "cli.cmp.header",
            lang,
            days=a.days,
            replications=a.replications,
            seed=a.seed,
            warmup=_warmup(a, lang),
        ),
        "",
    ]
    col = {name: t(f"cli.col.{name}", lang) for name in ("procedure", "step", "lead_a", "lead_b", "wait_a", "wait_b")}
    verdict = t("cli.col.verdict", lang)
    lines += text_table(
        [(col["procedure"], 32), (col["lead_a"], 11), (col["lead_b"], 11), ("B − A", 24), (verdict, 0)],
        [
            [
                pid[:32],
                _estimate(pa.lead_time_days, lang),
                _estimate(b.procedures[pid].lead_time_days, lang),
                _paired(comparison.procedures[pid].lead_time_days, lang),
                _verdict(comparison.procedures[pid].lead_time_days, lang),
            ]
            for pid, pa in a.procedures.items()
        ],
        left=(0, 4),
    )
    lines.append("")
    lines += text_table(
        [(col["step"], 48), (col["wait_a"], 13), (col["wait_b"], 13), ("B − A", 24), (verdict, 0)],
        [
            [
                key[:48],
                _estimate(sa.wait_minutes, lang),
                _estimate(b.steps[key].wait_minutes, lang),
                _paired(comparison.steps[key].wait_minutes, lang),
                _verdict(comparison.steps[key].wait_minutes, lang),
            ]
            for key, sa in a.steps.items()
        ],
        left=(0, 4),
    )
    trips, system = comparison.trips_per_client, comparison.system
    lines += [
        "",
        t(
            "cli.cmp.trips",
            lang,
            a=_estimate(a.trips_per_client, lang, 2),
            b=_estimate(b.trips_per_client, lang, 2),
            difference=_paired(trips, lang, 2),
            verdict=_verdict(trips, lang),
        ),
        t(
            "cli.cmp.wait",
            lang,
            a=_estimate(a.system.wait_minutes, lang),
            b=_estimate(b.system.wait_minutes, lang),
            difference=_paired(system.wait_minutes, lang),
            verdict=_verdict(system.wait_minutes, lang),
        ),
        t(
            "cli.cmp.deadlines",
            lang,
            a=_share(a.system.deadline_met_share, lang),
            b=_share(b.system.deadline_met_share, lang),
            difference=_paired(system.deadline_met_share.scaled(100), lang),
            verdict=_verdict(system.deadline_met_share, lang),
        ),
    ]
    lines += _warning_lines([w.text(lang) for w in comparison.warnings], lang)
    return "\n".join(lines)


def _paired(difference: Difference, lang: str, digits: int = 1) -> str:
    shown = _signed(difference.mean, lang, digits)
    if difference.ci95 is None:
        return shown
    return f"{shown} [{_signed(difference.ci95.low, lang, digits)}; {_signed(difference.ci95.high, lang, digits)}]"


def _verdict(difference: Difference, lang: str) -> str:
    """Which variant is better, in words; only when the paired interval excludes 0."""
    if difference.better is None:
        return t("compare.verdict.same", lang)
    return t("compare.verdict.better" if difference.better == "B" else "compare.verdict.worse", lang)


def _signed(value: float | None, lang: str, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = number(value, f"+,.{digits}f", lang)
    return text if lang == "pl" else text.replace(",", " ")


def _warning_lines(warnings: list[str], lang: str) -> list[str]:
    return ["", t("cli.warnings", lang)] + [f"  ! {w}" for w in warnings] if warnings else []
