"""PostgreSQL: a round's rows sent as one statement over arrays give the rows of sending
them one at a time (`projections/engine/bulk.py`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from projections.engine import bulk
from projections.engine.base import Begin, Change, Delete, Dialect, Retire, Tables, Update, Upsert
from projections.engine.writer import SqlWriter
from tests.conftest import POSTGRES_URL, require_postgres
from tests.projections.test_writer import change_strategy

COLUMNS = "a, b, s, d, g, n, f"


@pytest.fixture
def pg() -> Iterator[tuple[psycopg.Connection[Any], Tables]]:
    require_postgres()
    tables = Tables(f"bulk{uuid.uuid4().hex[:10]}_", "t", 1)
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(
            f"CREATE TABLE {tables['t']} (a TEXT, b INTEGER, s TEXT, d TEXT, g INTEGER, "
            "n INTEGER, f DOUBLE PRECISION, PRIMARY KEY (a, b))"
        )
        try:
            yield conn, tables
        finally:
            conn.execute(f"DROP TABLE {tables['t']}")


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows of each statement sent over arrays (from two rows on)."""
    rows: list[int] = []
    send = bulk.send

    def counted(db: Any, form: bulk.Bulk, batch: Any) -> bool:
        done = send(db, form, batch)
        if done:
            rows.append(len(batch))
        return done

    monkeypatch.setattr(bulk, "BULK_MIN", 2)
    monkeypatch.setattr(bulk, "send", counted)
    return rows


def _rows(conn: psycopg.Connection[Any], tables: Tables, batches: list[list[Change]]) -> Any:
    conn.execute(f"TRUNCATE {tables['t']}")
    writer = SqlWriter()
    with conn.transaction():
        for batch in batches:
            writer.apply(conn, Dialect.POSTGRES, tables, batch)
    return conn.execute(f"SELECT {COLUMNS} FROM {tables['t']} ORDER BY a, b").fetchall()


@given(changes=st.lists(change_strategy(st.sampled_from("12345678")), max_size=40))
@hypothesis_settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_rows_sent_over_arrays_are_the_rows_of_one_change_at_a_time(
    pg: tuple[psycopg.Connection[Any], Tables], sent: list[int], changes: list[Change]
) -> None:
    conn, tables = pg
    one_by_one = _rows(conn, tables, [[change] for change in changes])
    sent.clear()
    assert _rows(conn, tables, [changes]) == one_by_one


def test_upserts_updates_and_deletes_of_many_rows_go_as_one_statement_each(
    pg: tuple[psycopg.Connection[Any], Tables], sent: list[int]
) -> None:
    conn, tables = pg
    states = ["intake", "closed", "coordinating", "intake", "closed", "intake"]
    days = [None, date(2024, 9, 1), date(2024, 1, 1), date(2024, 7, 1), None, None]
    keys = [str(i) for i in range(6)]
    opened: list[Change] = [
        Upsert("t", {"a": k, "b": 1}, {"s": s, "d": d}, {"n": 1})
        for k, s, d in zip(keys, states, days, strict=True)
    ]
    moved: list[Change] = [
        Update(
            "t",
            {"a": k},
            set={"s": "agreed"},
            increment={"f": 0.5},
            greatest={"d": date(2024, 6, 1)},
            when={"s": ("intake", "coordinating")},
        )
        for k in keys
    ]
    gone: list[Change] = [Delete("t", {"a": k, "b": 1}) for k in keys[4:]]
    rows = _rows(conn, tables, [opened, moved, gone])
    assert sent == [6, 6, 2]
    assert rows == [
        ("0", 1, "agreed", "2024-06-01", None, 1, 0.5),
        ("1", 1, "closed", "2024-09-01", None, 1, None),  # the guard held it back
        ("2", 1, "agreed", "2024-06-01", None, 1, 0.5),
        ("3", 1, "agreed", "2024-07-01", None, 1, 0.5),  # the later day kept
    ]
    assert rows == _rows(conn, tables, [[change] for change in [*opened, *moved, *gone]])


@pytest.mark.parametrize("odd", ["a\x1fb", "\x1e", "", " ", "改行\nと\tタブ", "x\x1ey"], ids=repr)
def test_a_value_the_joined_text_cannot_carry_goes_as_a_list(
    pg: tuple[psycopg.Connection[Any], Tables], sent: list[int], odd: str
) -> None:
    conn, tables = pg
    values = [odd, "ふつう", None, odd]
    changes: list[Change] = [
        Upsert("t", {"a": f"k{i}", "b": i}, {"s": v, "d": None, "f": 1.25}, {"n": i})
        for i, v in enumerate(values)
    ]
    assert _rows(conn, tables, [changes]) == [
        (f"k{i}", i, v, None, None, i, 1.25) for i, v in enumerate(values)
    ]
    assert sent == [4]


def test_statements_over_arrays_are_counted_by_their_rows() -> None:
    form = bulk.Bulk("x", "INSERT INTO x (a) SELECT * FROM unnest({arrays})", ((0, "a"),), (0,))
    joined = form.statement({"a": "text"}, (False,))
    listed = form.statement({"a": "text"}, (True,))
    assert bulk.rows_sent(joined, [bulk.joined(["1", None, "3"])]) == 3
    assert bulk.rows_sent(listed, [["a\x1fb", "c"]]) == 2
    assert bulk.rows_sent("SELECT 1", []) is None


