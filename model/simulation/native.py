"""The simulation's hot modules run compiled where they were built, and as their sources otherwise.

A replication spends nine tenths of its time in three modules: the event loop, the clients'
stories and the tally (:data:`COMPILED`). ``setup.py`` compiles them with mypyc, as they are
written and type-checked, into C extensions beside the sources (``scripts/install.sh`` builds them
in place); compiled, a replication of Tarnowskie Góry takes about a quarter of the CPU time it
takes as Python (docs/benchmarks.md). The sources stay the truth: without a build, the same
modules run as Python.

Python imports an extension before a source module of the same name, so a build older than its
sources would run the old code without a word. The build therefore records a digest of the
sources it compiled (:data:`DIGEST_FILE`); when the package is imported, :func:`choose` compares
it with the sources, and if they have changed since, or ``MOPS_COMPILED=0`` asks for the sources
(for a debugger, coverage or mutation testing), all three are imported from their sources
instead, together, as the compiled ones call each other directly. A changed build says so in a warning
that names the command that compiles it again.

This module imports nothing but the standard library: ``setup.py`` reads it before anything is
installed.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import warnings
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
PACKAGE = "model.simulation"
COMPILED = tuple(HERE / f"{name}.py" for name in ("eventloop", "stats", "engine"))
"""The compiled modules, in the order they import one another (each only those before it)."""
DIGEST_FILE = HERE / "compiled.sha256"
"""Written by the build: the digest of the sources it compiled (see :func:`digest`)."""
SWITCH = "MOPS_COMPILED"
"""``MOPS_COMPILED=0``: build nothing (``setup.py``), run the sources (here)."""


def digest() -> str:
    """SHA-256 of the compiled modules' sources, in :data:`COMPILED` order."""
    sha = hashlib.sha256()
    for path in COMPILED:
        sha.update(path.read_bytes())
    return sha.hexdigest()


def built() -> bool:
    """Whether a compiled build of the modules sits beside their sources."""
    return any(
        path.with_name(path.stem + suffix).exists()
        for path in COMPILED
        for suffix in importlib.machinery.EXTENSION_SUFFIXES
    )


def choose() -> str:
    """Run the sources in place of a build that is missing, not current or switched off.

    Returns what runs: ``"compiled"`` or ``"source"``. Called by the package on import, before
    any of the modules is imported; they are still imported when first used.
    """
    if not built():
        return "source"
    if os.environ.get(SWITCH) == "0":
        sys.meta_path.insert(0, Sources())
        return "source"
    recorded = DIGEST_FILE.read_text(encoding="utf-8").strip() if DIGEST_FILE.exists() else ""
    if recorded != digest():
        warnings.warn(
            f"{HERE} has a compiled build older than its sources: the simulation runs the sources, "
            "slower; compile them again with `bash scripts/install.sh`",
            stacklevel=2,
        )
        sys.meta_path.insert(0, Sources())
        return "source"
    return "compiled"


class Sources(importlib.abc.MetaPathFinder):
    """Finds the compiled modules' sources ahead of their build (first on ``sys.meta_path``)."""

    files = {f"{PACKAGE}.{path.stem}": path for path in COMPILED}

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        source = self.files.get(fullname)
        return None if source is None else importlib.util.spec_from_file_location(fullname, source)
