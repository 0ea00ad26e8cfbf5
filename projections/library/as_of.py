"""The success-case library as it stood at the end of a day (Asia/Tokyo).

"At the end of 2024-10-31" means what had been recorded before 2024-11-01 00:00 JST: each
case's latest revision before that moment (`revisions.py`). Those entries are written into
a temporary in-memory library (the SQLite flavour of the library's own tables), where the
library's own search and facet queries run unchanged. Published libraries hold hundreds of
entries, so building one per query costs milliseconds; nothing is replayed from the ledger.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from projections.engine import Db, Dialect, ReadModel, Tables
from projections.engine.store import ReadStore
from projections.library.entry import LibraryEntry
from projections.library.projection import Library
from projections.library.revisions import entries_as_of
from projections.library.writer import library_ddl, write_entry

TOKYO = ZoneInfo("Asia/Tokyo")
REVISIONS_SINCE = 2
"""The first code version of the library that keeps revisions."""


class RevisionsNotReadyError(RuntimeError):
    """The active library was built by code that kept no revisions (a rebuild is under way)."""


def end_of_day(day: date) -> datetime:
    """The first instant after `day` in Asia/Tokyo, in UTC."""
    return datetime.combine(day + timedelta(days=1), time(0), TOKYO).astimezone(UTC)


def entries_at_end_of(db: Db, dialect: Dialect, tables: Tables, day: date) -> list[LibraryEntry]:
    """The published entries as they stood at the end of `day`."""
    return entries_as_of(db, dialect, tables, end_of_day(day))


@contextmanager
def library_of(entries: Sequence[LibraryEntry]) -> Iterator[tuple[Db, Tables]]:
    """A temporary library holding `entries`, for the library's queries (SQLite dialect)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        tables = Tables("as_of_", Library(), Library.version)
        for statement in library_ddl(Dialect.SQLITE, tables):
            conn.execute(statement)
        conn.execute("BEGIN")
        for entry in entries:
            write_entry(conn, Dialect.SQLITE, tables, entry)
        conn.execute("COMMIT")
        yield conn, tables
    finally:
        conn.close()


class LibraryAsOf:
    """The library at the end of a day, read like a read store (`ReadConnections`): each
    reading builds the temporary library from the revisions in `store` (its active version;
    `RevisionsNotReadyError` while a library built before revisions is still the active one)."""

    dialect = Dialect.SQLITE

    def __init__(self, store: ReadStore, day: date) -> None:
        self.store = store
        self.day = day
        self._tables: Tables | None = None

    @contextmanager
    def reading(self) -> Iterator[Db]:
        active = self.store.active(Library.name)
        if active is not None and active.code_version < REVISIONS_SINCE:
            raise RevisionsNotReadyError(f"library v{active.version} keeps no revisions")
        with self.store.reading() as db:
            tables = self.store.tables(Library(), db)
            entries = (
                []
                if tables is None
                else entries_at_end_of(db, self.store.dialect, tables, self.day)
            )
        with library_of(entries) as (temporary, self._tables):
            yield temporary

    def tables(self, model: ReadModel | str, db: Db | None = None) -> Tables | None:
        return self._tables