def test_rows_of_the_same_key_in_one_statement_go_one_at_a_time(
    pg: tuple[psycopg.Connection[Any], Tables], sent: list[int]
) -> None:
    """Where a table's changes go in their order (a change moves a row to another key), runs
    of one statement may name a row twice: over arrays an update would apply once, an upsert
    would fail; such a run goes row by row."""
    conn, tables = pg
    opened: list[Change] = [
        Upsert("t", {"a": k, "b": 1}, {"s": "intake"}, {"f": 0.0}) for k in "xy"
    ]
    added: list[Change] = [
        Update("t", {"a": k, "b": 1}, increment={"f": 0.25})
        for k in "xyxyx"  # not folded
    ]
    moved: list[Change] = [Update("t", {"a": "y"}, set={"a": "z"})]  # sets a key column
    again: list[Change] = [
        Upsert("t", {"a": "w", "b": 1}, {"s": s}, {"f": 0.5}) for s in ("a", "b", "c", "d")
    ]
    batches = [opened, [*added, *moved, *again]]
    rows = _rows(conn, tables, batches)
    assert sent == [2]  # the first batch's two upserts; the runs that name a row twice: no
    assert rows == [
        ("w", 1, "d", None, None, None, 2.0),
        ("x", 1, "intake", None, None, None, 0.75),
        ("z", 1, "intake", None, None, None, 0.5),
    ]
    assert rows == _rows(conn, tables, [[change] for batch in batches for change in batch])


def test_rows_begun_one_after_another_go_as_one_statement(
    pg: tuple[psycopg.Connection[Any], Tables], sent: list[int]
) -> None:
    """A temporal table's rows begun one after another (a build's facts, each at its own
    position) go together; a row begun again at its own position goes row by row."""
    conn, tables = pg
    tables = Tables(tables.prefix, "h", 1)
    conn.execute(
        f"CREATE TABLE {tables['h']} (k TEXT NOT NULL, v INTEGER, valid_from BIGINT NOT NULL, "
        "valid_to BIGINT, PRIMARY KEY (k, valid_from))"
    )
    begun: list[Change] = [Begin("h", {"k": k}, {"v": i}, at=10 + i) for i, k in enumerate("abcd")]
    later: list[Change] = [
        Retire("h", {"k": "a"}, at=20),
        Begin("h", {"k": "a"}, {"v": 7}, at=20),
        Begin("h", {"k": "b"}, {"v": 8}, at=21),
        Begin("h", {"k": "b"}, {"v": 9}, at=21),  # again at its own position: overwrites
    ]

    def rows(batches: list[list[Change]]) -> Any:
        conn.execute(f"TRUNCATE {tables['h']}")
        with conn.transaction():
            for batch in batches:
                SqlWriter().apply(conn, Dialect.POSTGRES, tables, batch)
        return conn.execute(f"SELECT * FROM {tables['h']} ORDER BY k, valid_from").fetchall()

    try:
        built = rows([[*begun, *later]])
        assert sent == [4]
        assert built == [
            ("a", 0, 10, 20),
            ("a", 7, 20, None),
            ("b", 1, 11, None),
            ("b", 9, 21, None),
            ("c", 2, 12, None),
            ("d", 3, 13, None),
        ]
        assert built == rows([[change] for change in [*begun, *later]])
    finally:
        conn.execute(f"DROP TABLE {tables['h']}")


def test_a_float_for_a_whole_number_column_goes_row_by_row(
    pg: tuple[psycopg.Connection[Any], Tables], sent: list[int]
) -> None:
    """Bound, a float is compared, added and kept greatest as a float and rounded only when
    stored (1 + 0.5 + 0.5 is 2 after each step, 1.5 → 2 → 2.5 → 2... as one at a time); an
    array of the column's type would round it first, or refuse its text ('2.5')."""
    conn, tables = pg
    opened: list[Change] = [
        Upsert("t", {"a": str(i), "b": 1}, {"g": g}, {"n": 1})
        for i, g in enumerate([2.5, 3.5, 1.0, 7])
    ]
    added: list[Change] = [Update("t", {"a": str(i)}, increment={"n": 0.5}) for i in range(4)]
    batches = [opened, added]
    rows = _rows(conn, tables, batches)
    assert sent == []
    assert [(row[4], row[5]) for row in rows] == [(2, 2), (4, 2), (1, 2), (7, 2)]
    assert rows == _rows(conn, tables, [[change] for batch in batches for change in batch])


def test_a_float_for_a_text_column_is_spelt_as_the_server_spells_it(
    pg: tuple[psycopg.Connection[Any], Tables], sent: list[int]
) -> None:
    conn, tables = pg
    floats = [1e15, float("inf"), 0.1, 2.5]
    changes: list[Change] = [
        Upsert("t", {"a": str(i), "b": 1}, {"s": f}) for i, f in enumerate(floats)
    ]
    rows = _rows(conn, tables, [changes])
    assert sent == []
    assert [row[2] for row in rows] == ["1e+15", "Infinity", "0.1", "2.5"]
    assert rows == _rows(conn, tables, [[change] for change in changes])
