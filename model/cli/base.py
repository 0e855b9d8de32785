"""What every sub-command shares: exit codes, the registry, the common arguments.

A sub-command is a module of this package that registers itself with :func:`command` when
imported; :func:`model.cli.build_parser` imports them (``model.cli.SUBCOMMANDS`` says which
module registers which command), so no module imports another.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2

Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[Command, Callable[[argparse.ArgumentParser], None], str]] = {}


def command(name: str, help_text: str, arguments: Callable[[argparse.ArgumentParser], None] = lambda p: None):
    """Register a sub-command under ``name``; its module is imported by :func:`model.cli.build_parser`."""

    def register(run: Command) -> Command:
        COMMANDS[name] = (run, arguments, help_text)
        return run

    return register


def config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config", type=Path, help="configuration file (org_configs/*.yaml)")


def lang_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang", choices=("en", "pl"), default="en", help="language of everything printed: en or pl (default en)"
    )


def demand_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--demand",
        nargs="+",
        action="extend",
        default=[],
        metavar="PROC=MULT",
        help="multiply a procedure's arrivals, e.g. zasilek_celowy=1.5 or '*=1.2' for all",
    )


def demand_from(items: list[str]) -> dict[str, float]:
    """``["zasilek_celowy=1.5", "*=1.2"]`` → multipliers by procedure id; a bad item is one clear line."""
    from model.config.errors import ConfigError, Problem
    from model.i18n import msg

    demand: dict[str, float] = {}
    for item in items:
        name, _, value = item.partition("=")
        try:
            demand[name.strip()] = float(value)
        except ValueError:
            raise ConfigError(Problem("--demand", None, msg("error.cli.demand", item=item))) from None
    return demand


def text_table(header: list[tuple[str, int]], rows: list[list[str]], left: tuple[int, ...] = (0,)) -> list[str]:
    """Lines of a table whose columns are as wide as the widest of their header, cells and
    minimum (a Polish header is often the longer): columns ``left`` aligned left, the others right."""
    widths = [max([minimum, len(title)] + [len(row[i]) for row in rows]) for i, (title, minimum) in enumerate(header)]

    def line(cells: list[str]) -> str:
        return " ".join(
            f"{c:{w}}" if i in left else f"{c:>{w}}" for i, (c, w) in enumerate(zip(cells, widths))
        ).rstrip()

    return [line([title for title, _ in header])] + [line(row) for row in rows]


def write_output(path: Path, data: bytes) -> None:
    """Write a command's output file whole or not at all, and say where it went."""
    from model.config.files import write_atomic

    write_atomic(path, data)
    print(f"{path}: {len(data)} bytes")


def estimate_text(found, spec: str, lang: str) -> str:
    """A mean with its 95% interval in the language's number format, e.g. ``29,3 [28,5; 30,0]``;
    a dash for nothing."""
    from model.i18n import number

    if found is None or found.mean is None:
        return "–"
    if found.ci95 is None:
        return number(found.mean, spec, lang)
    low, high = (number(v, spec, lang) for v in (found.ci95.low, found.ci95.high))
    return f"{number(found.mean, spec, lang)} [{low}; {high}]"


def read_input(path: Path) -> bytes:
    """An input file's bytes, or one line naming it when it cannot be read."""
    from model.config.errors import ConfigError, Problem
    from model.i18n import msg

    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            Problem(str(path), None, msg("error.calib.unreadable", detail=exc.strerror or str(exc)))
        ) from None


def encoding_argument(parser: argparse.ArgumentParser) -> None:
    """``--encoding`` for commands that read CSV files: detected unless given (see :mod:`model.config.tabular`)."""
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="encoding of CSV input, e.g. cp1250 or utf-8 (default: detected: UTF-8 with or without BOM, "
        "else Windows-1250 as Polish Excel saves it)",
    )
