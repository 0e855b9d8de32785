"""``scenario``: the scenario store from the command line — list, show, save, export, import,
delete (to the bin) and undelete.

The database is ``MOPS_DATABASE_URL``, else SQLite in ``MOPS_DATA_DIR`` (see
:mod:`model.store.location`); ``--database`` overrides both. A file is checked by the loader
before it is stored, and stored with its procedures inline so that it stands alone. The command
line acts as the local user (the account running it, or ``MOPS_AUTHOR``), an administrator of
the store, and says so after every change; the change is in the audit trail under that name.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from model.cli.base import EXIT_OK, EXIT_UNREADABLE, command, write_output
from model.i18n import t


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", help="database URL (default: MOPS_DATABASE_URL, else SQLite in MOPS_DATA_DIR)")
    actions = parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="scenarios with their latest version")
    listing.add_argument("--bin", action="store_true", help="the deleted scenarios instead")
    show = actions.add_parser("show", help="a scenario's history, or one version's YAML with --version")
    show.add_argument("name")
    show.add_argument("--version", type=int, help="print this version's YAML text")
    for action, help_text in (
        ("save", "save FILE as a new version (or a new scenario)"),
        ("import", "a new scenario from FILE"),
    ):
        sub = actions.add_parser(action, help=help_text)
        if action == "save":
            sub.add_argument("name")
        sub.add_argument("file", type=Path)
        if action == "import":
            sub.add_argument("--name", help="scenario name (default: the file's name without .yaml)")
        sub.add_argument("-m", "--message", default="", help="what changed and why")
        if action == "save":
            sub.add_argument(
                "--expected", type=int, help="the version this file was edited from; refused if another was saved since"
            )
    for action, help_text in (("delete", "move a scenario to the bin"), ("undelete", "bring it back from the bin")):
        actions.add_parser(action, help=help_text).add_argument("name")
    export = actions.add_parser("export", help="write a version's YAML to a file (atomically)")
    export.add_argument("name")
    export.add_argument("-o", "--output", type=Path, required=True)
    export.add_argument("--version", type=int)


@command("scenario", "scenarios in the database: list, show, save, export, import, delete, undelete", _arguments)
def _scenario(args: argparse.Namespace) -> int:
    from model.store import Conflict, Store, StoreError

    try:
        store = Store(args.database)
        return ACTIONS[args.action](store, args)
    except Conflict as exc:
        print(t("cli.error", args.lang, problem=exc.message.text(args.lang)), file=sys.stderr)
        sys.stderr.write(exc.diff)
        return EXIT_UNREADABLE
    except StoreError as exc:
        print(t("cli.error", args.lang, problem=exc.message.text(args.lang)), file=sys.stderr)
        return EXIT_UNREADABLE


def _list(store, args: argparse.Namespace) -> int:
    for info in store.list(deleted=args.bin):
        when = (info.deleted_at or info.created_at).strftime("%Y-%m-%d %H:%M")
        print(f"{info.name}\tv{info.version}\t{info.base or '-'}\t{when}")
    return EXIT_OK


def _show(store, args: argparse.Namespace) -> int:
    if args.version is not None:
        sys.stdout.write(store.version(args.name, args.version).text)
        return EXIT_OK
    for version in store.history(args.name):
        print(f"v{version.number}\t{version.created_at:%Y-%m-%d %H:%M}\t{version.author}\t{version.message}")
    return EXIT_OK


def _checked_text(file: Path) -> str:
    """The file's text with its procedures inline, once the loader has accepted it."""
    from model.config.loader import load_scenario
    from model.config.roundtrip import standalone

    load_scenario(file)  # a ConfigError reaches the CLI's handler: file:line: message
    return standalone(file.read_text(encoding="utf-8"), file.parent, str(file))


def _done(what: str, args: argparse.Namespace) -> int:
    """One line for a change, naming the local user it was made as."""
    from model.store import Identity

    print(t("cli.store.done", args.lang, what=what, who=Identity.local_user().name))
    return EXIT_OK


def _save(store, args: argparse.Namespace) -> int:
    from model.store import Identity, StoreError

    text = _checked_text(args.file)
    try:
        current = store.get(args.name)
    except StoreError:
        info = store.create(args.name, text, Identity.local_user(), args.message, base_file=args.file.name)
        return _done(f"{info.name}: v1", args)
    expected = current.version if args.expected is None else args.expected
    version = store.save(args.name, text, Identity.local_user(), args.message, expected)
    return _done(f"{args.name}: v{version.number}", args)


def _import(store, args: argparse.Namespace) -> int:
    from model.store import Identity

    name = args.name or args.file.stem
    info = store.create(name, _checked_text(args.file), Identity.local_user(), args.message, base_file=args.file.name)
    return _done(f"{info.name}: v{info.version}", args)


def _delete(store, args: argparse.Namespace) -> int:
    from model.store import Identity

    store.delete(args.name, Identity.local_user())
    return _done(t("cli.store.deleted", args.lang, name=args.name), args)


def _undelete(store, args: argparse.Namespace) -> int:
    from model.store import Identity

    info = store.undelete(args.name, Identity.local_user())
    return _done(f"{info.name}: v{info.version}", args)


def _export(store, args: argparse.Namespace) -> int:
    text = store.version(args.name, args.version).text
    write_output(args.output, text.encode())
    return EXIT_OK


ACTIONS = {
    "list": _list,
    "show": _show,
    "save": _save,
    "import": _import,
    "export": _export,
    "delete": _delete,
    "undelete": _undelete,
}
