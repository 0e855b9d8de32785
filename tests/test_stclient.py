"""The protocol client of the load benchmark, against a real ``streamlit run`` on loopback: it
must edit as a browser does (the answer shows the edit, and the draft is stored), and sessions
opened side by side must stay apart."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest

from model.i18n import t
from model.store import Store
from model.store.location import DATABASE_FILE
from tests.appserver import start_app, stop_app
from tests.stclient import Session


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("data")
    process, url = start_app({"MOPS_DATA_DIR": str(data)})
    yield url, data
    stop_app(process)


async def on_edit_tab(url: str) -> tuple[Session, str]:
    token = uuid.uuid4().hex
    session = Session(url, f"draft={token}")
    opened = await session.open()
    assert opened.status == "FINISHED_SUCCESSFULLY"
    switched = await session.change(session.find("button_group", t("nav.pages", "pl")), [t("tab.edit", "pl")])
    assert switched.shows(t("edit.save_unit", "pl"))  # the edit page is drawn: its form came back
    return session, token


async def rename(session: Session, name: str):
    field = session.find("text_input", t("edit.name", "pl"))
    return await session.click(session.find("button", t("edit.save_unit", "pl")), {field: name})


def test_a_rename_sent_as_the_browser_sends_it_reaches_the_configuration_and_the_draft(server) -> None:
    url, data = server

    async def scenario():
        session, token = await on_edit_tab(url)
        try:
            first = await rename(session, "Dyrektor Ośrodka")
            second = await rename(session, "Dyrektor MOPS")  # the form's fields are new ones now
        finally:
            await session.close()
        return token, first, second

    token, first, second = asyncio.run(scenario())
    assert first.shows("Dyrektor Ośrodka") and first.shows(t("sidebar.modified_kept", "pl", count=1))
    assert second.shows("Dyrektor MOPS") and second.shows(t("sidebar.modified_kept", "pl", count=2))
    assert 0 < first.seconds < 60 and first.fragments  # an edit reruns the app's fragments only
    draft = Store(f"sqlite:///{Path(data) / DATABASE_FILE}").draft(token, "file:tarnowskie_gory_2017.yaml")
    assert draft is not None and "name: Dyrektor MOPS" in draft.text


def test_sessions_editing_at_once_see_only_their_own_edits(server) -> None:
    url, _ = server

    async def scenario():
        sessions = [(await on_edit_tab(url))[0] for _ in range(3)]
        try:
            answers = await asyncio.gather(*(rename(s, f"Dyrektor {i}") for i, s in enumerate(sessions)))
            reopened = Session(url, "draft=" + uuid.uuid4().hex)
            fresh = await reopened.open()
            await reopened.close()
        finally:
            for session in sessions:
                await session.close()
        return answers, fresh

    answers, fresh = asyncio.run(scenario())
    for index, answer in enumerate(answers):
        assert answer.shows(f"Dyrektor {index}")
        assert not any(answer.shows(f"Dyrektor {other}") for other in range(3) if other != index)
    assert not any(fresh.shows(f"Dyrektor {i}") for i in range(3))


def test_a_stale_widget_changes_nothing_and_the_answer_says_so(server) -> None:
    """The benchmark relies on the answer to tell a lost edit: a click on a form that a former
    edit replaced must not show the new name."""
    url, _ = server

    async def scenario():
        session, _ = await on_edit_tab(url)
        try:
            field = session.find("text_input", t("edit.name", "pl"))
            save = session.find("button", t("edit.save_unit", "pl"))
            await session.click(save, {field: "Dyrektor A"})
            return await session.click(save, {field: "Dyrektor B"})  # the old form's fields
        finally:
            await session.close()

    assert not asyncio.run(scenario()).shows("Dyrektor B")


def test_a_saved_version_redraws_the_panel_and_the_edits_not_the_page(server) -> None:
    """Issue 23's "save" as the load benchmark presses it: a scenario's draft saved as its next
    version. The text does not change, so the answer reruns the scenario panel and the part that
    counts the unsaved edits (two fragments), not the whole page."""
    url, _ = server
    name = f"wersje {uuid.uuid4().hex[:6]}"

    async def scenario():
        session, _ = await on_edit_tab(url)
        try:
            field = session.find("text_input", t("scen.new_name", "pl"))
            created = await session.click(session.find("button", t("scen.new", "pl")), {field: name})
            await rename(session, "Dyrektor przed zapisem")
            message = session.find("text_input", t("scen.message", "pl"))
            saved = await session.click(session.find("button", t("scen.save", "pl")), {message: "wersja 2"})
            return created, saved
        finally:
            await session.close()

    created, saved = asyncio.run(scenario())
    assert created.shows(t("scen.current", "pl", name=name, version=1)) and not created.fragments  # the whole page
    assert saved.shows(t("scen.current", "pl", name=name, version=2))
    assert not saved.shows("Dyrektor przed zapisem")  # the tab open is not drawn again (the browser keeps it)
    assert len(saved.fragments) == 2 and not saved.shows(t("sidebar.modified_kept", "pl", count=1))
