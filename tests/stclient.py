"""A Streamlit session without a browser: the app's own protocol over a real websocket.

The load benchmark drives many sessions from one process, so that what it measures is the
server, not twenty browsers sharing the server's cores. A session speaks what the browser
speaks: it opens ``ws://…/_stcore/stream``, asks for a run with a ``rerun_script`` message,
reads the deltas (``ForwardMsg``) up to ``script_finished``, and keeps, as the browser does,
every widget it was shown and that widget's value. A change is sent as the browser sends one:
all the values the page holds, the changed one among them, with the fragment the widget lives
in; a form sends its fields only when submitted.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from google.protobuf.message import Message
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from tornado.httpclient import HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
FAILED = ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR

Value = tuple[str, Any]
"""A widget's value as the wire carries it: the ``WidgetState`` field and its content."""


@dataclass(eq=False)
class Widget:
    """A widget the page shows, as the browser knows it: what to send when it is used."""

    id: str
    kind: str
    """The element's type in the protocol (``text_input``, ``selectbox``, ``button``, ``button_group``…)."""
    label: str
    form_id: str
    fragment_id: str
    initial: Value | None
    """The value the browser holds when it shows the widget (``None``: a button, or a widget
    whose value the browser sends only once it is used, such as a table editor)."""


@dataclass
class Run:
    """What one request for a run brought back."""

    seconds: float
    """From the request sent to the ``script_finished`` that ended it."""
    status: str
    elements: list[tuple[str, Any]] = field(default_factory=list)
    """Every element and block drawn, as ``(type, proto)``, in the order they came."""
    fragments: tuple[str, ...] = ()
    """The fragments this run reran; empty for a run of the whole app."""

    def strings(self) -> list[str]:
        """Every text the run drew (labels, bodies, values, options)."""
        found: list[str] = []
        for _, proto in self.elements:
            _collect(proto, found)
        return found

    def shows(self, text: str) -> bool:
        return any(text in s for s in self.strings())


def _collect(message: Any, found: list[str]) -> None:
    for _, value in message.ListFields():
        for item in value if isinstance(value, Sequence) and not isinstance(value, (str, bytes)) else (value,):
            if isinstance(item, Message):
                _collect(item, found)
            elif isinstance(item, str):
                found.append(item)


def _shown_value(kind: str, proto: Any) -> Value | None:
    """The value a browser holds for a widget as first shown: the server's ``set_value`` if any,
    else its default."""
    if kind in ("text_input", "text_area"):
        return "string_value", proto.value if proto.set_value else proto.default
    if kind in ("selectbox", "radio"):
        if proto.set_value:
            return ("string_value", proto.raw_value) if proto.HasField("raw_value") else None
        has_default = kind == "radio" or proto.HasField("default")
        return ("string_value", proto.options[proto.default]) if has_default and proto.options else None
    if kind == "multiselect":
        chosen = list(proto.raw_values) if proto.set_value else [proto.options[i] for i in proto.default]
        return "string_array_value", chosen
    if kind == "button_group":
        chosen = list(proto.raw_values) if proto.set_value else [proto.options[i].content for i in proto.default]
        return "string_array_value", chosen
    if kind == "checkbox":
        return "bool_value", proto.value if proto.set_value else proto.default
    if kind == "number_input":
        if proto.set_value:
            return "double_value", proto.value
        return ("double_value", proto.default) if proto.HasField("default") else None
    return None


