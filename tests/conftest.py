"""Shared paths for the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = sorted((ROOT / "org_configs").glob("*.yaml"))
DEFAULT_CONFIG = ROOT / "org_configs" / "tarnowskie_gory_2017.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(params=CONFIGS, ids=[p.stem for p in CONFIGS])
def shipped_config(request: pytest.FixtureRequest) -> Path:
    """Each configuration shipped in org_configs/."""
    return request.param
