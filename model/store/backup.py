"""Backups of the scenario store that restore: a consistent snapshot while the app runs, checked.

A backup is one zip file: ``manifest.json`` (what kind of database, when, how many scenarios,
versions, bin entries and audit rows, and the SHA-256 of the data) and the data itself, taken
with the database's own tools: SQLite's online backup API (readers and writers carry on), or
``pg_dump`` in its custom format inside the snapshot the counts were read in. A restore checks
the checksum first and goes only into an empty store of the same kind, whole or not at all:
SQLite's backup API writes the target in one transaction, ``pg_restore --single-transaction``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, create_engine, func, select, text
from sqlalchemy.engine import make_url

from model.i18n import msg
from model.store.access import Identity, Role
from model.store.audit import Action
from model.store.errors import StoreError
from model.store.tables import AuditRow, DraftRow, RoleRow, ScenarioRow, VersionRow

FORMAT = 1
MANIFEST = "manifest.json"
DATA = {"sqlite": "store.sqlite3", "postgresql": "store.pgdump"}


@dataclass(frozen=True)
class Counts:
    """What a store holds, as a restore must give it back."""

    scenarios: int
    versions: int
    in_bin: int
    audit_rows: int
    roles: int


@dataclass(frozen=True)
class Manifest:
    format: int
    kind: str
    created_at: str
    sha256: str
    size: int
    revision: str
    counts: Counts


@dataclass(frozen=True)
class Backup:
    """A backup as bytes to write (atomically, by the caller) and what it holds."""

    data: bytes
    manifest: Manifest


def kind(url: str) -> str:
    name = make_url(url).get_backend_name()
    if name not in DATA:
        raise StoreError(msg("backup.kind", kind=name))
    return name


def take(url: str, who: Identity) -> Backup:
    """A consistent snapshot of the store at ``url`` (it may be in use meanwhile), for an administrator;
    the audit trail records who took it (after the snapshot, so not in it)."""
    from model.store.store import Store

    store = Store(url)  # brought to the current schema, so that every backup has the tables it counts
    store.require(who, Role.ADMIN, "backup")
    which = kind(url)
    with tempfile.TemporaryDirectory(prefix="mops-backup-") as folder:
        target = Path(folder) / DATA[which]
        if which == "sqlite":
            counts, revision = _sqlite_copy(url, target)
        else:
            counts, revision = _pg_dump(url, target)
        data = target.read_bytes()
    manifest = Manifest(
        FORMAT,
        which,
        datetime.now(UTC).isoformat(timespec="seconds"),
        hashlib.sha256(data).hexdigest(),
        len(data),
        revision,
        counts,
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(asdict(manifest), indent=1))
        archive.writestr(DATA[which], data)
    store.record(who, Action.BACKUP_MADE, detail={"sha256": manifest.sha256, **asdict(counts)})
    return Backup(buffer.getvalue(), manifest)


def read(file: Path) -> tuple[Manifest, bytes]:
    """The manifest and the data of a backup file, once its checksum matches; else one line why not."""
    try:
        with zipfile.ZipFile(file) as archive:
            raw = json.loads(archive.read(MANIFEST))
            manifest = Manifest(**{**raw, "counts": Counts(**raw["counts"])})
            data = archive.read(DATA[manifest.kind])
    except OSError as exc:
        raise StoreError(msg("backup.unreadable", file=str(file), reason=exc.strerror or str(exc))) from None
    except (zipfile.BadZipFile, KeyError, TypeError, ValueError):
        raise StoreError(msg("backup.not_backup", file=str(file))) from None
    if hashlib.sha256(data).hexdigest() != manifest.sha256 or len(data) != manifest.size:
        raise StoreError(msg("backup.checksum", file=str(file)))
    return manifest, data


def restore(url: str, file: Path, who: Identity) -> Manifest:
    """Put the backup ``file`` into the empty store at ``url``; refused, with nothing changed, when
    the store holds anything, the kinds differ or the file is damaged. The restored audit trail
    gets a row saying who restored which backup."""
    from model.store.store import Store, forget_engine

    manifest, data = read(file)
    which = kind(url)
    if manifest.kind != which:
        raise StoreError(msg("backup.other_kind", file=str(file), kind=manifest.kind, target=which))
    store = Store(url)
    with store.engine.connect() as connection:
        if _rows(connection):
            raise StoreError(msg("backup.not_empty", where=_where(url)))
    forget_engine(url)  # the next Store(url) opens the restored database afresh
    with tempfile.TemporaryDirectory(prefix="mops-restore-") as folder:
        source = Path(folder) / DATA[which]
        source.write_bytes(data)
        if which == "sqlite":
            _sqlite_backup(source, Path(make_url(url).database or ""))
        else:
            _pg_restore(url, source)
    detail = {"file": file.name, "sha256": manifest.sha256, "taken_at": manifest.created_at}
    Store(url).record(who, Action.BACKUP_RESTORED, detail=detail)
    return manifest


# --- SQLite ------------------------------------------------------------------------------------


def _sqlite_backup(source: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy while others read and write (WAL), written
    into the target in one transaction."""
    reading, writing = sqlite3.connect(source, timeout=30), sqlite3.connect(target, timeout=30)
    try:
        reading.backup(writing)
    finally:
        reading.close()
        writing.close()


