"""The package's build: pyproject.toml says what it is; this compiles the simulation's hot modules.

Why compiled: a replication spends nine tenths of its time in three small modules, the event
loop, the clients' stories and the tally (``model/simulation/native.py`` lists them). mypyc (part
of mypy, MIT) compiles them, as they are written and type-checked, to C extensions that run a
replication in about a quarter of the CPU time. The sources stay the truth: without mypyc nothing
is compiled and the same modules run as Python, and a build whose sources have changed since is
set aside for them (:mod:`model.simulation.native`).

``scripts/install.sh`` builds this package with the locked mypy and setuptools, without build
isolation (mypyc type-checks the modules against the installed numpy), editable, so that the
extensions sit beside their sources. ``MOPS_COMPILED=0`` compiles nothing.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
# read by its path: importing the package would import its dependencies, perhaps not installed yet
_spec = importlib.util.spec_from_file_location("native", ROOT / "model" / "simulation" / "native.py")
assert _spec is not None and _spec.loader is not None
native = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(native)


BUILDS = {"build", "build_ext", "bdist_wheel", "editable_wheel", "install", "develop"}
"""The commands that build the extensions; pip's others (``dist_info``, ``egg_info``) only describe them."""


class BuildExt(build_ext):
    """Compiles the hot modules when the extensions are built, not each time this file is read
    (pip reads it three times, and mypyc takes about a minute), then records their digest."""

    def finalize_options(self) -> None:
        # in place of the stand-in; not while pip only reads the metadata, which lists the sources
        building = BUILDS.intersection(self.distribution.commands)
        self.distribution.ext_modules = list(self.compiled()) if building else []
        super().finalize_options()

    def run(self) -> None:
        super().run()
        if self.extensions:
            native.DIGEST_FILE.write_text(native.digest() + "\n", encoding="utf-8")

    @staticmethod
    @functools.cache  # setuptools finalises the command more than once in one build
    def compiled() -> tuple[Extension, ...]:
        if os.environ.get(native.SWITCH) == "0":
            return ()
        try:
            from mypyc.build import mypycify
        except ImportError:  # a build without the locked tools: the modules run as Python
            return ()
        sources = [str(path.relative_to(ROOT)) for path in native.COMPILED]
        return tuple(mypycify(sources, opt_level="3", group_name="model.simulation.compiled"))


# a stand-in, so that setuptools runs build_ext and tags the wheel for this platform
setup(ext_modules=[Extension("model.simulation.compiled", sources=[])], cmdclass={"build_ext": BuildExt})
