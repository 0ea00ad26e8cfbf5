"""How the read store hands out connections: on SQLite a connection back from its read or
its committed transaction is kept for the next (opening one cost 150 us, four times a
timeline page, once a read model's batch); one whose read or transaction failed is not;
closing the store closes the kept ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from projections.engine.base import Dialect
from projections.engine.store import IDLE_READERS, ReadStore, reading_conninfo


def _store(tmp_path: Path) -> ReadStore:
    return ReadStore(Dialect.SQLITE, prefix="t_", sqlite_path=tmp_path / "read.sqlite3")


def test_a_read_takes_the_connection_the_last_read_gave_back(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with store.reading() as db:
        first = db
        assert db.execute("SELECT 1").fetchone() == (1,)
    with store.reading() as db:
        assert db is first
    store.close()


def test_a_kept_connection_holds_no_snapshot_between_reads(tmp_path: Path) -> None:
    """Back from its read, a connection is out of its transaction: the next read sees what
    was written meanwhile."""
    store = _store(tmp_path)
    with store.transaction() as db:
        db.execute("CREATE TABLE t_things (n INTEGER)")
    with store.reading() as db:
        assert db.execute("SELECT COUNT(*) FROM t_things").fetchone() == (0,)
        kept = db
    assert not kept.in_transaction
    with store.transaction() as db:
        db.execute("INSERT INTO t_things VALUES (1)")
    with store.reading() as db:
        assert db is kept
        assert db.execute("SELECT COUNT(*) FROM t_things").fetchone() == (1,)
    store.close()


def test_a_connection_whose_read_failed_is_not_kept(tmp_path: Path) -> None:
    store = _store(tmp_path)
    seen: list[sqlite3.Connection] = []

    def failing_read() -> None:
        with store.reading() as db:
            seen.append(db)
            db.execute("SELECT * FROM no_such_table")

    with pytest.raises(sqlite3.OperationalError):
        failing_read()
    with store.reading() as db:
        assert db is not seen[0]
    assert not _is_open(seen[0])
    store.close()


def test_a_committed_transaction_gives_its_connection_to_the_next_and_a_failed_one_not(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path)
    with store.transaction() as db:
        committed = db
        db.execute("CREATE TABLE t_things (n INTEGER PRIMARY KEY)")
    with store.reading() as db:
        assert db is committed
        assert db.execute("SELECT COUNT(*) FROM t_things").fetchone() == (0,)

    failed: list[sqlite3.Connection] = []

    def failing_write() -> None:
        with store.transaction() as db:
            failed.append(db)
            db.execute("INSERT INTO t_things VALUES (1)")
            db.execute("INSERT INTO t_things VALUES (1)")  # the same key again

    with pytest.raises(sqlite3.IntegrityError):
        failing_write()
    assert not _is_open(failed[0])
    with store.reading() as db:
        assert db is not failed[0]
        assert db.execute("SELECT COUNT(*) FROM t_things").fetchone() == (0,)  # rolled back
    store.close()


def test_at_most_so_many_connections_are_kept_and_closing_the_store_closes_them(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path)
    opened = [store.reading() for _ in range(IDLE_READERS + 2)]
    connections = [reading.__enter__() for reading in opened]
    for reading in opened:
        reading.__exit__(None, None, None)
    kept = [c for c in connections if _is_open(c)]
    assert len(kept) == IDLE_READERS
    store.close()
    assert not any(_is_open(c) for c in connections)


def _is_open(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return False
    return True


def test_postgres_readers_are_read_only_from_their_connection_options() -> None:
    """The option is given when connecting, after any the URL gives."""
    assert "default_transaction_read_only=on" in reading_conninfo("postgresql://u@h:5432/db")
    kept = reading_conninfo("postgresql://u@h/db?options=-c%20search_path%3Dkyodo")
    assert "search_path=kyodo" in kept
    assert kept.index("search_path") < kept.index("default_transaction_read_only")
