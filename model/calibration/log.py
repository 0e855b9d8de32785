"""Reading an event log (CSV, Excel, XES) into one checked, pseudonymised table.

Column names follow XES (``case:concept:name``, ``concept:name``, ``time:timestamp``…); ``--map``
renames others. Every problem is one :class:`~model.config.errors.Problem` naming the file and the
row (the spreadsheet row, header = 1; for XES the event's position). The file itself is read
from memory and never copied; case and resource ids are replaced by pseudonyms at once.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from model.calibration.pseudonym import new_key, pseudonymise
from model.config.errors import ConfigError, Problem
from model.config.tabular import read_table
from model.i18n import msg

COLUMNS = {
    "case": "case:concept:name",
    "activity": "concept:name",
    "timestamp": "time:timestamp",
    "start": "time:start_timestamp",
    "resource": "org:resource",
    "group": "org:group",
    "procedure": "case:procedure",
    "lifecycle": "lifecycle:transition",
}
"""Our name → the XES standard column name."""
REQUIRED = ("case", "activity", "timestamp")
MAX_ROWS = 5_000_000
"""Beyond this the log is refused rather than exhausting the memory of a shared server."""

_ROW = "\0row"
"""The spreadsheet row of each event, kept through the folding of start and complete events."""
_ZONE = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
_DATE_ONLY = re.compile(r"^\s*(?:\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})\s*$")
_FORMATS = ("ISO8601", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y")


@dataclass
class EventLog:
    """Events with pseudonymous ids: columns ``case activity end start resource group procedure row``."""

    frame: pd.DataFrame
    name: str
    """The file's name only (no folder): it goes into provenance comments."""
    date_only: bool
    """Timestamps carry no time of day: efforts cannot be estimated."""
    has_start: bool


def parse_map(items: list[str], file: str = "--map") -> dict[str, str]:
    """``["case=nr_sprawy", …]`` → ``{"case": "nr_sprawy"}``; keys are our names or XES names."""
    mapping: dict[str, str] = {}
    reverse = {v: k for k, v in COLUMNS.items()}
    for item in items:
        key, sep, column = item.partition("=")
        key = reverse.get(key.strip(), key.strip())
        if not sep or key not in COLUMNS or not column.strip():
            raise ConfigError(Problem(file, None, msg("error.calib.map", item=item, keys=", ".join(COLUMNS))))
        mapping[key] = column.strip()
    return mapping


def read_log(data: bytes, name: str, mapping: dict[str, str] | None = None, encoding: str | None = None) -> EventLog:
    """Read a log given as bytes (an upload or a file's content); the format from ``name``'s suffix,
    a CSV's encoding detected (UTF-8 with or without a BOM, or Polish Excel's Windows-1250) unless given."""
    name = Path(name).name
    if name.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise ConfigError(Problem(name, None, msg("error.calib.unreadable", detail=str(exc)))) from None
    if not data.strip():
        raise ConfigError(Problem(name, None, msg("error.calib.empty")))
    suffix = Path(name).suffix.lower()
    if suffix == ".gz":
        suffix = Path(name[:-3]).suffix.lower()
    if suffix == ".xes":
        from model.calibration.xes import read_xes

        raw, first_row = read_xes(data, name), 1
    else:
        table = read_table(data, name.removesuffix(".gz") if name.lower().endswith(".gz") else name, encoding)
        raw, first_row = table.frame, table.first_row
    return check(raw, name, mapping or {}, first_row)


