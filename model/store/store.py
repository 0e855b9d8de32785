"""Scenarios that are never lost: versions with author and message, drafts, a bin, locking.

Every write is one transaction, so a crash or a full disk leaves the database as it was before
the write. Saving names the version the editor started from (``expected``); when somebody saved
since, the save is refused with :class:`Conflict`, which carries the other text and the diff,
and nothing is overwritten. Problems the user can act on (read-only or full data folder, an
unknown or taken name) are :class:`StoreError` with one clear line (:attr:`StoreError.message`).
"""

from __future__ import annotations

import builtins
import difflib
import errno
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import CursorResult, Engine, create_engine, event, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from model.extras import missing
from model.i18n import msg
from model.store import audit
from model.store.access import Denied, Identity, Role, RoleGrant
from model.store.audit import Action, AuditEntry, Detail
from model.store.errors import StoreError
from model.store.location import database_url
from model.store.tables import DraftRow, RoleRow, ScenarioRow, VersionRow

MIGRATIONS = Path(__file__).parent / "migrations"


class Conflict(StoreError):
    """Somebody saved the scenario after this editor opened it: nothing was written."""

    def __init__(self, name: str, expected: int, theirs: VersionInfo, mine: str):
        super().__init__(
            msg("store.conflict", name=name, expected=expected, actual=theirs.number, author=theirs.author)
        )
        self.theirs = theirs
        self.diff = "".join(
            difflib.unified_diff(
                theirs.text.splitlines(True),
                mine.splitlines(True),
                f"{name} v{theirs.number} ({theirs.author})",
                f"{name} (unsaved)",
            )
        )


@dataclass(frozen=True)
class ScenarioInfo:
    """A scenario as its list shows it, without its versions' texts."""

    id: int
    name: str
    base: str | None
    """``file:NAME`` (a shipped file) or ``scenario:NAME`` (another scenario), or none."""
    version: int
    created_at: datetime
    deleted_at: datetime | None


@dataclass(frozen=True)
class VersionInfo:
    """One saved version of a scenario: the history's row, and the text a restore brings back."""

    number: int
    text: str
    author: str
    message: str
    created_at: datetime


@dataclass(frozen=True)
class HistoryLine:
    """One line of a scenario's history as the panel and the CLI show it: without the version's
    text (a scenario's text, procedures inline, is ≈ 150 kB: twenty of them for a list of lines)."""

    number: int
    author: str
    message: str
    created_at: datetime


@dataclass(frozen=True)
class Overview:
    """What the scenario panel shows, read in one transaction (one connection, not one each)."""

    role: Role
    """The acting person's."""
    scenarios: builtins.list[ScenarioInfo]
    history: builtins.list[HistoryLine]
    """The open scenario's newest versions first; empty when none is open."""
    bin: builtins.list[ScenarioInfo]
    """The deleted scenarios, for an administrator; empty for the others."""


