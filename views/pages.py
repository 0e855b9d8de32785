"""The app's page registry: a tab's label and the module that draws it, imported on first use.

Only the open tab is drawn on a rerun (``app.py``), and a tab never opened costs not even its
import: the simulation's, the exports' and the charts' libraries load when they are needed.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Page:
    label: str
    """Catalogue key of the tab's label (``tab.…``)."""
    module: str
    """Dotted name of the module with ``render(scenario, findings, key_args, lang)``."""

    def render(self, *args: Any) -> None:
        importlib.import_module(self.module).render(*args)
