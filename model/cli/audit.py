"""``audit``: the store's audit trail, and ``roles``: who has which role.

Both act as the local user, an administrator of the store (it can read the database anyway),
and say so on the error stream, so that what they print stays a clean table or JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from model.cli.base import EXIT_OK, EXIT_UNREADABLE, command, text_table
from model.i18n import t

if TYPE_CHECKING:
    from model.store import Identity, StoreError


def _since(text: str) -> datetime:
    try:
        return datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _database(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", help="database URL (default: MOPS_DATABASE_URL, else SQLite in MOPS_DATA_DIR)")


def _audit_arguments(parser: argparse.ArgumentParser) -> None:
    _database(parser)
    parser.add_argument("--since", type=_since, metavar="DATE", help="only from this day on (YYYY-MM-DD, UTC)")
    parser.add_argument("--json", action="store_true", help="one JSON array instead of a table")


def _roles_arguments(parser: argparse.ArgumentParser) -> None:
    _database(parser)
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="the roles set in the store")
    grant = actions.add_parser("set", help="give an e-mail address a role")
    grant.add_argument("email")
    grant.add_argument("role", choices=("viewer", "editor", "admin"))
    revoke = actions.add_parser("unset", help="take the store's role away (the token's claim counts again)")
    revoke.add_argument("email")


def _as_local(args: argparse.Namespace) -> Identity:
    """The local user, announced on the error stream."""
    from model.store import Identity

    who = Identity.local_user()
    print(t("cli.store.acting", args.lang, who=who.name), file=sys.stderr)
    return who


def _refused(args: argparse.Namespace, exc: StoreError) -> int:
    print(t("cli.error", args.lang, problem=exc.message.text(args.lang)), file=sys.stderr)
    return EXIT_UNREADABLE


@command("audit", "the audit trail of the scenario store: who did what, when", _audit_arguments)
def _audit(args: argparse.Namespace) -> int:
    from model.store import Store, StoreError

    try:
        entries = Store(args.database).audit(_as_local(args), args.since)
    except StoreError as exc:
        return _refused(args, exc)
    if args.json:
        json.dump([e.as_json() for e in entries], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return EXIT_OK
    header = [(t(f"cli.audit.{c}", args.lang), 0) for c in ("at", "actor", "action", "scenario", "version", "detail")]
    rows = [
        [
            f"{e.at:%Y-%m-%d %H:%M:%S}",
            e.actor,
            e.action,
            e.scenario or "-",
            str(e.version) if e.version is not None else "-",
            " ".join(f"{k}={v}" for k, v in e.detail.items()),
        ]
        for e in entries
    ]
    print("\n".join(text_table(header, rows, left=(0, 1, 2, 3, 5))))
    return EXIT_OK


@command("roles", "roles in the scenario store: list, set EMAIL ROLE, unset EMAIL", _roles_arguments)
def _roles(args: argparse.Namespace) -> int:
    from model.store import Role, Store, StoreError

    try:
        store, who = Store(args.database), _as_local(args)
        if args.action == "set":
            store.set_role(who, args.email, Role[args.role.upper()])
        elif args.action == "unset":
            store.set_role(who, args.email, None)
        for grant in store.roles(who):
            print(f"{grant.email}\t{grant.role.label}\t{grant.granted_by}\t{grant.granted_at:%Y-%m-%d %H:%M}")
    except StoreError as exc:
        return _refused(args, exc)
    return EXIT_OK
