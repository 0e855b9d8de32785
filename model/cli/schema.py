"""``schema``: the JSON Schema of a configuration or procedure file."""

from __future__ import annotations

import argparse
import json

from model.cli.base import EXIT_OK, command
from model.config.schema import json_schema, procedure_json_schema


def _schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--procedure", action="store_true", help="the schema of a procedure file instead")


@command("schema", "print the JSON Schema of a configuration file", _schema_arguments)
def _schema(args: argparse.Namespace) -> int:
    print(json.dumps(procedure_json_schema() if args.procedure else json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK
