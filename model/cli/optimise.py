"""``optimise``: the least-cost staff per unit that meets the service levels, as a table or JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from model.cli.base import (
    EXIT_FINDINGS,
    EXIT_OK,
    command,
    config_argument,
    demand_argument,
    estimate_text,
    lang_argument,
    text_table,
)
from model.cli.staffing_options import engine_arguments, plan_settings_from


def _arguments(parser: argparse.ArgumentParser) -> None:
    config_argument(parser)
    parser.add_argument(
        "--max-mean-wait",
        nargs="+",
        action="extend",
        default=[],
        metavar="[WHERE=]TIME",
        help="longest mean wait: '15min' for every step, or UNIT=10min, FUNCTION=…, PROCEDURE/STEP=…",
    )
    parser.add_argument(
        "--min-deadlines-met",
        nargs="+",
        action="extend",
        default=[],
        metavar="[PROC=]SHARE",
        help="least share of statutory deadlines met, e.g. 0.95 or zasilek_okresowy=0.99",
    )
    parser.add_argument(
        "--max-utilisation",
        nargs="+",
        action="extend",
        default=[],
        metavar="[UNIT=]SHARE",
        help="highest share of busy time per unit, e.g. 0.85",
    )
    parser.add_argument("--step", type=float, default=0.5, help="FTE grid of the plan (default %(default)s)")
    parser.add_argument("--budget", type=float, default=None, metavar="PLN", help="monthly staff budget to check")
    parser.add_argument(
        "--release",
        action="append",
        default=[],
        metavar="UNIT",
        help="let the plan resize a unit outside the model of work (held at its FTE otherwise); repeatable",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PLAN.yaml",
        help="write the configuration with the plan applied (comments kept), if it passes validation",
    )
    demand_argument(parser)
    engine_arguments(parser)
    lang_argument(parser)


@command("optimise", "least-cost staff per unit that meets the service levels (Erlang bound + simulation)", _arguments)
def _optimise(args: argparse.Namespace) -> int:
    from model.config.errors import ConfigError, Problem
    from model.config.loader import load_scenario
    from model.i18n import msg
    from model.simulation.executor import make_executor
    from model.staffing.optimiser import optimise
    from model.staffing.targets import Levels, levels_of, parse_option, resolve

    if args.step <= 0:
        raise ConfigError(Problem("--step", None, msg("error.staffing.step")))
    if args.output is not None:
        _check_writable(args.output)
    scenario = load_scenario(args.config)
    levels = levels_of(
        scenario,
        Levels(
            parse_option(args.min_deadlines_met, "--min-deadlines-met"),
            parse_option(args.max_mean_wait, "--max-mean-wait", minutes=True),
            parse_option(args.max_utilisation, "--max-utilisation"),
        ),
    )
    targets = resolve(scenario, levels)
    settings = plan_settings_from(args, args.demand)

    def progress(phase: str, evaluations: int, share: float) -> None:
        if not args.json and sys.stderr.isatty():
            print(f"\r{phase}: {evaluations} plan(s) simulated, batch {share:4.0%}", end="", file=sys.stderr)

    with make_executor(args.engine, args.address, args.processes) as executor:
        result = optimise(
            scenario, targets, settings, executor, args.step, args.budget, progress=progress, release=args.release
        )
    if not args.json and sys.stderr.isatty():
        print(file=sys.stderr)
    if args.json:
        print(json.dumps(result.to_dict(args.lang), ensure_ascii=False, indent=2))
    else:
        print(report(result, args.lang))
    written = args.output is None or _write_plan(scenario, result, args, sys.stderr if args.json else sys.stdout)
    return EXIT_OK if result.feasible and not result.unreachable and written else EXIT_FINDINGS


def _check_writable(path: Path) -> None:
    """Refuse an output no file can be written to before the search, not after it: a temporary
    file in its folder is the one test that holds for every user, root included."""
    from model.config.errors import ConfigError, Problem
    from model.i18n import msg

    reason = os.strerror(21) if path.is_dir() else None  # EISDIR
    if reason is None:
        try:
            with tempfile.TemporaryFile(dir=path.parent):
                pass
        except OSError as exc:
            reason = exc.strerror
    if reason:
        raise ConfigError(Problem(str(path), None, msg("error.file.unwritable", reason=reason)))


def _write_plan(scenario, result, args: argparse.Namespace, out: TextIO) -> bool:
    """Write the configuration with the plan applied, whole or not at all, only when it passes
    validation; whether it was written (the reason goes to standard error otherwise)."""
    from model.i18n import t
    from model.staffing.plan import write_plan

    lang, output = args.lang, args.output
    errors = write_plan(scenario, args.config, result.changes, output)
    if errors:
        found = "; ".join(f"{f.rule} {f.text(lang)}" for f in errors)
        print(t("staffing.cli.not_written", lang, path=str(output), errors=found), file=sys.stderr)
        return False
    print(t("staffing.cli.written", lang, path=str(output)), file=out)
    return True


def report(result, lang: str) -> str:
    """The plan as a plain-text table: now, needed, change, binding target, cost."""
    from model.i18n import number, t
    from model.present.plan import search_note

    columns = ("unit", "now", "needed", "change", "cost", "binding")
    lines = [t("staffing.cli.header", lang), ""] + text_table(
        [(t(f"staffing.col.{c}", lang), 6) for c in columns],
        [
            [
                u.name,
                number(u.fte_now, "g", lang),
                number(u.fte_needed, "g", lang),
                number(u.change, "+g", lang),
                number(u.cost_needed, ",.0f", lang),
                u.binding.text(lang),
            ]
            for u in result.units
        ],
        left=(0, 5),
    )
    lines += [
        "",
        t(
            "staffing.cli.cost",
            lang,
            now=result.cost_now,
            needed=result.cost_needed,
            annual_now=result.annual_cost_now,
            annual_needed=result.annual_cost_needed,
        ),
        search_note(result, lang),
    ]
    held = [u.name for u in result.held]
    if held:
        lines.append(t("staffing.cli.held", lang, units=", ".join(held)))
    if result.missing_costs:
        lines.append(t("staffing.cli.missing_costs", lang, roles=", ".join(result.missing_costs)))
    if result.unreachable:
        lines.append(t("staffing.cli.unreachable", lang, targets="; ".join(b.text(lang) for b in result.unreachable)))
    if not result.feasible:
        lines.append(t("staffing.cli.infeasible", lang))
    if result.within_budget is False:
        lines.append(t("staffing.cli.over_budget", lang, budget=result.budget))
    lines += ["", t("staffing.cli.front", lang)]
    for p in result.front:
        lines.append(
            t(
                "staffing.cli.front_point",
                lang,
                fte=p.fte_total,
                cost=p.cost,
                deadlines=estimate_text(p.deadlines_met, ".1%", lang),
                wait=estimate_text(p.mean_wait, ".1f", lang),
                meets=t("staffing.meets" if p.meets_targets else "staffing.misses", lang),
            )
        )
    return "\n".join(lines)
