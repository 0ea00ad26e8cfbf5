"""The SQL writer has the semantics of `MemoryTables` (checked on an SQLite file)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from projections.engine.base import Change, Delete, Dialect, MemoryTables, Tables, Update, Upsert
from projections.engine.writer import SqlWriter, coalesce, render

KEYS = {"t": ("a", "b")}
TABLES = Tables("x_", "t", 1)

CHANGES: list[Change] = [
    Upsert("t", {"a": "1", "b": 1}, {"s": "intake", "d": date(2024, 5, 1)}, {"n": 1}),
    Upsert("t", {"a": "1", "b": 1}, {"s": "intake"}, {"n": 2}),
    Upsert("t", {"a": "1", "b": 2}, {"s": "closed", "d": None}, {"n": 5}),
    Update("t", {"a": "1"}, set={"s": "agreed"}, when={"s": ("intake", "coordinating")}),
    Update("t", {"a": "1"}, greatest={"d": date(2024, 6, 1)}, increment={"n": 10}),
    Update("t", {"a": "1", "b": 1}, greatest={"d": date(2024, 1, 1)}),
    Upsert("t", {"a": "2", "b": 1}, {"s": "x", "d": None}, {"n": 0}),
    Delete("t", {"a": "2"}),
]


def test_sql_writer_agrees_with_memory_tables(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "w.sqlite3")
    conn.execute(
        f"CREATE TABLE {TABLES['t']} (a TEXT, b INTEGER, s TEXT, d TEXT, n INTEGER, "
        "PRIMARY KEY (a, b))"
    )
    SqlWriter().apply(conn, Dialect.SQLITE, TABLES, CHANGES)
    stored = conn.execute(f"SELECT a, b, s, d, n FROM {TABLES['t']} ORDER BY a, b").fetchall()
    conn.close()
    memory = MemoryTables(KEYS).apply(CHANGES).table("t")
    expected = [
        (r["a"], r["b"], r["s"], None if r["d"] is None else str(r["d"]), r["n"]) for r in memory
    ]
    assert stored == expected
    assert expected == [("1", 1, "agreed", "2024-06-01", 13), ("1", 2, "closed", "2024-06-01", 15)]


def test_table_names_carry_prefix_and_version() -> None:
    assert Tables("ledger_", "case_list", 2)["case_list"] == "ledger_rm_case_list_v2"
    assert Tables("ledger_", "case_list", 2)["parties"] == "ledger_rm_case_list_parties_v2"


def test_postgres_statements_use_its_placeholders_and_greatest() -> None:
    sql, params = render(
        Update("t", {"a": "1"}, greatest={"d": date(2024, 6, 1)}), Dialect.POSTGRES, TABLES
    )
    assert sql == "UPDATE x_rm_t_v1 SET d = GREATEST(COALESCE(d, %s), %s) WHERE a = %s"
    assert params == ["2024-06-01", "2024-06-01", "1"]


def test_a_delete_needs_a_key() -> None:
    with pytest.raises(ValueError, match="needs at least one key column"):
        render(Delete("t", {}), Dialect.SQLITE, TABLES)


class Counting:
    """A connection that notes how many rows each statement carried."""

    def __init__(self, conn: sqlite3.Connection, calls: list[int]) -> None:
        self.conn, self.calls = conn, calls

    def execute(self, sql: str, params: list[object]) -> object:
        self.calls.append(1)
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: list[list[object]]) -> object:
        self.calls.append(len(rows))
        return self.conn.executemany(sql, rows)


def test_runs_of_one_statement_go_together_table_by_table(tmp_path: Path) -> None:
    """Interleaved changes of two tables give the rows of applying them one by one, with
    the changes to one row folded together and each run of the same statement in one
    `executemany`."""
    tables = Tables("x_", "m", 1)
    changes: list[Change] = []
    for i in range(3):
        changes += [
            Upsert("u", {"k": i}, {"v": "a"}, {"n": 1}),
            Upsert("t", {"a": str(i), "b": 1}, {"s": "intake", "d": None}, {"n": 1}),
            Upsert("u", {"k": 0}, {"v": f"after {i}"}, {"n": 1}),
        ]
    changes += [Delete("u", {"k": 1}), Update("t", {"a": "2"}, increment={"n": 5})]
    conn = sqlite3.connect(tmp_path / "w.sqlite3")
    conn.execute(f"CREATE TABLE {tables['u']} (k INTEGER PRIMARY KEY, v TEXT, n INTEGER)")
    conn.execute(
        f"CREATE TABLE {tables['t']} (a TEXT, b INTEGER, s TEXT, d TEXT, n INTEGER, "
        "PRIMARY KEY (a, b))"
    )
    calls: list[int] = []
    SqlWriter().apply(Counting(conn, calls), Dialect.SQLITE, tables, changes)
    memory = MemoryTables({"u": ("k",), "t": ("a", "b")}).apply(changes)
    assert conn.execute(f"SELECT k, v, n FROM {tables['u']} ORDER BY k").fetchall() == [
        (r["k"], r["v"], r["n"]) for r in memory.table("u")
    ]
    assert conn.execute(f"SELECT a, n FROM {tables['t']} ORDER BY a").fetchall() == [
        (r["a"], r["n"]) for r in memory.table("t")
    ]
    # u: the four upserts of k=0 fold into the first, a run of 3 upserts, the delete;
    # t: a run of 3 upserts, the update (of a part of the key: nothing folds across it)
    assert calls == [3, 1, 3, 1]


_A = st.sampled_from(["1", "2", "3"])
_B = st.sampled_from([1, 2])
_S = st.sampled_from(["intake", "agreed", "closed"])
_DAY = st.sampled_from([date(2024, 5, 1), date(2024, 6, 1), date(2024, 7, 1)])
_VALUES = st.fixed_dictionaries(
    {}, optional={"s": _S, "d": st.one_of(st.none(), _DAY), "g": st.integers(0, 3)}
)


_SHAPE = st.sampled_from(["ab", "ba", "a", "b"])


def _key(a: str, b: int, shape: str) -> dict[str, object]:
    """A row's whole key (its columns in either order), or a part of it."""
    given = {"a": a, "b": b}
    return {column: given[column] for column in shape}


