"""The audit trail: who did what, when, to which scenario and version.

Rows are appended in the same transaction as the change they record, so that a change and its
row are written together or not at all; nothing here updates or deletes one (and the database's
triggers refuse it, see migration 0002). No case data ever goes in: of a case log only its file
name, size and counts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from model.store.access import Identity, Role
from model.store.tables import AuditRow


class Action(str, Enum):
    SCENARIO_CREATED = "scenario.created"
    SCENARIO_SAVED = "scenario.saved"
    SCENARIO_DUPLICATED = "scenario.duplicated"
    SCENARIO_RENAMED = "scenario.renamed"
    SCENARIO_DELETED = "scenario.deleted"
    SCENARIO_UNDELETED = "scenario.undeleted"
    VERSION_RESTORED = "version.restored"
    LOG_UPLOADED = "log.uploaded"
    LOG_CALIBRATED = "log.calibrated"
    PLAN_APPLIED = "plan.applied"
    DOCUMENT_EXPORTED = "document.exported"
    ROLE_SET = "role.set"
    BACKUP_MADE = "backup.made"
    BACKUP_RESTORED = "backup.restored"


Detail = Mapping[str, str | int | float]
"""File names, sizes and counts: never a case's data."""


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    role: str
    action: str
    scenario: str | None
    version: int | None
    detail: dict[str, str | int | float] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        """The entry as a JSON object (``python -m model audit --json``)."""
        return {
            "at": self.at.isoformat(),
            "actor": self.actor,
            "role": self.role,
            "action": self.action,
            "scenario": self.scenario,
            "version": self.version,
            "detail": self.detail,
        }


def append(
    s: Session,
    who: Identity,
    role: Role,
    action: Action,
    scenario: str | None = None,
    version: int | None = None,
    detail: Detail | None = None,
) -> None:
    """Add a row in the session's transaction (committed with the change it records)."""
    s.add(
        AuditRow(
            at=datetime.now(UTC),
            actor=who.label,
            role=role.label,
            action=action.value,
            scenario=scenario,
            version=version,
            detail=json.dumps(dict(detail or {}), ensure_ascii=False, sort_keys=True),
        )
    )


def read(s: Session, since: datetime | None = None) -> list[AuditEntry]:
    """The rows, oldest first, from ``since`` on."""
    query = select(AuditRow).order_by(AuditRow.at, AuditRow.id)
    if since is not None:
        query = query.where(AuditRow.at >= since)
    return [
        AuditEntry(
            row.at.replace(tzinfo=UTC) if row.at.tzinfo is None else row.at,
            row.actor,
            row.role,
            row.action,
            row.scenario,
            row.version,
            json.loads(row.detail),
        )
        for row in s.scalars(query)
    ]


__all__ = ["Action", "AuditEntry", "Detail", "append", "read"]
