"""Shared paths for the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Property tests judge results, not speed: on a machine shared with other work, timings vary.
settings.register_profile("shared", deadline=None)
settings.load_profile("shared")

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = sorted((ROOT / "org_configs").glob("*.yaml"))
DEFAULT_CONFIG = ROOT / "org_configs" / "tarnowskie_gory_2017.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True, scope="session")
def _data_folder(tmp_path_factory: pytest.TempPathFactory):
    """The app and the CLI keep scenarios in a temporary data folder, never the user's own."""
    import os

    os.environ.pop("MOPS_DATABASE_URL", None)
    os.environ["MOPS_DATA_DIR"] = str(tmp_path_factory.mktemp("mops-data"))
    yield


@pytest.fixture(params=CONFIGS, ids=[p.stem for p in CONFIGS])
def shipped_config(request: pytest.FixtureRequest) -> Path:
    """Each configuration shipped in org_configs/."""
    return request.param


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server for the whole session (see tests/postgres.py)."""
    from tests.postgres import server

    with server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty scenario database: SQLite in a temporary data folder, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'scenarios.sqlite3'}"
    from tests.postgres import fresh_database

    return fresh_database(request.getfixturevalue("postgres_server"))


@pytest.fixture()
def served_app(tmp_path: Path):
    """The app served on a free loopback port with a store of its own; its log shown if it does not start."""
    from tests.appserver import AppDidNotStart, start_app, stop_app

    log_path = tmp_path / "streamlit.log"
    with log_path.open("w") as log:
        try:
            process, url = start_app({"MOPS_DATA_DIR": str(tmp_path / "data")}, output=log)
        except AppDidNotStart as exc:
            pytest.fail(f"{exc}:\n{log_path.read_text()}")
        try:
            yield url
        finally:
            stop_app(process)
