"""`from_row`: a read model's row back into its dataclass, each column read by its field's
type, NULLs by the field's default, given fields as they are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from projections.engine.base import Dialect
from projections.engine.keyset import Conditions
from projections.engine.rows import from_row


@dataclass(frozen=True)
class Entry:
    case_id: str
    count: int
    active: bool
    opened_on: date
    recorded_at: datetime
    closed_on: date | None
    tags: tuple[str, ...]
    extra: dict[str, int]
    note: str = "なし"
    parties: tuple[str, ...] = ()


ROW = ("c-1", "3", 1, "2026-04-01", "2026-04-01T09:30:00+00:00", None, '["a","b"]', '{"x":1}')


def test_each_column_is_read_by_its_fields_type() -> None:
    entry = from_row(Entry, (*ROW, "メモ"), parties=("p-1",))

    assert entry == Entry(
        case_id="c-1",
        count=3,
        active=True,
        opened_on=date(2026, 4, 1),
        recorded_at=datetime(2026, 4, 1, 9, 30, tzinfo=UTC),
        closed_on=None,
        tags=("a", "b"),
        extra={"x": 1},
        note="メモ",
        parties=("p-1",),
    )


def test_a_null_column_gives_the_fields_default_and_an_optional_date_is_read() -> None:
    entry = from_row(Entry, (*ROW[:5], "2026-05-02", *ROW[6:], None), parties=())

    assert entry.note == "なし"
    assert entry.closed_on == date(2026, 5, 2)


def test_given_fields_take_no_column_whichever_they_are() -> None:
    given = from_row(Entry, ("3", 0, *ROW[3:], "メモ", '["p-2"]'), case_id="c-9")
    both = from_row(Entry, ROW[1:], note="書いた", parties=("p-3",), case_id="c-1")

    assert (given.case_id, given.count, given.active, given.parties) == ("c-9", 3, False, ("p-2",))
    assert (both.note, both.parties) == ("書いた", ("p-3",))
    assert (both.count, both.tags) == (3, ("a", "b"))


def test_one_of_is_an_array_on_postgresql_and_a_placeholder_a_value_on_sqlite() -> None:
    """On PostgreSQL the statement's text does not depend on how many values there are (it is
    converted once and prepared); SQLite has no arrays."""
    assert Dialect.POSTGRES.one_of("c", ["a", "b", "c"]) == ("c = ANY(%s)", [["a", "b", "c"]])
    assert Dialect.SQLITE.one_of("c", ("a", "b")) == ("c IN (?, ?)", ["a", "b"])
    on_postgres = Conditions(Dialect.POSTGRES).one_of("c", ["a", "b"])
    on_sqlite = Conditions(Dialect.SQLITE).one_of("c", ["a", "b"])
    assert (on_postgres.parts, on_postgres.params) == (["c = ANY(%s)"], [["a", "b"]])
    assert (on_sqlite.parts, on_sqlite.params) == (["c IN (?, ?)"], ["a", "b"])


def test_a_null_without_a_default_stays_null_and_each_shape_of_call_is_kept() -> None:
    from projections.engine.rows import _MAKERS

    entry = from_row(Entry, (None, *ROW[1:], None, None))
    again = from_row(Entry, (*ROW, None, None))

    assert (entry.case_id, entry.note, entry.parties) == (None, "なし", ())
    assert again.case_id == "c-1"
    assert [k for k in _MAKERS if k[0] is Entry and k[1] == ()] == [(Entry, ())]
