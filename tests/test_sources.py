"""The shipped configurations and procedures cite public sources, never a local or internal file."""

import re

import pytest

from .conftest import ROOT

SHIPPED = sorted([*(ROOT / "org_configs").glob("*.yaml"), *(ROOT / "procedures").glob("*.yaml")])
PRIVATE = re.compile(r"(/work/|/home/|/root/|/tmp/|\.\./shared|DOMAIN\.md|seeds/|[A-Z]:\\)")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_no_shipped_file_points_at_a_private_path(path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert not PRIVATE.search(line), f"{path.name}:{number}: {line.strip()}"
