"""Pseudonyms for case and resource ids (RODO): a keyed hash whose key lives for one reading.

Each log (or snapshot) read draws its own random key, kept nowhere: the same id gets the same
pseudonym within that reading (a case's events stay together) and an unlinkable one in any
other reading, session or process.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import numpy as np
import pandas as pd


def new_key() -> bytes:
    return secrets.token_bytes(32)


def pseudonymise(column: pd.Series, key: bytes) -> pd.Series:
    """The column with every distinct id replaced by its pseudonym (each distinct id hashed once)."""
    codes, uniques = pd.factorize(column, sort=False)
    hashed = np.array([hmac.new(key, str(u).encode(), hashlib.sha256).hexdigest()[:16] for u in uniques], dtype=object)
    return pd.Series(hashed[codes], index=column.index, dtype=object)
