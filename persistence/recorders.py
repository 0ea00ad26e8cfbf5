"""Application recorders that also write `event_records` (record time, business date, hash
chain) and the command's key (`idempotency_keys`) in the same transaction as the events.

The Ledger passes `index_entries` and `idempotency` through `save()`; these recorders turn
them into rows. With the library's plain recorders they are ignored, which keeps unit tests
database-free. On PostgreSQL the library's blanket retries (10 tries, each waiting for the
pool) are replaced by `persistence.idempotency.fail_fast`: an insert is never retried here
(the ledger settles an uncertain commit by the key), a read at most once. The PostgreSQL
recorder is in `persistence.postgres`, with all that needs its driver: a command on the
embedded store does not load psycopg.

Round trips on PostgreSQL (ADR 2026-12-02-performance): loading an aggregate reads its last
snapshot, the events after it and its chain head's hash in one statement (`latest_reader`;
on SQLite, in one read transaction);
a save sends its whole transaction — `BEGIN`, the lock, `NOTIFY`, the three `INSERT`s,
`COMMIT` — as one query, answered once (`persistence.transaction`). The previous hash a
save chains from is the one read with the load (`KnownHeads`), else read first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import (
    SQLiteAggregateRecorder,
    SQLiteApplicationRecorder,
    SQLiteCursor,
    SQLiteDatastore,
)

from application.loading import LatestReader
from persistence.chain import DerivedRecord, derive_records
from persistence.idempotency import KEY_COLUMNS, key_row, sqlite_key_table

COLUMNS = "originator_id, originator_version, topic, recorded_at, occurred_on, prev_hash, hash"


def record_row(r: DerivedRecord) -> tuple[str, int, str, str | None, str | None, str, str]:
    return (
        r.originator_id,
        r.originator_version,
        r.topic,
        r.recorded_at,
        r.occurred_on,
        r.prev_hash,
        r.hash,
    )


class KnownHeads:
    """Chain hashes by (aggregate, version), as read with a load or written by a save, so
    that the save which follows a load need not read its previous hash again. A stored hash
    never changes (a changed one is tampering, which verification finds whenever it was
    read); a save whose version was taken meanwhile fails on the events' primary key."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._hashes: OrderedDict[tuple[str, int], str] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, originator_id: str, version: int, digest: str) -> None:
        with self._lock:
            self._hashes[(originator_id, version)] = digest
            self._hashes.move_to_end((originator_id, version))
            while len(self._hashes) > self.size:
                self._hashes.popitem(last=False)

    def get(self, originator_id: str, version: int) -> str | None:
        with self._lock:
            return self._hashes.get((originator_id, version))


def _stored(aggregate_id: UUID, row: Sequence[Any]) -> StoredEvent:
    return StoredEvent(
        originator_id=aggregate_id, originator_version=row[0], topic=row[1], state=row[2]
    )


class SQLiteLedgerRecorder(SQLiteApplicationRecorder):
    records_table = "event_records"
    keys_table = "idempotency_keys"

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {self.records_table} ("
            "originator_id TEXT NOT NULL, originator_version INTEGER NOT NULL, "
            "topic TEXT NOT NULL, recorded_at TEXT, occurred_on TEXT, "
            "prev_hash TEXT NOT NULL, hash TEXT NOT NULL, "
            "PRIMARY KEY (originator_id, originator_version))",
            f"CREATE INDEX IF NOT EXISTS {self.records_table}_recorded_at "
            f"ON {self.records_table} (originator_id, recorded_at)",
            sqlite_key_table(self.keys_table),
        ]

    def latest_reader(self, snapshots: object) -> LatestReader | None:
        """Loads an aggregate's last snapshot (at or before a version) and the events after
        it in one read transaction, where the library opens one for each. None when the
        snapshots are not beside the events."""
        if not (
            isinstance(snapshots, SQLiteAggregateRecorder) and snapshots.datastore is self.datastore
        ):
            return None
        columns = "originator_version, topic, state"
        statements = {  # by whether a version bounds the read
            bounded: (
                f"SELECT {columns} FROM {snapshots.events_table_name} WHERE originator_id = ?"
                f"{upto} ORDER BY originator_version DESC LIMIT 1",
                f"SELECT {columns} FROM {self.events_table_name} WHERE originator_id = ? "
                f"AND originator_version > ?{upto} ORDER BY originator_version",
            )
            for bounded, upto in ((False, ""), (True, " AND originator_version <= ?"))
        }

        def read(
            aggregate_id: UUID, version: int | None
        ) -> tuple[StoredEvent | None, list[StoredEvent]]:
            last, after = statements[version is not None]
            upto = () if version is None else (version,)
            with self.datastore.transaction(commit=False) as c:
                c.execute(last, (aggregate_id.hex, *upto))
                row = c.fetchone()
                snapshot = None if row is None else _stored(aggregate_id, row)
                start = 0 if snapshot is None else snapshot.originator_version
                c.execute(after, (aggregate_id.hex, start, *upto))
                events = [_stored(aggregate_id, row) for row in c.fetchall()]
            return snapshot, events

        return read

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)

        def previous_hash(originator_id: str, version: int) -> str | None:
            c.execute(
                f"SELECT hash FROM {self.records_table} "
                "WHERE originator_id=? AND originator_version=?",
                (UUID(originator_id).hex, version),
            )
            row = c.fetchone()
            return None if row is None else str(row[0])

        records = derive_records(stored_events, kwargs.get("index_entries", ()), previous_hash)
        c.executemany(
            f"INSERT INTO {self.records_table} ({COLUMNS}) VALUES (?,?,?,?,?,?,?)",
            [(UUID(r.originator_id).hex, *record_row(r)[1:]) for r in records],
        )
        entry = kwargs.get("idempotency")
        if entry is not None:
            row = key_row(entry, max(ids or [0]) or None)
            c.execute(
                f"INSERT INTO {self.keys_table} ({KEY_COLUMNS}) VALUES (?,?,?,?,?,?,?)",
                (row[0], row[1], UUID(str(row[2])).hex, *row[3:]),
            )
        return ids
