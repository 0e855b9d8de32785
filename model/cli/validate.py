"""``validate``: the findings of a configuration and the law applied, as lines or as JSON."""

from __future__ import annotations

import argparse
import json

from model.checks.findings import Severity
from model.checks.rules import law_applied, validate
from model.checks.settings import switches
from model.cli.base import EXIT_FINDINGS, EXIT_OK, command, config_argument
from model.config.loader import load_scenario
from model.i18n import t


def _arguments(parser: argparse.ArgumentParser) -> None:
    config_argument(parser)
    parser.add_argument("--json", action="store_true", help="print the law applied and the findings as JSON")


@command("validate", "check a configuration and its procedures in the law of its date", _arguments)
def _validate(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.config)
    findings = validate(scenario)
    provisions = law_applied(scenario)
    switched = switches(scenario)
    on, dated = (scenario.law.on, scenario.law.dated) if scenario.law else (None, False)
    if args.json:
        print(
            json.dumps(
                {
                    "law": {
                        "on": str(on),
                        "dated": dated,
                        "provisions": [
                            {
                                "id": p.key,
                                "citation": p.citation,
                                "act": p.act,
                                "valid_from": str(p.valid_from),
                                "valid_to": str(p.valid_to) if p.valid_to else None,
                                "source": p.source,
                            }
                            for p in provisions
                        ],
                    },
                    "switches": [
                        {
                            "rule": s.rule,
                            "severity": s.severity.value if s.severity else None,
                            "registered": s.registered.value if s.registered else None,
                            "reason": s.reason,
                            "file": s.file,
                            "line": s.line,
                        }
                        for s in switched
                    ],
                    "findings": [
                        {
                            "rule": f.rule,
                            "severity": f.severity.value,
                            "message": f.text(args.lang),
                            "file": f.file,
                            "line": f.line,
                        }
                        for f in findings
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(t("law.applied" if dated else "law.undated", args.lang, on=str(on)))
        for act in sorted({p.act for p in provisions}):
            print(f"  - {act}")
        if switched:
            print(t("checks.heading", args.lang))
            for switch in switched:
                print(f"  {switch.located(args.lang)}")
        for finding in findings:
            print(finding.located(args.lang))
        errors = sum(f.severity == Severity.error for f in findings)
        print(t("validate.summary", args.lang, file=args.config, errors=errors, warnings=len(findings) - errors))
    return EXIT_FINDINGS if any(f.severity == Severity.error for f in findings) else EXIT_OK
