"""The library as it stood at the end of a day (Asia/Tokyo): each published entry's
revisions, kept by the library read model with the record time of the event behind them."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from application.ledger import Ledger
from projections.engine.base import Dialect
from projections.engine.service import ProjectionService, ServiceOptions
from projections.engine.store import ACTIVE, ReadStore
from projections.library.as_of import (
    LibraryAsOf,
    RevisionsNotReadyError,
    end_of_day,
    entries_at_end_of,
    library_of,
)
from projections.library.projection import Library
from projections.library.queries import LibraryQuery, facets, search
from tests.library.given import published_case
from tests.library.readside import ReadSide
from tests.replay.clock import RecordClock
from tests.support import CHIEF, TODAY

LIBRARY = Library()


def titles(side: ReadSide, day: date) -> list[str]:
    with side.reading(LIBRARY) as (db, tables):
        return sorted(e.title for e in entries_at_end_of(db, side.dialect, tables, day))


def test_the_end_of_a_day_is_midnight_in_tokyo() -> None:
    assert end_of_day(date(2024, 10, 31)).isoformat() == "2024-10-31T15:00:00+00:00"


def test_a_library_shows_what_was_published_by_the_end_of_a_day(
    ledger: Ledger, library_side: ReadSide, clock: RecordClock
) -> None:
    clock.set(date(2024, 10, 9))
    given = published_case(ledger)
    clock.set(date(2024, 11, 1), time(9, 0))
    ledger.withdraw_success_case(CHIEF, given.id, reason="見直し", occurred_on=TODAY)
    assert titles(library_side, date(2024, 10, 8)) == []
    assert titles(library_side, date(2024, 10, 9)) == ["地域ぐるみの子ども食堂"]
    assert titles(library_side, date(2024, 10, 31)) == ["地域ぐるみの子ども食堂"]
    assert titles(library_side, date(2024, 11, 1)) == []


def test_a_step_just_before_midnight_belongs_to_that_day(
    ledger: Ledger, library_side: ReadSide, clock: RecordClock
) -> None:
    clock.set(date(2024, 10, 9), time(23, 59, 59))
    published_case(ledger)
    assert titles(library_side, date(2024, 10, 9)) == ["地域ぐるみの子ども食堂"]


def test_revisions_come_out_the_same_however_the_events_are_batched(
    ledger: Ledger, library_side: ReadSide, clock: RecordClock
) -> None:
    clock.set(date(2024, 10, 9))
    given = published_case(ledger)
    clock.set(date(2024, 11, 1))
    ledger.withdraw_success_case(CHIEF, given.id, reason="見直し", occurred_on=TODAY)
    clock.set(date(2024, 11, 5))
    published_case(ledger, title="下関の見守り", partner="下関商事株式会社")
    in_one_batch = revisions(library_side)
    library_side.store.drop_everything([LIBRARY])
    library_side.store.setup()
    library_side.service = ProjectionService(
        library_side.store,
        ledger.recorder,
        ledger.mapper.to_domain_event,
        [LIBRARY],
        options=ServiceOptions(batch_size=1),
    )
    assert revisions(library_side) == in_one_batch
    assert [r[3] is None for r in in_one_batch] == [False, True, False]
    assert titles(library_side, date(2024, 10, 31)) == ["地域ぐるみの子ども食堂"]


def revisions(side: ReadSide) -> list[tuple[str, int, str, str | None]]:
    with side.reading(LIBRARY) as (db, tables):
        rows = db.execute(
            f"SELECT case_id, position, recorded_at, entry FROM {tables['revisions']} "
            "ORDER BY position, case_id"
        ).fetchall()
    return [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in rows]


def test_the_days_library_is_searched_and_counted_as_today(
    ledger: Ledger, library_side: ReadSide, clock: RecordClock
) -> None:
    clock.set(date(2024, 10, 9))
    published_case(ledger)
    published_case(
        ledger,
        title="下関の見守り",
        summary="商店街と高齢者の見守りを進めた",
        partner="下関商事株式会社",
        municipality="下関市",
    )
    with library_side.reading(LIBRARY) as (db, tables):
        entries = entries_at_end_of(db, library_side.dialect, tables, date(2024, 10, 9))
    with library_of(entries) as (temporary, tables):
        found = search(temporary, library_side.dialect.SQLITE, tables, LibraryQuery("子ども食堂"))
        counts = facets(temporary, library_side.dialect.SQLITE, tables)
    assert [e.title for e in found.entries] == ["地域ぐるみの子ども食堂"]
    assert {c.label: c.count for c in counts["municipality"]} == {"山口市": 1, "下関市": 1}


class LibraryBeforeRevisions(Library):
    version = 1


def test_a_library_built_before_revisions_is_not_read_as_an_empty_past(tmp_path: Path) -> None:
    store = ReadStore(Dialect.SQLITE, prefix="", sqlite_path=tmp_path / "read.sqlite3")
    try:
        store.create_version(LibraryBeforeRevisions(), 1, ACTIVE)
        with pytest.raises(RevisionsNotReadyError), LibraryAsOf(store, date(2024, 10, 9)).reading():
            pass
    finally:
        store.close()
