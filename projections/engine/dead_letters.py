"""Parked events: the dead letters of the read models.

An event a read model cannot process — its pure function raises, or the database refuses its
changes (a NUL in a text column on PostgreSQL, written by an old version before the edge
refused such text) — must not stop the read model for good. The runner parks it: a row in
`<prefix>rm_dead_letters` (read model, version, position, topic, originator, error, time),
written in the same transaction that moves the position past it, and goes on with the next
events. `kyodo projections retry NAME POSITION` applies the event again (the row goes when it
succeeds); `kyodo projections skip NAME POSITION` keeps the row, marked `skipped`.
ADR 2026-12-02-poison-and-limits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from eventsourcing.persistence import Notification

from projections.engine.base import Db, Dialect

PARKED, SKIPPED = "parked", "skipped"
MAX_ERROR_CHARS = 2000

_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class DeadLetter:
    """One parked event of one read model version."""

    name: str
    version: int
    position: int
    topic: str
    originator_id: str
    originator_version: int
    error: str
    parked_at: str
    state: str = PARKED


def letter(name: str, version: int, note: Notification, error: BaseException) -> DeadLetter:
    return DeadLetter(
        name=name,
        version=version,
        position=note.id,
        topic=note.topic,
        originator_id=str(note.originator_id),
        originator_version=note.originator_version,
        error=error_text(error),
        parked_at=now(),
    )


class NotParkedError(LookupError):
    """No version of the read model parked an event at that position."""


def error_text(error: BaseException) -> str:
    return storable_text(f"{type(error).__name__}: {error}")


def storable_text(text: str) -> str:
    """Text any store can keep: the characters that poisoned an event may be in an error's
    message, so they are written as escapes; at most `MAX_ERROR_CHARS`."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)[:MAX_ERROR_CHARS]


def now() -> str:
    return datetime.now(UTC).isoformat()


_COLUMNS = (
    "name, version, position, topic, originator_id, originator_version, error, parked_at, state"
)


class DeadLetterTable:
    """The SQL of the dead-letter table; every method runs inside the caller's transaction."""

    def __init__(self, prefix: str, dialect: Dialect) -> None:
        self.table = f"{prefix}rm_dead_letters"
        self.dialect = dialect

    def ddl(self) -> str:
        return (
            f"CREATE TABLE IF NOT EXISTS {self.table} ("
            f"name TEXT NOT NULL, version INTEGER NOT NULL, position {self.dialect.bigint} "
            "NOT NULL, topic TEXT NOT NULL, originator_id TEXT NOT NULL, "
            "originator_version INTEGER NOT NULL, error TEXT NOT NULL, parked_at TEXT NOT NULL, "
            "state TEXT NOT NULL, PRIMARY KEY (name, version, position))"
        )

    def park(self, db: Db, letters: Sequence[DeadLetter]) -> None:
        p = self.dialect.param
        for d in letters:
            db.execute(
                f"INSERT INTO {self.table} ({_COLUMNS}) VALUES ({', '.join([p] * 9)}) "
                "ON CONFLICT (name, version, position) DO UPDATE SET error = excluded.error, "
                "parked_at = excluded.parked_at, state = excluded.state",
                (
                    d.name,
                    d.version,
                    d.position,
                    d.topic,
                    d.originator_id,
                    d.originator_version,
                    d.error,
                    d.parked_at,
                    d.state,
                ),
            )

    def select(self, db: Db, name: str | None = None) -> list[DeadLetter]:
        p = self.dialect.param
        where, params = ("", ()) if name is None else (f" WHERE name = {p}", (name,))
        rows = db.execute(
            f"SELECT {_COLUMNS} FROM {self.table}{where} ORDER BY name, version, position",
            params,
        ).fetchall()
        return [DeadLetter(*row) for row in rows]

    def counts(self, db: Db) -> dict[tuple[str, int], int]:
        """Parked (not skipped) events per read model and version."""
        p = self.dialect.param
        rows = db.execute(
            f"SELECT name, version, COUNT(*) FROM {self.table} WHERE state = {p} "
            "GROUP BY name, version",
            (PARKED,),
        ).fetchall()
        return {(str(n), int(v)): int(c) for n, v, c in rows}

    def update(
        self, db: Db, name: str, version: int, position: int, column: str, value: str
    ) -> int:
        """Set `state` (skip) or `error` (a retry failed again); the parking time stays."""
        assert column in ("state", "error")
        p = self.dialect.param
        return db.execute(
            f"UPDATE {self.table} SET {column} = {p} "
            f"WHERE name = {p} AND version = {p} AND position = {p}",
            (value, name, version, position),
        ).rowcount

    def delete(self, db: Db, name: str, version: int, position: int | None = None) -> None:
        p = self.dialect.param
        if position is None:
            db.execute(
                f"DELETE FROM {self.table} WHERE name = {p} AND version = {p}", (name, version)
            )
            return
        db.execute(
            f"DELETE FROM {self.table} WHERE name = {p} AND version = {p} AND position = {p}",
            (name, version, position),
        )
