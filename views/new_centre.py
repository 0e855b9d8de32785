"""„Nowy ośrodek”: a director starts a centre of their own in a few fields, without writing YAML.

The kind of centre (its template), the name in the nominative with the genitive the documents
will use shown for checking, the gmina's organ, population and date, the staffing table pasted
from a spreadsheet or uploaded, and the procedures. The table goes through the same reader as
``python -m model import-staff`` (:mod:`model.config.staff_table`), so a wrong row is named here
as there; the centre becomes a named scenario in the store and opens.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
import streamlit as st

from model.config.errors import ConfigError
from model.config.new_centre import (
    TEMPLATES,
    CentreFacts,
    new_centre_text,
    template_functions,
    template_population,
    template_procedures,
)
from model.config.staff_table import COLUMNS as STAFF_COLUMNS
from model.config.staff_table import read_staff_table
from model.exports.wording import centre_name_genitive
from model.i18n import t
from views.state import state

COLUMNS = tuple(key for key in STAFF_COLUMNS if key != "kind")
"""The editable table's columns: the staffing table's keys (a unit's kind is read from its name)."""
EXAMPLE = (
    (
        "Dyrektor",
        "",
        "D",
        "ul. Przykładowa 1, 00-000 Przykładowo",
        "Dyrektor",
        "1",
        "Obsługa administracyjna i finansowa",
    ),
    ("Dział Pomocy Środowiskowej", "Dyrektor", "DPŚ", "", "Kierownik działu", "1", ""),
    (
        "Zespół ds. Pracy Socjalnej",
        "Dział Pomocy Środowiskowej",
        "ZPS",
        "",
        "Pracownik socjalny",
        "3",
        "Praca socjalna",
    ),
)
"""Rows to overwrite: the director, a department and a team, as a staffing table lists them. Polish unit
names and job titles are data, the same in either language of the interface."""
UPLOAD_LIMIT_MB = 10


def open_dialog(lang: str) -> None:
    """Draw the guided start as a dialog over the page."""
    st.dialog(t("new.title", lang), width="large")(_form)(lang)


def starter_rows() -> pd.DataFrame:
    return pd.DataFrame(list(EXAMPLE), columns=list(COLUMNS))


def _form(lang: str) -> None:
    kinds = list(TEMPLATES)
    kind = st.radio(t("new.kind", lang), kinds, format_func=lambda k: t(f"new.kind.{k}", lang), key="new_kind")
    name = st.text_input(t("new.name", lang), key="new_name", placeholder=t("new.name_placeholder", lang))
    derived = centre_name_genitive(name.strip()) if name.strip() else None
    if name.strip():
        st.caption(
            t("new.genitive", lang, genitive=derived) if derived else t("new.genitive_unknown", lang, name=name.strip())
        )
    genitive = st.text_input(t("new.genitive_override", lang), key="new_genitive")
    left, middle, right = st.columns(3)
    organ = left.text_input(t("new.organ", lang), key="new_organ", placeholder=t("new.organ_placeholder", lang))
    population = middle.number_input(
        t("new.population", lang), min_value=1, value=template_population(kind), step=100, key="new_population"
    )
    effective = right.date_input(
        t("new.effective", lang), value=dt.date.today(), key="new_effective", format="DD.MM.YYYY"
    )
    st.markdown(t("new.staff", lang))
    st.caption(t("new.staff_help", lang))
    uploaded = st.file_uploader(
        t("new.staff_upload", lang, limit=UPLOAD_LIMIT_MB),
        type=["xlsx", "csv"],
        key="new_staff_file",
        max_upload_size=UPLOAD_LIMIT_MB,
    )
    table = st.data_editor(
        starter_rows(),
        key="new_staff_rows",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={c: st.column_config.TextColumn(t(f"new.col.{c}", lang)) for c in COLUMNS},
        disabled=uploaded is not None,
    )
    offered = template_procedures(kind)
    names = dict(offered)
    chosen = st.multiselect(
        t("new.procedures", lang),
        [pid for pid, _ in offered],
        default=[pid for pid, _ in offered],
        format_func=names.__getitem__,
        key=f"new_procedures_{kind}",
    )
    scenario_name = st.text_input(t("new.scenario", lang), key="new_scenario", value="")
    if st.button(t("new.create", lang), type="primary", key="new_create", width="stretch"):
        data, file = (uploaded.getvalue(), uploaded.name) if uploaded is not None else (_csv(table), "tabela.csv")
        facts = CentreFacts(
            name=name.strip(),
            population=int(population),
            effective_from=effective,
            name_genitive=genitive.strip() or None,
            municipal_organ=organ.strip() or None,
        )
        _create(kind, facts, data, file, chosen, scenario_name.strip() or name.strip(), lang)


def _csv(frame: pd.DataFrame) -> bytes:
    """The edited rows as a CSV the staffing-table reader takes, with its English keys as headers."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(COLUMNS)
    for row in frame.fillna("").astype(str).itertuples(index=False):
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _create(kind: str, facts: CentreFacts, data: bytes, file: str, procedures: list[str], name: str, lang: str) -> None:
    from model.store import StoreError
    from views import CONFIG_DIR, drafts
    from views.auth import identity
    from views.session import open_config

    if not facts.name:
        st.error(t("new.name_missing", lang))
        return
    if not name:
        st.error(t("new.scenario_missing", lang))
        return
    try:
        table = read_staff_table(data, file, functions=template_functions(kind))
    except ConfigError as error:
        st.error(t("new.table_errors", lang) + "\n\n" + "\n".join(f"- {p.text(lang)}" for p in error.problems))
        return
    text = new_centre_text(kind, facts, table, procedures)
    db = drafts.store()
    if db is None:  # no usable store: the centre opens as an unsaved configuration
        open_config(f"{name}.yaml", text, str(CONFIG_DIR), None)
        st.rerun()
    try:
        db.create(name, text, identity(), t("new.message", lang, template=t(f"new.kind.{kind}", lang)))
    except StoreError as error:
        st.error(error.message.text(lang))
        return
    drafts.open_scenario(db, name, open_config)
    state.notice = t("new.created", lang, name=name)
    st.rerun()
