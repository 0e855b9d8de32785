"""``amend A B``: the draft director's order amending the regulation from structure A to B.

    amend A B [--format md|docx|pdf] [--number 12/2026] [--effective 2026-09-01] -o FILE

The format defaults to the output file's extension; the effective date to B's
``centre.effective_from``; a missing number or date is a dotted blank to fill in by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from model.cli.base import EXIT_OK, command, write_output
from model.config.errors import ConfigError, Problem
from model.config.loader import load_scenario

FORMATS = ("md", "docx", "pdf")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("before", type=Path, help="the structure in force (A)")
    parser.add_argument("after", type=Path, help="the new structure (B)")
    parser.add_argument("--format", choices=FORMATS, help="default: the output file's extension")
    parser.add_argument("--number", help="the order's number, e.g. 12/2026 (default: a blank to fill in)")
    parser.add_argument("--effective", type=_date, help="the date it takes effect (default: B's effective_from)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="file to write")


@command("amend", "draft the order amending the organisational regulation (md, docx, pdf)", _arguments)
def _amend(args: argparse.Namespace) -> int:
    fmt = args.format or args.output.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ConfigError(
            Problem(
                str(args.output), None, f"cannot tell the format from the file name; give --format {'|'.join(FORMATS)}"
            )
        )
    from model.exports.amendment import amendment_file
    from model.exports.render import ExportError
    from model.impact.diff import diff

    impact = diff(load_scenario(args.before), load_scenario(args.after))
    try:
        data = amendment_file(impact, fmt, args.number, args.effective)
    except ExportError as exc:
        raise ConfigError(Problem(str(args.after), None, str(exc))) from None
    write_output(args.output, data)
    return EXIT_OK
