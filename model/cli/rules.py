"""``rules``: the validation rules, as a list or as the documentation's table."""

from __future__ import annotations

import argparse

import model.checks.rules  # noqa: F401  (importing the rules fills the registry)
from model.checks.findings import REGISTRY
from model.cli.base import EXIT_OK, command


def _rules_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--markdown", action="store_true", help="print the rule table of the documentation (Markdown)")


@command("rules", "list the validation rules", _rules_arguments)
def _rules(args: argparse.Namespace) -> int:
    print(
        rules_table()
        if args.markdown
        else "\n".join(f"{r.id:9}{r.severity.value:8} {r.title}" for r in REGISTRY.values())
    )
    return EXIT_OK


def rules_table() -> str:
    """The Markdown table of rules, generated from the registry so the documentation cannot drift."""
    rows = ["| rule | severity | what it checks | provision | fix |", "|---|---|---|---|---|"]
    rows += [f"| `{r.id}` | {r.severity.value} | {r.title} | {r.citation} | {r.fix} |" for r in REGISTRY.values()]
    return "\n".join(rows)
