"""Placing a log on the procedures: activities on steps, cases on procedures.

An activity matches a step by the step's id or its Polish name, ignoring case, diacritics and
punctuation. A case matches a procedure by ``case:procedure`` (id or name), else by its first
activity: the procedure that starts with it, or, when several do, the one whose steps match
most of the case's activities (the first in configuration order on a tie).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from model.config.schema import Procedure


def key(text: str) -> str:
    """Lower case, no diacritics (ł too), runs of anything else one space."""
    text = unicodedata.normalize("NFKD", str(text).replace("ł", "l").replace("Ł", "L"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@dataclass
class Matching:
    """How the log's cases and events were placed in the configuration's procedures, and what could not be."""

    procedure_of_case: pd.Series
    """Case pseudonym → procedure id (only placed cases)."""
    step_of_event: pd.Series
    """Per event: the step id within its case's procedure, or None."""
    unmatched_activities: dict[str, int] = field(default_factory=dict)
    unplaced_cases: int = 0
    steps_never_seen: dict[str, list[str]] = field(default_factory=dict)


def match(frame: pd.DataFrame, procedures: list[Procedure]) -> Matching:
    """Frame sorted by case and time (see :mod:`.estimate`)."""
    by_key: dict[str, dict[str, str]] = {}  # procedure id → activity key → step id
    for procedure in procedures:
        keys: dict[str, str] = {}
        for step in procedure.steps:
            keys[key(step.id)] = step.id
            if step.name:
                keys[key(step.name)] = step.id
        by_key[procedure.id] = keys
    named = {key(p.id): p.id for p in procedures} | {key(p.name): p.id for p in procedures}
    entries: dict[str, list[str]] = {}
    for procedure in procedures:
        for text, step_id in by_key[procedure.id].items():
            if step_id == procedure.entry:
                entries.setdefault(text, []).append(procedure.id)
    activity_key = _by_value(frame["activity"], key)
    first_rows = frame.groupby("case", sort=False).head(1)
    first = first_rows.set_index("case")
    declared = _by_value(first["procedure"], lambda text: named.get(key(text)))
    by_first = pd.Series(activity_key[first_rows.index].to_numpy(), index=first.index)
    guessed = by_first.map(lambda k: entries.get(k, [None])[0])
    ambiguous = declared.isna() & by_first.map(lambda k: len(entries.get(k, ())) > 1)
    if ambiguous.any():  # the first step of several procedures: the one that knows most of the case's activities
        wanted = set(ambiguous.index[ambiguous])
        rows = frame["case"].isin(wanted)
        seen = activity_key[rows].groupby(frame["case"][rows], sort=False).agg(set)
        for case, keys in seen.items():
            candidates = entries[by_first[case]]
            guessed[case] = max(candidates, key=lambda pid: len(keys & by_key[pid].keys()))
    procedure_of_case = declared.where(declared.notna(), guessed).dropna()
    procedure = frame["case"].map(procedure_of_case)
    lookup = {(pid, text): step for pid, keys in by_key.items() for text, step in keys.items()}
    pair = procedure.fillna("").astype(str) + "\x00" + activity_key
    step = _by_value(pair, lambda text: lookup.get(tuple(text.split("\x00", 1))))
    placed = procedure.notna()
    unmatched = frame["activity"][placed & step.isna()].value_counts()
    found = pd.DataFrame({"p": procedure[step.notna()], "s": step[step.notna()]}).drop_duplicates()
    seen = set(zip(found["p"], found["s"]))
    never = {
        p.id: [s.id for s in p.steps if (p.id, s.id) not in seen]
        for p in procedures
        if p.id in set(procedure_of_case) and any((p.id, s.id) not in seen for s in p.steps)
    }
    return Matching(
        procedure_of_case,
        step,
        {str(k): int(v) for k, v in unmatched.items()},
        int(first.index.size - procedure_of_case.size),
        never,
    )


def _by_value(column: pd.Series, function) -> pd.Series:
    """``column.map(function)``, calling ``function`` once per distinct value (a log repeats them)."""
    codes, uniques = pd.factorize(column)
    mapped = np.array([function(value) for value in uniques] + [None], dtype=object)
    return pd.Series(mapped[codes], index=column.index, dtype=object)