@dataclass(frozen=True)
class Draft:
    """The unsaved edit of a scenario, kept so that a refresh or a restart loses nothing."""

    text: str
    base_version: int | None
    updated_at: datetime
    history: str | None = None
    """The undo steps the session had, as the app packed them; None when none were kept."""


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(moment: datetime) -> datetime:
    """SQLite gives back naive times: they were written in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


class Store:
    """The scenario database at ``url`` (default :func:`~model.store.location.database_url`),
    brought to the current schema when opened."""

    def __init__(self, url: str | None = None):
        self.url = url or database_url()
        self.engine = _engine(self.url)
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    # --- scenarios -----------------------------------------------------------------------------

    def list(self, deleted: bool = False) -> list[ScenarioInfo]:
        """Scenarios by name; with ``deleted`` the bin instead."""
        with self._read() as s:
            return self._list(s, deleted)

    def overview(self, who: Identity, name: str | None = None, limit: int = 20) -> Overview:
        """``who``'s role, the scenarios, the ``limit`` newest lines of scenario ``name``'s history
        (none without a name) and, for an administrator, the bin."""
        with self._read() as s:
            role = _role(s, who)
            history = self._history(s, self._row(s, name, None), limit) if name else []
            return Overview(role, self._list(s), history, self._list(s, deleted=True) if role >= Role.ADMIN else [])

    def get(self, name: str, deleted: bool = False) -> ScenarioInfo:
        with self._read() as s:
            return self._info(s, self._row(s, name, deleted))

    def create(
        self, name: str, yaml_text: str, who: Identity, message: str = "", base_file: str | None = None
    ) -> ScenarioInfo:
        """A new scenario whose version 1 is ``yaml_text`` (from a shipped file ``base_file``)."""
        with self._write() as s:
            role = self._require(s, who, Role.EDITOR, "create")
            row = self._new(s, name, base_file=base_file)
            self._add_version(s, row, yaml_text, who, message)
            audit.append(s, who, role, Action.SCENARIO_CREATED, name, 1, {"message": message} if message else None)
            return self._info(s, row)

    def duplicate(self, name: str, new_name: str, who: Identity) -> ScenarioInfo:
        """A copy of the latest version under ``new_name``, based on the scenario ``name``."""
        with self._write() as s:
            role = self._require(s, who, Role.EDITOR, "duplicate")
            source = self._row(s, name)
            latest = self._version(s, source, None)
            row = self._new(s, new_name, base_scenario_id=source.id)
            self._add_version(s, row, latest.text, who, f"copy of {name} v{latest.number}")
            audit.append(
                s, who, role, Action.SCENARIO_DUPLICATED, new_name, 1, {"from": name, "from_version": latest.number}
            )
            return self._info(s, row)

    def rename(self, name: str, new_name: str, who: Identity) -> ScenarioInfo:
        with self._write() as s:
            role = self._require(s, who, Role.EDITOR, "rename")
            row = self._row(s, name)
            self._free(s, new_name)
            row.name = new_name
            audit.append(s, who, role, Action.SCENARIO_RENAMED, new_name, row.version, {"from": name})
            return self._info(s, row)

    def delete(self, name: str, who: Identity) -> None:
        """Move to the bin: hidden from the list, every version kept, :meth:`undelete` brings it back."""
        with self._write() as s:
            role = self._require(s, who, Role.EDITOR, "delete")
            row = self._row(s, name)
            row.deleted_at = _now()
            audit.append(s, who, role, Action.SCENARIO_DELETED, name, row.version)

    def undelete(self, name: str, who: Identity) -> ScenarioInfo:
        """Bring a scenario back from the bin (an administrator's decision)."""
        with self._write() as s:
            role = self._require(s, who, Role.ADMIN, "undelete")
            row = self._row(s, name, deleted=True)
            row.deleted_at = None
            audit.append(s, who, role, Action.SCENARIO_UNDELETED, name, row.version)
            return self._info(s, row)

    # --- versions ------------------------------------------------------------------------------

    def save(
        self,
        name: str,
        yaml_text: str,
        who: Identity,
        message: str,
        expected: int,
        draft: tuple[str, str] | None = None,
    ) -> VersionInfo:
        """Save a new version over version ``expected``; :class:`Conflict` if it is no longer the latest.
        ``draft``: the ``(session, subject)`` of the draft saved, dropped in the same transaction."""
        return self._save(name, yaml_text, who, message, expected, Action.SCENARIO_SAVED, draft)

    def versions(self, name: str) -> builtins.list[VersionInfo]:
        """The history, newest first."""
        with self._read() as s:
            row = self._row(s, name, None)
            found = s.scalars(
                select(VersionRow).where(VersionRow.scenario_id == row.id).order_by(VersionRow.number.desc())
            )
            return [_version_info(v) for v in found]

    def history(self, name: str, limit: int | None = None) -> builtins.list[HistoryLine]:
        """The history's lines, newest first (the ``limit`` newest), without the texts."""
        with self._read() as s:
            return self._history(s, self._row(s, name, None), limit)

    def version(self, name: str, number: int | None = None) -> VersionInfo:
        """One version (the latest without ``number``)."""
        with self._read() as s:
            return _version_info(self._version(s, self._row(s, name, None), number))

    def restore_version(self, name: str, number: int, who: Identity, expected: int) -> VersionInfo:
        """Make an old version the latest again, as a new version: history is never rewritten."""
        old = self.version(name, number)
        return self._save(name, old.text, who, f"restored v{number}", expected, Action.VERSION_RESTORED)

    # --- who may, and what they did ------------------------------------------------------------------

    def role(self, who: Identity) -> Role:
        """The identity's role: the local user is an administrator; a signed-in person has the role
        an administrator set for their e-mail address, else the one their token claims, else viewer."""
        with self._read() as s:
            return _role(s, who)

    def set_role(self, who: Identity, email: str, role: Role | None) -> None:
        """Give ``email`` a role (``None``: take it away, so the token's claim counts again)."""
        address = email.strip().lower()
        if "@" not in address:
            raise StoreError(msg("store.bad_email", email=email))
        with self._write() as s:
            mine = self._require(s, who, Role.ADMIN, "set_role")
            row = s.get(RoleRow, address)
            if role is None:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(RoleRow(email=address, role=role.label, granted_by=who.label, granted_at=_now()))
            else:
                row.role, row.granted_by, row.granted_at = role.label, who.label, _now()
            detail = {"email": address, "role": role.label if role else "-"}
            audit.append(s, who, mine, Action.ROLE_SET, detail=detail)

    def roles(self, who: Identity) -> builtins.list[RoleGrant]:
        with self._read() as s:
            self._require(s, who, Role.ADMIN, "roles")
            return [
                RoleGrant(r.email, Role[r.role.upper()], r.granted_by, _utc(r.granted_at))
                for r in s.scalars(select(RoleRow).order_by(RoleRow.email))
            ]

    def record(
        self,
        who: Identity,
        action: Action,
        scenario: str | None = None,
        version: int | None = None,
        detail: Detail | None = None,
    ) -> None:
        """Append what somebody did outside the store (a log uploaded, a document exported) to the
        audit trail; refused, with nothing written, when the role does not allow the action."""
        with self._write() as s:
            role = self._require(s, who, NEEDED.get(action, Role.VIEWER), action.value)
            audit.append(s, who, role, action, scenario, version, detail)

    def audit(self, who: Identity, since: datetime | None = None) -> builtins.list[AuditEntry]:
        """The audit trail from ``since`` on, oldest first: for administrators."""
        with self._read() as s:
            self._require(s, who, Role.ADMIN, "audit")
            return audit.read(s, since)

    # --- drafts --------------------------------------------------------------------------------

    def save_draft(
        self, session: str, subject: str, yaml_text: str, base_version: int | None = None, history: str | None = None
    ) -> None:
        """Keep a session's unsaved text of ``subject`` (and its undo steps), replacing its previous draft."""
        with self._write() as s:
            draft = s.get(DraftRow, (session, subject))
            if draft is None:
                s.add(
                    DraftRow(
                        session=session,
                        subject=subject,
                        text=yaml_text,
                        base_version=base_version,
                        updated_at=_now(),
                        history=history,
                    )
                )
            else:
                draft.text, draft.base_version, draft.updated_at = yaml_text, base_version, _now()
                draft.history = history

    def draft(self, session: str, subject: str) -> Draft | None:
        with self._read() as s:
            row = s.get(DraftRow, (session, subject))
            return Draft(row.text, row.base_version, _utc(row.updated_at), row.history) if row else None

    def discard_draft(self, session: str, subject: str) -> None:
        with self._write() as s:
            _discard(s, session, subject)

    # --- inside ----------------------------------------------------------------------------------

    def _read(self) -> _Guarded:
        return _Guarded(self._session(), self.url, write=False)

    def _write(self) -> _Guarded:
        return _Guarded(self._session(), self.url, write=True)

    def require(self, who: Identity, needed: Role, action: str) -> None:
        """Refuse (:class:`~model.store.access.Denied`) unless ``who`` has at least the role ``needed``."""
        with self._read() as s:
            self._require(s, who, needed, action)

    def _require(self, s: Session, who: Identity, needed: Role, action: str) -> Role:
        role = _role(s, who)
        if role < needed:
            raise Denied(who, role, needed, action)
        return role

    def _save(
        self,
        name: str,
        yaml_text: str,
        who: Identity,
        message: str,
        expected: int,
        action: Action,
        draft: tuple[str, str] | None = None,
    ) -> VersionInfo:
        with self._write() as s:
            role = self._require(s, who, Role.EDITOR, "save")
            row = self._row(s, name)
            moved: CursorResult = s.execute(  # type: ignore[assignment]  # an UPDATE: a cursor result
                update(ScenarioRow)
                .where(ScenarioRow.id == row.id, ScenarioRow.version == expected)
                .values(version=expected + 1)
                .execution_options(synchronize_session=False)
            )
            if not isinstance(moved, CursorResult) or moved.rowcount != 1:
                s.rollback()
                raise Conflict(name, expected, self.version(name), yaml_text)
            saved = self._add_version(s, row, yaml_text, who, message, number=expected + 1)
            audit.append(s, who, role, action, name, saved.number, {"message": message} if message else None)
            if draft is not None:
                _discard(s, *draft)
            return saved

    def _list(self, s: Session, deleted: bool = False) -> builtins.list[ScenarioInfo]:
        rows = s.scalars(
            select(ScenarioRow)
            .where(ScenarioRow.deleted_at.is_not(None) if deleted else ScenarioRow.deleted_at.is_(None))
            .order_by(ScenarioRow.name)
        )
        return [self._info(s, row) for row in rows]

    def _history(self, s: Session, row: ScenarioRow, limit: int | None) -> builtins.list[HistoryLine]:
        lines = s.execute(
            select(VersionRow.number, VersionRow.author, VersionRow.message, VersionRow.created_at)
            .where(VersionRow.scenario_id == row.id)
            .order_by(VersionRow.number.desc())
            .limit(limit)
        )
        return [HistoryLine(number, author, message, _utc(at)) for number, author, message, at in lines]

    def _row(self, s: Session, name: str, deleted: bool | None = False) -> ScenarioRow:
        row = s.scalar(select(ScenarioRow).where(ScenarioRow.name == name))
        if row is None or (deleted is not None and (row.deleted_at is not None) != deleted):
            raise StoreError(msg("store.in_bin" if row is not None and not deleted else "store.unknown", name=name))
        return row

    def _free(self, s: Session, name: str) -> None:
        if not name.strip():
            raise StoreError(msg("store.empty_name"))
        if s.scalar(select(ScenarioRow.id).where(ScenarioRow.name == name)) is not None:
            raise StoreError(msg("store.name_taken", name=name))

    def _new(self, s: Session, name: str, **base: object) -> ScenarioRow:
        self._free(s, name)
        row = ScenarioRow(name=name, version=1, created_at=_now(), **base)
        s.add(row)
        s.flush()
        return row

    def _add_version(
        self, s: Session, row: ScenarioRow, yaml_text: str, who: Identity, message: str, number: int = 1
    ) -> VersionInfo:
        version = VersionRow(
            scenario_id=row.id, number=number, text=yaml_text, author=who.label, message=message, created_at=_now()
        )
        s.add(version)
        s.flush()
        return _version_info(version)

    def _version(self, s: Session, row: ScenarioRow, number: int | None) -> VersionRow:
        query = select(VersionRow).where(VersionRow.scenario_id == row.id)
        query = query.where(VersionRow.number == number) if number else query.order_by(VersionRow.number.desc())
        found = s.scalars(query.limit(1)).first()
        if found is None:
            raise StoreError(msg("store.no_version", name=row.name, number=number or 0))
        return found

    def _info(self, s: Session, row: ScenarioRow) -> ScenarioInfo:
        base = f"file:{row.base_file}" if row.base_file else None
        if row.base_scenario_id is not None:
            parent = s.get(ScenarioRow, row.base_scenario_id)
            base = f"scenario:{parent.name}" if parent else None
        return ScenarioInfo(
            row.id, row.name, base, row.version, _utc(row.created_at), _utc(row.deleted_at) if row.deleted_at else None
        )


def _role(s: Session, who: Identity) -> Role:
    if who.local:
        return Role.ADMIN
    granted = s.get(RoleRow, who.email.lower()) if who.email else None
    if granted is not None:
        return Role[granted.role.upper()]
    return who.claimed or Role.VIEWER


NEEDED = {
    Action.LOG_UPLOADED: Role.EDITOR,
    Action.LOG_CALIBRATED: Role.EDITOR,
    Action.BACKUP_MADE: Role.ADMIN,
    Action.BACKUP_RESTORED: Role.ADMIN,
}
"""The role :meth:`Store.record` asks for an action done outside the store (viewer otherwise)."""


def _discard(s: Session, session: str, subject: str) -> None:
    if row := s.get(DraftRow, (session, subject)):
        s.delete(row)


def _version_info(row: VersionRow) -> VersionInfo:
    return VersionInfo(row.number, row.text, row.author, row.message, _utc(row.created_at))


class _Guarded:
    """A session that commits on success, rolls back otherwise, and turns the database's and the
    file system's refusals into :class:`StoreError`."""

    def __init__(self, session: Session, url: str, write: bool):
        self.session, self.url, self.write = session, url, write

    def __enter__(self) -> Session:
        return self.session

    def __exit__(self, kind: type | None, error: BaseException | None, trace: object) -> Literal[False]:
        try:
            if kind is None and self.write:
                self.session.commit()
                return False
            self.session.rollback()
        except (DBAPIError, OSError) as exc:
            self.session.rollback()
            raise _explain(exc, self.url) from None
        finally:
            self.session.close()
        if isinstance(error, IntegrityError):
            raise StoreError(msg("store.name_taken", name="?")) from None
        if isinstance(error, (DBAPIError, OSError)):
            raise _explain(error, self.url) from None
        return False


def _explain(error: BaseException, url: str) -> StoreError:
    """The one line for a database or file-system failure."""
    where = _folder(url)
    text_ = str(getattr(error, "orig", error)).lower()
    code = getattr(error, "errno", None)
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) or "full" in text_ or "disk i/o" in text_:
        return StoreError(msg("store.full", where=where))
    if (
        code in (errno.EROFS, errno.EACCES, errno.EPERM)
        or "readonly" in text_
        or "read-only" in text_
        or "unable to open" in text_
    ):
        return StoreError(msg("store.read_only", where=where))
    return StoreError(msg("store.failed", where=where, error=str(getattr(error, "orig", error)).splitlines()[0]))


