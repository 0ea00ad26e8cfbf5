"""The ledger on PostgreSQL: all of persistence that needs psycopg, in one module that only a
PostgreSQL store imports (a short command on the embedded store, `kyodo case show`, then
does not spend a tenth of its life loading the driver).

- `PostgresLedgerRecorder`: events, their `event_records` and the command's key in one
  transaction sent as one query; an aggregate loaded in one statement (see
  `persistence.recorders` for the SQLite recorder and what both write);
- `PostgresOutcomes`: the commands' keys and first outcomes (`persistence.idempotency`);
- `PostgresRecordTimes`: the record-time index read for replays (`persistence.record_index`);
- `fit_pool`: the connection pool's timeouts and checks, and the snapshots' retry policy.
"""

from __future__ import annotations

import contextlib
import select
import weakref
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import (
    AggregateRecorder,
    InterfaceError,
    OperationalError,
    StoredEvent,
)
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresDatastore,
)
from psycopg import ClientCursor, Connection, Cursor
from psycopg.pq import TransactionStatus
from psycopg.rows import DictRow, tuple_row
from psycopg.sql import SQL, Composed, Identifier, Literal
from psycopg_pool import ConnectionPool

from application.idempotency import NothingSentError, StoredOutcome
from application.ledger import Ledger
from application.loading import LatestReader
from persistence.chain import DerivedRecord, derive_records
from persistence.idempotency import KEY_COLUMNS, fail_fast, key_row, outcome
from persistence.notices import topics_payload
from persistence.recorders import COLUMNS, KnownHeads, record_row
from persistence.transaction import Rendered, SaveTransaction


