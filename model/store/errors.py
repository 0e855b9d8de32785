"""The store's one kind of refusal, shared by its modules."""

from __future__ import annotations

from model.i18n import Message


class StoreError(Exception):
    """A problem the user can act on, in one line; ``message`` in any language."""

    def __init__(self, message: Message):
        super().__init__(str(message))
        self.message = message
