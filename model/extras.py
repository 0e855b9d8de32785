"""The optional extras, which feature each serves, and one plain line when one is missing.

``pyproject.toml`` declares them under ``[project.optional-dependencies]``: a bare install
validates, simulates and exports without them. ``requirements.lock`` and ``scripts/install.sh``
install every one, so the app and CI have every feature. A feature whose extra is missing says
so in one line, with the command that installs it, instead of a traceback from an import.

>>> missing("no-such-extra")
Traceback (most recent call last):
...
KeyError: 'no-such-extra'
>>> need("xlsx")  # installed here, as requirements.lock installs every extra
"""

from __future__ import annotations

from importlib.util import find_spec

from model.config.errors import ConfigError, Problem
from model.i18n import Message, msg

EXTRAS: dict[str, tuple[str, ...]] = {
    "dask": ("dask", "distributed"),  # the optimiser and sweeps on a Dask cluster
    "postgres": ("psycopg",),  # the scenario database on PostgreSQL
    "plots": ("matplotlib",),  # PNG charts of sweeps and calibrations
    "xlsx": ("openpyxl",),  # reading and writing Excel workbooks
    "signin": ("authlib", "httpx"),  # Streamlit's st.login, for a shared installation
}
"""Each extra and the modules it installs (the import names, as ``find_spec`` looks them up)."""


class MissingExtra(ConfigError):
    """A feature was asked for whose optional extra is not installed."""


def missing(extra: str) -> Message | None:
    """The message saying that ``extra`` is not installed, or ``None`` when it is."""
    if all(find_spec(module) is not None for module in EXTRAS[extra]):
        return None
    return msg("extras.missing", feature=msg(f"extras.feature.{extra}"), extra=extra)


def need(extra: str) -> None:
    """Raise :class:`MissingExtra` unless ``extra`` is installed: one line, as every input error,
    named by the first missing module."""
    message = missing(extra)
    if message is not None:
        absent = next(module for module in EXTRAS[extra] if find_spec(module) is None)
        raise MissingExtra(Problem(absent, None, message))