class Session:
    """One user's session of the app at ``url`` (``http://host:port``, or ``https://…`` through
    a proxy; ``verify`` false accepts a self-signed certificate), opened with ``query`` as its
    URL's query string (the app keeps its draft token there)."""

    def __init__(self, url: str, query: str = "", verify: bool = True) -> None:
        self.url = url
        self.query = query
        self.verify = verify
        self.widgets: dict[str, Widget] = {}
        self.values: dict[str, Value] = {}
        """The values the browser would send: the widgets it holds, changed or as shown."""
        self._page = ""
        self._socket: WebSocketClientConnection | None = None

    async def open(self, timeout: float = 60) -> Run:
        """Connect and draw the page, as a browser opening the URL."""
        request = HTTPRequest(
            self.url.replace("http", "ws", 1) + "/_stcore/stream", request_timeout=timeout, validate_cert=self.verify
        )
        self._socket = await websocket_connect(request, subprotocols=["streamlit"], max_message_size=64 << 20)
        return await self._run({}, "", timeout)

    async def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def find(self, kind: str, label: str) -> Widget:
        """The widget of this type and label (the first, in the order drawn)."""
        for widget in self.widgets.values():
            if widget.kind == kind and widget.label == label:
                return widget
        shown = sorted({(w.kind, w.label) for w in self.widgets.values()})
        raise LookupError(f"no {kind} labelled {label!r} on the page; shown: {shown}")

    async def change(self, widget: Widget, value: Any, timeout: float = 60) -> Run:
        """Set a widget's value as its user would, and rerun its fragment (the app if none)."""
        self.values[widget.id] = (widget.initial[0] if widget.initial else _field_of(widget.kind), value)
        return await self._run({}, widget.fragment_id, timeout)

    async def click(self, button: Widget, fields: dict[Widget, Any] | None = None, timeout: float = 60) -> Run:
        """Press a button; a form's submit button sends the form's ``fields`` (changed values;
        the others as shown)."""
        if button.form_id:
            for widget in self.widgets.values():
                if widget.form_id == button.form_id and widget.initial is not None:
                    self.values.setdefault(widget.id, widget.initial)
            for widget, value in (fields or {}).items():
                self.values[widget.id] = (_field_of(widget.kind), value)
        return await self._run({button.id: ("trigger_value", True)}, button.fragment_id, timeout)

    async def _run(self, triggers: dict[str, Value], fragment_id: str, timeout: float) -> Run:
        assert self._socket is not None, "open the session first"
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query
        state.page_script_hash = self._page
        state.fragment_id = fragment_id
        for widget_id, (kind, value) in {**self.values, **triggers}.items():
            _put(state.widget_states.widgets.add(), widget_id, kind, value)
        started = time.perf_counter()
        await self._socket.write_message(message.SerializeToString(), binary=True)
        run = await asyncio.wait_for(self._read(started), timeout)
        return run

    async def _read(self, started: float) -> Run:
        seen: set[str] = set()
        elements: list[tuple[str, Any]] = []
        while True:
            data = await self._socket.read_message()
            if data is None:
                raise ConnectionError(f"the server closed the session at {self.url}")
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self._page = message.new_session.page_script_hash
            elif kind == "page_info_changed":
                self.query = message.page_info_changed.query_string
            elif kind == "delta":
                self._delta(message.delta, seen, elements)
            elif kind == "script_finished" and message.script_finished != EARLY:
                fragments = tuple(message.metadata.run.fragment_ids)
                self._forget(seen, fragments)
                status = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
                return Run(time.perf_counter() - started, status, elements, fragments)

    def _delta(self, delta: Any, seen: set[str], elements: list[tuple[str, Any]]) -> None:
        which = delta.WhichOneof("type")
        if which == "new_element":
            kind = delta.new_element.WhichOneof("type")
            proto = getattr(delta.new_element, kind)
        elif which == "add_block":
            kind = delta.add_block.WhichOneof("type") or "block"
            proto = delta.add_block
        else:
            return
        elements.append((kind, proto))
        widget_id = getattr(proto, "id", "")
        if not widget_id or not isinstance(widget_id, str):
            return
        seen.add(widget_id)
        label = getattr(proto, "label", "")
        form_id = getattr(proto, "form_id", "")
        initial = _shown_value(kind, proto)
        self.widgets[widget_id] = Widget(widget_id, kind, label, form_id, delta.fragment_id, initial)
        if initial is not None and not form_id and widget_id not in self.values:
            self.values[widget_id] = initial
        elif getattr(proto, "set_value", False):  # the script set it: the browser takes the new value
            if initial is None:
                self.values.pop(widget_id, None)  # set to nothing (a picker emptied): it sends nothing
            else:
                self.values[widget_id] = initial

    def _forget(self, seen: set[str], fragments: tuple[str, ...]) -> None:
        """Drop the widgets the run did not draw again (the browser removes them)."""
        for widget_id, widget in list(self.widgets.items()):
            rerun = not fragments or widget.fragment_id in fragments
            if rerun and widget_id not in seen:
                del self.widgets[widget_id]
                self.values.pop(widget_id, None)


def _field_of(kind: str) -> str:
    return {
        "checkbox": "bool_value",
        "number_input": "double_value",
        "multiselect": "string_array_value",
        "button_group": "string_array_value",
    }.get(kind, "string_value")


def _put(state: WidgetState, widget_id: str, kind: str, value: Any) -> None:
    state.id = widget_id
    if kind == "string_array_value":
        state.string_array_value.data[:] = value
    else:
        setattr(state, kind, value)
