"""The SQL writer has the semantics of `MemoryTables` (checked on an SQLite file)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from projections.engine.base import Change, Delete, Dialect, MemoryTables, Tables, Update, Upsert
from projections.engine.writer import SqlWriter, render

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


def test_runs_of_one_statement_go_together_table_by_table(tmp_path: Path) -> None:
    """Interleaved changes of two tables give the rows of applying them one by one, with
    each run of the same statement in one `executemany`."""
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

    class Counting:
        def execute(self, sql: str, params: list[object]) -> object:
            calls.append(1)
            return conn.execute(sql, params)

        def executemany(self, sql: str, rows: list[list[object]]) -> object:
            calls.append(len(rows))
            return conn.executemany(sql, rows)

    SqlWriter().apply(Counting(), Dialect.SQLITE, tables, changes)
    memory = MemoryTables({"u": ("k",), "t": ("a", "b")}).apply(changes)
    assert conn.execute(f"SELECT k, v, n FROM {tables['u']} ORDER BY k").fetchall() == [
        (r["k"], r["v"], r["n"]) for r in memory.table("u")
    ]
    assert conn.execute(f"SELECT a, n FROM {tables['t']} ORDER BY a").fetchall() == [
        (r["a"], r["n"]) for r in memory.table("t")
    ]
    assert sum(calls) == len(changes)
    assert calls == [6, 1, 3, 1]  # u: a run of 6 upserts, the delete; t: 3 upserts, the update
