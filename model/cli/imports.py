"""``python -m model import bpmn FILE.bpmn [--simulation-json FILE] [--lanes-map FILE] -o OUT``.

A process drawn in Camunda Modeler, bpmn.io or Bizagi becomes a procedure file. What cannot be
mapped is printed with its element id; with an error nothing is written (exit 1), with
warnings only the file is written and the warnings say what was assumed. ``-o`` is a YAML file
for a file of one process (or with ``--process``), else a folder that gets one file per process.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from model.cli.base import EXIT_FINDINGS, EXIT_OK, command, lang_argument, read_input, write_output
from model.config.errors import ConfigError, Problem
from model.i18n import msg, t


def _arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_subparsers(dest="what", required=True, metavar="{bpmn}")
    sub = what.add_parser("bpmn", help="a BPMN 2.0 process as a procedure", description=__doc__.splitlines()[0])
    sub.add_argument("file", type=Path, help="the .bpmn file")
    sub.add_argument("--simulation-json", type=Path, metavar="FILE", help="Prosimos simulation parameters")
    sub.add_argument(
        "--lanes-map",
        type=Path,
        metavar="FILE",
        help="YAML: lane name or id → function id (e.g. 'Dział X: social_work')",
    )
    sub.add_argument("--process", metavar="ID", help="only this process of the file")
    sub.add_argument("-o", "--output", type=Path, required=True, help="procedure file (.yaml) or folder")
    lang_argument(sub)


def _json(path: Path) -> dict:
    try:
        data = json.loads(read_input(path))
    except json.JSONDecodeError as exc:
        raise ConfigError(Problem(str(path), exc.lineno, msg("error.import.json", detail=exc.msg))) from None
    if not isinstance(data, dict):
        raise ConfigError(Problem(str(path), 1, msg("error.import.json", detail="not an object")))
    return data


def _lane_map(path: Path) -> dict[str, str]:
    from model.config import yamlio

    data = yamlio.load_file(path)
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ConfigError(Problem(str(path), 1, msg("error.import.lanes_map")))
    return {str(k): v for k, v in data.items()}


@command("import", "read procedures from the field's formats (BPMN 2.0)", _arguments)
def _import(args: argparse.Namespace) -> int:
    from model.interchange.bpmn_import import import_bpmn
    from model.interchange.procedure_yaml import procedure_yaml

    result = import_bpmn(
        read_input(args.file),
        str(args.file),
        _json(args.simulation_json) if args.simulation_json else None,
        _lane_map(args.lanes_map) if args.lanes_map else None,
    )
    for finding in result.findings:
        code = "import.error" if finding.severity == "error" else "import.warning"
        print(
            t(code, args.lang, file=str(args.file), element=finding.element, message=finding.message.text(args.lang)),
            file=sys.stderr,
        )
    if result.errors:
        return EXIT_FINDINGS
    procedures = [p for p in result.procedures if args.process in (None, p.id)]
    if not procedures:
        raise ConfigError(Problem(str(args.file), None, msg("error.import.no_such_process", process=args.process)))
    if args.output.suffix in (".yaml", ".yml"):
        if len(procedures) > 1:
            raise ConfigError(
                Problem(str(args.output), None, msg("error.import.many", ids=", ".join(p.id for p in procedures)))
            )
        write_output(args.output, procedure_yaml(procedures[0]).encode())
        return EXIT_OK
    for procedure in procedures:
        write_output(args.output / f"{procedure.id}.yaml", procedure_yaml(procedure).encode())
    return EXIT_OK
