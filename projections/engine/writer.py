"""The generic SQL writer: renders `Upsert`/`Update`/`Delete` for SQLite or PostgreSQL.

It never commits: the runner owns the transaction, and writes the tracking position in it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from projections.engine.base import (
    Begin,
    Change,
    Db,
    Delete,
    Dialect,
    Retire,
    Supersede,
    Tables,
    Update,
    Upsert,
    Value,
)

_KEPT = frozenset({str, int, float, type(None)})


def db_value(value: Value) -> Any:
    """A value as both stores keep it: ISO text for dates, 0/1 for booleans."""
    if type(value) in _KEPT:  # most values: one look
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


class SqlWriter:
    """Applies each change with one statement (a temporal change: a few), table by table.

    A change touches its own table only (a temporal copy reads the table it writes), so
    the changes of different tables commute: each table's statements are sent in the order
    of its changes, and a run of the same statement goes as one `executemany` (a batch of a
    read model's changes is mostly such runs: one per kind of change and table). The rows
    are those of applying every change one by one, in order."""

    def apply(self, db: Db, dialect: Dialect, tables: Tables, changes: Sequence[Change]) -> None:
        by_table: dict[str, list[Change]] = {}
        for change in changes:
            by_table.setdefault(change.table, []).append(change)
        for table_changes in by_table.values():
            run: list[Statement] = []
            for change in coalesce(table_changes):
                if isinstance(change, Begin | Supersede | Retire):
                    run += temporal(change, dialect, tables)
                else:
                    run.append(render(change, dialect, tables))
            execute_runs(db, [s for s in run if s[0]])


Statement = tuple[str, list[Any]]


def coalesce(changes: Sequence[Change]) -> list[Change]:
    """One table's changes with those to the same rows folded together: the rows are those of
    applying every change in order, with fewer statements (a build from 0 changes a case's
    row at each of its steps, and a batch holds many steps of the same cases).

    Changes whose keys name the same columns address disjoint rows when their values differ,
    so they commute: a change is folded into the last one to the same rows when nothing else
    touched those rows in between. What folds: an `Upsert` into an `Upsert`; an `Update`
    into an `Upsert` or an unguarded `Update` — its guard decided by the value the first
    sets (a guard that fails: the update is dropped), its `greatest` by the value the first
    sets or kept as the larger of the two; whole numbers added; columns set, added and kept
    greatest kept apart. A key of other columns, or a temporal change, is a barrier: nothing
    after it is folded into anything before it."""
    out: list[Change] = []
    last: dict[tuple[Value, ...], int] = {}
    columns: tuple[str, ...] = ()
    for change in changes:
        if isinstance(change, Begin | Supersede | Retire):
            out.append(change)
            last.clear()
            columns = ()
            continue
        names = tuple(change.key)
        if names == columns:
            row = tuple(change.key.values())
        elif len(names) == len(columns) and set(names) == set(columns):
            row = tuple(change.key[c] for c in columns)  # the same columns in another order
        else:
            last.clear()
            columns, row = names, tuple(change.key.values())
        at = last.get(row)
        folded = None if at is None else _fold(out[at], change)
        if folded is not None and at is not None:
            out[at] = folded
            continue
        last.pop(row, None)
        out.append(change)
        if isinstance(change, Upsert) or (
            isinstance(change, Update) and not change.when and _whole(change.increment)
        ):
            last[row] = len(out) - 1
    return out


_ORDERED = (int, float, date, datetime)


def _whole(increment: Mapping[str, int | float]) -> bool:
    return all(type(v) is int for v in increment.values())


def _fold(first: Change, then: Change) -> Change | None:
    """`first` then `then` (the same rows) as one change, or None when they do not fold."""
    if isinstance(first, Upsert) and isinstance(then, Upsert):
        # An amount added to a column the first did not start is added to NULL: kept apart.
        values, added = {**first.values, **then.values}, _sum(first.increment, then.increment)
        whole = _whole(then.increment) and _whole(first.increment)
        if whole and set(then.increment) <= set(first.increment) and not set(values) & set(added):
            return Upsert(first.table, first.key, values, added)
        return None
    if not isinstance(then, Update) or not _whole(then.increment):
        return None
    if not isinstance(first, Upsert | Update):
        return None
    known = {**first.key, **(first.values if isinstance(first, Upsert) else first.set)}
    if any(c not in known for c in then.when):
        return None
    if not all(
        db_value(known[c]) in {db_value(v) for v in allowed} for c, allowed in then.when.items()
    ):
        return first  # after `first`, the guard fails: the update changes nothing
    values = dict(then.set)
    greatest = dict(first.greatest) if isinstance(first, Update) else {}
    for column, value in then.greatest.items():
        if value is None:
            continue
        kept = known.get(column, greatest.get(column))
        if column in values or column in first.key or type(value) not in _ORDERED:
            return None  # (text: the database's collation might order it otherwise)
        if kept is not None and type(kept) is not type(value):
            return None
        larger = value if kept is None else max(kept, value)
        if column in known:
            values[column] = larger
        elif isinstance(first, Update):
            greatest[column] = larger
        else:
            return None  # an upsert's row may already hold a larger value
    if isinstance(first, Upsert):
        values = {**first.values, **values}
        if then.increment or set(values) & set(first.increment):
            return None
        return Upsert(first.table, first.key, values, first.increment)
    values = {**first.set, **values}
    greatest = {c: v for c, v in greatest.items() if c not in values}
    added = _sum(first.increment, then.increment)
    if set(values) & set(added) or set(greatest) & set(added):
        return None
    return Update(first.table, first.key, set=values, increment=added, greatest=greatest)


def _sum(a: Mapping[str, int | float], b: Mapping[str, int | float]) -> dict[str, int | float]:
    added = dict(a)
    for column, amount in b.items():
        added[column] = added.get(column, 0) + amount
    return added


def execute_runs(db: Db, statements: Sequence[Statement]) -> None:
    """The statements in order, each run of the same SQL as one `executemany`."""
    start = 0
    while start < len(statements):
        sql, end = statements[start][0], start + 1
        while end < len(statements) and statements[end][0] == sql:
            end += 1
        execute_many(db, sql, [params for _, params in statements[start:end]])
        start = end


def execute_many(db: Db, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """One statement for many parameter rows: sqlite3's `executemany`, a psycopg cursor's
    (pipelined on PostgreSQL), or one `execute` per row on any other connection."""
    if len(rows) == 1:
        db.execute(sql, rows[0])
        return
    many = getattr(db, "executemany", None)
    if many is None and hasattr(db, "cursor"):
        many = db.cursor().executemany
    if many is not None:
        many(sql, rows)
        return
    for params in rows:
        db.execute(sql, params)


def temporal(
    change: Begin | Supersede | Retire, dialect: Dialect, tables: Tables
) -> list[tuple[str, list[Any]]]:
    """A change to a temporal table (see `Begin`) as its statements, in order."""
    table, p = tables[change.table], dialect.param
    if isinstance(change, Begin):
        row = {**change.key, **change.values, "valid_from": change.at, "valid_to": None}
        names, marks = ", ".join(row), ", ".join(p for _ in row)
        keys = ", ".join([*change.key, "valid_from"])
        values = ", ".join(f"{c} = excluded.{c}" for c in [*change.values, "valid_to"])
        sql = (
            f"INSERT INTO {table} ({names}) VALUES ({marks}) "
            f"ON CONFLICT ({keys}) DO UPDATE SET {values}"
        )
        return [(sql, [db_value(v) for v in row.values()])]
    where, params = _where(change.key, {}, p)
    current = f"{where} AND valid_to IS NULL"
    close = (
        f"UPDATE {table} SET valid_to = {p} WHERE {current} AND valid_from < {p}",
        [change.at, *params, change.at],
    )
    if isinstance(change, Retire):
        return [close]
    assigned = [f"{c} = {p}" for c in change.set]
    in_place = (
        f"UPDATE {table} SET {', '.join(assigned)} WHERE {current} AND valid_from = {p}",
        [*(db_value(v) for v in change.set.values()), *params, change.at],
    )
    copied = [p if c in change.set else c for c in change.columns]
    copy = (
        f"INSERT INTO {table} ({', '.join(change.columns)}, valid_from, valid_to) "
        f"SELECT {', '.join(copied)}, {p}, NULL FROM {table} WHERE {current} AND valid_from < {p}",
        [
            *(db_value(change.set[c]) for c in change.columns if c in change.set),
            change.at,
            *params,
            change.at,
        ],
    )
    return [in_place, copy, close]


def render(
    change: Upsert | Update | Delete, dialect: Dialect, tables: Tables
) -> tuple[str, list[Any]]:
    """One change as SQL and parameters (an empty statement when there is nothing to do)."""
    table = tables[change.table]
    if isinstance(change, Upsert):
        return _upsert(change, dialect, table)
    if isinstance(change, Update):
        return _update(change, dialect, table)
    return _delete(change, dialect, table)


_STATEMENTS: dict[tuple[Any, ...], str] = {}
STATEMENTS_KEPT = 4096
"""Statements kept by the shape of their change (table, columns, guards): a build renders
the same few shapes hundreds of thousands of times, and building the text was a quarter of
the case list's build."""


def _statement(shape: tuple[Any, ...], build: Callable[[], str]) -> str:
    sql = _STATEMENTS.get(shape)
    if sql is None:
        if len(_STATEMENTS) >= STATEMENTS_KEPT:
            _STATEMENTS.clear()
        sql = _STATEMENTS[shape] = build()
    return sql


def _upsert(change: Upsert, dialect: Dialect, table: str) -> tuple[str, list[Any]]:
    columns = {**change.key, **change.values, **change.increment}
    shape = ("upsert", dialect, table, *change.key, "", *change.values, "", *change.increment)
    return _statement(shape, lambda: _upsert_sql(change, dialect, table, columns)), [
        db_value(v) for v in columns.values()
    ]


def _upsert_sql(change: Upsert, dialect: Dialect, table: str, columns: Mapping[str, Any]) -> str:
    p = dialect.param
    names = ", ".join(columns)
    marks = ", ".join(p for _ in columns)
    keys = ", ".join(change.key)
    assignments = [f"{c} = excluded.{c}" for c in change.values]
    assignments += [f"{c} = {table}.{c} + excluded.{c}" for c in change.increment]
    action = f"DO UPDATE SET {', '.join(assignments)}" if assignments else "DO NOTHING"
    return f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT ({keys}) {action}"


def _update(change: Update, dialect: Dialect, table: str) -> tuple[str, list[Any]]:
    greatest = {c: v for c, v in change.greatest.items() if v is not None}
    if not (change.set or change.increment or greatest):
        return "", []
    params: list[Any] = [db_value(v) for v in change.set.values()]
    params += change.increment.values()
    for value in greatest.values():
        params += [db_value(value), db_value(value)]
    params += _where_params(change.key, change.when)
    guards = ((c, len(a)) for c, a in change.when.items())
    columns = (*change.set, "", *change.increment, "", *greatest, "", *change.key, "", *guards)
    shape = ("update", dialect, table, *columns)
    return _statement(shape, lambda: _update_sql(change, dialect, table, greatest)), params


def _update_sql(change: Update, dialect: Dialect, table: str, greatest: Mapping[str, Value]) -> str:
    p = dialect.param
    parts = [f"{column} = {p}" for column in change.set]
    parts += [f"{column} = COALESCE({column}, 0) + {p}" for column in change.increment]
    parts += [f"{column} = {dialect.greatest(column, p)}" for column in greatest]
    where, _ = _where(change.key, change.when, p)
    return f"UPDATE {table} SET {', '.join(parts)} WHERE {where}"


def _delete(change: Delete, dialect: Dialect, table: str) -> tuple[str, list[Any]]:
    if not change.key:
        raise ValueError(f"a Delete from {change.table} needs at least one key column")
    where, params = _where(change.key, {}, dialect.param)
    return f"DELETE FROM {table} WHERE {where}", params


def _where(
    key: Mapping[str, Value], when: Mapping[str, tuple[Value, ...]], p: str
) -> tuple[str, list[Any]]:
    parts = [f"{c} = {p}" for c in key]
    for column, allowed in when.items():
        if not allowed:
            parts.append("1 = 0")
            continue
        parts.append(f"{column} IN ({', '.join(p for _ in allowed)})")
    return " AND ".join(parts) or "1 = 1", _where_params(key, when)


def _where_params(key: Mapping[str, Value], when: Mapping[str, tuple[Value, ...]]) -> list[Any]:
    params = [db_value(v) for v in key.values()]
    for allowed in when.values():
        params += [db_value(v) for v in allowed]
    return params


_SEPARATOR = "\x1f"  # the unit separator: white space to `projections.text`, so in no word


def text_array(param: str, values: Sequence[str]) -> tuple[str, Any]:
    """The SQL of a PostgreSQL `text[]` parameter and the value to bind to it: the values
    joined into one string that the server splits (`string_to_array`), since psycopg dumps
    a list value by value in Python (a few hundred words: 0.53 ms a statement, joined 0.12).
    Values holding the separator, or a lone empty string, go as a list."""
    joined = _SEPARATOR.join(values)
    if joined and joined.count(_SEPARATOR) == len(values) - 1:
        return f"string_to_array({param}, chr(31))", joined
    return f"{param}::text[]", list(values)
