"""``backup`` and ``restore``: the scenario store to one checked file, and back into an empty store.

Both act as the local user, an administrator, and say so. ``backup`` may run while the app is
in use (a consistent snapshot); the file is written whole or not at all.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from model.cli.base import EXIT_OK, EXIT_UNREADABLE, command, write_output
from model.i18n import t

if TYPE_CHECKING:
    from model.store import Identity
    from model.store.backup import Manifest


def _database(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", help="database URL (default: MOPS_DATABASE_URL, else SQLite in MOPS_DATA_DIR)")


def _backup_arguments(parser: argparse.ArgumentParser) -> None:
    _database(parser)
    parser.add_argument("-o", "--output", type=Path, required=True, help="the backup file to write (.zip)")


def _restore_arguments(parser: argparse.ArgumentParser) -> None:
    _database(parser)
    parser.add_argument("file", type=Path, help="a file written by 'backup'")


def _summary(manifest: Manifest, lang: str) -> str:
    counts = manifest.counts
    return t(
        "cli.backup.summary",
        lang,
        kind=manifest.kind,
        at=manifest.created_at,
        sha=manifest.sha256,
        scenarios=counts.scenarios,
        versions=counts.versions,
        in_bin=counts.in_bin,
        audit=counts.audit_rows,
    )


def _run(args: argparse.Namespace, work: Callable[[str, Identity], Manifest]) -> int:
    from model.store import Identity, StoreError
    from model.store.location import database_url

    who = Identity.local_user()
    print(t("cli.store.acting", args.lang, who=who.name), file=sys.stderr)
    try:
        print(_summary(work(args.database or database_url(), who), args.lang))
    except StoreError as exc:
        print(t("cli.error", args.lang, problem=exc.message.text(args.lang)), file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK


@command("backup", "a consistent, checksummed snapshot of the scenario store to a file", _backup_arguments)
def _backup(args: argparse.Namespace) -> int:
    from model.store import backup

    def work(url: str, who: Identity) -> Manifest:
        taken = backup.take(url, who)
        write_output(args.output, taken.data)
        return taken.manifest

    return _run(args, work)


@command("restore", "a backup file into an empty scenario store", _restore_arguments)
def _restore(args: argparse.Namespace) -> int:
    from model.store import backup

    return _run(args, lambda url, who: backup.restore(url, args.file, who))