def _sqlite_copy(url: str, target: Path) -> tuple[Counts, str]:
    _sqlite_backup(Path(make_url(url).database or ""), target)
    engine = create_engine(f"sqlite:///{target}")
    try:
        with engine.connect() as connection:
            return _counts(connection), _revision(connection)
    finally:
        engine.dispose()


# --- PostgreSQL --------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        raise StoreError(msg("backup.no_tool", tool=name))
    return str(found)


def _pg_env(url: str) -> dict[str, str]:
    """The connection for libpq's tools in its environment variables: no password on a command line."""
    parts = make_url(url)
    env = {**os.environ, "PGDATABASE": parts.database or "", "PGCONNECT_TIMEOUT": "10"}
    for variable, value in (
        ("PGHOST", parts.host or parts.query.get("host")),
        ("PGPORT", parts.port),
        ("PGUSER", parts.username),
        ("PGPASSWORD", parts.password),
        ("PGSSLMODE", parts.query.get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def _pg_run(url: str, command: list[str]) -> None:
    done = subprocess.run(command, env=_pg_env(url), capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        first = next((line for line in done.stderr.splitlines() if line.strip()), f"exit code {done.returncode}")
        raise StoreError(msg("backup.tool_failed", tool=Path(command[0]).name, where=_where(url), error=first))


def _pg_dump(url: str, target: Path) -> tuple[Counts, str]:
    """``pg_dump`` inside the snapshot the counts were read in: what the manifest says is what is in the dump."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            counts, revision = _counts(connection), _revision(connection)
            _pg_run(
                url,
                [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
                + [f"--snapshot={snapshot}", f"--file={target}"],
            )
            connection.rollback()
    finally:
        engine.dispose()
    return counts, revision


def _pg_restore(url: str, source: Path) -> None:
    _pg_run(
        url,
        [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
        + ["--exit-on-error", f"--dbname={make_url(url).database}", str(source)],
    )


# --- both ----------------------------------------------------------------------------------------


def _counts(connection: Connection) -> Counts:
    def count(query) -> int:
        return int(connection.execute(query).scalar_one())

    return Counts(
        scenarios=count(select(func.count()).select_from(ScenarioRow)),
        versions=count(select(func.count()).select_from(VersionRow)),
        in_bin=count(select(func.count()).select_from(ScenarioRow).where(ScenarioRow.deleted_at.is_not(None))),
        audit_rows=count(select(func.count()).select_from(AuditRow)),
        roles=count(select(func.count()).select_from(RoleRow)),
    )


def _rows(connection: Connection) -> int:
    """Everything a restore would replace (drafts included: somebody's unsaved work)."""
    counts = _counts(connection)
    drafts = connection.execute(select(func.count()).select_from(DraftRow)).scalar_one()
    return counts.scenarios + counts.versions + counts.audit_rows + counts.roles + int(drafts)


def _revision(connection: Connection) -> str:
    return str(connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one())


def _where(url: str) -> str:
    parts = make_url(url)
    return (
        (parts.database or "") if parts.get_backend_name() == "sqlite" else parts.render_as_string(hide_password=True)
    )


__all__ = ["Backup", "Counts", "Manifest", "kind", "read", "restore", "take"]
