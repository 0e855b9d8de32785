"""The scenario store on a real SQLite file and a real PostgreSQL server (every test runs on both)."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from model.config.roundtrip import standalone
from model.store import Conflict, Identity, Role, Store, StoreError
from tests.conftest import DEFAULT_CONFIG, ROOT

TEXT = DEFAULT_CONFIG.read_text(encoding="utf-8")
DIRECTOR = Identity("Dyrektor", "dyrektor@mops.example", Role.EDITOR)
DEPUTY = Identity("Zastępca", "zastepca@mops.example", Role.EDITOR)
ADMIN = Identity.local_user()


def test_versions_history_and_restore(store_url):
    store = Store(store_url)
    store.create("wariant A", TEXT, DIRECTOR, "z pliku", base_file=DEFAULT_CONFIG.name)
    store.save("wariant A", TEXT + "# zmiana 1\n", DEPUTY, "pierwsza", expected=1)
    store.save("wariant A", TEXT + "# zmiana 2\n", DIRECTOR, "druga", expected=2)
    history = store.versions("wariant A")
    assert [(v.number, v.author, v.message) for v in history] == [
        (3, "Dyrektor <dyrektor@mops.example>", "druga"),
        (2, "Zastępca <zastepca@mops.example>", "pierwsza"),
        (1, "Dyrektor <dyrektor@mops.example>", "z pliku"),
    ]
    assert history[0].created_at >= history[-1].created_at
    restored = store.restore_version("wariant A", 1, DIRECTOR, expected=3)
    assert restored.number == 4 and restored.text == TEXT and restored.message == "restored v1"
    assert store.get("wariant A").base == f"file:{DEFAULT_CONFIG.name}"


def test_the_panel_overview_and_a_save_that_drops_its_draft_in_one_transaction(store_url):
    store = Store(store_url)
    store.create("wariant C", TEXT, DIRECTOR)
    store.create("kosz", TEXT, DIRECTOR)
    store.delete("kosz", DIRECTOR)
    store.save_draft("sesja", "scenario:wariant C", TEXT + "# szkic\n", 1)
    with pytest.raises(Conflict):  # a refused save keeps the draft it came from
        store.save("wariant C", TEXT + "# szkic\n", DEPUTY, "stara", expected=0, draft=("sesja", "scenario:wariant C"))
    assert store.draft("sesja", "scenario:wariant C") is not None
    store.save("wariant C", TEXT + "# szkic\n", DEPUTY, "ze szkicu", expected=1, draft=("sesja", "scenario:wariant C"))
    assert store.draft("sesja", "scenario:wariant C") is None
    lines = [(v.number, v.author, v.message, v.created_at) for v in store.versions("wariant C")]
    assert [(h.number, h.author, h.message, h.created_at) for h in store.history("wariant C")] == lines
    assert [h.number for h in store.history("wariant C", limit=1)] == [2]

    seen = store.overview(ADMIN, "wariant C", limit=1)
    assert (seen.role, [s.name for s in seen.scenarios], [b.name for b in seen.bin]) == (
        Role.ADMIN,
        ["wariant C"],
        ["kosz"],
    )
    assert [h.number for h in seen.history] == [2]
    viewer = store.overview(Identity("Gość", "gosc@mops.example", Role.VIEWER))
    assert (viewer.role, viewer.history, viewer.bin) == (Role.VIEWER, [], [])  # the bin is an administrator's
    with pytest.raises(StoreError):
        store.overview(DIRECTOR, "nieznany")


def test_second_saver_gets_a_conflict_with_the_diff_and_nothing_is_overwritten(store_url):
    director, deputy = Store(store_url), Store(store_url)  # two app servers on one database
    director.create("wspólny", TEXT, DIRECTOR)
    director.save("wspólny", TEXT.replace("61000", "62000"), DIRECTOR, "ludność", expected=1)
    with pytest.raises(Conflict) as conflict:
        deputy.save("wspólny", TEXT.replace("61000", "60000"), DEPUTY, "inna ludność", expected=1)
    assert conflict.value.theirs.number == 2 and conflict.value.theirs.author == DIRECTOR.label
    assert "-  population: 62000" in conflict.value.diff and "+  population: 60000" in conflict.value.diff
    assert [v.number for v in deputy.versions("wspólny")] == [2, 1]
    assert "62000" in deputy.version("wspólny").text


def test_concurrent_saves_from_one_version_let_exactly_one_through(store_url):
    store = Store(store_url)
    store.create("wyścig", TEXT, DIRECTOR)
    outcomes: list[str] = []
    start = threading.Barrier(8)

    def save(i: int) -> None:
        start.wait()
        try:
            store.save("wyścig", TEXT + f"# {i}\n", Identity(f"autor {i}", claimed=Role.EDITOR), "", expected=1)
            outcomes.append("saved")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict"] * 7 + ["saved"]
    assert [v.number for v in store.versions("wyścig")] == [2, 1]


def test_duplicate_rename_bin_and_restore(store_url):
    store = Store(store_url)
    store.create("bazowy", TEXT, DIRECTOR)
    copy = store.duplicate("bazowy", "kopia", DEPUTY)
    assert copy.base == "scenario:bazowy" and store.version("kopia").text == TEXT
    store.rename("kopia", "wariant B", DEPUTY)
    with pytest.raises(StoreError, match="No scenario 'kopia'"):
        store.get("kopia")
    with pytest.raises(StoreError, match="taken"):
        store.rename("wariant B", "bazowy", DEPUTY)
    store.delete("wariant B", DEPUTY)
    assert [s.name for s in store.list()] == ["bazowy"]
    assert [s.name for s in store.list(deleted=True)] == ["wariant B"]
    with pytest.raises(StoreError, match="in the bin"):
        store.save("wariant B", TEXT, DIRECTOR, "", expected=1)
    store.undelete("wariant B", ADMIN)
    assert [s.name for s in store.list()] == ["bazowy", "wariant B"]
    assert store.versions("wariant B")[0].text == TEXT  # nothing lost in the bin


def test_no_session_sees_another_sessions_draft(store_url):
    store = Store(store_url)
    store.save_draft("sesja-1", "scenario:x", "a: 1\n", 3)
    store.save_draft("sesja-2", "scenario:x", "a: 2\n", 3)
    store.save_draft("sesja-1", "scenario:x", "a: 3\n", 3)  # autosave replaces the session's own draft
    assert store.draft("sesja-1", "scenario:x").text == "a: 3\n"
    assert store.draft("sesja-2", "scenario:x").text == "a: 2\n"
    assert store.draft("sesja-3", "scenario:x") is None
    assert store.draft("sesja-1", "file:y.yaml") is None
    store.discard_draft("sesja-1", "scenario:x")
    assert store.draft("sesja-1", "scenario:x") is None and store.draft("sesja-2", "scenario:x") is not None


def test_opening_again_migrates_nothing_and_keeps_the_data(store_url):
    Store(store_url).create("trwały", TEXT, DIRECTOR)
    from model.store import store as module

    module._ENGINES.pop(store_url).dispose()  # as a new process would
    assert Store(store_url).version("trwały").text == TEXT


# --- a data folder that cannot take a write -----------------------------------------------------


def cli(*args: str, env: dict[str, str], limit_bytes: int | None = None, obey_permissions: bool = False):
    """``python -m model scenario …`` in a child process, optionally with a file-size limit
    (the kernel refuses writes past it: a full disk) or, when run as root, without root's power
    to override file permissions (util-linux's setpriv drops it), as a service account would run."""

    def limits() -> None:
        if limit_bytes is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    drop = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] if obey_permissions else []
    return subprocess.run(
        [*drop, sys.executable, "-m", "model", "scenario", *args],
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        preexec_fn=limits,
        cwd=ROOT,
        timeout=120,
    )