def _folder(url: str) -> str:
    if url.startswith("sqlite:///"):
        return str(Path(url.removeprefix("sqlite:///")).parent)
    return url.split("@")[-1]  # never the password


def _engine(url: str) -> Engine:
    """One engine per database in the process, with the schema migrated on first use."""
    with _ENGINES_LOCK:
        if url in _ENGINES:
            return _ENGINES[url]
        if url.startswith("sqlite:///"):
            folder = Path(url.removeprefix("sqlite:///")).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise _explain(exc, url) from None
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            if url.startswith("postgresql") and (absent := missing("postgres")) is not None:
                raise StoreError(absent)
            engine = create_engine(url, pool_pre_ping=True)
        try:
            migrate(engine)
        except (DBAPIError, OSError) as exc:
            engine.dispose()
            raise _explain(exc, url) from None
        _ENGINES[url] = engine
        return engine


def forget_engine(url: str) -> None:
    """Close this process's connections to ``url`` (a restore replaced the database under them)."""
    with _ENGINES_LOCK:
        if (engine := _ENGINES.pop(url, None)) is not None:
            engine.dispose()


def _sqlite_pragmas(connection: object, record: object) -> None:
    """WAL: readers never wait for a writer and a crash mid-write leaves the last commit intact;
    FULL sync: a commit is on disk when it returns."""
    cursor = connection.cursor()  # type: ignore[attr-defined]
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=30000"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (Alembic, shipped in this package)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # two servers starting at once migrate one after the other
            connection.execute(text("SELECT pg_advisory_xact_lock(724001)"))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


__all__ = [
    "Conflict",
    "Denied",
    "Draft",
    "HistoryLine",
    "Overview",
    "ScenarioInfo",
    "Store",
    "StoreError",
    "VersionInfo",
]
