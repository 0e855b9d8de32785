"""``python -m model export …``: the annexes of the regulation as files.

    export orgchart CONFIG [--format svg|pdf|png|dot|csv|xlsx|graphml] [--page auto|a4|a3] [--landscape] [--split] [--no-fte] -o FILE
    export bpmn CONFIG [--procedure ID …] [--lanes unit|function] [--simulation-json FILE] -o FILE.bpmn
    export staffing CONFIG [--format csv|md|docx|pdf] -o FILE
    export regulation CONFIG [--format md|docx|pdf] [--final] -o FILE
    export findings CONFIG -o FILE

The format defaults to the output file's extension. Anything that stops an export (a chart
too big for the page, Graphviz missing, an unwritable file) is one located line on stderr and
exit code 2, never a traceback or a half-written file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from model.checks.rules import validate
from model.cli.base import EXIT_FINDINGS, EXIT_OK, command, lang_argument, write_output
from model.config.errors import ConfigError, Problem
from model.config.loader import Scenario, load_scenario
from model.i18n import msg, t

if TYPE_CHECKING:
    from model.exports.draft import NotFinal

FORMATS = {
    "orgchart": ("svg", "pdf", "png", "dot", "csv", "xlsx", "graphml"),
    "staffing": ("csv", "md", "docx", "pdf"),
    "regulation": ("md", "docx", "pdf"),
    "findings": ("csv",),
    "bpmn": ("bpmn",),
}


def _arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_subparsers(dest="what", required=True, metavar="{" + ",".join(FORMATS) + "}")
    helps = {
        "orgchart": "annex 1: the org chart (schemat organizacyjny)",
        "staffing": "annex 2: FTE per unit and role (etatyzacja) with the art. 110 check",
        "regulation": "the whole organisational regulation (chapters 1-7) with annexes 1-3",
        "findings": "validation findings as CSV",
        "bpmn": "the procedures as BPMN 2.0 with their diagram (Camunda Modeler, bpmn.io, Prosimos)",
    }
    for name, formats in FORMATS.items():
        sub = what.add_parser(name, help=helps[name], description=helps[name])
        sub.add_argument("config", type=Path, help="configuration file (org_configs/*.yaml)")
        sub.add_argument("--format", choices=formats, help="default: the output file's extension")
        sub.add_argument("-o", "--output", type=Path, required=True, help="file to write")
        lang_argument(sub)
        if name == "regulation":
            sub.add_argument(
                "--final",
                action="store_true",
                help="refuse (exit 1) instead of writing a draft marked PROJEKT when the configuration has "
                "errors or the regulation blanks",
            )
        if name == "orgchart":
            sub.add_argument(
                "--page",
                choices=("auto", "a4", "a3"),
                default="auto",
                help="PDF page size; auto (default): the first of A4, A4 landscape, A3, A3 landscape on which "
                "the text stays at 6 pt or more, else split on A4 landscape; says which",
            )
            sub.add_argument("--landscape", action="store_true", help="PDF in landscape orientation")
            sub.add_argument(
                "--split",
                action="store_true",
                help="PDF: when the chart is unreadable on one page, an overview plus a page per branch",
            )
            sub.add_argument("--no-fte", action="store_true", help="leave FTEs out of the boxes")
            sub.add_argument("--color", action="store_true", help="colour boxes by their main function, with a legend")
            sub.add_argument("--dpi", type=int, default=150, help="PNG resolution (default 150)")
        if name == "bpmn":
            sub.add_argument(
                "--procedure", nargs="+", action="extend", default=[], metavar="ID", help="only these procedures"
            )
            sub.add_argument(
                "--lanes",
                choices=("unit", "function"),
                default="unit",
                help="a lane per unit (default) or per function",
            )
            sub.add_argument(
                "--simulation-json",
                type=Path,
                metavar="FILE",
                help="also write the simulation parameters as Prosimos reads them (one procedure; its steps are then "
                "plain tasks, the only kind Prosimos simulates)",
            )


@command("export", "write the regulation's annexes: org chart, staffing, scope of units", _arguments)
def _export(args: argparse.Namespace) -> int:
    fmt = args.format or args.output.suffix.lstrip(".").lower()
    if fmt not in FORMATS[args.what]:
        raise ConfigError(
            Problem(str(args.output), None, msg("error.cli.format", formats="|".join(FORMATS[args.what])))
        )
    scenario = load_scenario(args.config)
    from model.exports.draft import NotFinal
    from model.exports.render import ExportError  # here, so that a missing PDF library breaks only the exports

    try:
        if args.what == "bpmn":
            return _bpmn(args, scenario)
        data = _produce(args, fmt, scenario)
    except ExportError as exc:
        raise ConfigError(Problem(str(args.config), None, exc.message)) from None
    except NotFinal as refused:
        return refuse(str(args.config), refused, args.lang)
    write_output(args.output, data)
    return EXIT_OK


def refuse(file: str, refused: NotFinal, lang: str) -> int:
    """``--final`` of a draft: the reasons on stderr, one per line, nothing written, exit code 1."""
    print(f"{file}: {t('draft.refused', lang)}", file=sys.stderr)
    for line in refused.status.lines(lang):
        print(f"  {line}", file=sys.stderr)
    return EXIT_FINDINGS


def _bpmn(args: argparse.Namespace, scenario: Scenario) -> int:
    """The BPMN file, and beside it the Prosimos JSON of its one procedure when asked."""
    import json

    from model.interchange.bpmn_export import export_bpmn
    from model.interchange.prosimos import prosimos_parameters

    known = {p.id: p for p in scenario.procedures}
    unknown = [pid for pid in args.procedure if pid not in known]
    if unknown:
        raise ConfigError(
            Problem(str(args.config), None, msg("error.bpmn.procedure", ids=", ".join(unknown), known=", ".join(known)))
        )
    procedures = [known[pid] for pid in args.procedure] or scenario.procedures
    if args.simulation_json and len(procedures) != 1:
        raise ConfigError(Problem(str(args.simulation_json), None, msg("error.bpmn.one_procedure")))
    data, drawn = export_bpmn(scenario, procedures, args.lanes, plain_tasks=args.simulation_json is not None)
    if args.simulation_json:
        parameters = prosimos_parameters(scenario, drawn[0])
        write_output(args.simulation_json, json.dumps(parameters, ensure_ascii=False, indent=2).encode())
    write_output(args.output, data)
    return EXIT_OK


def _produce(args: argparse.Namespace, fmt: str, scenario: Scenario) -> bytes:
    from model.exports.regulation import regulation_file
    from model.exports.render import Page, chart_dot, chart_pdf, chart_png, chart_svg
    from model.exports.staffing import CSV_ENCODING, findings_csv

    if args.what == "orgchart" and fmt in ("csv", "xlsx", "graphml"):
        from model.interchange.orgchart_table import orgchart_file

        return orgchart_file(scenario, fmt)
    if args.what == "orgchart":
        options = {"show_fte": not args.no_fte, "color_by_function": args.color}
        if fmt == "pdf":
            if args.page == "auto" and not args.landscape and not args.split:
                from model.exports.render import chart_pdf_auto

                chosen = chart_pdf_auto(scenario, **options)
                print(msg("export.page_chosen", chosen=chosen.label()).text(args.lang), file=sys.stderr)
                return chosen.pdf
            size = "a4" if args.page == "auto" else args.page
            return chart_pdf(scenario, Page(size, args.landscape), split=args.split, **options)
        if fmt == "png":
            return chart_png(scenario, dpi=args.dpi, **options)
        if fmt == "svg":
            return chart_svg(scenario, **options)
        return chart_dot(scenario, **options).encode()
    if args.what == "staffing":
        from model.exports.annex import staffing_annex_file

        return staffing_annex_file(scenario, fmt)
    if args.what == "findings":
        return findings_csv(validate(scenario)).encode(CSV_ENCODING)
    return regulation_file(scenario, fmt, final=args.final)
