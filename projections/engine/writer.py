"""The generic SQL writer: renders `Upsert`/`Update`/`Delete` for SQLite or PostgreSQL.

It never commits: the runner owns the transaction, and writes the tracking position in it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from projections.engine import bulk as arrays
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
    the changes of different tables commute: each table's changes are folded (`coalesce`),
    then sent in order, each run of the same statement as one `executemany`, or, where
    `rounds` says so, in rounds (`in_rounds`). The rows are those of applying every change
    one by one, in order."""

    rounds: bool | None = None
    """Send a table's changes in rounds: on PostgreSQL (None), where each statement is a
    pipelined exchange that psycopg prepares in Python (the case list's build from 0 sent
    27,000 statements for 41,000 events in runs, 1,800 in rounds); not on SQLite, where a
    statement is a call into the library and grouping cost more than it saved."""

    def apply(self, db: Db, dialect: Dialect, tables: Tables, changes: Sequence[Change]) -> None:
        by_table: dict[str, list[Change]] = {}
        for change in changes:
            by_table.setdefault(change.table, []).append(change)
        grouped = dialect is Dialect.POSTGRES if self.rounds is None else self.rounds
        for table_changes in by_table.values():
            folded = coalesce(table_changes)
            send = in_rounds if grouped else in_order
            for sql, rows in send(folded, dialect, tables):
                execute_many(db, sql, rows)


Statement = tuple[str, list[Any]]


def in_rounds(
    changes: Sequence[Change], dialect: Dialect, tables: Tables
) -> list[tuple[str, list[list[Any]]]]:
    """One table's changes as statements, each with its parameter rows, in an order that
    gives the rows of applying the changes one by one.

    A change touches the rows its key matches (the read models' keys are their primary
    keys, or a part of them). Two changes whose keys give different values to a column they
    both name touch different rows, so they commute. Each change goes in the round after
    the last earlier change that may touch its rows; the rounds are sent in order, and
    within a round each statement once, with all its rows (a build's batch changes many
    cases at different steps: hundreds of short runs of alternating statements became a
    few `executemany`). Temporal changes are barriers: what comes after them waits for
    everything before. Where a change sets a column that a key names (a row moving to
    another key), the table's statements are sent in order, runs together, as before."""
    keyed = {column for change in changes for column in change.key}
    if any(_sets_any(change, keyed) for change in changes):
        return in_order(changes, dialect, tables)
    out: list[tuple[str, list[list[Any]]]] = []
    rounds: list[dict[str, list[list[Any]]]] = []
    reached = _Reached()
    for change in changes:
        if isinstance(change, Begin | Supersede | Retire):
            out += _flattened(rounds)
            rounds, reached = [], _Reached()
            _extend(out, temporal(change, dialect, tables))
            continue
        sql, params = render(change, dialect, tables)
        if not sql:
            continue
        level = reached.after(tuple(change.key), _row(change.key))
        if level == len(rounds):
            rounds.append({})
        rounds[level].setdefault(sql, []).append(params)
    return out + _flattened(rounds)


def _extend(out: list[tuple[str, list[list[Any]]]], statements: Sequence[Statement]) -> None:
    """The statements after `out`, each run of the same one as one with its rows, the first
    joining `out`'s last if it is the same: consecutive changes of a temporal table of one
    shape (a build's facts begun one after another, each at its own position) go together.
    Their rows commute: each names its own row (key and position), or they go row by row."""
    for sql, params in statements:
        if out and out[-1][0] == sql:
            out[-1][1].append(params)
        else:
            out.append((sql, [params]))


def _row(key: Mapping[str, Value]) -> tuple[Any, ...]:
    """A key's values as the stores compare them (a date as its text, a boolean as 0/1)."""
    values = tuple(key.values())
    if _KEPT.issuperset(map(type, values)):
        return values
    return tuple(db_value(v) for v in values)


def _flattened(
    rounds: list[dict[str, list[list[Any]]]],
) -> list[tuple[str, list[list[Any]]]]:
    return [(sql, rows) for statements in rounds for sql, rows in statements.items()]


def _sets_any(change: Change, columns: set[str]) -> bool:
    """Whether `change` writes any of `columns`."""
    if isinstance(change, Upsert):
        return not (columns.isdisjoint(change.values) and columns.isdisjoint(change.increment))
    if isinstance(change, Update):
        return not (
            columns.isdisjoint(change.set)
            and columns.isdisjoint(change.increment)
            and columns.isdisjoint(change.greatest)
        )
    if isinstance(change, Supersede):
        return not columns.isdisjoint(change.set)
    return False


_Step = tuple[tuple[str, ...], tuple[int, ...] | None, tuple[int, ...]]


