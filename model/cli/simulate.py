"""``simulate`` and ``compare``: the simulation on the command line, as tables or as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from model.cli.base import EXIT_OK, command
from model.config.errors import ConfigError, Problem
from model.config.loader import load_scenario
from model.i18n import msg
from model.simulation.settings import SimulationSettings

if TYPE_CHECKING:
    from model.simulation.results import ComparisonResult, Difference, Estimate, RunResult

BAR_WIDTH = 30


def _settings_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = SimulationSettings()
    parser.add_argument("--days", type=int, default=defaults.days, help="civil days to simulate (default %(default)s)")
    parser.add_argument("--seed", type=int, default=defaults.seed, help="random seed (default %(default)s)")
    parser.add_argument(
        "--replications",
        type=int,
        default=defaults.replications,
        help="independent runs for the confidence intervals (default %(default)s)",
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
    parser.add_argument(
        "--demand",
        nargs="+",
        action="extend",
        default=[],
        metavar="PROC=MULT",
        help="multiply a procedure's arrivals, e.g. zasilek_celowy=1.5 or '*=1.2' for all",
    )
    parser.add_argument(
        "--processes", type=int, default=None, help="worker processes (default: one per core; 1 runs sequentially)"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def _simulate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config", type=Path, help="configuration file (org_configs/*.yaml)")
    _settings_arguments(parser)


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
    demand: dict[str, float] = {}
    for item in args.demand:
        name, _, value = item.partition("=")
        try:
            demand[name.strip()] = float(value)
        except ValueError:
            raise ConfigError(Problem("--demand", None, msg("error.cli.demand", item=item))) from None
    return SimulationSettings(
        days=args.days,
        seed=args.seed,
        replications=args.replications,
        warmup_days=args.warmup,
        run_out_days=args.run_out,
        precision=args.precision,
        max_replications=args.max_replications,
        demand=demand,
        processes=args.processes,
    )


@command("simulate", "simulate clients walking the procedures: waits, lead times, deadlines", _simulate_arguments)
def _simulate(args: argparse.Namespace) -> int:
    from model.simulation.runner import simulate

    scenario = load_scenario(args.config)
    result = simulate(scenario, settings_from(args), progress=None if args.json else _progress_bar())
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

        print(json.dumps(to_json(comparison, args.lang) | {"costs": costs}, ensure_ascii=False, indent=2))
    else:
        print(format_comparison(comparison, args.lang))
        print(format_costs(costs))
    return EXIT_OK


def format_costs(costs: dict[str, Any]) -> str:
    """Staff cost of A and B a month, and B − A a month and a year."""
    centre = costs["centre"]
    if centre["difference"] is None:
        return "\nstaff cost: no costs: section in A or B"
    lines = ["", f"{'staff cost, PLN a month':48} {'A':>12} {'B':>12} {'B − A':>12} {'B − A a year':>14}"]
    for name, row in [*costs["departments"].items(), ("centre", centre)]:
        name = "outside departments" if name == "-" else name
        lines.append(
            f"{name[:48]:48} {_num(row['a'], 0):>12} {_num(row['b'], 0):>12} "
            f"{_signed(row['difference'], 0):>12} {_signed(row['annual_difference'], 0):>14}"
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


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}".replace(",", " ")


def _estimate(found: Estimate, digits: int = 1) -> str:
    """The mean and its 95% interval, ``12.3 [10.1; 14.5]``."""
    if found.ci95 is None:
        return _num(found.mean, digits)
    return f"{_num(found.mean, digits)} [{_num(found.ci95.low, digits)}; {_num(found.ci95.high, digits)}]"


def _share(found: Estimate | None) -> str:
    return "–" if found is None or found.mean is None else f"{found.mean:.1%}"


def format_result(result: RunResult, lang: str = "en") -> str:
    """The result as plain-text tables: procedures, steps, units, trips, then warnings."""
    precision = f", until ±{result.precision:.0%}" if result.precision is not None else ""
    lines = [
        f"{result.config}: {result.days} days, {result.replications} replications{precision} "
        f"(seed {result.seed}, {_warmup(result)}), routing {result.policy}; "
        "means per replication with 95% confidence intervals",
        "lead time: the plain mean (a censored client counts with the time seen) and the Kaplan–Meier "
        "mean restricted to the longest follow-up (censoring accounted for)",
        "",
    ]
    lines.append(
        f"{'procedure':32} {'arrived':>9} {'completed':>9} {'censored':>8} {'lead time, days':>26} "
        f"{'Kaplan–Meier, days':>26} {'deadlines met':>14}"
    )
    for pid, p in result.procedures.items():
        lines.append(
            f"{pid[:32]:32} {_num(p.arrived.mean):>9} {_num(p.completed.mean):>9} {_num(p.censored.mean):>8} "
            f"{_estimate(p.lead_time_days):>26} {_estimate(p.lead_time_km_days):>26} "
            f"{_share(p.deadline_met_share):>14}"
        )
    lines += ["", f"{'step':48} {'count':>8} {'mean wait, min':>28} {'deadline met':>13}"]
    for key, s in result.steps.items():
        met = _share(s.deadline_met_share) if s.deadline_met_share is not None else ""
        lines.append(f"{key[:48]:48} {_num(s.count.mean):>8} {_estimate(s.wait_minutes):>28} {met:>13}")
    lines += ["", f"{'unit':40} {'staff':>5} {'utilisation':>12} {'mean queue':>11} {'queue at end':>13}"]
    for uid, u in result.units.items():
        if u.offered_load or u.utilisation.mean:
            lines.append(
                f"{uid[:40]:40} {u.servers:>5} {_share(u.utilisation):>12} "
                f"{_num(u.mean_queue.mean, 2):>11} {_num(u.final_queue.mean):>13}"
            )
    lines += ["", f"trips between buildings per client: {_estimate(result.trips_per_client, 2)}"]
    lines += _warning_lines([w.text(lang) for w in result.warnings])
    return "\n".join(lines)


def _warmup(result: RunResult) -> str:
    """``warm-up 15 days (MSER-5)``: how many days were cut off and how they were chosen."""
    return f"warm-up {result.warmup.days} days ({result.warmup.method})"


def format_comparison(comparison: ComparisonResult, lang: str = "en") -> str:
    """A (old) beside B (new), with B − A and its paired 95% interval, and which variant is better."""
    a, b = comparison.a, comparison.b
    lines = [
        f"A = {a.config}",
        f"B = {b.config}",
        f"{a.days} days, {a.replications} replications, seed {a.seed}, {_warmup(a)}, the same clients in both; "
        "B − A with its 95% interval over the paired replications",
        "",
    ]
    lines.append(f"{'procedure':32} {'lead A, d':>10} {'lead B, d':>10} {'B − A':>24}  verdict")
    for pid, pa in a.procedures.items():
        difference = comparison.procedures[pid].lead_time_days
        lines.append(
            f"{pid[:32]:32} {_num(pa.lead_time_days.mean):>10} {_num(b.procedures[pid].lead_time_days.mean):>10} "
            f"{_paired(difference):>24}  {_verdict(difference, lang)}"
        )
    lines += ["", f"{'step':48} {'wait A, min':>12} {'wait B, min':>12} {'B − A':>24}  verdict"]
    for key, sa in a.steps.items():
        difference = comparison.steps[key].wait_minutes
        lines.append(
            f"{key[:48]:48} {_num(sa.wait_minutes.mean):>12} {_num(b.steps[key].wait_minutes.mean):>12} "
            f"{_paired(difference):>24}  {_verdict(difference, lang)}"
        )
    trips, system = comparison.trips_per_client, comparison.system
    lines += [
        "",
        f"trips per client: A {_num(a.trips_per_client.mean, 2)}, B {_num(b.trips_per_client.mean, 2)}, "
        f"B − A {_paired(trips, 2)}: {_verdict(trips, lang)}",
        f"mean wait per step, min: A {_num(a.system.wait_minutes.mean)}, B {_num(b.system.wait_minutes.mean)}, "
        f"B − A {_paired(system.wait_minutes)}: {_verdict(system.wait_minutes, lang)}",
        f"deadlines met, all: A {_share(a.system.deadline_met_share)}, B {_share(b.system.deadline_met_share)}, "
        f"B − A {_paired(system.deadline_met_share.scaled(100))} pp: {_verdict(system.deadline_met_share, lang)}",
    ]
    lines += _warning_lines([w.text(lang) for w in comparison.warnings])
    return "\n".join(lines)


def _paired(difference: Difference, digits: int = 1) -> str:
    shown = _signed(difference.mean, digits)
    if difference.ci95 is None:
        return shown
    return f"{shown} [{_signed(difference.ci95.low, digits)}; {_signed(difference.ci95.high, digits)}]"


def _verdict(difference: Difference, lang: str) -> str:
    """Which variant is better, in words; only when the paired interval excludes 0."""
    from model.i18n import t

    if difference.better is None:
        return t("compare.verdict.same", lang)
    return t("compare.verdict.better" if difference.better == "B" else "compare.verdict.worse", lang)


def _signed(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:+,.{digits}f}".replace(",", " ")


def _warning_lines(warnings: list[str]) -> list[str]:
    return ["", "Warnings:"] + [f"  ! {w}" for w in warnings] if warnings else []
