"""Scenarios in the app (AppTest): drafts survive a refresh and stay in their session; the list,
versions, conflicts, bin and history."""

from __future__ import annotations

import uuid

from streamlit.testing.v1 import AppTest

from model.config import editing
from model.i18n import t
from model.store import Identity, Role, Store
from tests.test_app import APP, first_contact_post, open_tab


def session(draft: str | None = None, scenario: str | None = None) -> AppTest:
    """A browser tab opening the app, with the URL's ``draft`` and ``scenario`` parameters."""
    at = AppTest.from_file(APP, default_timeout=120)
    if draft:
        at.query_params["draft"] = draft
    if scenario:
        at.query_params["scenario"] = scenario
    at.run()
    assert not at.exception, at.exception
    return at


def delete_first_contact(at: AppTest) -> None:
    open_tab(at, "tab.edit")
    at.selectbox(key="edit_unit").set_value(first_contact_post()).run()
    at.button(key="delete_unit").click().run()
    assert not at.exception, at.exception
    assert at.session_state["history"].modified


def test_a_draft_comes_back_after_a_refresh_and_no_other_session_sees_it():
    mine, other = uuid.uuid4().hex, uuid.uuid4().hex
    at = session(mine)
    delete_first_contact(at)
    edited = at.session_state["history"].current

    refreshed = session(mine)  # the same URL in a new session: a refresh
    assert refreshed.session_state["history"].current == edited
    assert refreshed.session_state["history"].modified

    stranger = session(other)
    assert not stranger.session_state["history"].modified
    fresh = session()
    assert not fresh.session_state["history"].modified
    assert fresh.session_state["draft_token"] not in (mine, other)


def test_save_as_scenario_then_a_second_session_cannot_overwrite_it():
    name = f"wariant {uuid.uuid4().hex[:6]}"
    director = session(uuid.uuid4().hex)
    director.text_input(key="scen_new_name").set_value(name)  # typed, not yet committed: the click submits it
    director.button(key="scen_new").click().run()
    assert not director.exception, director.exception
    assert director.session_state["scenario"] == {"name": name, "version": 1}
    deputy = session(uuid.uuid4().hex, scenario=name)  # the deputy opens the shared link
    assert deputy.session_state["scenario"] == {"name": name, "version": 1}

    delete_first_contact(director)
    director.text_input(key="scen_message").set_value("bez pierwszego kontaktu")
    director.button(key="scen_save").click().run()
    assert director.session_state["scenario"]["version"] == 2

    open_tab(deputy, "tab.edit")
    delete_first_contact(deputy)
    deputy.button(key="scen_save").click().run()
    assert not deputy.exception, deputy.exception
    local = Identity.local_user().label  # no sign-in configured: the local user saves
    assert any(local in e.value and "nic nie nadpisano" in e.value for e in deputy.error)
    assert any(c.language == "diff" for c in deputy.code)
    versions = Store().versions(name)
    assert [(v.number, v.author) for v in versions] == [(2, local), (1, local)]


def test_history_restore_rename_bin():
    name = f"historia {uuid.uuid4().hex[:6]}"
    at = session(uuid.uuid4().hex)
    at.text_input(key="scen_new_name").set_value(name)
    at.button(key="scen_new").click().run()
    first = at.session_state["history"].current
    delete_first_contact(at)
    at.button(key="scen_save").click().run()
    at.button(key="scen_restore_v1").click().run()
    assert not at.exception, at.exception
    assert at.session_state["scenario"]["version"] == 3
    assert at.session_state["history"].current == first

    at.text_input(key="scen_new_name").set_value(name + " B")
    at.button(key="scen_rename").click().run()
    assert at.session_state["scenario"]["name"] == name + " B"
    at.button(key="scen_delete").click().run()
    store = Store()
    info = store.get(name + " B", deleted=True)
    at.button(key=f"scen_undelete_{info.id}").click().run()
    assert store.get(name + " B").version == 3


def test_after_a_reload_the_undo_steps_the_picker_and_the_sidebar_tell_the_truth():
    name = f"odświeżenie {uuid.uuid4().hex[:6]}"
    token = uuid.uuid4().hex
    at = session(token)
    at.text_input(key="scen_new_name").set_value(name)
    at.button(key="scen_new").click().run()
    delete_first_contact(at)
    before = at.session_state["history"]
    assert before.labels

    reloaded = session(token, scenario=name)  # the same URL in a new session
    history = reloaded.session_state["history"]
    assert history.current == before.current and history.labels == before.labels  # undo came back with the draft
    assert reloaded.session_state["scen_pick"] == name
    sidebar = "\n".join(e.value for e in reloaded.sidebar.info)
    assert "wróci po odświeżeniu" in sidebar and "Pobierz YAML, aby je zachować" not in sidebar
    assert not any("onbeforeunload = (event)" in e.proto.body for e in reloaded.get("html"))  # no "Leave site?"
    reloaded.button(key="undo").click().run()
    assert not reloaded.session_state["history"].modified  # the one edit undone: back to the saved version


def test_local_mode_says_so_and_its_administrator_manages_roles_and_reads_the_trail():
    at = session(uuid.uuid4().hex)
    local = Identity.local_user()
    assert any(
        "Tryb jednego użytkownika" in c.value and local.name in c.value and "administrator" in c.value
        for c in at.caption
    )
    email = f"ola.{uuid.uuid4().hex[:6]}@mops.example"
    at.text_input(key="admin_email").set_value(email)
    at.selectbox(key="admin_role").set_value(Role.EDITOR).run()
    at.button(key="admin_set").click().run()
    assert not at.exception, at.exception
    assert Store().role(Identity("Ola", email)) is Role.EDITOR  # in the store, for every process
    trail = at.sidebar.dataframe[-1].value  # the administrator's panel: the audit trail
    assert any(email in str(detail) for detail in trail.iloc[:, -1])  # the newest rows, this one among them


def test_a_saved_version_keeps_its_name_and_its_parsed_text_so_the_next_edit_parses_nothing():
    """Saving changes no text: the scenario goes by one name, draft or version, so what was loaded,
    validated and drawn for the draft serves the version; and the next edit starts from the document
    the last one made, not from parsing the whole scenario (procedures inline) again."""
    name = f"zapis {uuid.uuid4().hex[:6]}"
    at = session(uuid.uuid4().hex)
    at.text_input(key="scen_new_name").set_value(name)
    at.button(key="scen_new").click().run()
    delete_first_contact(at)
    current = t("sidebar.current", name=f"{name}.yaml")
    assert current in [c.value for c in at.sidebar.caption]  # the draft goes by the scenario's name
    at.button(key="scen_save").click().run()
    assert not at.exception, at.exception
    assert at.session_state["scenario"]["version"] == 2 and not at.session_state["history"].modified
    assert current in [c.value for c in at.sidebar.caption]
    assert t("sidebar.modified_kept", count=1) not in [i.value for i in at.sidebar.info]
    # the save reran the panel and the sidebar's edit status alone, not the tab open (AppTest's tree
    # holds what the last run drew; a browser keeps the rest): the whole page once more to edit in it
    assert not any((w.key or "").startswith("unit_name_") for w in at.text_input)
    at.run()
    parsed = editing.document.cache_info()
    next(w for w in at.text_input if (w.key or "").startswith("unit_name_")).set_value("Kierownik po zapisie")
    next(b for b in at.button if b.label == t("edit.save_unit")).click().run()
    assert not at.exception, at.exception
    assert "name: Kierownik po zapisie" in at.session_state["history"].current
    assert editing.document.cache_info() == parsed  # nothing parsed, nothing looked up: the kept document
