"""The annual MRPiPS-03 figures, where no event log exists.

Every centre reports each year, per form of help, the families and persons helped and the
decisions issued (sprawozdanie MRPiPS-03, section on forms of help). The input mirrors those
rows in a small CSV or YAML, one row a procedure: ``procedure, year, decisions`` and optionally
``families``. Decisions issued in the year ÷ the year's open days × open days a week give the
arrivals per week (one decision per case: an assumption the report states); ``families`` sets
the caseload of procedures that declare one. Row numbers in messages are the file's lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from ruamel.yaml import YAML

from model.calibration.worktime import WorkTime
from model.calibration.writer import file_name, set_comment, source_data
from model.config import roundtrip
from model.config.errors import ConfigError, Problem
from model.config.loader import Scenario
from model.config.tabular import decode, read_table
from model.i18n import msg, t

NEEDED = ("procedure", "year", "decisions")


@dataclass(frozen=True)
class AnnualFigure:
    """One row of the annual report: a procedure's decisions (and families) in a year."""

    procedure: str
    year: int
    decisions: int
    families: int | None
    row: int


def read_statistics(data: bytes, name: str, scenario: Scenario, encoding: str | None = None) -> list[AnnualFigure]:
    """The annual figures given as bytes, CSV or YAML by ``name``'s suffix; a row naming an unknown
    procedure or holding a value that is not a whole number is one problem with its row."""
    if not data.strip():
        raise ConfigError(Problem(name, None, msg("error.calib.empty")))
    if Path(name).suffix.lower() in (".yaml", ".yml"):
        rows = YAML(typ="safe").load(decode(data, name, encoding))
        rows = rows.get("rows", rows) if isinstance(rows, dict) else rows
        frame, first = pd.DataFrame(rows or []).astype(str), 1
    else:
        table = read_table(data, name, encoding)
        frame, first = table.frame, table.first_row
    missing = [c for c in NEEDED if c not in frame.columns]
    if missing:
        raise ConfigError(
            Problem(
                name, 1, msg("error.calib.statistics_columns", needed=", ".join(NEEDED), found=", ".join(frame.columns))
            )
        )
    known = {p.id for p in scenario.procedures}
    figures = []
    for offset, record in enumerate(frame.to_dict("records")):
        row = first + offset
        if record["procedure"] not in known:
            raise ConfigError(
                Problem(
                    name,
                    row,
                    msg(
                        "error.calib.statistics_procedure",
                        procedure=record["procedure"],
                        known=", ".join(sorted(known)),
                    ),
                )
            )
        numbers: dict[str, int | None] = {}
        for column in ("year", "decisions", "families"):
            value = str(record.get(column, "")).strip()
            if column == "families" and value in ("", "nan", "None"):
                numbers[column] = None
                continue
            if not value.isdigit():
                raise ConfigError(Problem(name, row, msg("error.calib.statistics_value", column=column, value=value)))
            numbers[column] = int(value)
        year, decisions = numbers["year"], numbers["decisions"]
        assert year is not None and decisions is not None  # only "families" may be left empty (above)
        figures.append(AnnualFigure(record["procedure"], year, decisions, numbers["families"], row))
    return figures


def statistics_files(scenario: Scenario, figures: list[AnnualFigure], source: str, lang: str) -> dict[str, str]:
    """Procedure files with arrivals (and caseloads) from the annual figures."""
    files = {}
    for figure in figures:
        procedure = next(p for p in scenario.procedures if p.id == figure.procedure)  # checked when read
        year_start, year_end = pd.Timestamp(figure.year, 1, 1), pd.Timestamp(figure.year, 12, 31)
        work = WorkTime.of(scenario.config.calendar, year_start, year_end)
        per_week = figure.decisions / work.open_days_between(year_start, year_end) * work.days_per_week
        data = source_data(procedure)
        data["arrivals"]["per_week"] = round(per_week, 2)
        data["arrivals"].pop("reference_population", None)
        set_comment(data["arrivals"], "per_week", _provenance(figure, "decisions", source, lang))
        if figure.families is not None and "caseload" in data:
            data["caseload"]["families"] = figure.families
            set_comment(data["caseload"], "families", _provenance(figure, "families", source, lang))
        files[file_name(procedure)] = roundtrip.dump(data)
    return files


def _provenance(figure: AnnualFigure, name: str, source: str, lang: str) -> str:
    """The comment beside a value taken from the annual figure ``name`` (decisions or families)."""
    value = getattr(figure, name)
    return t("calib.statistics_provenance", lang, source=source, figure=name, value=value, year=figure.year)
