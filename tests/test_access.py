"""Roles enforced by the store itself, and the append-only audit trail (real SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from model.store import Action, Denied, Identity, Role, Store
from tests.conftest import DEFAULT_CONFIG, ROOT

TEXT = DEFAULT_CONFIG.read_text(encoding="utf-8")
ADMIN = Identity.local_user()
VIEWER = Identity("Ola Widz", "ola@mops.example")
EDITOR = Identity("Ewa Edyt", "ewa@mops.example", claimed=Role.EDITOR)


def test_each_role_may_do_its_own_and_nothing_more(store_url):
    store = Store(store_url)
    store.create("wariant", TEXT, EDITOR)
    assert store.role(VIEWER) is Role.VIEWER  # nobody set a role and the token claims none
    for attempt in (
        lambda: store.save("wariant", TEXT + "# v\n", VIEWER, "", expected=1),
        lambda: store.create("inny", TEXT, VIEWER),
        lambda: store.rename("wariant", "x", VIEWER),
        lambda: store.delete("wariant", VIEWER),
        lambda: store.record(VIEWER, Action.LOG_UPLOADED, detail={"file": "log.csv", "bytes": 10, "rows": 1}),
    ):
        with pytest.raises(Denied, match="needs the role editor"):
            attempt()
    store.record(VIEWER, Action.DOCUMENT_EXPORTED, "wariant", 1, {"file": "zarzadzenie.docx"})  # viewers export
    assert [v.number for v in store.versions("wariant")] == [1] and [s.name for s in store.list()] == ["wariant"]

    store.delete("wariant", EDITOR)
    with pytest.raises(Denied, match="needs the role administrator"):
        store.undelete("wariant", EDITOR)
    with pytest.raises(Denied):
        store.audit(EDITOR)
    with pytest.raises(Denied):
        store.set_role(EDITOR, "ola@mops.example", Role.ADMIN)
    store.undelete("wariant", ADMIN)

    # the store's table wins over the token's claim, in both directions; unset, the claim counts again
    store.set_role(ADMIN, "OLA@mops.example", Role.EDITOR)
    store.set_role(ADMIN, "ewa@mops.example", Role.VIEWER)
    assert (store.role(VIEWER), store.role(EDITOR)) == (Role.EDITOR, Role.VIEWER)
    assert store.save("wariant", TEXT + "# v\n", VIEWER, "", expected=1).author == "Ola Widz <ola@mops.example>"
    with pytest.raises(Denied):
        store.save("wariant", TEXT, EDITOR, "", expected=2)
    store.set_role(ADMIN, "ewa@mops.example", None)
    assert store.role(EDITOR) is Role.EDITOR
    assert [(g.email, g.role) for g in store.roles(ADMIN)] == [("ola@mops.example", Role.EDITOR)]


def test_the_audit_trail_names_who_did_what_and_cannot_be_changed(store_url):
    store = Store(store_url)
    started = datetime.now(UTC)
    store.create("wariant", TEXT, EDITOR, "z pliku")
    store.save("wariant", TEXT + "# v2\n", EDITOR, "druga", expected=1)
    store.restore_version("wariant", 1, EDITOR, expected=2)
    store.record(EDITOR, Action.LOG_UPLOADED, "wariant", 3, {"file": "rejestr.csv", "bytes": 5120, "rows": 40})
    with pytest.raises(Denied):
        store.save("wariant", TEXT, VIEWER, "", expected=3)  # a refusal writes nothing, not even a row
    store.delete("wariant", EDITOR)
    store.undelete("wariant", ADMIN)
    trail = store.audit(ADMIN)
    assert [(e.actor, e.role, e.action, e.scenario, e.version) for e in trail] == [
        (EDITOR.label, "editor", "scenario.created", "wariant", 1),
        (EDITOR.label, "editor", "scenario.saved", "wariant", 2),
        (EDITOR.label, "editor", "version.restored", "wariant", 3),
        (EDITOR.label, "editor", "log.uploaded", "wariant", 3),
        (EDITOR.label, "editor", "scenario.deleted", "wariant", 3),
        (ADMIN.label, "admin", "scenario.undeleted", "wariant", 3),
    ]
    assert trail[3].detail == {"file": "rejestr.csv", "bytes": 5120, "rows": 40}
    assert all(started - timedelta(seconds=5) <= e.at <= datetime.now(UTC) for e in trail)
    assert store.audit(ADMIN, since=datetime.now(UTC) + timedelta(days=1)) == []

    # append-only in the database itself: whoever connects cannot rewrite or remove a row
    engine = create_engine(store_url)
    try:
        for statement in ("UPDATE audit SET actor = 'ktoś inny'", "DELETE FROM audit"):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
                connection.execute(text(statement))
    finally:
        engine.dispose()
    assert len(store.audit(ADMIN)) == len(trail)


def cli(*args: str, database: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "model", *args],
        env={**os.environ, "PYTHONPATH": str(ROOT), "MOPS_DATABASE_URL": database, "MOPS_AUTHOR": "kierownik"},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_the_command_line_acts_as_the_local_user_and_says_so(tmp_path):
    database = f"sqlite:///{tmp_path / 'scenarios.sqlite3'}"
    imported = cli("scenario", "import", str(DEFAULT_CONFIG), "--name", "tg", database=database)
    assert (
        imported.returncode == 0 and imported.stdout.strip() == "tg: v1 (as the local user kierownik, an administrator)"
    )
    deleted = cli("scenario", "delete", "tg", "--lang", "pl", database=database)
    assert deleted.returncode == 0 and "tg: przeniesiono do kosza" in deleted.stdout
    assert cli("scenario", "list", "--bin", database=database).stdout.startswith("tg\tv1")
    assert cli("scenario", "undelete", "tg", database=database).returncode == 0
    missing = cli("scenario", "undelete", "tg", database=database)
    assert missing.returncode == 2 and missing.stderr.strip() == "error: No scenario 'tg'."
    assert cli("roles", "set", "ola@mops.example", "editor", database=database).returncode == 0

    trail = cli("audit", "--json", "--since", datetime.now(UTC).date().isoformat(), database=database)
    assert trail.returncode == 0, trail.stderr
    assert trail.stderr.strip() == "acting as the local user kierownik, an administrator of the store"
    rows = json.loads(trail.stdout)
    assert [(r["actor"], r["action"], r["scenario"]) for r in rows] == [
        ("kierownik (local)", "scenario.created", "tg"),
        ("kierownik (local)", "scenario.deleted", "tg"),
        ("kierownik (local)", "scenario.undeleted", "tg"),
        ("kierownik (local)", "role.set", None),
    ]
    table = cli("audit", "--lang", "pl", database=database).stdout.splitlines()
    assert table[0].split() == ["kiedy", "(UTC)", "kto", "co", "scenariusz", "wersja", "szczegóły"]
    assert len(table) == 5 and "scenario.deleted" in table[2]
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    assert json.loads(cli("audit", "--json", "--since", tomorrow, database=database).stdout) == []
    bad = cli("audit", "--since", "wczoraj", database=database)
    assert bad.returncode == 2 and "not a date" in bad.stderr
