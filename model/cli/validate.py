"""``validate``: the findings of a configuration, as lines or as JSON."""

from __future__ import annotations

import argparse
import json

from model.checks.findings import Severity
from model.checks.rules import validate
from model.cli.base import EXIT_FINDINGS, EXIT_OK, command, config_argument
from model.config.loader import load_scenario
from model.i18n import t


def _arguments(parser: argparse.ArgumentParser) -> None:
    config_argument(parser)
    parser.add_argument("--json", action="store_true", help="print findings as a JSON list")


@command("validate", "check a configuration and its procedures", _arguments)
def _validate(args: argparse.Namespace) -> int:
    findings = validate(load_scenario(args.config))
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "rule": f.rule,
                        "severity": f.severity.value,
                        "message": f.text(args.lang),
                        "file": f.file,
                        "line": f.line,
                    }
                    for f in findings
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for finding in findings:
            print(finding.located(args.lang))
        errors = sum(f.severity == Severity.error for f in findings)
        print(t("validate.summary", args.lang, file=args.config, errors=errors, warnings=len(findings) - errors))
    return EXIT_FINDINGS if any(f.severity == Severity.error for f in findings) else EXIT_OK
