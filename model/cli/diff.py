"""``diff A B``: what changes from structure A (as is) to B (to be).

    diff A B [--json | --format md|docx] [-o FILE] [--min-span 3] [--max-span 12] [--max-layers 5]
             [--trips [--days N --replications R --seed S]] [--lang pl]

Plain text by default (the Markdown report), ``--json`` the machine-readable impact, ``--format
docx`` a Word report (needs ``-o``). ``--trips`` runs the paired simulation for the client moves
between buildings; the simulation engine is imported only then.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from model.cli.base import EXIT_OK, command, lang_argument, write_output
from model.config.errors import ConfigError, Problem
from model.config.loader import load_scenario
from model.i18n import msg
from model.simulation.settings import SimulationSettings


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("before", type=Path, help="the structure as it is (A)")
    parser.add_argument("after", type=Path, help="the structure to be (B)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="the impact as JSON")
    output.add_argument("--format", choices=("md", "docx"), help="a report as Markdown (default) or Word")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    defaults = SimulationSettings()
    parser.add_argument("--min-span", type=int, default=3, help="flag managers with fewer direct reports (default 3)")
    parser.add_argument("--max-span", type=int, default=12, help="flag managers with more direct reports (default 12)")
    parser.add_argument("--max-layers", type=int, default=5, help="flag units deeper than this level (default 5)")
    parser.add_argument("--trips", action="store_true", help="simulate both to compare client trips between buildings")
    parser.add_argument("--days", type=int, default=defaults.days, help=f"--trips: days simulated ({defaults.days})")
    parser.add_argument("--replications", type=int, default=defaults.replications, help="--trips: replications")
    parser.add_argument("--seed", type=int, default=defaults.seed, help="--trips: random seed")
    lang_argument(parser)


@command("diff", "as-is -> to-be impact of a new structure: units, FTE, spans, layers, routing", _arguments)
def _diff(args: argparse.Namespace) -> int:
    from model.exports.impact import impact_docx, impact_markdown
    from model.impact.diff import Thresholds, diff

    if args.format == "docx" and not args.output:
        raise ConfigError(Problem("--format docx", None, msg("error.cli.docx_needs_file")))
    impact = diff(
        load_scenario(args.before),
        load_scenario(args.after),
        Thresholds(args.min_span, args.max_span, args.max_layers),
    )
    if args.trips:
        from model.impact.trips import trip_changes

        # the warm-up chosen from the data, as simulate chooses it
        settings = SimulationSettings(days=args.days, replications=args.replications, seed=args.seed)
        impact.trips = trip_changes(impact.before, impact.after, settings)
    if args.json:
        data = (json.dumps(impact.to_dict(), ensure_ascii=False, indent=2) + "\n").encode()
    elif args.format == "docx":
        data = impact_docx(impact, args.lang)
    else:
        data = impact_markdown(impact, args.lang).encode()
    if not args.output:
        print(data.decode(), end="")
        return EXIT_OK
    write_output(args.output, data)
    return EXIT_OK
