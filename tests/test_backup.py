"""Backups of the store that restore (real SQLite and PostgreSQL, pg_dump and pg_restore, the CLI)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from model.store import Identity, Role, Store, StoreError, backup
from tests.conftest import DEFAULT_CONFIG, ROOT

TEXT = DEFAULT_CONFIG.read_text(encoding="utf-8")
ADMIN = Identity.local_user()
EDITOR = Identity("Ewa Edyt", "ewa@mops.example", claimed=Role.EDITOR)


@pytest.fixture
def empty_url(store_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A second empty store of the same kind: where "last night's backup" goes after a loss."""
    if store_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'restored' / 'scenarios.sqlite3'}"
    from tests.postgres import fresh_database

    return fresh_database(request.getfixturevalue("postgres_server"))


def everything(store: Store) -> dict[str, object]:
    """What a restore must give back, read through the store's own functions."""
    names = [s.name for s in store.list()] + [s.name for s in store.list(deleted=True)]
    return {
        "scenarios": [(s.name, s.version, s.base) for s in store.list()],
        "bin": [(s.name, s.version) for s in store.list(deleted=True)],
        "versions": {
            n: [(v.number, v.text, v.author, v.message, v.created_at) for v in store.versions(n)] for n in names
        },
        "audit": [e.as_json() for e in store.audit(ADMIN) if not e.action.startswith("backup.")],
        "roles": [(g.email, g.role) for g in store.roles(ADMIN)],
    }


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "model", *args],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_a_restore_into_an_empty_store_gives_back_everything(store_url, empty_url, tmp_path):
    store = Store(store_url)
    store.create("bazowy", TEXT, EDITOR, "z pliku", base_file=DEFAULT_CONFIG.name)
    store.save("bazowy", TEXT + "# v2\n", EDITOR, "druga", expected=1)
    store.duplicate("bazowy", "kopia", EDITOR)
    store.create("do kosza", TEXT, EDITOR)
    store.delete("do kosza", EDITOR)
    store.set_role(ADMIN, "ola@mops.example", Role.EDITOR)
    before = everything(store)

    file = tmp_path / "kopia.zip"
    taken = cli("backup", "-o", str(file), "--database", store_url)
    assert taken.returncode == 0, taken.stderr
    assert "3 scenarios, 4 versions, 1 in the bin, 6 audit rows" in taken.stdout
    assert taken.stderr.startswith("acting as the local user")

    backup.restore(empty_url, file, ADMIN)
    again = Store(empty_url)
    assert everything(again) == before
    assert [e.action for e in again.audit(ADMIN)][-1] == "backup.restored"
    assert again.save("bazowy", TEXT, EDITOR, "po odtworzeniu", expected=2).number == 3  # it works on

    with pytest.raises(StoreError, match="is not empty: a backup goes only into an empty store"):
        backup.restore(empty_url, file, ADMIN)  # never over a store in use


def test_a_damaged_backup_is_refused_in_one_line_and_nothing_changes(tmp_path):
    store_url, empty_url = (f"sqlite:///{tmp_path / name / 'scenarios.sqlite3'}" for name in ("live", "empty"))
    Store(store_url).create("bazowy", TEXT, EDITOR)
    file = tmp_path / "kopia.zip"
    file.write_bytes(backup.take(store_url, ADMIN).data)
    damaged = tmp_path / "uszkodzona.zip"
    with zipfile.ZipFile(file) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename != "manifest.json":
                data = data[:-100] + bytes(b ^ 0xFF for b in data[-100:])
            target.writestr(item, data)
    for bad, reason in ((damaged, "the checksum does not match"), (DEFAULT_CONFIG, "not a backup")):
        result = cli("restore", str(bad), "--database", empty_url)
        assert result.returncode == 2
        assert result.stderr.splitlines()[1:] == [f"error: {bad}: " + result.stderr.split(f"{bad}: ", 1)[1].strip()]
        assert reason in result.stderr
    assert Store(empty_url).list() == [] and Store(empty_url).audit(ADMIN) == []
    with pytest.raises(StoreError, match="Denied|needs the role administrator"):
        backup.take(store_url, EDITOR)


WRITER = """
import sys, time
from model.store import Identity, Role, Store
store, who = Store(sys.argv[1]), Identity("Pisarz", "pisarz@mops.example", claimed=Role.EDITOR)
text, deadline = open(sys.argv[2], encoding="utf-8").read(), time.monotonic() + 90
for number in range(1, 3000):  # bounded in count and in time
    if time.monotonic() > deadline:
        break
    store.save("nocny", text + f"# zmiana {number}\\n", who, f"zmiana {number}", expected=number)
    print(number, flush=True)
"""


def test_a_writer_killed_mid_save_then_last_nights_backup_loses_nothing_committed_before_it(
    store_url, empty_url, tmp_path
):
    Store(store_url).create("nocny", TEXT, EDITOR)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, store_url, str(DEFAULT_CONFIG)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert _saved(writer, 10) >= 10
        committed = {v.number: v.text for v in Store(store_url).versions("nocny")}  # all committed before the backup
        file = tmp_path / "wczoraj.zip"
        file.write_bytes(backup.take(store_url, ADMIN).data)  # while it writes on
        _saved(writer, 5)
    finally:
        writer.send_signal(signal.SIGKILL)  # mid-save: it saves without a pause
        writer.wait(timeout=30)
    survivor = Store(store_url)  # the killed writer left the live store consistent as well
    assert survivor.get("nocny").version == survivor.versions("nocny")[0].number >= max(committed)

    restored_from = cli("restore", str(file), "--database", empty_url)
    assert restored_from.returncode == 0, restored_from.stderr
    restored = Store(empty_url)
    versions = {v.number: v.text for v in restored.versions("nocny")}
    assert {n: versions.get(n) for n in committed} == committed
    assert restored.get("nocny").version == max(versions) and sorted(versions) == list(range(1, max(versions) + 1))
    saved_rows = [e.version for e in restored.audit(ADMIN) if e.action == "scenario.saved"]
    assert saved_rows == list(range(2, max(versions) + 1))  # each version with its audit row, no more, no less


def _saved(writer: subprocess.Popen, count: int) -> int:
    """Wait (at most 60 s) until the writer has committed ``count`` more saves; the last number it printed."""
    deadline, last = time.monotonic() + 60, 0
    for _ in range(count):
        line = writer.stdout.readline() if time.monotonic() < deadline else ""
        if not line:
            break
        last = int(line)
    return last