def check(raw: pd.DataFrame, name: str, mapping: dict[str, str], first_row: int) -> EventLog:
    """Rename, check and pseudonymise; the first problem found is raised with its row."""
    if raw.empty:
        raise ConfigError(Problem(name, None, msg("error.calib.empty")))
    if len(raw) > MAX_ROWS:
        raise ConfigError(Problem(name, None, msg("error.calib.too_big", rows=len(raw), limit=MAX_ROWS)))
    names = {key: mapping.get(key, COLUMNS[key]) for key in COLUMNS}
    missing = [names[key] for key in REQUIRED if names[key] not in raw.columns]
    if missing:
        raise ConfigError(
            Problem(
                name, 1, msg("error.calib.columns", missing=", ".join(missing), found=", ".join(map(str, raw.columns)))
            )
        )
    raw = raw.assign(**{_ROW: range(first_row, first_row + len(raw))})
    if names["lifecycle"] in raw.columns and names["start"] not in raw.columns:
        raw = fold_lifecycle(raw, names)
        if raw.empty:
            raise ConfigError(Problem(name, None, msg("error.calib.empty")))
    frame = pd.DataFrame(index=raw.index)
    frame["row"] = raw[_ROW]
    for key in ("case", "activity"):
        values = raw[names[key]].astype(str).str.strip()
        empty = values == ""
        if empty.any():
            row = int(frame["row"][empty.idxmax()])
            raise ConfigError(Problem(name, row, msg("error.calib.blank", column=names[key])))
        frame[key] = values
    frame["end"], date_only = parse_times(
        raw[names["timestamp"]], names["timestamp"], frame["row"], name, required=True
    )
    has_start = names["start"] in raw.columns
    if has_start:
        frame["start"], start_dates = parse_times(
            raw[names["start"]], names["start"], frame["row"], name, required=False
        )
        date_only = date_only and start_dates
        has_start = bool(frame["start"].notna().any())
    else:
        frame["start"] = pd.NaT
    for key in ("resource", "group", "procedure"):
        frame[key] = raw[names[key]].astype(str).str.strip() if names[key] in raw.columns else ""
    secret = new_key()
    frame["case"] = pseudonymise(frame["case"], secret)
    frame["resource"] = pseudonymise(frame["resource"], secret).where(frame["resource"] != "", "")
    backwards = frame["start"].notna() & (frame["start"] > frame["end"])
    if backwards.any():
        raise ConfigError(Problem(name, int(frame["row"][backwards.idxmax()]), msg("error.calib.backwards")))
    duplicated = frame.duplicated(subset=["case", "activity", "end", "start"])
    if duplicated.any():
        raise ConfigError(Problem(name, int(frame["row"][duplicated.idxmax()]), msg("error.calib.duplicate")))
    return EventLog(frame.reset_index(drop=True), name, date_only, has_start and not date_only)


def fold_lifecycle(raw: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """A log of ``start`` and ``complete`` events (``lifecycle:transition``, as XES tools write
    it) as one row per completion, with its start: the n-th start of an activity in a case pairs
    with its n-th completion, in the file's order (XES keeps a trace's events in time order).
    A start never completed (work in progress at the export) is left out, as are other
    transitions (``schedule``, ``assign``…); a completion without a start has none."""
    transition = raw[names["lifecycle"]].astype(str).str.strip().str.lower()
    keys = [names["case"], names["activity"]]
    starts, completes = raw[transition == "start"], raw[transition == "complete"].copy()
    begun = pd.Series(
        starts[names["timestamp"]].to_numpy(),
        index=pd.MultiIndex.from_arrays([*(starts[k] for k in keys), starts.groupby(keys).cumcount()]),
    )
    instance = pd.MultiIndex.from_arrays([*(completes[k] for k in keys), completes.groupby(keys).cumcount()])
    completes[names["start"]] = begun.reindex(instance).fillna("").to_numpy()
    return completes


def parse_times(column: pd.Series, label: str, rows: pd.Series, name: str, required: bool) -> tuple[pd.Series, bool]:
    """Parsed timestamps (naive, local time) and whether all of them are dates without a time; a
    blank (when ``required``), unreadable or mixed-zone value is one problem at its ``rows`` row.
    Logs and open-case snapshots read their times alike through it."""
    text = column.astype(str).str.strip()
    blank = text == ""
    if required and blank.any():
        raise ConfigError(Problem(name, int(rows[blank.idxmax()]), msg("error.calib.blank", column=label)))
    present = text[~blank]
    zoned = present.str.contains(_ZONE)
    if zoned.any() and not zoned.all():
        odd = zoned.idxmin() if zoned.iloc[0] else zoned.idxmax()
        raise ConfigError(Problem(name, int(rows[odd]), msg("error.calib.mixed_zones", column=label)))
    parsed = None
    for fmt in _FORMATS:
        attempt = pd.to_datetime(present, format=fmt, errors="coerce", utc=bool(zoned.any()))
        if parsed is None or attempt.notna().sum() > parsed.notna().sum():
            parsed = attempt
        if parsed.notna().all():
            break
    assert parsed is not None
    bad = parsed.isna()
    if bad.any():
        where = bad.idxmax()
        raise ConfigError(
            Problem(name, int(rows[where]), msg("error.calib.timestamp", column=label, value=present[where][:40]))
        )
    if zoned.any():
        parsed = parsed.dt.tz_convert("Europe/Warsaw").dt.tz_localize(None)
    result = pd.Series(pd.NaT, index=column.index, dtype="datetime64[ns]")
    result[~blank] = parsed.astype("datetime64[ns]")
    date_only = (
        bool(len(present))
        and bool(present.head(1000).str.match(_DATE_ONLY).all())
        and bool((result.dropna().dt.normalize() == result.dropna()).all())
    )
    return result, date_only
