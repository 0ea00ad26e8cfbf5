"""The library's writer at the end of a batch: an entry rendered again the same is left as
it is; a changed one replaces every row of the old one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from projections.engine.base import Change, Dialect, Update, Upsert
from projections.library.as_of import library_of
from projections.library.revisions import moment
from projections.library.suggest import add_words, change_words, drop_words
from projections.library.writer import LibraryWriter, replace_entry, stored_entries
from tests.library.given import entry, opened_facts, published_facts


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


def test_an_entry_rendered_again_the_same_writes_nothing() -> None:
    same = entry("case-w01", "竹林の整備", "里山の竹林を地域で整備した")
    with library_of([same]) as (db, tables):
        stored = stored_entries(db, Dialect.SQLITE, tables, ["case-w01", "case-none"])
        assert set(stored) == {"case-w01"}  # a case without an entry has none to compare
        before = {t: _rows(db, tables[t]) for t in ("library", "entries", "tags", "words", "fts")}
        counted = _Counted(db)
        replace_entry(counted, Dialect.SQLITE, tables, "case-w01", same, stored["case-w01"])
        after = {t: _rows(db, tables[t]) for t in ("library", "entries", "tags", "words", "fts")}
    assert after == before
    assert counted.statements == 1  # only the look at the words it alone holds


def test_a_word_an_entry_alone_holds_is_shown_its_way_when_the_entry_is_rendered_again() -> None:
    """Entry A brings 竹林 (shown as A writes it), B writes the same word チクリン; A is
    withdrawn, then B rendered again unchanged: the word is shown as B writes it, as taking
    B's words out and back in always did."""
    writer = LibraryWriter()
    position = iter(range(1, 100))

    def event(*changes: Change) -> list[Change]:
        return [moment(next(position), datetime(2024, 1, 1, tzinfo=UTC)), *changes]

    joined = Upsert(
        "members",
        {"case_id": "B", "party_id": "p1"},
        {"kind": "business", "role": "partner", "active": True},
    )
    with library_of([]) as (db, tables):
        for batch in (
            event(opened_facts("A")) + event(published_facts("A", "竹林")),
            event(opened_facts("B")) + event(joined) + event(published_facts("B", "チクリン")),
            event(Update("facts", {"case_id": "A"}, {"published": False})),
            event(joined),  # B rendered again: the same entry
        ):
            writer.apply(db, Dialect.SQLITE, tables, batch)
        words = {r[0]: r[1:] for r in _vocabulary(db, tables)}
    assert words["ちくりん"] == ("チクリン", 1)


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


def _vocabulary(db: Any, tables: Any) -> list[tuple[Any, ...]]:
    return sorted(db.execute(f"SELECT word, shown, cases FROM {tables['words']}").fetchall())


def test_changing_words_is_taking_them_all_out_and_adding_them_all() -> None:
    """`change_words` against `drop_words` then `add_words`, on two vocabularies fed the
    same steps, including a word whose only holder shows it another way than the entry that
    first brought it (it is shown as its holder shows it, as if it had gone and come back)."""
    a = {"こみゅにてぃ": "コミュニティ", "ちくりん": "竹林"}
    b = {"こみゅにてぃ": "こみゅにてぃ", "しょくどう": "食堂"}
    b2 = {"こみゅにてぃ": "こみゅにてぃ", "しょくどう": "食堂", "ちいき": "地域"}
    b3 = {"こみゅにてぃ": "ｺﾐｭﾆﾃｨ", "ちいき": "地域"}
    steps: list[tuple[dict[str, str], dict[str, str]]] = [
        ({}, a),  # entry A arrives
        ({}, b),  # entry B arrives: "こみゅにてぃ" is shown as A shows it, in 2 entries
        (a, {}),  # A goes: B holds the word alone, still shown as A showed it
        (b, b2),  # B rendered again: its words are shown as B shows them
        (b2, b3),  # and again, with another spelling of the same word
    ]
    with library_of([]) as (db, tables), library_of([]) as (ref, ref_tables):
        for old, new in steps:
            change_words(db, Dialect.SQLITE, tables, old, new)
            drop_words(ref, Dialect.SQLITE, ref_tables, old)
            add_words(ref, Dialect.SQLITE, ref_tables, new)
            assert _vocabulary(db, tables) == _vocabulary(ref, ref_tables)
        assert ("こみゅにてぃ", "ｺﾐｭﾆﾃｨ", 1) in _vocabulary(db, tables)


def test_an_entry_with_the_same_texts_is_updated_in_place_to_the_same_rows() -> None:
    from dataclasses import replace

    old = entry("case-w04", "竹林の整備", "里山の竹林を地域で整備した")
    new = replace(old, replicated_count=old.replicated_count + 2, published_on="2026-12-01")
    assert new.search_fields() == old.search_fields()
    kept = ("library", "entries", "tags", "words", "fts")
    with library_of([new]) as (db, expected):
        wanted = {t: _rows(db, expected[t]) for t in kept}
    with library_of([old]) as (db, tables):
        stored = stored_entries(db, Dialect.SQLITE, tables, ["case-w04"])
        counted = _Counted(db)
        replace_entry(counted, Dialect.SQLITE, tables, "case-w04", new, stored["case-w04"])
        got = {t: _rows(db, tables[t]) for t in kept}
    assert got == wanted
    assert counted.statements == 3  # the search row, the entry, the look at its words
