"""The undo history as a draft keeps it in the store, so that a page reload brings back the undo steps too.

Each earlier text is stored as its difference from the next one: the length of the part both
share at the start, at the end, and the middle the earlier one had. An edit changes one place,
so a hundred steps of a 100 kB configuration take a few kilobytes, and packing takes no diff
algorithm, only the comparison of two texts from either end, block by block.
"""

from __future__ import annotations

import json
from typing import Any

FORMAT = 1


BLOCK = 4096


def shared_prefix(a: str, b: str, limit: int) -> int:
    """Length of the longest start ``a`` and ``b`` share, at most ``limit``: whole blocks compared in C,
    then the first differing block one character at a time."""
    found = 0
    while found + BLOCK <= limit and a[found : found + BLOCK] == b[found : found + BLOCK]:
        found += BLOCK
    low, high = found, min(found + BLOCK, limit)  # the answer lies in [low, high]: halve that block
    while low < high:
        middle = (low + high + 1) // 2
        if a[found:middle] == b[found:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def shared_suffix(a: str, b: str, limit: int) -> int:
    """Length of the longest end ``a`` and ``b`` share, at most ``limit``."""
    found, la, lb = 0, len(a), len(b)
    while found + BLOCK <= limit and a[la - found - BLOCK : la - found] == b[lb - found - BLOCK : lb - found]:
        found += BLOCK
    low, high = found, min(found + BLOCK, limit)
    while low < high:
        middle = (low + high + 1) // 2
        if a[la - middle : la - found] == b[lb - middle : lb - found]:
            low = middle
        else:
            high = middle - 1
    return low


def delta(newer: str, older: str) -> tuple[int, int, str]:
    """``older`` as ``(prefix, suffix, middle)``: ``newer[:prefix] + middle + newer[len(newer) - suffix:]``."""
    prefix = shared_prefix(newer, older, min(len(newer), len(older)))
    suffix = shared_suffix(newer, older, min(len(newer), len(older)) - prefix)
    return prefix, suffix, older[prefix : len(older) - suffix]


def restore(newer: str, prefix: int, suffix: int, middle: str) -> str:
    return newer[:prefix] + middle + newer[len(newer) - suffix :]


def pack(past: list[tuple[str, str]], current: str) -> str:
    """The history (``(label, text before the edit)``, oldest first) as a record beside ``current``."""
    entries: list[list[Any]] = []
    newer = current
    for label, text in reversed(past):
        entries.append([label, *delta(newer, text)])
        newer = text
    return json.dumps({"format": FORMAT, "steps": entries[::-1]}, ensure_ascii=False)


def unpack(record: str | None, current: str) -> list[tuple[str, str]]:
    """The history a record keeps beside ``current``; empty for no record, or one that is not ours
    or does not fit the text (the undo steps are lost, never the draft)."""
    if not record:
        return []
    try:
        data = json.loads(record)
        steps = data["steps"] if data.get("format") == FORMAT else []
        past: list[tuple[str, str]] = []
        newer = current
        for label, prefix, suffix, middle in reversed(steps):
            if not (isinstance(prefix, int) and isinstance(suffix, int) and prefix + suffix <= len(newer)):
                return []
            newer = restore(newer, prefix, suffix, middle)
            past.append((str(label), newer))
        return past[::-1]
    except (ValueError, TypeError, KeyError, AttributeError):
        return []
