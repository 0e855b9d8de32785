"""Pseudonyms for case and resource ids (RODO): a keyed hash with a key that lives one session.

The key is drawn when the module is imported and never stored, so the same id gets the same
pseudonym within a session (cases stay together) and a different, unlinkable one in the next.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import numpy as np
import pandas as pd

_KEY = secrets.token_bytes(32)


def pseudonym(value: str) -> str:
    return hmac.new(_KEY, value.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def pseudonymise(column: pd.Series) -> pd.Series:
    """The column with every distinct id replaced by its pseudonym (each distinct id hashed once)."""
    codes, uniques = pd.factorize(column, sort=False)
    hashed = np.array([pseudonym(str(u)) for u in uniques], dtype=object)
    return pd.Series(hashed[codes], index=column.index, dtype=object)
