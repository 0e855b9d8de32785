"""The session's state behind one typed accessor: every key the app keeps, with its type, in one place.

Streamlit's ``st.session_state`` is a mapping of anything; the app reads and writes it only
through :data:`state`, whose attributes are the keys. Each is declared below with its type and
what it holds, so mypy checks every read and write and a newcomer finds the whole state here.
A key not set yet reads as its default (``None`` unless said); widgets that own a key (``key=``)
write it themselves. Keys made per item at run time (a table's selection, a form field) are read
with ``state[key]``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Generic, TypedDict, TypeVar, overload

import streamlit as st

from model.calibration.session import CalibrationResult
from model.checks.findings import Finding
from model.config.editing import History
from model.i18n import Message
from model.simulation.comparison import ComparisonResult
from model.simulation.results import RunResult
from model.staffing.optimum import Optimum
from model.store import Conflict, Role

T = TypeVar("T")


class Source(TypedDict):
    """Where the configuration in effect came from."""

    name: str
    base_dir: str
    file: str | None
    """The shipped file's name under ``org_configs/``; None for an upload or a stored scenario."""


class Pending(Source):
    """A configuration waiting for the user to confirm that the edits in effect may go."""

    text: str


class OpenScenario(TypedDict):
    """The stored scenario open, and the version the edits start from."""

    name: str
    version: int


class SimulationRun(TypedDict):
    text: str
    """The configuration the run was made on: a later edit makes it stale."""
    result: RunResult


class ComparisonRun(TypedDict):
    sources: tuple[tuple[str, str, str], tuple[str, str, str]]
    labels: tuple[str, str]
    result: ComparisonResult


class StaffingRun(TypedDict):
    text: str
    result: Optimum
    errors: list[Finding]
    """The errors validation finds in the configuration with the plan applied (the plan is refused then)."""


class CalibrationRun(TypedDict):
    text: str
    result: CalibrationResult
    source: str


_REQUIRED: Any = object()


class _Key(Generic[T]):
    """One key of the session state, read and written as a typed attribute of :class:`AppState`.

    Without a default the key must be set before it is read (the app sets it when a session
    starts); reading it unset is an error, as reading ``st.session_state`` is.
    """

    def __init__(self, default: T = _REQUIRED) -> None:
        self.default = default
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> _Key[T]: ...
    @overload
    def __get__(self, obj: AppState, owner: type) -> T: ...
    def __get__(self, obj: AppState | None, owner: type) -> _Key[T] | T:
        if obj is None:
            return self
        if self.name in st.session_state or self.default is not _REQUIRED:
            return st.session_state.get(self.name, self.default)
        raise AttributeError(f"the session state has no {self.name!r} yet")

    def __set__(self, obj: AppState, value: T) -> None:
        st.session_state[self.name] = value

    def __delete__(self, obj: AppState) -> None:
        st.session_state.pop(self.name, None)


class AppState:
    """The app's session state; see the module's docstring."""

    # the configuration in effect (views.session)
    history = _Key[History]()
    """The configuration's text and its edits, for undo; its ``current`` is the text in effect."""
    source = _Key[Source]()
    revision = _Key[int](0)
    """Counts every change of the configuration, so that widgets keyed on it start afresh."""
    pending = _Key[Pending | None](None)
    load_errors = _Key[tuple[str, list[str]] | None](None)
    """The file that did not load and its problems, one line each, for the sidebar."""
    edit_error = _Key[list[str] | None](None)
    notice = _Key[str | None](None)
    """A one-off message for the next page (an edit done, a version restored)."""
    upload_round = _Key[int](0)
    """Counts uploads, so that the uploader's key changes and it empties after each."""
    # the page
    lang = _Key[str]("pl")
    tab = _Key[str | None](None)
    """The page picker's value (a widget key): the catalogue key of the open page's label, ``tab.…``,
    the same in both languages."""
    long_page = _Key[bool](False)
    config_file = _Key[str | None](None)
    """The file picker's value (a widget key)."""
    # stored scenarios and drafts (views.drafts, views.scenarios)
    scenario = _Key[OpenScenario | None](None)
    draft_token = _Key[str | None](None)
    store_error = _Key[Message | None](None)
    store_conflict = _Key[Conflict | None](None)
    scen_pick = _Key[str | None](None)
    scen_message = _Key[str]("")
    scen_new_name = _Key[str]("")
    # results kept across reruns, each with the text it was made on
    simulation = _Key[SimulationRun | None](None)
    comparison = _Key[ComparisonRun | None](None)
    staffing = _Key[StaffingRun | None](None)
    staffing_running = _Key[bool](False)
    calibration = _Key[CalibrationRun | None](None)
    export_pdf = _Key[tuple[Any, ...] | None](None)
    """The options of the PDF last made, so that it is made again only when they change."""
    # widgets of the pages (their own keys)
    edit_mode = _Key[str | None](None)
    edit_unit = _Key[str | None](None)
    edit_unit_next = _Key[str | None](None)
    edit_focus = _Key[str | None](None)
    edit_procedure = _Key[str | None](None)
    flow_procedure = _Key[str | None](None)
    changes_base = _Key[str | None](None)
    compare_a = _Key[str | None](None)
    compare_b = _Key[str | None](None)
    trainer_index = _Key[int](0)
    presenting = _Key[bool](False)
    """The trainer's presentation mode (its switch's own key), read before the switch is drawn to lay the page out."""
    flow_bpmn = _Key[tuple[bytes, str] | None](None)
    """A BPMN file uploaded (or exported again) on the flow page, and its name."""
    flow_bpmn_asked = _Key[dict[str, str] | None](None)
    """Lane id → the function the user matched it to, for the BPMN file above."""
    admin_email = _Key[str]("")
    admin_role = _Key[Role | None](None)
    admin_error = _Key[Message | None](None)

    def __contains__(self, key: str) -> bool:
        return key in st.session_state

    def __getitem__(self, key: str) -> Any:
        """A key made at run time (a table's selection, a form field)."""
        return st.session_state[key]

    def get(self, key: str) -> Any:
        """A key made at run time, or None while it is unset (declared keys are read as attributes)."""
        return st.session_state.get(key)

    def __setitem__(self, key: str, value: Any) -> None:
        st.session_state[key] = value

    def __iter__(self) -> Iterator[str]:
        return iter(st.session_state)

    def pop(self, key: str, default: Any = None) -> Any:
        """Remove ``key`` and return what it held (``default`` when it held nothing)."""
        return st.session_state.pop(key, default)


state = AppState()
