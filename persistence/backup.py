"""A copy of the embedded store, safe to take while the server runs, and putting one back.

A data directory holds the ledger (`kyodo.sqlite3`: the events, their hash chain, the
parties' keys, the accounts, the commands' keys), the read models (`read.sqlite3`), the
secret that signs tokens (`jwt-secret`) and the site's word lists (`search-words/`).

- **Backup.** Each database is copied with SQLite's online backup, a consistent snapshot
  while writers go on. The read models are copied *before* the ledger, so that they stand at
  or behind the copied events: put back, they take in the rest, never claim an event the
  ledger lacks.
- **Restore.** Refused when the data directory holds events the backup lacks (they would be
  lost) or events that are not the backup's (another ledger), unless forced. The read models
  put back are the backup's; with none in the backup, the directory's are removed (they
  would stand ahead of the restored events) and are rebuilt at the next start.

PostgreSQL has its own tools (`pg_dump`, base backups); these functions are for the
embedded store.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from persistence.settings import Settings

SECRET_FILE = "jwt-secret"
WORDS_DIR = "search-words"


class BackupError(Exception):
    """A backup or a restore that cannot be carried out: Japanese message, stable code."""

    code = "backup_failed"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BackupTargetNotEmptyError(BackupError):
    code = "backup_target_not_empty"


class BackupNotFoundError(BackupError):
    code = "backup_not_found"


class RestoreWouldLoseEventsError(BackupError):
    code = "restore_would_lose_events"


class RestoreOtherLedgerError(BackupError):
    code = "restore_other_ledger"


@dataclass(frozen=True)
class Head:
    """The last event of a ledger file: its position in the log and which event it is."""

    position: int
    event: tuple[str, int] | None
    """(originator id, version) of the event at `position`; None for an empty ledger."""


@dataclass(frozen=True)
class Copied:
    head: Head
    read_models: bool
    """Whether read models were copied (a store whose server never ran has none)."""
    files: tuple[str, ...]
    """What was copied, by name."""


def files_of(settings: Settings, directory: Path) -> tuple[Path, Path, Path, Path]:
    """The ledger, the read models, the secret and the word lists, as `settings` names them,
    placed in `directory`."""
    return (
        directory / settings.sqlite_path.name,
        directory / settings.read_sqlite_path.name,
        directory / SECRET_FILE,
        directory / WORDS_DIR,
    )


def backup(settings: Settings, target: Path) -> Copied:
    """Copy the embedded store of `settings` into `target`, a new or empty directory."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupTargetNotEmptyError(
            f"{target} は空のフォルダーではありません（新しいフォルダーを指定してください）"
        )
    ledger, read_models, secret, words = files_of(settings, settings.data_dir)
    if not ledger.exists():
        raise BackupNotFoundError(f"{settings.data_dir} に台帳がありません")
    target.mkdir(parents=True, exist_ok=True)
    to_ledger, to_read_models, to_secret, to_words = files_of(settings, target)
    copied = []
    if read_models.exists():  # first: the read models stand at or behind the copied events
        copy_database(read_models, to_read_models)
        copied.append(read_models.name)
    copy_database(ledger, to_ledger)
    copied.append(ledger.name)
    copied += _copy_plain(secret, to_secret, words, to_words)
    return Copied(head_of(to_ledger), read_models.exists(), tuple(copied))


def restore(settings: Settings, source: Path, *, force: bool = False) -> Copied:
    """Put the backup in `source` back into the data directory of `settings` (the server
    stopped). Refused, unless `force`, when that would lose events or mix two ledgers."""
    ledger, read_models, secret, words = files_of(settings, source)
    if not ledger.is_file():
        raise BackupNotFoundError(f"{source} に台帳のバックアップ（{ledger.name}）がありません")
    to_ledger, to_read_models, to_secret, to_words = files_of(settings, settings.data_dir)
    backed_up = head_of(ledger)
    if to_ledger.exists() and not force:
        _check_nothing_lost(head_of(to_ledger), backed_up, ledger)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    copied = []
    copy_database(ledger, to_ledger)
    copied.append(ledger.name)
    if read_models.exists():
        copy_database(read_models, to_read_models)
        copied.append(read_models.name)
    else:  # the directory's own would stand ahead of the restored events
        for path in _with_journals(to_read_models):
            path.unlink(missing_ok=True)
    copied += _copy_plain(secret, to_secret, words, to_words)
    return Copied(backed_up, read_models.exists(), tuple(copied))


def _check_nothing_lost(current: Head, backed_up: Head, backup_file: Path) -> None:
    if current.position > backed_up.position:
        raise RestoreWouldLoseEventsError(
            f"今の台帳には、このバックアップより後のイベントがあります（位置 {current.position}、"
            f"バックアップは {backed_up.position} まで）。戻すとそれらが失われます"
            "（それでも戻すときは --force）"
        )
    if current.event is not None and event_at(backup_file, current.position) != current.event:
        raise RestoreOtherLedgerError(
            "このバックアップは今の台帳のものではありません（同じ位置のイベントが違います）。"
            "別の台帳で置き換えるときは --force"
        )


def head_of(path: Path) -> Head:
    with contextlib.closing(_read_only(path)) as conn:
        row = conn.execute(
            "SELECT rowid, originator_id, originator_version FROM stored_events "
            "ORDER BY rowid DESC LIMIT 1"
        ).fetchone()
    if row is None:
        return Head(0, None)
    return Head(int(row[0]), (str(row[1]), int(row[2])))


def event_at(path: Path, position: int) -> tuple[str, int] | None:
    with contextlib.closing(_read_only(path)) as conn:
        row = conn.execute(
            "SELECT originator_id, originator_version FROM stored_events WHERE rowid = ?",
            (position,),
        ).fetchone()
    return None if row is None else (str(row[0]), int(row[1]))


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of `source` (others may be writing it) replacing `target`: written
    beside it, then moved over it, the target's journals removed first."""
    partial = target.with_name(target.name + ".partial")
    for path in _with_journals(partial):
        path.unlink(missing_ok=True)
    with (
        contextlib.closing(_read_only(source)) as src,
        contextlib.closing(sqlite3.connect(partial)) as dst,
    ):
        src.backup(dst)
    for path in _with_journals(target)[1:]:
        path.unlink(missing_ok=True)
    os.replace(partial, target)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)


def _with_journals(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))]


def _copy_plain(secret: Path, to_secret: Path, words: Path, to_words: Path) -> list[str]:
    copied = []
    if secret.is_file():
        shutil.copyfile(secret, to_secret)
        to_secret.chmod(0o600)
        copied.append(secret.name)
    if words.is_dir():
        shutil.rmtree(to_words, ignore_errors=True)
        shutil.copytree(words, to_words)
        copied.append(f"{words.name}/")
    return copied
