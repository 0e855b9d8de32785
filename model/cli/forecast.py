"""``forecast``: today's open cases and the next weeks: expected deadline breaches per week."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from model.cli.base import EXIT_OK, command, config_argument, encoding_argument, estimate_text, read_input


def _arguments(parser: argparse.ArgumentParser) -> None:
    config_argument(parser)
    parser.add_argument(
        "--open-cases", type=Path, required=True, metavar="FILE", help="snapshot of the open cases (CSV or XLSX)"
    )
    encoding_argument(parser)
    parser.add_argument("--weeks", type=int, default=8, help="weeks ahead (default %(default)s)")
    parser.add_argument("--start", type=dt.date.fromisoformat, default=None, help="today (default: the real today)")
    parser.add_argument("--runs", type=int, default=10, help="simulation runs (default %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the forecast as JSON")


@command("forecast", "expected statutory-deadline breaches week by week, from today's open cases", _arguments)
def _forecast(args: argparse.Namespace) -> int:
    from model.calibration.forecast import forecast
    from model.calibration.opencases import read_open_cases
    from model.config.loader import load_scenario
    from model.i18n import t

    scenario = load_scenario(args.config)
    snapshot = read_open_cases(read_input(args.open_cases), args.open_cases.name, scenario, args.encoding)
    result = forecast(scenario, snapshot, args.start or dt.date.today(), args.weeks, args.runs, args.seed)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(t("forecast.title", args.lang, cases=result.cases, runs=result.runs))
    header = "".join(f"{t('forecast.week', args.lang)} {w + 1:>2}".rjust(20) for w in range(result.weeks))
    print(f"{'':32}{header}")
    for procedure, rows in result.breaches.items():
        cells = "".join(estimate_text(found, ".1f", args.lang).rjust(20) for found in rows)
        print(f"{procedure[:32]:32}{cells}")
    return EXIT_OK
