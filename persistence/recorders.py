"""Application recorders that also write `event_records` (record time, business date, hash
chain) and the command's key (`idempotency_keys`) in the same transaction as the events.

The Ledger passes `index_entries` and `idempotency` through `save()`; these recorders turn
them into rows. With the library's plain recorders they are ignored, which keeps unit tests
database-free. On PostgreSQL the library's blanket retries (10 tries, each waiting for the
pool) are replaced by `persistence.idempotency.fail_fast`: an insert is never retried here
(the ledger settles an uncertain commit by the key), a read at most once.

Round trips on PostgreSQL (ADR 2026-12-02-performance): loading an aggregate reads its last
snapshot, the events after it and its chain head's hash in one statement (`latest_reader`);
a save sends its whole transaction — `BEGIN`, the lock, `NOTIFY`, the three `INSERT`s,
`COMMIT` — as one query, answered once (`persistence.transaction`). The previous hash a
save chains from is the one read with the load (`KnownHeads`), else read first.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import AggregateRecorder, StoredEvent
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresDatastore,
)
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from psycopg import ClientCursor, Connection, Cursor
from psycopg.pq import TransactionStatus
from psycopg.rows import DictRow, tuple_row
from psycopg.sql import SQL, Composed, Identifier, Literal

from application.loading import LatestReader
from persistence.chain import DerivedRecord, derive_records
from persistence.idempotency import (
    KEY_COLUMNS,
    fail_fast,
    key_row,
    postgres_key_table,
    sqlite_key_table,
)
from persistence.notices import topics_payload
from persistence.transaction import Rendered, SaveTransaction

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
        # the ledger's own tables as SQL identifiers, for every statement on them
        self.records = Identifier(self.datastore.schema, self.records_table)
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {} ("
                "originator_id uuid NOT NULL, originator_version bigint NOT NULL, "
                "topic text NOT NULL, recorded_at timestamptz, occurred_on date, "
                "prev_hash text NOT NULL, hash text NOT NULL, "
                "PRIMARY KEY (originator_id, originator_version))"
            ).format(self.records)
        )
        self.sql_create_statements.append(
            SQL("CREATE INDEX IF NOT EXISTS {} ON {} (originator_id, recorded_at)").format(
                Identifier(self.records_table + "_recorded_at"), self.records
            )
        )
        self._select_hash = SQL(
            "SELECT hash FROM {} WHERE originator_id=%s AND originator_version=%s"
        ).format(self.records)
        self.heads = KnownHeads()
        self.keys_table = events_table_name.removesuffix("_events") + "_idempotency_keys"
        self.keys = Identifier(self.datastore.schema, self.keys_table)
        self.sql_create_statements.append(postgres_key_table(self.keys))
        # The key's position is the highest notification id of its events: the last one
        # this transaction drew from the events' sequence (sent before the answer comes).
        events = Identifier(self.datastore.schema, events_table_name).as_string()
        insert_key = SQL(
            "INSERT INTO {} (" + KEY_COLUMNS + ") VALUES (%s,%s,%s,%s,"
            "currval(pg_get_serial_sequence({}, 'notification_id')),%s,%s)"
        ).format(self.keys, Literal(events))
        self._transaction = SaveTransaction(
            head=[
                *self.lock_table_statements,
                # its payload: the events' topics (`persistence.notices`)
                SQL("NOTIFY {}, %s").format(Identifier(self.channel_name)),
            ],
            events=SQL("INSERT INTO {} (originator_id, originator_version, topic, state)").format(
                Identifier(self.datastore.schema, events_table_name)
            ),
            records=SQL("INSERT INTO {} (" + _COLUMNS + ")").format(self.records),
            key=insert_key,
        )

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

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """One transaction, sent as one query and answered once (`persistence.transaction`):
        `BEGIN`, `SET LOCAL lock_timeout`, the table lock (commit order = notification
        order), `NOTIFY`, the events (`RETURNING` their notification ids), their
        `event_records`, the command's key (its position is the last id this transaction
        drew), `COMMIT`. The chain is
        derived before anything is sent: a broken one (ChainBrokenError) writes nothing.
        Never retried here: an uncertain commit is settled by the command's key."""
        if not stored_events:
            return []
        entries = kwargs.get("index_entries", ())
        with self.datastore.get_connection() as conn:
            records = derive_records(stored_events, entries, self._previous_hash(conn))
            ids = self._write(conn, stored_events, records, kwargs.get("idempotency"))
        heads = {r.originator_id: r for r in records}  # the last of each aggregate
        for head in heads.values():
            self.heads.remember(head.originator_id, head.originator_version, head.hash)
        return ids

    def _write(
        self,
        conn: Connection[DictRow],
        stored_events: Sequence[StoredEvent],
        records: Sequence[DerivedRecord],
        entry: Any,
    ) -> list[int]:
        params: list[Any] = [topics_payload(s.topic for s in stored_events)]
        for s in stored_events:
            params += (s.originator_id, s.originator_version, s.topic, s.state)
        for r in records:
            params += _row(r)
        if entry is not None:
            row = key_row(entry, None)
            params += (*row[:4], *row[5:])
        statement = self._transaction.text(conn, len(stored_events), entry is not None)
        with ClientCursor(conn) as curs:
            try:
                curs.execute(statement, params)
            except psycopg.Error:
                # aborted: rolled back here, so the pool takes it back idle (else it warns)
                if conn.info.transaction_status == TransactionStatus.INERROR:
                    with contextlib.suppress(psycopg.Error):
                        conn.rollback()
                raise
            for _ in range(self._transaction.returning):
                curs.nextset()
            return [int(row["notification_id"]) for row in curs.fetchall()]

    def _previous_hash(self, conn: Connection[DictRow]) -> Callable[[str, int], str | None]:
        def previous_hash(originator_id: str, version: int) -> str | None:
            known = self.heads.get(originator_id, version)
            if known is not None:
                return known
            row = conn.execute(self._select_hash, (originator_id, version)).fetchone()
            return None if row is None else str(row["hash"])

        return previous_hash

    def latest_reader(self, snapshots: AggregateRecorder) -> LatestReader | None:
        """Loads an aggregate in one statement: its last snapshot (at or before a version),
        the events after it, and, for the last version, its chain head's hash (remembered
        for the next save). None when the snapshots are not beside the events."""
        if not (
            isinstance(snapshots, PostgresAggregateRecorder)
            and snapshots.datastore is self.datastore
        ):
            return None
        statements = {
            lte: Rendered(self._latest_statement(snapshots, lte)) for lte in (False, True)
        }

        def read(
            aggregate_id: UUID, version: int | None
        ) -> tuple[StoredEvent | None, list[StoredEvent]]:
            params: tuple[Any, ...] = (aggregate_id,) * 3
            if version is not None:
                params = (aggregate_id, version, aggregate_id, version)
            with (
                self.datastore.get_connection() as conn,
                conn.cursor(binary=True, row_factory=tuple_row) as curs,  # the states as sent
            ):
                curs.execute(statements[version is not None](conn), params, prepare=True)
                rows = curs.fetchall()
            return self._latest(aggregate_id, rows)

        return fail_fast(read)

    def _latest(
        self, aggregate_id: UUID, rows: Sequence[tuple[Any, ...]]
    ) -> tuple[StoredEvent | None, list[StoredEvent]]:
        """Rows of (kind, originator_version, topic, state, hash)."""
        snapshot: StoredEvent | None = None
        events: list[StoredEvent] = []
        for kind, version, topic, state, digest in rows:
            if kind == _HEAD:
                self.heads.remember(str(aggregate_id), version, digest)
                continue
            stored = StoredEvent(
                originator_id=aggregate_id,
                originator_version=version,
                topic=topic,
                state=bytes(state),
            )
            if kind == _SNAPSHOT:
                snapshot = stored
            else:
                events.append(stored)
        return snapshot, events

    def _latest_statement(self, snapshots: PostgresAggregateRecorder, lte: bool) -> Composed:
        upto = SQL(" AND originator_version <= %s") if lte else SQL("")
        head = SQL(
            " UNION ALL SELECT {head}, r.originator_version, NULL, NULL, r.hash FROM {records} r"
            " WHERE r.originator_id = %s AND r.originator_version = coalesce("
            "(SELECT max(originator_version) FROM e), (SELECT originator_version FROM s))"
        )
        return SQL(
            "WITH s AS (SELECT originator_version, topic, state FROM {snapshots}"
            " WHERE originator_id = %s{upto} ORDER BY originator_version DESC LIMIT 1),"
            " e AS (SELECT originator_version, topic, state FROM {events}"
            " WHERE originator_id = %s{upto}"
            " AND originator_version > coalesce((SELECT originator_version FROM s), 0))"
            " SELECT {snapshot} AS kind, originator_version, topic, state, NULL AS hash FROM s"
            " UNION ALL SELECT {event}, originator_version, topic, state, NULL FROM e"
            "{head} ORDER BY kind, originator_version"
        ).format(
            snapshots=Identifier(self.datastore.schema, snapshots.events_table_name),
            events=Identifier(self.datastore.schema, self.events_table_name),
            upto=upto,
            snapshot=Literal(_SNAPSHOT),
            event=Literal(_EVENT),
            head=SQL("")
            if lte
            else head.format(
                head=Literal(_HEAD),
                records=self.records,
            ),
        )


_SNAPSHOT, _EVENT, _HEAD = 0, 1, 2
