"""The read-model database and its tracking table.

SQLite: a file of its own beside the ledger's (`data_dir/read.sqlite3`), so that projection
writes never queue behind the ledger's single writer (ADR 2026-11-23-read-store-location).
PostgreSQL: the ledger's database. On both, table names start with the ledger's name, so
tenants never share read models.

`<prefix>rm_tracking` has one row per read model and version: its state (`building`,
`active`, or `retired` until its tables are dropped), the last notification id processed
(`position`) and the error that stopped it. `<prefix>rm_dead_letters` keeps the events each
version parked (`dead_letters.py`), written in the transaction that moves past them.
A batch's rows and its position are written in ONE transaction, and the position update is
conditional on the previous position: a second writer of the same version fails instead of
applying a batch twice (ADR 2026-11-23-tracking-and-batching).

The tracking rows are read often (each batch's position, each query's active tables) and
change rarely but for positions, so each store keeps a copy in memory for its hot callers
(`cached=True`: a runner's position before each batch, the active tables of each query): its
own writes update or drop the copy at once, and a copy older than `versions_ttl` is read
again, for what other processes changed (a rebuild asked from the CLI, a standby's progress,
a switch). A stale position cannot apply a batch twice (the position update is conditional);
retired tables stay far longer than the copy lives (`retire_grace`). Other callers read the
table itself, as before.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from projections.engine.base import Change, Db, Dialect, ReadModel, Tables
from projections.engine.dead_letters import DeadLetter, DeadLetterTable

BUILDING, ACTIVE, RETIRED = "building", "active", "retired"
VERSIONS_TTL = 1.0
"""Seconds a store trusts its copy of the tracking rows for changes made by others."""


class TrackingConflictError(RuntimeError):
    """Another writer moved this read model's position, or the version was retired."""


@dataclass(frozen=True)
class VersionRow:
    """One row of the tracking table."""

    name: str
    version: int
    code_version: int
    state: str
    position: int
    error: str | None
    updated_at: str


IDLE_READERS = 8
"""SQLite: connections kept open between reads and transactions."""


