"""The scenario store: named scenarios with versions, drafts and a bin, in a real database.

Embedded SQLite (WAL) in a file under the data folder by default, PostgreSQL for a shared
installation; see :mod:`model.store.location` for where, :mod:`model.store.store` for what.
"""

from model.store.store import Conflict, Draft, ScenarioInfo, Store, StoreError, VersionInfo

__all__ = ["Conflict", "Draft", "ScenarioInfo", "Store", "StoreError", "VersionInfo"]
