"""``amend A B``: the director's order that changes the regulation from structure A to B.

    amend A B [--format md|docx|pdf] [--number 12/2026] [--effective 2026-09-01]
              [--amendment | --new-regulation] [--final] [--lang pl] -o FILE

An amending order, or a new regulation repealing A's when the change is extensive
(:func:`model.exports.amendment.decide`); which one was drafted, and why, is said on stderr, and
``--amendment`` / ``--new-regulation`` force either. The format defaults to the output file's
extension; the effective date to B's ``centre.effective_from``; a missing number or date is a
dotted blank listed in the document's "PROJEKT" notice. ``--final`` refuses (exit code 1) a
document that would be a draft: B with validation errors, or blanks left.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from model.cli.base import EXIT_OK, command, lang_argument, write_output
from model.config.errors import ConfigError, Problem
from model.config.loader import load_scenario
from model.i18n import msg

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
    parser.add_argument("--number", help="the order's number, e.g. 12/2026 (default: B's, else a blank to fill in)")
    parser.add_argument("--effective", type=_date, help="the date it takes effect (default: B's effective_from)")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--amendment", action="store_true", help="draft an amending order whatever the extent")
    kind.add_argument("--new-regulation", action="store_true", help="draft a new regulation repealing A's")
    parser.add_argument(
        "--final", action="store_true", help="refuse (exit 1) instead of writing a draft marked PROJEKT"
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    lang_argument(parser)


@command("amend", "draft the order changing the organisational regulation (md, docx, pdf)", _arguments)
def _amend(args: argparse.Namespace) -> int:
    fmt = args.format or args.output.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ConfigError(Problem(str(args.output), None, msg("error.cli.format", formats="|".join(FORMATS))))
    from model.cli.export import refuse
    from model.exports.amendment import AMENDMENT, NEW_REGULATION, amendment_file, decide
    from model.exports.draft import NotFinal
    from model.exports.render import ExportError
    from model.impact.diff import diff

    impact = diff(load_scenario(args.before), load_scenario(args.after))
    force = AMENDMENT if args.amendment else NEW_REGULATION if args.new_regulation else None
    try:
        data = amendment_file(impact, fmt, args.number, args.effective, force=force, final=args.final)
    except ExportError as exc:
        raise ConfigError(Problem(str(args.after), None, exc.message)) from None
    except NotFinal as refused:
        return refuse(str(args.after), refused, args.lang)
    write_output(args.output, data)
    print(decide(impact, force).message().text(args.lang), file=sys.stderr)
    return EXIT_OK