def reading_conninfo(url: str) -> str:
    """`url` with the option that makes every transaction of its sessions read-only
    (`default_transaction_read_only`), given when connecting: no statement, no round trip.
    Options the URL gives are kept."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(url)
    given = str(params.get("options") or "")
    params["options"] = f"{given} -c default_transaction_read_only=on".strip()
    return make_conninfo("", **params)


class ReadStore:
    """Connections to the read-model tables, and the tracking table's operations."""

    def __init__(
        self,
        dialect: Dialect,
        *,
        prefix: str,
        sqlite_path: Path | None = None,
        database_url: str | None = None,
        pool_size: int = 4,
        versions_ttl: float = VERSIONS_TTL,
    ) -> None:
        self.dialect = dialect
        self.versions_ttl = versions_ttl
        self._versions: dict[str, tuple[float, list[VersionRow]]] = {}
        self._versions_lock = threading.Lock()
        self.tracking_reads = 0
        """How many times the tracking rows were read from the database (tests, benches)."""
        self.prefix = prefix
        self.tracking = f"{prefix}rm_tracking"
        self.letters = DeadLetterTable(prefix, dialect)
        self.sqlite_path = sqlite_path
        self.database_url = database_url
        self._pool: Any = None
        self._readers: Any = None
        self._idle: list[sqlite3.Connection] = []
        """SQLite: connections back from their reads and transactions, kept for the next
        ones (at most `IDLE_READERS`)."""
        self._idle_lock = threading.Lock()
        self._closed = False
        self._keeper: sqlite3.Connection | None = None
        """SQLite: a connection held open, idle, while the store is: the last connection to
        close checkpoints the write-ahead log and deletes it, which each transaction's
        connection did when it was the only one."""
        if dialect is Dialect.POSTGRES:
            from psycopg_pool import ConnectionPool

            self._pool = ConnectionPool(
                database_url or "", min_size=1, max_size=pool_size, open=True, timeout=10
            )
            self._readers = ConnectionPool(
                reading_conninfo(database_url or ""),
                kwargs={"autocommit": True},
                min_size=0,
                max_size=pool_size,
                open=True,
                timeout=10,
            )
        try:
            self.setup()
        except BaseException:  # the pools opened, the tables not made: none left open
            self.close()
            raise

    # --- connections ----------------------------------------------------------------------

    def transaction(self) -> AbstractContextManager[Db]:
        """A connection in a transaction: committed on success, rolled back on error."""
        return self._connection(self._pool, "BEGIN IMMEDIATE", "COMMIT")

    def reading(self) -> AbstractContextManager[Db]:
        """A connection for queries, nothing written. On PostgreSQL one of the readers'
        pool: each statement in a transaction of its own (autocommit), read-only by the
        session's default (`reading_conninfo`), so that a write sent through it (a defect,
        an injection) is refused. At PostgreSQL's default isolation, read committed, each
        statement of a transaction saw what was committed when it began, not one snapshot
        for all: a `BEGIN READ ONLY` and its `COMMIT` around a read's statements gave it
        nothing but two round trips (eight of a timeline page's twelve). Psycopg keeps the
        connection's prepared statements, which it forgets at a rollback only. On SQLite
        one snapshot for all."""
        return self._connection(self._readers, "BEGIN", "ROLLBACK")

    @contextmanager
    def _connection(self, pool: Any, begin: str, end: str) -> Iterator[Db]:
        """On PostgreSQL a connection of `pool` (which commits it, or rolls it back on an
        error). On SQLite a kept connection (or a new one) between `begin` and `end`, then
        kept again; on an error rolled back and closed, so that the next one starts on a
        new connection."""
        if pool is not None:
            with pool.connection() as held:
                yield held
            return
        conn = self._idle_connection() or self._sqlite()
        try:
            conn.execute(begin)
            yield conn
            if conn.in_transaction:
                conn.execute(end)
        except BaseException:
            try:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            finally:
                conn.close()
            raise
        self._keep(conn)

    def _idle_connection(self) -> sqlite3.Connection | None:
        with self._idle_lock:
            return self._idle.pop() if self._idle else None

    def _keep(self, conn: sqlite3.Connection) -> None:
        """A connection back from its read or its committed transaction, idle (no
        transaction, so no snapshot and no lock held): kept for the next one. Opening one
        (`_sqlite`: the file, three pragmas, the schema parsed at its first statement) cost
        150 us, and a timeline page makes four reads; a read model's batch is a
        transaction."""
        with self._idle_lock:
            if not self._closed and len(self._idle) < IDLE_READERS:
                self._idle.append(conn)
                return
        conn.close()

    def _sqlite(self) -> sqlite3.Connection:
        assert self.sqlite_path is not None
        conn = sqlite3.connect(
            self.sqlite_path, timeout=30, isolation_level=None, check_same_thread=False
        )
        conn.execute("PRAGMA busy_timeout = 30000")
        # In WAL mode, NORMAL syncs at checkpoints, not at every commit: a crash of the
        # machine may lose the last batches, never tear one (their rows and position go
        # together), and the runner reads its position again. A read model is rebuilt from
        # the ledger at will; FULL cost a disk flush per batch (most of a small build).
        conn.execute("PRAGMA synchronous = NORMAL")
        # 32 MiB of pages per connection (SQLite's default is 2 MiB), taken as a transaction
        # touches them: a batch that writes into large indexes (a build's) re-read pages
        # it had just left; a reading connection touches a few pages and takes a few.
        conn.execute("PRAGMA cache_size = -32768")
        return conn

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        if self._readers is not None:
            self._readers.close()
        with self._idle_lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
        if self._keeper is not None:
            self._keeper.close()
            self._keeper = None

    def is_transient(self, error: BaseException) -> bool:
        """True for errors of the connection or of contention (retry later), False for a
        change the database refuses (a defect to report, naming the event)."""
        if isinstance(error, sqlite3.OperationalError):
            text = str(error).lower()
            return any(word in text for word in ("locked", "busy", "unable to open", "i/o"))
        if self._pool is not None:
            import psycopg
            from psycopg_pool import PoolTimeout

            return isinstance(
                error, psycopg.OperationalError | psycopg.InterfaceError | PoolTimeout
            )
        return False

    # --- the tracking table -------------------------------------------------------------------

    def setup(self) -> None:
        if self.sqlite_path is not None and self.dialect is Dialect.SQLITE:
            self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            if self._keeper is None:
                self._keeper = self._sqlite()
            self._keeper.execute("PRAGMA journal_mode = WAL")
        with self.transaction() as db:
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {self.tracking} ("
                "name TEXT NOT NULL, version INTEGER NOT NULL, code_version INTEGER NOT NULL, "
                "state TEXT NOT NULL, position BIGINT NOT NULL, error TEXT, "
                "updated_at TEXT NOT NULL, PRIMARY KEY (name, version))"
            )
            db.execute(self.letters.ddl())

    def versions(
        self, name: str, *, cached: bool = False, db: Db | None = None
    ) -> list[VersionRow]:
        """The versions of a read model that exist, oldest first (`cached`: from this
        store's copy, unless it is older than `versions_ttl`). A caller that holds a
        connection passes it as `db`: taking a second one from the pool while holding one
        deadlocks a busy pool."""
        now = time.monotonic()
        with self._versions_lock:
            copy = self._versions.get(name)
        if cached and copy is not None and now - copy[0] < self.versions_ttl:
            return list(copy[1])
        if db is None:
            with self.reading() as conn:
                rows = self._select_versions(conn, name)
        else:
            rows = self._select_versions(db, name)
        with self._versions_lock:
            self.tracking_reads += 1
            self._versions[name] = (now, rows)
        return list(rows)

    def _select_versions(self, db: Db, name: str) -> list[VersionRow]:
        p = self.dialect.param
        found = db.execute(
            f"SELECT name, version, code_version, state, position, error, updated_at "
            f"FROM {self.tracking} WHERE name = {p} ORDER BY version",
            (name,),
        ).fetchall()
        return [VersionRow(*row) for row in found]

    def forget_versions(self, name: str | None = None) -> None:
        """Drop the copy of a read model's tracking rows (of all with None)."""
        with self._versions_lock:
            if name is None:
                self._versions.clear()
            else:
                self._versions.pop(name, None)

    def _moved(self, name: str, version: int, position: int) -> None:
        """This store committed `position` for a version: its copy follows."""
        with self._versions_lock:
            cached = self._versions.get(name)
            if cached is None:
                return
            rows = [
                dataclasses.replace(r, position=position, error=None) if r.version == version else r
                for r in cached[1]
            ]
            self._versions[name] = (cached[0], rows)

    def version(self, name: str, version: int, *, cached: bool = False) -> VersionRow | None:
        rows = self.versions(name, cached=cached)
        return next((v for v in rows if v.version == version), None)

    def active(self, name: str, *, cached: bool = False) -> VersionRow | None:
        return _active(self.versions(name, cached=cached))

    def tables(self, model: ReadModel | str, db: Db | None = None) -> Tables | None:
        """The physical tables readers should use: those of the active version (from the
        copy of the tracking rows: a version retired meanwhile keeps its tables for
        `retire_grace`, far longer than the copy lives). `db`, the caller's connection, reads
        the rows again when the copy is old."""
        name = model if isinstance(model, str) else model.name
        row = _active(self.versions(name, cached=True, db=db))
        if row is None:
            # None active in the copy: one may have become active since, in another process
            # (a worker's first build), and the copy would hide it for `versions_ttl`; a
            # reader asks the store until one is (before the first build only).
            row = _active(self.versions(name, db=db))
        return None if row is None else Tables(self.prefix, model, row.version)

    def create_version(self, model: ReadModel, version: int, state: str) -> None:
        """Create a version's tables and its tracking row at position 0 (idempotent).

        A version new to the tracking table starts with empty tables: tables of the same
        name left by an earlier life of it (its tracking row lost) are dropped first, or its
        build from 0 would be replayed over their rows (a temporal row begun again is current
        again, whatever later events had ended it)."""
        tables = Tables(self.prefix, model, version)
        p = self.dialect.param
        with self.transaction() as db:
            created = db.execute(
                f"INSERT INTO {self.tracking} (name, version, code_version, state, position, "
                f"updated_at) VALUES ({p}, {p}, {p}, {p}, 0, {p}) ON CONFLICT DO NOTHING",
                (model.name, version, model.version, state, _now()),
            )
            if created.rowcount == 1:
                for table in model.tables:
                    db.execute(f"DROP TABLE IF EXISTS {tables[table]}")
            for statement in model.ddl(self.dialect, tables):
                db.execute(statement)
        self.forget_versions(model.name)

    def apply_batch(
        self,
        model: ReadModel,
        version: int,
        changes: Sequence[Change],
        *,
        previous: int,
        position: int,
        parked: Sequence[DeadLetter] = (),
        notify: tuple[str, str] | None = None,
    ) -> None:
        """Apply a batch's changes, park the events it could not process, and move the
        position, in one transaction; on PostgreSQL `notify` (channel, payload) is sent by
        the same commit, not by a transaction of its own."""
        tables = Tables(self.prefix, model, version)
        try:
            with self.transaction() as db:
                self._move(db, model.name, version, previous, position)
                if notify is not None and self.dialect is Dialect.POSTGRES:
                    db.execute("SELECT pg_notify(%s, %s)", notify)
                with self._pipelined(db):
                    model.writer().apply(db, self.dialect, tables, changes)
                self.letters.park(db, parked)
        except TrackingConflictError:
            self.forget_versions(model.name)
            raise
        self._moved(model.name, version, position)

    # --- parked events ---------------------------------------------------------------------

    def dead_letters(self, name: str | None = None) -> list[DeadLetter]:
        with self.reading() as db:
            return self.letters.select(db, name)

    def parked_counts(self) -> dict[tuple[str, int], int]:
        with self.reading() as db:
            return self.letters.counts(db)

    def apply_parked(
        self, model: ReadModel, version: int, position: int, changes: Sequence[Change]
    ) -> None:
        """A parked event's changes, applied again on their own; its dead letter goes."""
        with self.transaction() as db:
            with self._pipelined(db):
                model.writer().apply(db, self.dialect, Tables(self.prefix, model, version), changes)
            self.letters.delete(db, model.name, version, position)

    def mark_parked(self, letter: DeadLetter, column: str, value: str) -> int:
        with self.transaction() as db:
            return self.letters.update(
                db, letter.name, letter.version, letter.position, column, value
            )

    @contextmanager
    def _pipelined(self, db: Db) -> Iterator[None]:
        """On PostgreSQL, send the batch's statements without waiting for each reply."""
        pipeline = getattr(db, "pipeline", None)
        if pipeline is None:
            yield
            return
        with pipeline():
            yield

    def _move(self, db: Db, name: str, version: int, previous: int, position: int) -> None:
        p = self.dialect.param
        moved = db.execute(
            f"UPDATE {self.tracking} SET position = {p}, error = NULL, updated_at = {p} "
            f"WHERE name = {p} AND version = {p} AND position = {p}",
            (position, _now(), name, version, previous),
        ).rowcount
        if moved != 1:
            raise TrackingConflictError(
                f"{name} v{version} is no longer at position {previous} (or was retired)"
            )

    def record_error(self, name: str, version: int, message: str | None) -> None:
        p = self.dialect.param
        with self.transaction() as db:
            db.execute(
                f"UPDATE {self.tracking} SET error = {p}, updated_at = {p} "
                f"WHERE name = {p} AND version = {p}",
                (message, _now(), name, version),
            )
        self.forget_versions(name)

    def switch(self, model: ReadModel, version: int) -> list[int]:
        """Make `version` the active one and retire every other version, in one transaction.

        Returns the versions retired. Their tables stay until `drop_retired` — queries that
        resolved the old tables just before the switch can still finish.
        """
        p = self.dialect.param
        others = [v.version for v in self.versions(model.name) if v.version != version]
        with self.transaction() as db:
            for old in others:
                db.execute(
                    f"UPDATE {self.tracking} SET state = {p}, updated_at = {p} "
                    f"WHERE name = {p} AND version = {p}",
                    (RETIRED, _now(), model.name, old),
                )
            db.execute(
                f"UPDATE {self.tracking} SET state = {p}, updated_at = {p} "
                f"WHERE name = {p} AND version = {p}",
                (ACTIVE, _now(), model.name, version),
            )
        self.forget_versions(model.name)
        return others

    def tidy(self, model: ReadModel, version: int) -> None:
        """After a build or a long catch-up: reclaim the dead rows its upserts left (each
        event rewrites its case's row) and refresh the planner's statistics. PostgreSQL's
        VACUUM cannot run in a transaction; SQLite only analyses."""
        tables = Tables(self.prefix, model, version)
        if self._pool is None:
            with self.transaction() as db:
                for table in model.tables:
                    db.execute(f"ANALYZE {tables[table]}")
            return
        with self._pool.connection() as conn:
            conn.autocommit = True
            try:
                for table in model.tables:
                    conn.execute(f"VACUUM (ANALYZE) {tables[table]}")
            finally:
                conn.autocommit = False

    def drop_retired(self, model: ReadModel, grace_seconds: float) -> list[int]:
        """Drop the tables of versions retired more than `grace_seconds` ago."""
        now = datetime.now(UTC)
        dropped = []
        for row in self.versions(model.name, cached=True):
            retired_at = datetime.fromisoformat(row.updated_at)
            if row.state == RETIRED and (now - retired_at).total_seconds() >= grace_seconds:
                self.drop_version(model, row.version)
                dropped.append(row.version)
        return dropped

    def drop_version(self, model: ReadModel, version: int) -> None:
        with self.transaction() as db:
            self._drop(db, model, version)
        self.forget_versions(model.name)

    def _drop(self, db: Db, model: ReadModel, version: int) -> None:
        p = self.dialect.param
        tables = Tables(self.prefix, model, version)
        for table in model.tables:
            db.execute(f"DROP TABLE IF EXISTS {tables[table]}")
        self.letters.delete(db, model.name, version)
        db.execute(
            f"DELETE FROM {self.tracking} WHERE name = {p} AND version = {p}",
            (model.name, version),
        )

    def drop_everything(self, models: Sequence[ReadModel]) -> None:
        """Drop every version of the given read models and the tracking table (tests, reset)."""
        for model in models:
            for row in self.versions(model.name):
                self.drop_version(model, row.version)
        with self.transaction() as db:
            db.execute(f"DROP TABLE IF EXISTS {self.tracking}")
            db.execute(f"DROP TABLE IF EXISTS {self.letters.table}")
        self.forget_versions()


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _active(rows: Sequence[VersionRow]) -> VersionRow | None:
    return next((v for v in rows if v.state == ACTIVE), None)
