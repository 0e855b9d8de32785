"""The scenario store: named scenarios with versions, drafts and a bin, in a real database.

Embedded SQLite (WAL) in a file under the data folder by default, PostgreSQL for a shared
installation; see :mod:`model.store.location` for where, :mod:`model.store.store` for what,
:mod:`model.store.access` for who may, :mod:`model.store.audit` for the record of who did.
"""

from model.store.access import Denied, Identity, Role, RoleGrant
from model.store.audit import Action, AuditEntry
from model.store.errors import StoreError
from model.store.store import Conflict, Draft, HistoryLine, Overview, ScenarioInfo, Store, VersionInfo

__all__ = [
    "Action",
    "AuditEntry",
    "Conflict",
    "Denied",
    "Draft",
    "HistoryLine",
    "Identity",
    "Overview",
    "Role",
    "RoleGrant",
    "ScenarioInfo",
    "Store",
    "StoreError",
    "VersionInfo",
]