def postgres_key_table(table: Identifier) -> Composed:
    return SQL(
        "CREATE TABLE IF NOT EXISTS {} ("
        "key text PRIMARY KEY, fingerprint text NOT NULL, aggregate_id uuid NOT NULL, "
        "version bigint NOT NULL, position bigint, number text, "
        "recorded_at timestamptz NOT NULL)"
    ).format(table)


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
        keys_table = events_table_name.removesuffix("_events") + "_idempotency_keys"
        self.keys = Identifier(self.datastore.schema, keys_table)
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
            records=SQL("INSERT INTO {} (" + COLUMNS + ")").format(self.records),
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
        Never retried here: an uncertain commit is settled by the command's key; a save that
        got no connection sent nothing (`NothingSentError`)."""
        if not stored_events:
            return []
        entries = kwargs.get("index_entries", ())
        with contextlib.ExitStack() as checked_out:
            try:
                conn = checked_out.enter_context(self.datastore.get_connection())
            except (OperationalError, InterfaceError) as error:  # no connection: none sent
                raise NothingSentError(str(error)) from error
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
            params += record_row(r)
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


class PostgresOutcomes:
    def __init__(self, recorder: Any) -> None:
        self.recorder = recorder
        self._sql = SQL(
            "SELECT fingerprint, aggregate_id, version, position, number FROM {} WHERE key = %s"
        ).format(recorder.keys)

    def _select(self, key: str) -> StoredOutcome | None:
        # one statement, on an autocommit connection: one round trip (not BEGIN, it, ROLLBACK)
        with (
            self.recorder.datastore.get_connection() as conn,
            conn.cursor(row_factory=tuple_row) as curs,
        ):
            curs.execute(self._sql, (key,))
            row = curs.fetchone()
        return None if row is None else outcome(row)

    find = fail_fast(_select)

    def forget_before(self, cutoff: datetime) -> int:
        delete = SQL("DELETE FROM {} WHERE recorded_at < %s").format(self.recorder.keys)
        with self.recorder.datastore.transaction(commit=True) as curs:
            curs.execute(delete, (cutoff,))
            return int(curs.rowcount)


class PostgresRecordTimes:
    def __init__(self, recorder: PostgresLedgerRecorder) -> None:
        self.recorder = recorder
        self._sql = SQL(
            "SELECT MAX(originator_version) AS version FROM {} "
            "WHERE originator_id = %s AND recorded_at <= %s"
        ).format(recorder.records)
        self._dated = SQL(
            "SELECT originator_version, topic, occurred_on FROM {} "
            "WHERE originator_id = %s ORDER BY originator_version"
        ).format(recorder.records)

    def version_recorded_by(self, aggregate_id: UUID, moment: datetime) -> int | None:
        with self.recorder.datastore.transaction(commit=False) as curs:
            curs.execute(self._sql, (aggregate_id, moment))
            row = curs.fetchone()
        return None if row is None or row["version"] is None else int(row["version"])

    def dated_versions(self, aggregate_id: UUID) -> list[tuple[int, str, date | None]]:
        with self.recorder.datastore.transaction(commit=False) as curs:
            curs.execute(self._dated, (aggregate_id,))
            rows = curs.fetchall()
        return [(int(r["originator_version"]), str(r["topic"]), r["occurred_on"]) for r in rows]


def fit_pool(ledger: Ledger, connect_timeout: int) -> None:
    """What a PostgreSQL ledger's pool and snapshots need beyond the library's defaults."""
    bound_new_connections(ledger, connect_timeout)
    check_without_round_trip(ledger)
    snapshots_fail_fast(ledger)


def bound_new_connections(ledger: Ledger, seconds: int) -> None:
    """The library opens its pool's connections with no connect timeout (psycopg then waits
    130 s): behind a silent network every pool worker would hang that long, and the pool
    would not come back when the network does. Give new connections `seconds`."""
    datastore = getattr(ledger.recorder, "datastore", None)
    if isinstance(datastore, PostgresDatastore) and isinstance(datastore.pool.kwargs, dict):
        datastore.pool.kwargs["connect_timeout"] = max(2, seconds)


def check_without_round_trip(ledger: Ledger) -> None:
    """Check each pooled connection as it is handed out, as the library's pre-ping does,
    but without its round trip (a third of a command's): a connection the server closed
    (restarted, `pg_terminate_backend`, an idle timeout) has its end-of-file, and the
    server's last words, waiting on its socket. The pool discards a connection that fails
    and hands out another. A connection cut silently (no FIN) passes, as it passed the
    ping only to hang; one closed after the check fails its statement, as after a ping."""
    datastore = getattr(ledger.recorder, "datastore", None)
    if isinstance(datastore, PostgresDatastore):
        datastore.pool._check = _checked(datastore.pool)  # where psycopg_pool keeps `check`


def _checked(pool: ConnectionPool[Any]) -> Callable[[psycopg.Connection[Any]], None]:
    owner = weakref.ref(pool)  # the pool keeps this callback: no cycle through it

    def check(conn: psycopg.Connection[Any]) -> None:
        try:
            alive(conn)
        except psycopg.OperationalError:
            # The server closed one: it likely closed them all (a restart). The pool, left
            # alone, would try the next one a second later, its whole wait for a
            # connection: sort out every idle one now (a ping each: rare), so that new
            # ones are being opened when the pool looks again.
            checked = owner()
            if checked is not None:
                checked.check()
            raise

    return check


def alive(conn: psycopg.Connection[Any]) -> None:
    """Raise if the server has closed `conn`; read whatever else waits (notifications)."""
    if conn.closed or conn.broken:
        raise psycopg.OperationalError("the connection is closed")
    waiting = select.poll()
    waiting.register(conn.fileno(), select.POLLIN)
    for _ in range(8):  # an error message, then the end of the stream: two reads
        if not waiting.poll(0):
            return
        conn.pgconn.consume_input()  # raises once the server's end is reached
    raise psycopg.OperationalError("the server keeps sending to an idle connection")


def snapshots_fail_fast(ledger: Ledger) -> None:
    """The snapshots' recorder is the library's own class (no topic chooses it): give it the
    events' recorder policy, else loading a case with the database away took 11.8 s
    (10 tries, each waiting for the pool) instead of 1 s."""
    recorder = getattr(ledger.snapshots, "recorder", None)
    if isinstance(recorder, PostgresAggregateRecorder):
        kind = type(recorder)
        recorder.select_events = fail_fast(kind.select_events).__get__(recorder)
        recorder.insert_events = fail_fast(kind.insert_events, 1).__get__(recorder)
