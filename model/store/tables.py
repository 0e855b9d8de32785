"""The tables (SQLAlchemy 2.0 declarative); their history is in ``migrations/``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ScenarioRow(Base):
    """A named scenario; ``version`` is the optimistic lock: the number of its latest version."""

    __tablename__ = "scenarios"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    base_file: Mapped[str | None] = mapped_column(String(500))
    base_scenario_id: Mapped[int | None] = mapped_column(ForeignKey("scenarios.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class VersionRow(Base):
    """One saved state of a scenario: the whole YAML text, who, when and why."""

    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("scenario_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DraftRow(Base):
    """Unsaved edits of one browser session on one subject (a scenario or a shipped file)."""

    __tablename__ = "drafts"
    session: Mapped[str] = mapped_column(String(64), primary_key=True)
    subject: Mapped[str] = mapped_column(String(500), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    base_version: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    history: Mapped[str | None] = mapped_column(Text, nullable=True)
    """The undo steps, packed by :func:`model.present.undo.pack` (opaque to the store)."""


class RoleRow(Base):
    """A role an administrator gave to an e-mail address (lower case); overrides the token's claim."""

    __tablename__ = "roles"
    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    granted_by: Mapped[str] = mapped_column(String(400))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    """One thing somebody did, appended in the same transaction as the change; never updated or
    deleted (the database's triggers refuse both). ``detail`` is JSON: file names, sizes and counts."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(400))
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    scenario: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="{}")
