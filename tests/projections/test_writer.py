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
