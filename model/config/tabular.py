"""Reading a spreadsheet's bytes as Polish offices save them: one reader for every table the product takes.

Polish Excel saves "CSV (rozdzielany średnikami)" in Windows-1250 with semicolons; "CSV UTF-8"
adds a byte-order mark; LibreOffice and scripts write plain UTF-8 with commas. A reader that
assumes one of these turns the others' headers into "Czynno��", so the staffing table, the case
log, the open cases and the annual figures all come through :func:`decode` and :func:`read_table`.

The encoding is detected: a byte-order mark names it; text that decodes as UTF-8 is UTF-8
(Windows-1250 text with Polish letters practically never does); anything else is Windows-1250.
It can also be given (``--encoding``). The separator is the one of ``;``, tab and ``,`` that
occurs most in the header line.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from model.config.errors import ConfigError, Problem
from model.extras import need
from model.i18n import msg

EXCEL_ENCODING = "cp1250"
"""What Polish Windows Excel writes for "CSV (rozdzielany średnikami)"."""
SEPARATORS = (";", "\t", ",")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """The text of ``data``: in ``encoding`` if given, else UTF-8 (with or without a BOM) or Windows-1250."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ConfigError(Problem(name, None, msg("error.table.encoding_unknown", encoding=encoding))) from None
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ConfigError(Problem(name, line, msg("error.table.encoding", encoding=encoding))) from None
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(EXCEL_ENCODING, errors="replace")


def separator(text: str) -> str:
    """The field separator: whichever of ``;``, tab and ``,`` the header line holds most of."""
    header = text.split("\n", 1)[0]
    return max(SEPARATORS, key=header.count)


@dataclass(frozen=True)
class Table:
    """A table's cells as text, and the row number of its first data row (the header is row 1)."""

    frame: pd.DataFrame
    first_row: int


def read_table(data: bytes, name: str, encoding: str | None = None) -> Table:
    """A CSV (any of the encodings and separators above) or an Excel workbook's first sheet, all cells text.

    Empty cells are empty strings; column names are stripped of surrounding spaces.
    """
    if Path(name).suffix.lower() in EXCEL_SUFFIXES:
        frame = _excel(data, name)
    else:
        text = decode(data, name, encoding)
        try:
            frame = pd.read_csv(
                io.StringIO(text), sep=separator(text), dtype=str, keep_default_na=False, compression=None, engine="c"
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise ConfigError(
                Problem(name, None, msg("error.calib.unreadable", detail=str(exc).splitlines()[0]))
            ) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return Table(frame, 2)


def _excel(data: bytes, name: str) -> pd.DataFrame:
    need("xlsx")
    try:
        frame = pd.read_excel(io.BytesIO(data), engine="openpyxl", dtype=object)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise ConfigError(Problem(name, None, msg("error.calib.unreadable", detail=str(exc)))) from None
    for column in frame.columns:  # dates come as datetimes: make them ISO text like a CSV's
        frame[column] = frame[column].map(cell_text)
    return frame


def cell_text(value: object) -> str:
    """A spreadsheet cell as a CSV would hold it: empty for a blank, ISO for a date, digits for a whole number."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return str(value)
