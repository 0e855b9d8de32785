"""Command line of the MOPS configurator (python -m model, or mops): a thin layer over the library.

Exit codes: 0 no error (warnings allowed), 1 errors found, 2 the input cannot be read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import ConfigError
from .findings import REGISTRY, Severity
from .loader import Scenario, load_scenario
from .rules import validate
from .schema import json_schema, procedure_json_schema

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2

Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[Command, Callable[[argparse.ArgumentParser], None], str]] = {}


def command(name: str, help_text: str, arguments: Callable[[argparse.ArgumentParser], None] = lambda p: None):
    """Register a sub-command; ``sim_cli`` and ``export_cli`` add theirs the same way."""

    def register(run: Command) -> Command:
        COMMANDS[name] = (run, arguments, help_text)
        return run

    return register


def _config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config", type=Path, help="configuration file (org_configs/*.yaml)")


def _validate_arguments(parser: argparse.ArgumentParser) -> None:
    _config_argument(parser)
    parser.add_argument("--json", action="store_true", help="print findings as a JSON list")
    parser.add_argument("--lang", choices=("en", "pl"), default="en", help="language of the messages")


@command("validate", "check a configuration and its procedures", _validate_arguments)
def _validate(args: argparse.Namespace) -> int:
    findings = validate(load_scenario(args.config))
    if args.json:
        print(json.dumps([{"rule": f.rule, "severity": f.severity.value, "message": f.text(args.lang),
                           "file": f.file, "line": f.line} for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            print(finding.located(args.lang))
        errors = sum(f.severity == Severity.error for f in findings)
        print(f"{args.config}: {errors} error(s), {len(findings) - errors} warning(s)")
    return EXIT_FINDINGS if any(f.severity == Severity.error for f in findings) else EXIT_OK


@command("show", "summarise units, functions and procedures", _config_argument)
def _show(args: argparse.Namespace) -> int:
    print(summary(load_scenario(args.config)))
    return EXIT_OK


def summary(scenario: Scenario) -> str:
    """A plain-text overview of a scenario: the chart with FTE, who serves what, the procedures."""
    centre = scenario.config.centre
    lines = [f"{centre.name} ({centre.model.value}, {centre.population} inhabitants)", "", "Units:"]

    def chart(units, depth: int) -> None:
        for unit in units:
            fte = f"{unit.fte():g} FTE" if unit.staff else ""
            symbol = f" [{unit.symbol}]" if unit.symbol else ""
            lines.append(f"{'  ' * depth}- {unit.name}{symbol} {fte}".rstrip())
            chart(unit.units, depth + 1)

    chart(scenario.config.units, 1)
    total = sum(u.fte() for u in scenario.units)
    lines += [f"  total: {total:g} FTE", "", "Functions:"]
    used = sorted({f for u in scenario.units for f in u.functions})
    for function in used:
        units = ", ".join(u.id for u in scenario.units if function in u.functions)
        lines.append(f"  {function} ({scenario.function_name(function)}): {units}")
    lines += ["", "Procedures:"]
    for procedure in scenario.procedures:
        rate = procedure.arrivals.rate_for(centre.population)
        lines.append(f"  {procedure.id}: {procedure.name} — {len(procedure.steps)} steps, {rate:.1f} clients/week")
    return "\n".join(lines)


def _rules_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--markdown", action="store_true", help="print the README's rule table")


@command("rules", "list the validation rules", _rules_arguments)
def _rules(args: argparse.Namespace) -> int:
    print(rules_table() if args.markdown else "\n".join(f"{r.id}  {r.severity.value:8} {r.title}"
                                                         for r in REGISTRY.values()))
    return EXIT_OK


def rules_table() -> str:
    """The Markdown table of rules, generated from the registry so the README cannot drift."""
    rows = ["| rule | severity | what it checks |", "|---|---|---|"]
    rows += [f"| `{r.id}` | {r.severity.value} | {r.title} |" for r in REGISTRY.values()]
    return "\n".join(rows)


def _schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--procedure", action="store_true", help="the schema of a procedure file instead")


@command("schema", "print the JSON Schema of a configuration file", _schema_arguments)
def _schema(args: argparse.Namespace) -> int:
    print(json.dumps(procedure_json_schema() if args.procedure else json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m model", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (run, arguments, help_text) in COMMANDS.items():
        arguments(sub.add_parser(name, help=help_text, description=help_text))
        sub.choices[name].set_defaults(run=run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from . import export_cli, sim_cli  # noqa: F401  (they register their commands on import)

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
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