def change_strategy(a_values: st.SearchStrategy[str] = _A) -> st.SearchStrategy[Change]:
    """Upserts, updates and deletes of rows keyed by (a, b), a one of `a_values`."""
    return st.one_of(
        st.builds(
            lambda a, b, values, n, f: Upsert("t", {"a": a, "b": b}, values, {**n, **f}),
            a_values,
            _B,
            _VALUES,
            st.dictionaries(st.just("n"), st.integers(-3, 3)),
            st.dictionaries(st.just("f"), st.sampled_from([0.1, 0.2, 1.5])),
        ),
        st.builds(
            lambda a, b, shape, values, n, f, greatest, when: Update(
                "t",
                _key(a, b, shape),
                set={c: v for c, v in values.items() if c not in greatest},
                increment={**n, **f},
                greatest=greatest,
                when=when,
            ),
            a_values,
            _B,
            _SHAPE,
            _VALUES,
            st.dictionaries(st.just("n"), st.integers(-3, 3)),
            st.dictionaries(st.just("f"), st.sampled_from([0.1, 0.2])),
            st.fixed_dictionaries({}, optional={"d": _DAY, "g": st.integers(0, 3)}),
            st.dictionaries(st.just("s"), st.lists(_S, max_size=2).map(tuple)),
        ),
        st.builds(lambda a, b, shape: Delete("t", _key(a, b, shape)), _A, _B, _SHAPE),
    )


_CHANGE = change_strategy()


@given(st.lists(_CHANGE, max_size=16))
@hypothesis_settings(max_examples=500, deadline=None)
def test_folded_changes_give_the_rows_of_one_change_at_a_time(changes: list[Change]) -> None:
    """Folding a batch's changes to the same rows (`coalesce`) and sending them in rounds
    (`in_rounds`) never changes the rows."""

    def rows(batches: list[list[Change]], rounds: bool = False) -> list[tuple[object, ...]]:
        conn = sqlite3.connect(":memory:")
        conn.execute(
            f"CREATE TABLE {TABLES['t']} (a TEXT, b INTEGER, s TEXT, d TEXT, g INTEGER, "
            "n INTEGER, f REAL, PRIMARY KEY (a, b))"
        )
        writer = SqlWriter()
        writer.rounds = rounds
        for batch in batches:
            writer.apply(conn, Dialect.SQLITE, TABLES, batch)
        found = conn.execute(f"SELECT * FROM {TABLES['t']} ORDER BY a, b").fetchall()
        conn.close()
        return found

    one_by_one = rows([[change] for change in changes])
    assert rows([changes]) == one_by_one
    assert rows([changes], rounds=True) == one_by_one
    assert len(coalesce(changes)) <= len(changes)


def test_changes_to_one_row_fold_into_one_statement() -> None:
    first, second = {"a": "1", "b": 1}, {"a": "2", "b": 1}
    changes: list[Change] = [
        Upsert("t", first, {"s": "intake", "d": date(2024, 5, 1)}, {"n": 1}),
        Upsert("t", second, {"s": "intake"}),
        Update("t", first, set={"g": 1}, greatest={"d": date(2024, 6, 1)}),
        Update("t", {"b": 1, "a": "1"}, set={"s": "agreed"}, when={"s": ("intake",)}),
        Update("t", first, set={"s": "closed"}, when={"s": ("intake",)}),  # fails: dropped
        Update("t", second, increment={"n": 2}),
        Update("t", second, increment={"n": 3}, greatest={"d": date(2024, 4, 1)}),
        Update("t", second, increment={"n": 3}, when={"s": ("intake",)}),
    ]
    assert coalesce(changes) == [
        Upsert("t", first, {"s": "agreed", "d": date(2024, 6, 1), "g": 1}, {"n": 1}),
        Upsert("t", second, {"s": "intake"}),
        # an upsert's sum may start from NULL, so an addition stays apart; its guard is unknown
        Update("t", second, increment={"n": 5}, greatest={"d": date(2024, 4, 1)}),
        Update("t", second, increment={"n": 3}, when={"s": ("intake",)}),
    ]