class _Reached:
    """For the keys met so far, the last round that touched rows a new key may match.

    Keys are told apart by the columns they name, in their order (a table's changes use one
    or two such shapes): for each, the round of each key's values, and, made when a key of
    another shape first asks, the same by the part of the columns the two shapes share."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, ...], dict[tuple[Any, ...], int]] = {}
        self.top: dict[tuple[str, ...], int] = {}
        self.parts: dict[tuple[str, ...], dict[tuple[int, ...], dict[tuple[Any, ...], int]]] = {}
        self.plans: dict[tuple[str, ...], list[_Step]] = {}

    def after(self, names: tuple[str, ...], values: tuple[Any, ...]) -> int:
        """The round for a change of the key `names` = `values` (recorded as reached)."""
        plan = self.plans.get(names)
        if plan is None:
            plan = self._plan(names)
        level = 0
        for seen, shared, ours in plan:
            if shared is None:  # no column in common: any of its rows may be these
                level = max(level, self.top[seen] + 1)
                continue
            if seen == names:
                last = self.rows[seen].get(values)
            else:
                last = self.parts[seen][shared].get(tuple(values[i] for i in ours))
            if last is not None and last >= level:
                level = last + 1
        rows = self.rows.get(names)
        if rows is None:
            rows = self.rows[names] = {}
            self.top[names] = level
            self.parts[names] = {}
            self.plans.clear()  # a new shape: every plan must look at it
        elif level > self.top[names]:
            self.top[names] = level
        if rows.get(values, -1) < level:
            rows[values] = level
        for shared, index in self.parts[names].items():
            part = tuple(values[i] for i in shared)
            if index.get(part, -1) < level:
                index[part] = level
        return level

    def _plan(self, names: tuple[str, ...]) -> list[_Step]:
        """For each shape of key met so far: the positions of the columns it shares with
        `names`, in its own order and in `names` (None: it shares none)."""
        plan: list[_Step] = []
        for seen, rows in self.rows.items():
            shared = tuple(i for i, column in enumerate(seen) if column in names)
            if not shared:
                plan.append((seen, None, ()))
                continue
            if seen != names and shared not in self.parts[seen]:
                index: dict[tuple[Any, ...], int] = {}
                for row, last in rows.items():
                    part = tuple(row[i] for i in shared)
                    if index.get(part, -1) < last:
                        index[part] = last
                self.parts[seen][shared] = index
            plan.append((seen, shared, tuple(names.index(seen[i]) for i in shared)))
        self.plans[names] = plan
        return plan


def in_order(
    changes: Sequence[Change], dialect: Dialect, tables: Tables
) -> list[tuple[str, list[list[Any]]]]:
    """One table's changes as statements in their order, each run of the same statement as
    one with its rows."""
    statements: list[Statement] = []
    for change in changes:
        if isinstance(change, Begin | Supersede | Retire):
            statements += temporal(change, dialect, tables)
        else:
            statements.append(render(change, dialect, tables))
    return runs([s for s in statements if s[0]])


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


def runs(statements: Sequence[Statement]) -> list[tuple[str, list[list[Any]]]]:
    """The statements in order, each run of the same SQL as one statement with its rows."""
    out: list[tuple[str, list[list[Any]]]] = []
    _extend(out, statements)
    return out


def execute_many(db: Db, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """One statement for many parameter rows: on PostgreSQL a statement the writer rendered,
    with enough rows, as one statement over arrays (`bulk`); else sqlite3's `executemany`, a
    psycopg cursor's (pipelined on PostgreSQL), or one `execute` per row on any other
    connection."""
    if len(rows) >= arrays.BULK_MIN:
        bulk = _BULK.get(sql)
        if bulk is not None and bulk.fits(rows) and arrays.send(db, bulk, rows):
            return
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
        sql = _statement(
            ("begin", dialect, table, *change.key, "", *change.values),
            dialect,
            lambda: _begin_sql(change, table, f"VALUES ({_marks(dialect, row)})"),
            lambda: arrays.Bulk(  # the key and its position name the row
                table,
                _begin_sql(change, table, "SELECT * FROM unnest({arrays})"),
                tuple(enumerate(row)),
                (*range(len(change.key)), len(change.key) + len(change.values)),
            ),
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
_BULK: dict[str, arrays.Bulk] = {}
"""PostgreSQL: the array form of each statement kept (by its text)."""


def _statement(
    shape: tuple[Any, ...],
    dialect: Dialect,
    build: Callable[[], str],
    bulk: Callable[[], arrays.Bulk | None],
) -> str:
    sql = _STATEMENTS.get(shape)
    if sql is None:
        if len(_STATEMENTS) >= STATEMENTS_KEPT:
            _STATEMENTS.clear()
            _BULK.clear()
        sql = _STATEMENTS[shape] = build()
        form = bulk() if dialect is Dialect.POSTGRES else None
        if form is not None:
            _BULK[sql] = form
    return sql


def _upsert(change: Upsert, dialect: Dialect, table: str) -> tuple[str, list[Any]]:
    columns = {**change.key, **change.values, **change.increment}
    shape = ("upsert", dialect, table, *change.key, "", *change.values, "", *change.increment)
    sql = _statement(
        shape,
        dialect,
        lambda: _upsert_sql(change, table, columns, f"VALUES ({_marks(dialect, columns)})"),
        lambda: arrays.Bulk(
            table,
            _upsert_sql(change, table, columns, "SELECT * FROM unnest({arrays})"),
            tuple(enumerate(columns)),
            tuple(range(len(change.key))),
        ),
    )
    return sql, [db_value(v) for v in columns.values()]


def _begin_sql(change: Begin, table: str, rows: str) -> str:
    names = ", ".join([*change.key, *change.values, "valid_from", "valid_to"])
    keys = ", ".join([*change.key, "valid_from"])
    values = ", ".join(f"{c} = excluded.{c}" for c in [*change.values, "valid_to"])
    return f"INSERT INTO {table} ({names}) {rows} ON CONFLICT ({keys}) DO UPDATE SET {values}"


def _marks(dialect: Dialect, columns: Mapping[str, Any]) -> str:
    """A placeholder for each column (built with the statement, not at each change)."""
    return ", ".join(dialect.param for _ in columns)


def _upsert_sql(change: Upsert, table: str, columns: Mapping[str, Any], rows: str) -> str:
    names = ", ".join(columns)
    keys = ", ".join(change.key)
    assignments = [f"{c} = excluded.{c}" for c in change.values]
    assignments += [f"{c} = {table}.{c} + excluded.{c}" for c in change.increment]
    action = f"DO UPDATE SET {', '.join(assignments)}" if assignments else "DO NOTHING"
    return f"INSERT INTO {table} ({names}) {rows} ON CONFLICT ({keys}) {action}"


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
    sql = _statement(
        shape,
        dialect,
        lambda: _update_sql(change, dialect, table, greatest),
        lambda: _update_bulk(change, dialect, table, greatest),
    )
    return sql, params


def _update_sql(change: Update, dialect: Dialect, table: str, greatest: Mapping[str, Value]) -> str:
    p = dialect.param
    parts = [f"{column} = {p}" for column in change.set]
    parts += [f"{column} = COALESCE({column}, 0) + {p}" for column in change.increment]
    parts += [f"{column} = {dialect.greatest(column, p)}" for column in greatest]
    where, _ = _where(change.key, change.when, p)
    return f"UPDATE {table} SET {', '.join(parts)} WHERE {where}"


def _update_bulk(
    change: Update, dialect: Dialect, table: str, greatest: Mapping[str, Value]
) -> arrays.Bulk | None:
    """`_update_sql`'s statement over arrays: its parameters' places in a row, each a
    column of `_v`, joined to the rows by the key (a round's keys differ, so a row of the
    table meets at most one row of `_v`). None without a key (every row: one at a time)."""
    if not change.key:
        return None
    columns: list[tuple[int, str]] = []
    place = 0

    def take(column: str, width: int = 1) -> str:
        nonlocal place
        columns.append((place, column))
        place += width
        return f"_v.{arrays.alias(len(columns) - 1)}"

    parts = [f"{c} = {take(c)}" for c in change.set]
    parts += [f"{c} = COALESCE(_t.{c}, 0) + {take(c)}" for c in change.increment]
    for c in greatest:
        value = take(c, width=2)  # the row-by-row statement names the value twice
        parts.append(f"{c} = {dialect.greatest(f'_t.{c}', value)}")
    keys = range(place, place + len(change.key))
    where = [f"_t.{c} = {take(c)}" for c in change.key]
    for column, allowed in change.when.items():
        named = [take(column) for _ in allowed]
        where.append(f"_t.{column} IN ({', '.join(named)})" if named else "1 = 0")
    return arrays.Bulk(
        table,
        f"UPDATE {table} AS _t SET {', '.join(parts)} FROM unnest({{arrays}}) "
        f"AS _v({arrays.aliases(len(columns))}) WHERE {' AND '.join(where)}",
        tuple(columns),
        tuple(keys),
    )


def _delete(change: Delete, dialect: Dialect, table: str) -> tuple[str, list[Any]]:
    if not change.key:
        raise ValueError(f"a Delete from {change.table} needs at least one key column")
    where, params = _where(change.key, {}, dialect.param)
    shape = ("delete", dialect, table, *change.key)
    sql = _statement(
        shape,
        dialect,
        lambda: f"DELETE FROM {table} WHERE {where}",
        lambda: arrays.Bulk(
            table,
            f"DELETE FROM {table} AS _t USING unnest({{arrays}}) "
            f"AS _v({arrays.aliases(len(change.key))}) WHERE "
            + " AND ".join(f"_t.{c} = _v.{arrays.alias(i)}" for i, c in enumerate(change.key)),
            tuple(enumerate(change.key)),
            tuple(range(len(change.key))),
        ),
    )
    return sql, params


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
