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

SUBCOMMANDS = {
    "validate": "validate",
    "show": "show",
    "rules": "rules",
    "schema": "schema",
    "simulate": "simulate",
    "compare": "simulate",
    "export": "export",
    "optimise": "optimise",
    "sweep": "sweep",
    "diff": "diff",
    "amend": "amend",
    "calibrate": "calibrate",
    "forecast": "forecast",
    "scenario": "scenario",
    "import-staff": "import_staff",
    "import": "imports",
    "audit": "audit",
    "roles": "audit",
    "backup": "backup",
    "restore": "backup",
    "workload": "workload",
}
"""Each sub-command and the module of this package that registers it when imported. The modules
import their heavy libraries (numpy and the engine, pandas, the PDF writers) only when they run."""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line: every sub-command, or only ``command`` (a run imports its module alone)."""
    names = [command] if command in SUBCOMMANDS else list(SUBCOMMANDS)
    for module in dict.fromkeys(SUBCOMMANDS[name] for name in names):
        importlib.import_module(f"model.cli.{module}")
    parser = argparse.ArgumentParser(prog="python -m model", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in names:
        run, arguments, help_text = COMMANDS[name]
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        arguments(command_parser)
        command_parser.set_defaults(run=run)
        _with_language(command_parser)
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
    # The simulation runs in parallel as processes; numpy's BLAS threads (started, and spinning,
    # as numpy is imported) would only compete with them for the same cores.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # pydantic looks for plugins in the metadata of every installed package before it validates
    # anything (tens of milliseconds in a full environment); the command line uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(argv[0] if argv else None).parse_args(argv)
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
