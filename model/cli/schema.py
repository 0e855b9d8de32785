"""``schema``: the JSON Schema of a configuration or procedure file, or of simulation results."""

from __future__ import annotations

import argparse
import json

from model.cli.base import EXIT_OK, command
from model.config.schema import json_schema, procedure_json_schema


def _schema_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--procedure", action="store_true", help="the schema of a procedure file instead")
    which.add_argument(
        "--result", action="store_true", help="the schema of `simulate --json` and `compare --json` output instead"
    )


@command("schema", "print the JSON Schema of a configuration file", _schema_arguments)
def _schema(args: argparse.Namespace) -> int:
    if args.result:
        from model.simulation.results import json_schema as result_schema

        schema = result_schema()
    else:
        schema = procedure_json_schema() if args.procedure else json_schema()
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK
