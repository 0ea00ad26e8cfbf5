"""Application recorders that also write `event_records` (record time, business date, hash
chain) and the command's key (`idempotency_keys`) in the same transaction as the events.

The Ledger passes `index_entries` and `idempotency` through `save()`; these recorders turn
them into rows. With the library's plain recorders they are ignored, which keeps unit tests
database-free. On PostgreSQL the library's blanket retries (10 tries, each waiting for the
pool) are replaced by `persistence.idempotency.fail_fast`: an insert is never retried here
(the ledger settles an uncertain commit by the key), a read at most once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from persistence.chain import DerivedRecord, derive_records
from persistence.idempotency import (
    KEY_COLUMNS,
    fail_fast,
    key_row,
    postgres_key_table,
    sqlite_key_table,
)

_COLUMNS = "originator_id, originator_version, topic, recorded_at, occurred_on, prev_hash, hash"


def _row(r: DerivedRecord) -> tuple[str, int, str, str | None, str | None, str, str]:
    return (
        r.originator_id,
        r.originator_version,
        r.topic,
        r.recorded_at,
        r.occurred_on,
        r.prev_hash,
        r.hash,
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
            f"INSERT INTO {self.records_table} ({_COLUMNS}) VALUES (?,?,?,?,?,?,?)",
            [(UUID(r.originator_id).hex, *_row(r)[1:]) for r in records],
        )
        entry = kwargs.get("idempotency")
        if entry is not None:
            row = key_row(entry, max(ids or [0]) or None)
            c.execute(
                f"INSERT INTO {self.keys_table} ({KEY_COLUMNS}) VALUES (?,?,?,?,?,?,?)",
                (row[0], row[1], UUID(str(row[2])).hex, *row[3:]),
            )
        return ids


class PostgresLedgerRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        self.records_table = events_table_name.removesuffix("_events") + "_event_records"
        table = Identifier(self.datastore.schema, self.records_table)
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {} ("
                "originator_id uuid NOT NULL, originator_version bigint NOT NULL, "
                "topic text NOT NULL, recorded_at timestamptz, occurred_on date, "
                "prev_hash text NOT NULL, hash text NOT NULL, "
                "PRIMARY KEY (originator_id, originator_version))"
            ).format(table)
        )
        self.sql_create_statements.append(
            SQL("CREATE INDEX IF NOT EXISTS {} ON {} (originator_id, recorded_at)").format(
                Identifier(self.records_table + "_recorded_at"), table
            )
        )
        self._select_hash = SQL(
            "SELECT hash FROM {} WHERE originator_id=%s AND originator_version=%s"
        ).format(table)
        self._insert_records = SQL(
            "INSERT INTO {} (" + _COLUMNS + ") VALUES (%s,%s,%s,%s,%s,%s,%s)"
        ).format(table)
        self._derived = threading.local()  # one insert_events() call per thread at a time
        self.keys_table = events_table_name.removesuffix("_events") + "_idempotency_keys"
        keys = Identifier(self.datastore.schema, self.keys_table)
        self.sql_create_statements.append(postgres_key_table(keys))
        self._insert_key = SQL(
            "INSERT INTO {} (" + KEY_COLUMNS + ") VALUES (%s,%s,%s,%s,%s,%s,%s)"
        ).format(keys)

    insert_events = fail_fast(PostgresApplicationRecorder.insert_events, attempts=1)
    select_notifications = fail_fast(PostgresApplicationRecorder.select_notifications)
    max_notification_id = fail_fast(PostgresApplicationRecorder.max_notification_id)
    select_events = fail_fast(PostgresApplicationRecorder.select_events)

    def _create_table(self, curs: Cursor[DictRow]) -> None:
        """Create tables under one advisory lock, so that processes starting together (an
        API and a projection worker, or parallel test runs) do not race on the catalogue
        ("tuple concurrently updated"). The library's schema-global insert function is
        left out unless enabled, which we never do (it is unsafe in 9.5.6)."""
        curs.execute(SQL("SELECT pg_advisory_xact_lock(hashtext('kyodo:ddl'))"))
        for index, statement in enumerate(self.sql_create_statements):
            skip_function = not self.datastore.enable_db_functions
            if skip_function and index == self.create_insert_function_statement_index:
                continue
            if "CREATE TYPE" not in statement.as_string():
                curs.execute(statement, prepare=False)

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        """Derive the chain before anything is written. The library runs this step inside
        the transaction, where an exception rolls back; an exception raised after the
        events are inserted (in `_fetch_ids_after_insert_events`) is re-raised only after
        the transaction has committed, so a broken chain must be found here."""
        super()._insert_events(curs, stored_events, **kwargs)
        records = derive_records(stored_events, kwargs.get("index_entries", ()), self._hash(curs))
        self._derived.pending = (stored_events, records)

    def _hash(self, curs: Cursor[DictRow]) -> Callable[[str, int], str | None]:
        def previous_hash(originator_id: str, version: int) -> str | None:
            curs.execute(self._select_hash, (originator_id, version))
            row = curs.fetchone()
            return None if row is None else str(row["hash"])

        return previous_hash

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        pending = getattr(self._derived, "pending", None)
        self._derived.pending = None
        if pending is not None and pending[0] is stored_events:
            records = pending[1]
        else:  # not derived beforehand (a library change): tests/integration/test_hash_chain
            records = derive_records(
                stored_events, kwargs.get("index_entries", ()), self._hash(curs)
            )
        curs.executemany(self._insert_records, [_row(r) for r in records])
        entry = kwargs.get("idempotency")
        if entry is not None:
            curs.execute(self._insert_key, key_row(entry, max(ids or [0]) or None))
        return ids
