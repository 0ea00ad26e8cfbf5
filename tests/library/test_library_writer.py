"""The library's writer at the end of a batch: an entry rendered again the same is left as
it is; a changed one replaces every row of the old one."""

from __future__ import annotations

from typing import Any

from projections.engine.base import Dialect
from projections.library.as_of import library_of
from projections.library.writer import replace_entry, stored_entries
from tests.library.given import entry


class _Counted:
    """A connection that counts the statements sent through it."""

    def __init__(self, db: Any) -> None:
        self.db, self.statements = db, 0

    def execute(self, sql: str, params: Any = ()) -> Any:
        self.statements += 1
        return self.db.execute(sql, params)

    def executemany(self, sql: str, rows: Any) -> Any:
        self.statements += 1
        return self.db.executemany(sql, rows)


def _rows(db: Any, table: str) -> list[tuple[Any, ...]]:
    return sorted(db.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def test_an_entry_rendered_again_the_same_sends_nothing() -> None:
    same = entry("case-w01", "竹林の整備", "里山の竹林を地域で整備した")
    with library_of([same]) as (db, tables):
        stored = stored_entries(db, Dialect.SQLITE, tables, ["case-w01", "case-none"])
        assert set(stored) == {"case-w01"}  # a case without an entry has none to compare
        counted = _Counted(db)
        replace_entry(counted, Dialect.SQLITE, tables, "case-w01", same, stored["case-w01"])
        assert counted.statements == 0


def test_a_changed_entry_replaces_every_row_of_the_old_one() -> None:
    old = entry("case-w02", "竹林の整備", "里山の竹林を地域で整備した")
    new = entry("case-w02", "子ども食堂の運営", "地域の子ども食堂を運営した")
    with library_of([new]) as (db, expected):
        wanted = {t: _rows(db, expected[t]) for t in ("library", "entries", "tags", "words")}
    with library_of([old]) as (db, tables):
        stored = stored_entries(db, Dialect.SQLITE, tables, ["case-w02"])
        replace_entry(db, Dialect.SQLITE, tables, "case-w02", new, stored["case-w02"])
        got = {t: _rows(db, tables[t]) for t in ("library", "entries", "tags", "words")}
        words = {r[0] for r in db.execute(f"SELECT word FROM {tables['words']}").fetchall()}
    assert got == wanted
    assert "竹林" not in words


def test_a_withdrawn_entry_goes() -> None:
    gone = entry("case-w03", "竹林の整備")
    with library_of([gone]) as (db, tables):
        stored = stored_entries(db, Dialect.SQLITE, tables, ["case-w03"])
        replace_entry(db, Dialect.SQLITE, tables, "case-w03", None, stored["case-w03"])
        for table in ("library", "entries", "tags", "words"):
            assert _rows(db, tables[table]) == [], table
