"""XES (IEEE 1849-2016) event logs, read with defusedxml: no pm4py (AGPL), no entity tricks.

A trace's ``concept:name`` becomes ``case:concept:name`` and its other attributes ``case:…``;
an event's attributes keep their keys. The result is the table the CSV reader gives.
"""

from __future__ import annotations

import io

import pandas as pd
from defusedxml import ElementTree

from model.config.errors import ConfigError, Problem
from model.i18n import msg


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_xes(data: bytes, name: str) -> pd.DataFrame:
    """The events of an XES log as the CSV reader's table (every value text, as in a CSV)."""
    try:
        root = ElementTree.parse(io.BytesIO(data)).getroot()
    except Exception as exc:  # ParseError, or defusedxml's refusal of entities
        raise ConfigError(Problem(name, None, msg("error.calib.unreadable", detail=str(exc)))) from None
    rows: list[dict[str, str]] = []
    for trace in (child for child in root if _local(child.tag) == "trace"):
        case: dict[str, str] = {}
        for attribute in trace:
            tag = _local(attribute.tag)
            if tag == "event":
                event = dict(case)
                for item in attribute:
                    if "key" in item.attrib:
                        event[item.attrib["key"]] = item.attrib.get("value", "")
                rows.append(event)
            elif "key" in attribute.attrib:
                key = attribute.attrib["key"]
                case["case:concept:name" if key == "concept:name" else f"case:{key}"] = attribute.attrib.get(
                    "value", ""
                )
    return pd.DataFrame(rows, dtype=str).fillna("")
