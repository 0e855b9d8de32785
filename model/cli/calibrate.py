"""``calibrate``: estimate the procedures from the centre's event log or annual figures.

Writes the calibrated procedure files and the fit report (Markdown, PNG charts, JSON) to DIR,
all at once at the end; ``--json`` prints the estimates. Nothing personal is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from model.cli.base import EXIT_OK, command, config_argument, encoding_argument, read_input
from model.config.errors import ConfigError, Problem
from model.i18n import msg, t


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date such as 2025-01-02, got {text!r}") from None


def _arguments(parser: argparse.ArgumentParser) -> None:
    config_argument(parser)
    parser.add_argument("log", type=Path, nargs="?", help="event log: .csv (XES column names), .xlsx or .xes")
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="DIR", help="folder for the calibrated files and the report"
    )
    parser.add_argument("--from", dest="first", type=_date, help="first day of the period (default: the log's first)")
    parser.add_argument("--to", dest="last", type=_date, help="last day of the period (default: the log's last)")
    parser.add_argument(
        "--map",
        nargs="+",
        action="extend",
        default=[],
        metavar="KEY=COLUMN",
        help="column names, e.g. case=nr_sprawy activity=czynnosc timestamp=data",
    )
    encoding_argument(parser)
    parser.add_argument(
        "--statistics",
        type=Path,
        metavar="FILE",
        help="annual MRPiPS-03 figures (CSV or YAML) instead of, or besides, a log",
    )
    parser.add_argument(
        "--open-cases", type=Path, metavar="FILE", help="snapshot of the cases open today: summarised in the output"
    )
    parser.add_argument("--runs", type=int, default=5, help="simulation runs for the fit report (default %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the simulated side (default %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the estimates as JSON")


@command(
    "calibrate", "estimate arrivals, branches and efforts from the centre's event log or annual figures", _arguments
)
def _calibrate(args: argparse.Namespace) -> int:
    from model.calibration.session import run_calibration
    from model.config.loader import load_scenario

    scenario = load_scenario(args.config)
    if args.log is None and args.statistics is None:
        raise ConfigError(Problem(str(args.config), None, msg("error.calib.nothing")))
    result = run_calibration(
        scenario,
        log=(read_input(args.log), args.log.name) if args.log else None,
        statistics=(read_input(args.statistics), args.statistics.name) if args.statistics else None,
        open_cases=(read_input(args.open_cases), args.open_cases.name) if args.open_cases else None,
        mapping=args.map,
        encoding=args.encoding,
        first=args.first,
        last=args.last,
        runs=args.runs,
        seed=args.seed,
        lang=args.lang,
    )
    result.write(args.output)
    for line in result.warnings:
        print(line.text(args.lang), file=sys.stderr)
    if args.json:
        print(json.dumps(result.summary, ensure_ascii=False, indent=2))
    else:
        print(
            t("calib.done", args.lang, procedures=result.procedures_changed, cases=result.cases, dir=str(args.output))
        )
    return EXIT_OK
