"""Options ``optimise`` and ``sweep`` share: how each plan is simulated and where it runs.

Not a sub-command itself; it imports nothing heavy, so the command line stays quick to start.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def engine_arguments(parser: argparse.ArgumentParser) -> None:
    """Simulation and executor options shared by ``optimise`` and ``sweep``."""
    parser.add_argument("--days", type=int, default=180, help="civil days simulated per plan (default %(default)s)")
    parser.add_argument("--warmup", type=int, default=20, metavar="DAYS", help="days not counted (default %(default)s)")
    parser.add_argument("--replications", type=int, default=10, help="replications per plan (default %(default)s)")
    parser.add_argument(
        "--seed", type=int, default=1, help="random seed, the same for every plan (default %(default)s)"
    )
    parser.add_argument("--engine", choices=("local", "dask"), default="local", help="where plans run (default local)")
    parser.add_argument("--address", help="address of a running Dask scheduler, e.g. tcp://127.0.0.1:8786")
    parser.add_argument("--processes", type=int, default=None, help="local worker processes (default: one per core)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def plan_settings_from(args: argparse.Namespace, demand_items: Sequence[str] = ()):
    """How each plan is simulated, from the options: size, seed and demand multipliers (``PROC=MULT``)."""
    from model.cli.base import demand_from
    from model.config.errors import ConfigError, Problem
    from model.i18n import msg
    from model.staffing.evaluate import plan_settings

    demand = demand_from(list(demand_items))
    if args.replications < 2:
        raise ConfigError(Problem("--replications", None, msg("error.staffing.replications")))
    if not 0 <= args.warmup < args.days:
        raise ConfigError(Problem("--warmup", None, msg("error.staffing.warmup")))
    return plan_settings(
        days=args.days, warmup_days=args.warmup, replications=args.replications, seed=args.seed, demand=demand
    )
