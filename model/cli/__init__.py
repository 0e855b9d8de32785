"""Command line of the MOPS configurator (python -m model, or mops): a thin layer over the library.

Exit codes: 0 no error (warnings allowed), 1 errors found, 2 the input cannot be read.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from model.cli.base import COMMANDS, EXIT_FINDINGS, EXIT_UNREADABLE, lang_argument
from model.config.errors import ConfigError
from model.i18n import t

SUBCOMMANDS = (
    "validate",
    "show",
    "rules",
    "schema",
    "simulate",
    "export",
    "optimise",
    "sweep",
    "diff",
    "amend",
    "calibrate",
    "forecast",
    "scenario",
)
"""Modules of this package, one per sub-command; each registers itself when imported. They
import their heavy libraries (SimPy, pandas, the PDF writers) only when they run."""


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: every sub-command, with nothing else needed."""
    for name in SUBCOMMANDS:
        importlib.import_module(f"model.cli.{name}")
    parser = argparse.ArgumentParser(prog="python -m model", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (run, arguments, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        arguments(command)
        command.set_defaults(run=run)
        _with_language(command)
    return parser


def _with_language(parser: argparse.ArgumentParser) -> None:
    """Every command, and every sub-command under it, takes ``--lang`` for all it prints."""
    nested = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    if not nested:
        with contextlib.suppress(argparse.ArgumentError):  # the command declared it itself
            lang_argument(parser)
    for action in nested:
        for child in action.choices.values():
            _with_language(child)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code = args.run(args)
        sys.stdout.flush()  # inside the try, so a closed pipe is caught here and not at exit
        return code
    except BrokenPipeError:
        # the reader left (`… | head`): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FINDINGS
    except ConfigError as exc:
        for problem in exc.problems:
            print(t("cli.error", args.lang, problem=problem.text(args.lang)), file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
