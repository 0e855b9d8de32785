"""The capacity table: each serving unit's FTE, the share of it that serves clients, and the
staff serving at once that the simulation and the optimiser both use."""

from __future__ import annotations

import pandas as pd

from model.config.availability import effective_fte, servers
from model.config.loader import Scenario
from model.i18n import t


def capacity_frame(scenario: Scenario, lang: str) -> pd.DataFrame:
    """One row per unit with staff and functions: FTE, availability, available FTE, servers."""
    rows = []
    for unit in scenario.units:
        fte = unit.fte()
        if fte <= 0 or not unit.functions:
            continue
        available = effective_fte(unit.staff, scenario.config)
        rows.append(
            {
                t("staffing.col.unit", lang): unit.name,
                t("capacity.col.fte", lang): round(fte, 2),
                t("capacity.col.availability", lang): round(100 * available / fte, 1),
                t("capacity.col.available", lang): round(available, 2),
                t("capacity.col.servers", lang): servers(available),
            }
        )
    return pd.DataFrame(rows)


def availability_note(scenario: Scenario, lang: str) -> str:
    """Where the shares come from: the configuration's section or the documented defaults."""
    return t("capacity.note.config" if scenario.config.availability else "capacity.note.default", lang)