def intact(database: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return connection.execute("SELECT name, version FROM scenarios ORDER BY name").fetchall()


def test_a_full_data_folder_gives_one_line_and_corrupts_nothing(tmp_path):
    data = tmp_path / "data"
    env = {"MOPS_DATA_DIR": str(data)}
    assert cli("import", str(DEFAULT_CONFIG), "--name", "pierwszy", env=env).returncode == 0
    before = intact(data / "scenarios.sqlite3")
    big = tmp_path / "duzy.yaml"
    alone = standalone(TEXT, DEFAULT_CONFIG.parent)
    big.write_text(alone + "".join(f"# komentarz {i} {'x' * 200}\n" for i in range(2000)), encoding="utf-8")
    size = sum(p.stat().st_size for p in data.iterdir())
    result = cli("save", "pierwszy", str(big), env=env, limit_bytes=size + 4096)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: The data folder {data} is full: nothing was saved; free some space or set MOPS_DATA_DIR to another folder."
    ]
    assert intact(data / "scenarios.sqlite3") == before
    assert cli("save", "pierwszy", str(big), env=env).returncode == 0  # with room again, it saves
    assert intact(data / "scenarios.sqlite3") == [("pierwszy", 2)]


def test_a_read_only_data_folder_gives_one_line_and_corrupts_nothing():
    # outside pytest's tmp folders (private to their owner), so that another user can reach it
    top = Path(tempfile.mkdtemp(prefix="mops-ro-"))
    top.chmod(0o755)
    try:
        read_only_folder(top / "data")
    finally:
        shutil.rmtree(top)


def read_only_folder(data: Path) -> None:
    env = {"MOPS_DATA_DIR": str(data)}
    assert cli("import", str(DEFAULT_CONFIG), "--name", "pierwszy", env=env).returncode == 0
    before = intact(data / "scenarios.sqlite3")
    data.chmod(0o555)
    for file in data.iterdir():
        file.chmod(0o444)
    try:
        # root ignores permissions unless it gives up that power
        result = cli("import", str(DEFAULT_CONFIG), "--name", "drugi", env=env, obey_permissions=os.geteuid() == 0)
    finally:
        data.chmod(0o755)
        for file in data.iterdir():
            file.chmod(0o644)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: The data folder {data} is read-only: nothing was saved; set MOPS_DATA_DIR to a writable folder."
    ]
    assert intact(data / "scenarios.sqlite3") == before


def test_export_writes_atomically(tmp_path):
    env = {"MOPS_DATA_DIR": str(tmp_path / "data")}
    assert cli("import", str(DEFAULT_CONFIG), "--name", "eksport", env=env).returncode == 0
    target = tmp_path / "out.yaml"
    target.write_text("stara treść\n", encoding="utf-8")
    result = cli("export", "eksport", "-o", str(target), env=env, limit_bytes=1024)  # too small to write it
    assert result.returncode == 2 and "is full" in result.stderr
    assert target.read_text(encoding="utf-8") == "stara treść\n"  # the old file is untouched
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []
    assert cli("export", "eksport", "-o", str(target), env=env).returncode == 0
    assert "# assumption" in target.read_text(encoding="utf-8")
