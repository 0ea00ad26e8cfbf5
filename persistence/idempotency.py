"""The commands' keys and first outcomes (`application.idempotency`) on SQLite and
PostgreSQL, and the recorders' fail-fast retry policy.

The recorders (`persistence.recorders`) write one `idempotency_keys` row per saved command in
the same transaction as its events; the key is the primary key, so a second save under one
key fails as a whole (and waits, on PostgreSQL, for a first one still committing). Rows are
kept at least the 24 hours a client may retry in; `forget_before` deletes older ones (the
operator's `kyodo idempotency prune`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError

from application.idempotency import KeyEntry, StoredOutcome

KEY_COLUMNS = "key, fingerprint, aggregate_id, version, position, number, recorded_at"

F = TypeVar("F", bound=Callable[..., Any])

READ_RETRY_WAIT = 0.1
"""A read that failed fast (a connection the server closed) is tried once more after this."""
RETRY_ONLY_WITHIN = 0.5
"""A read that failed slowly (a pool timeout: the database is away) is not tried again."""


def sqlite_key_table(table: str) -> str:
    return (
        f"CREATE TABLE IF NOT EXISTS {table} ("
        "key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, aggregate_id TEXT NOT NULL, "
        "version INTEGER NOT NULL, position INTEGER, number TEXT, "
        "recorded_at TEXT NOT NULL)"
    )


def key_row(
    entry: KeyEntry, position: int | None
) -> tuple[str, str, UUID, int, int | None, str | None, str]:
    recorded_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    return (
        entry.key,
        entry.fingerprint,
        entry.aggregate_id,
        entry.version,
        position,
        entry.number,
        recorded_at,
    )


def outcome(row: Any) -> StoredOutcome:
    fingerprint, aggregate_id, version, position, number = row
    return StoredOutcome(
        fingerprint=str(fingerprint),
        aggregate_id=aggregate_id if isinstance(aggregate_id, UUID) else UUID(str(aggregate_id)),
        version=int(version),
        position=None if position is None else int(position),
        number=number,
    )


class SQLiteOutcomes:
    def __init__(self, recorder: Any) -> None:
        self.recorder = recorder
        self._sql = (
            "SELECT fingerprint, aggregate_id, version, position, number "
            f"FROM {recorder.keys_table} WHERE key = ?"
        )

    def find(self, key: str) -> StoredOutcome | None:
        with self.recorder.datastore.transaction(commit=False) as c:
            c.execute(self._sql, (key,))
            row = c.fetchone()
        return None if row is None else outcome(tuple(row))

    def forget_before(self, cutoff: datetime) -> int:
        # recorded_at is ISO 8601 in UTC with a Z (`key_row`): text order is time order.
        before = cutoff.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self.recorder.datastore.transaction(commit=True) as c:
            c.execute(f"DELETE FROM {self.recorder.keys_table} WHERE recorded_at < ?", (before,))
            return int(c.sqlite_cursor.rowcount)


def fail_fast(method: F, attempts: int = 2) -> F:
    """The library's method without its retry decorator (10 tries, 0.2 s apart, each
    waiting for the pool), tried at most `attempts` times, and again only after an error
    that came fast (a closed connection, not an absent database)."""
    bare = getattr(method, "__wrapped__", method)

    @wraps(bare)
    def tried(*args: Any, **kwargs: Any) -> Any:
        for attempt in range(1, attempts + 1):
            started = time.monotonic()
            try:
                return bare(*args, **kwargs)
            except (InterfaceError, OperationalError):
                if attempt == attempts or time.monotonic() - started > RETRY_ONLY_WITHIN:
                    raise
                time.sleep(READ_RETRY_WAIT)
        raise AssertionError("unreachable")

    return cast("F", tried)
