"""The Obsada tab, headless with AppTest: targets as percentages, the stop button gone when the
search ends, every column of the plan sized, no caption about sparing no simulation, and "Zastosuj
plan" refused with the reason while the plan would leave validation errors."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from model.i18n import t
from tests.test_app import open_tab, started
from tests.test_optimiser import centre

MIXED = """  - {id: mix, name: Zespół mieszany, kind: team, functions: [social_work, family_assistance],
     staff: [{role: social_worker, fte: 1}]}"""
"""A unit both doing social work and assisting families: rule SEP003's error, which no staffing mends."""


def searched(text: str) -> AppTest:
    """The app with ``text`` uploaded, after one search on the Obsada tab (20 days, 2 replications)."""
    at = started()
    at.file_uploader[0].set_value(("obsada.yaml", text.encode(), "application/x-yaml")).run()
    assert not at.exception, at.exception
    open_tab(at, "tab.staffing")
    at.number_input(key="staffing_days").set_value(20)
    at.number_input(key="staffing_replications").set_value(2)
    next(b for b in at.button if b.label == t("staffing.run")).click().run()
    assert not at.exception, at.exception
    return at


def test_targets_read_as_percentages():
    at = open_tab(started(), "tab.staffing")
    for key, value in (("staffing_deadlines", 95), ("staffing_utilisation", 85)):
        slider = at.slider(key=key)
        assert slider.value == value and slider.proto.format == "%d %%"  # shown as "95 %"
    at.radio(key="lang").set_value("en").run()  # the page stays open in the other language
    assert at.slider(key="staffing_deadlines").proto.format == "%d%%"


def test_a_finished_search_leaves_no_stop_button_sizes_every_column_and_claims_no_saving():
    at = searched(centre(7, 80, 7))
    result = at.session_state["staffing"]["result"]
    assert result.evaluations > 0
    assert not [b for b in at.button if b.key == "staffing_stop"]
    captions = "\n".join(c.value for c in at.caption)
    assert not re.search(r"co najmniej 0 symulacji", captions)
    if result.pruned_by_bound:
        assert f"co najmniej {result.pruned_by_bound}" in captions
    else:
        assert t("staffing.cli.search_no_pruning", "pl", evaluations=result.evaluations) in captions
    plan = next(d for d in at.dataframe if t("staffing.col.binding") in d.value.columns)
    widths = {name: spec.get("width") for name, spec in json.loads(plan.proto.columns).items() if name != "_index"}
    assert set(widths) == set(plan.value.columns) and all(widths.values()), widths
    assert widths[t("staffing.col.binding")] == "large"


def test_the_plan_cannot_be_applied_while_it_leaves_validation_errors():
    """SEP003 stays whatever the staff: the button is there, disabled, and says why."""
    at = searched(centre(7, 80, 7, MIXED))
    assert any(f.rule == "SEP003" for f in at.session_state["staffing"]["errors"])
    button = at.button(key="staffing_apply")
    assert button.disabled and "SEP003" in button.proto.help
    assert any("SEP003" in w.value for w in at.warning)
    assert not at.session_state["history"].modified


def test_units_outside_the_model_are_offered_for_release():
    """The desk's procedure work is 4% of its time: the form offers it for release, the team
    (modelled) not; nothing is released unless chosen."""
    at = started()
    at.file_uploader[0].set_value(("obsada.yaml", centre(7, 80, 7).encode(), "application/x-yaml")).run()
    open_tab(at, "tab.staffing")
    held = at.multiselect(key="staffing_release")
    assert held.options == ["Stanowisko"] and not held.value and not held.disabled
