"""The app's page registry: a page's label and the module that draws it, imported on first use.

Only the open page is drawn on a rerun (``app.py``), and a page never opened costs not even its
import: the simulation's, the exports' and the charts' libraries load when they are needed.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Page:
    label: str
    """Catalogue key of the page's label (``tab.…``)."""
    module: str
    """Dotted name of the module with ``render(scenario, findings, key_args, lang)``."""
    long: bool = False
    """Whether the page runs long computations (simulations, searches) with progress shown. Such a
    page is drawn by a run of the whole app, never inside a fragment: only a click outside every
    fragment asks for a whole-app rerun, and only that interrupts a running script, so its "stop"
    button must sit outside the fragments."""

    def render(self, *args: Any) -> None:
        importlib.import_module(self.module).render(*args)