def _apply_counting(
    batches: list[list[Change]],
) -> tuple[list[tuple[object, ...]], list[int]]:
    """The rows of table t after each batch went through the writer in rounds (as on
    PostgreSQL), and the rows each statement carried."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        f"CREATE TABLE {TABLES['t']} (a TEXT, b INTEGER, s TEXT, d TEXT, g INTEGER, "
        "n INTEGER, f REAL, PRIMARY KEY (a, b))"
    )
    calls: list[int] = []
    writer = SqlWriter()
    writer.rounds = True
    for batch in batches:
        writer.apply(Counting(conn, calls), Dialect.SQLITE, TABLES, batch)
    found = conn.execute(f"SELECT a, b, s, d FROM {TABLES['t']} ORDER BY a, b").fetchall()
    conn.close()
    return found, calls


def test_steps_of_many_rows_go_as_one_statement_a_kind() -> None:
    """A batch that opens cases and changes each by a part of its key sends one statement
    of each kind, with a row per case, where runs in order sent them alternating."""
    changes: list[Change] = []
    for a in ("1", "2", "3"):
        changes += [
            Upsert("t", {"a": a, "b": 1}, {"s": "intake"}),
            Update("t", {"a": a}, set={"d": "2024-05-01"}),
        ]
    rows, calls = _apply_counting([changes])
    assert rows == [(a, 1, "intake", "2024-05-01") for a in ("1", "2", "3")]
    assert calls == [3, 3]


def test_keys_with_no_column_in_common_keep_their_order() -> None:
    """A change by `a` may touch any row a change by `b` touches: it waits for it, and the
    next change by `b` waits for it in turn, though its statement was sent before."""
    rows = [Upsert("t", {"a": a, "b": b}, {"s": "intake"}) for a in ("1", "2") for b in (1, 2)]
    changes: list[Change] = [
        Update("t", {"b": 2}, set={"s": "x"}),
        Update("t", {"a": "1"}, set={"s": "y"}),
        Update("t", {"b": 1}, set={"s": "z"}),
    ]
    together, calls = _apply_counting([rows, changes])
    one_by_one, _ = _apply_counting([rows, *([c] for c in changes)])
    assert together == one_by_one
    assert ("1", 1, "z", None) in together
    assert calls == [4, 1, 1, 1]


def test_a_change_that_moves_a_row_to_another_key_keeps_the_order() -> None:
    """Where a change sets a key's column, rows may move between keys: the table's
    statements are sent in the order of its changes."""
    rows: list[Change] = [Upsert("t", {"a": "1", "b": 1}, {"s": "intake"})]
    changes: list[Change] = [
        Update("t", {"a": "1", "b": 5}, set={"s": "q"}),
        Update("t", {"a": "1", "b": 1}, set={"b": 2}),
        Update("t", {"a": "1", "b": 2}, set={"s": "x"}),
    ]
    together, calls = _apply_counting([rows, changes])
    one_by_one, _ = _apply_counting([rows, *([c] for c in changes)])
    assert together == one_by_one == [("1", 2, "x", None)]
    assert calls == [1, 1, 1, 1]


def test_a_change_waits_for_the_last_change_of_its_row() -> None:
    """Changes of one shape of key: the second change of a row comes in a later round,
    though its statement was first sent for another row."""
    changes: list[Change] = [
        Delete("t", {"a": "2", "b": 2}),
        Upsert("t", {"a": "1", "b": 1}, {"s": "intake"}),
        Delete("t", {"a": "1", "b": 1}),
        Upsert("t", {"a": "3", "b": 1}, {"s": "intake"}),
    ]
    together, calls = _apply_counting([changes])
    one_by_one, _ = _apply_counting([[c] for c in changes])
    assert together == one_by_one == [("3", 1, "intake", None)]
    assert calls == [1, 2, 1]


def test_rounds_on_postgresql_only() -> None:
    """Unless told, the writer sends rounds on PostgreSQL and runs in order on SQLite."""
    changes: list[Change] = []
    for a in ("1", "2"):
        changes += [
            Upsert("t", {"a": a, "b": 1}, {"s": "intake"}),
            Update("t", {"a": a}, set={"d": "2024-05-01"}),
        ]
    sent: list[tuple[str, int]] = []

    class Recording:
        def execute(self, sql: str, params: list[object]) -> None:
            sent.append((sql.split()[0], 1))

        def executemany(self, sql: str, rows: list[list[object]]) -> None:
            sent.append((sql.split()[0], len(rows)))

    SqlWriter().apply(Recording(), Dialect.POSTGRES, TABLES, changes)
    assert sent == [("INSERT", 2), ("UPDATE", 2)]
    sent.clear()
    SqlWriter().apply(Recording(), Dialect.SQLITE, TABLES, changes)
    assert sent == [("INSERT", 1), ("UPDATE", 1)] * 2
