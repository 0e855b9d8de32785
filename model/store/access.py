"""Who may do what with the store: identities, the three roles, and the table that grants them.

A signed-in person's role is the store's ``roles`` table entry for their e-mail address when an
administrator set one, else the role their identity token claims, else ``viewer``. The local
user (the command line, and the app served on localhost without sign-in) is the person at the
server's own keyboard, who can read the database file anyway: an administrator.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

from model.i18n import msg
from model.store.errors import StoreError


class Role(IntEnum):
    """Each role may do what the roles below it may."""

    VIEWER = 1
    """read scenarios, simulate, export"""
    EDITOR = 2
    """save scenarios, upload logs, calibrate"""
    ADMIN = 3
    """restore from the bin, manage roles, read the audit trail"""

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Role | None:
        """``"editor"`` → :attr:`EDITOR`; anything else (a claim from another application) → None."""
        return cls.__members__.get(text.strip().upper()) if isinstance(text, str) else None


@dataclass(frozen=True)
class Identity:
    """The person acting: a signed-in user (name, e-mail, the role their token claims) or the local user."""

    name: str
    email: str | None = None
    claimed: Role | None = None
    local: bool = False

    @property
    def label(self) -> str:
        """How versions and the audit trail name the person: ``Name <e-mail>``, or the login name."""
        if self.local:
            return f"{self.name} (local)"
        return f"{self.name} <{self.email}>" if self.email else self.name

    @classmethod
    def local_user(cls) -> Identity:
        """The account running this process (``MOPS_AUTHOR`` names it otherwise, e.g. in a container)."""
        return cls(os.environ.get("MOPS_AUTHOR") or getpass.getuser(), local=True)


@dataclass(frozen=True)
class RoleGrant:
    """A role an administrator gave to an e-mail address in the store."""

    email: str
    role: Role
    granted_by: str
    granted_at: datetime


class Denied(StoreError):
    """The identity's role does not allow the action: nothing was read or written."""

    def __init__(self, who: Identity, role: Role, needed: Role, action: str):
        super().__init__(
            msg(
                "store.denied",
                who=who.label,
                role=msg(f"role.{role.label}"),
                needed=msg(f"role.{needed.label}"),
                action=action,
            )
        )
        self.role, self.needed = role, needed


__all__ = ["Denied", "Identity", "Role", "RoleGrant"]
