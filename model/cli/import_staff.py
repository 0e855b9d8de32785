"""``import-staff``: the staffing table the centre keeps in Excel (*etatyzacja*) as a new configuration.

Reads XLSX or CSV (Polish Excel's Windows-1250 with semicolons, or UTF-8), one row a post, and
writes a configuration built on a shipped one of the chosen kind (``--template``): the table's
units, posts and addresses, the template's procedures, calendar and costs. Nothing is written
when a row is wrong; every wrong row is named.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from model.cli.base import EXIT_OK, command, encoding_argument, read_input, write_output


def _arguments(parser: argparse.ArgumentParser) -> None:
    from model.config.new_centre import TEMPLATES

    parser.add_argument("table", type=Path, help="staffing table: .xlsx or .csv, one row a post")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the configuration to write")
    parser.add_argument(
        "--template",
        choices=list(TEMPLATES),
        default="separated",
        help="kind of centre whose procedures, calendar and costs to start from (default %(default)s)",
    )
    parser.add_argument("--name", help="the centre's full name in the nominative (default: a placeholder to fill in)")
    parser.add_argument("--population", type=int, help="inhabitants of the gmina (default: the template's)")
    parser.add_argument(
        "--map", nargs="+", action="extend", default=[], metavar="KEY=COLUMN", help='headers, e.g. unit="Nazwa działu"'
    )
    parser.add_argument(
        "--role",
        nargs="+",
        action="extend",
        default=[],
        metavar="TITLE=ROLE",
        help='roles of job titles the table uses, e.g. "Inspektor ds. świadczeń=clerk"',
    )
    encoding_argument(parser)


@command("import-staff", "a new configuration from the centre's staffing table (XLSX or CSV)", _arguments)
def _import_staff(args: argparse.Namespace) -> int:
    from model.config.new_centre import CentreFacts, new_centre_text, template_functions, template_population
    from model.config.staff_table import parse_column_map, parse_role_map, read_staff_table
    from model.i18n import t

    table = read_staff_table(
        read_input(args.table),
        args.table.name,
        parse_column_map(args.map),
        parse_role_map(args.role),
        template_functions(args.template),
        encoding=args.encoding,
    )
    comments = []
    if not args.name:
        comments.append(("name", t("new_centre.name_missing", "pl")))
    if not args.population:
        comments.append(("population", t("new_centre.population_assumed", "pl")))
    facts = CentreFacts(
        name=args.name or t("new_centre.placeholder_name", "pl"),
        population=args.population or template_population(args.template),
        comments=tuple(comments),
    )
    text = new_centre_text(args.template, facts, table)
    write_output(args.output, text.encode("utf-8"))
    fte = sum(p.fte for u in table.units.values() for p in u.posts)
    print(
        t(
            "cli.import_staff.done",
            args.lang,
            file=str(args.output),
            units=len(table.units),
            fte=fte,
            template=args.template,
        )
    )
    return EXIT_OK
