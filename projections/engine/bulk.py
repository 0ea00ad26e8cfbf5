"""PostgreSQL: many rows of one statement as one statement over arrays, a column each.

The writer sends a round of one table's changes as one statement with many parameter rows.
psycopg sends those row by row (each a pipelined, prepared execution whose values it dumps
in Python: about 9 µs of this process's CPU a row, and as many executions on the server).
Here the same rows go as one statement whose parameters are the columns, each joined into
one text that the server splits (`string_to_array`) and casts to the column's type, then
`unnest` into rows again: an `INSERT … SELECT` for upserts, `UPDATE … FROM` and `DELETE …
USING` for the others. The rows are those of the row-by-row statement, since a round holds
at most one change of any one row (`writer.in_rounds`) and its changes commute.

The column types come from the catalog, once per table. A column whose values hold the
separator (or a value equal to the NULL mark) goes as a list, which psycopg dumps itself. A
whole-number or text column given a float, or a value other than a string, a number or NULL,
goes row by row (`_ROUNDED_OR_SPELT`, `_PLAIN`).
Rows that name the same row twice (a run of changes sent in their order can) go row by row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from projections.engine.base import Db

SEPARATOR = "\x1f"
"""Joins a column's values (the unit separator: white space to `projections.text`)."""
NULL = "\x1e"
"""Stands for NULL among a column's joined values (the record separator)."""
BULK_MIN = 4
"""Rows from which a statement goes over arrays (fewer: row by row, as prepared statements
that cost less than an array statement's joins and casts)."""


@dataclass
class Bulk:
    """The array form of one row-by-row statement.

    `template` has `{arrays}` where the arrays go, one per entry of `columns`: the index of
    its value in a row of the row-by-row statement, and the table's column whose type it
    takes. `keys`: the indexes of the values that name the row a parameter row changes."""

    table: str
    template: str
    columns: tuple[tuple[int, str], ...]
    keys: tuple[int, ...]
    _texts: dict[tuple[Any, ...], str] = field(default_factory=dict)

    def fits(self, rows: Sequence[Sequence[Any]]) -> bool:
        """Whether the rows may go as one statement: each names a row of its own. (A round
        does; a run of changes sent in order may name a row twice, which row by row is two
        changes one after the other, and over arrays an update applied once or an upsert
        refused.)"""
        keys = self.keys
        if len(keys) == 1:
            (at,) = keys
            return len({row[at] for row in rows}) == len(rows)
        return len({tuple(row[i] for i in keys) for row in rows}) == len(rows)

    def statement(self, types: dict[str, str], listed: tuple[bool, ...]) -> str:
        key = (tuple(types.get(c, "") for _, c in self.columns), listed)
        sql = self._texts.get(key)
        if sql is None:
            arrays = ", ".join(
                f"%s::{types[column]}[]"
                if as_list
                else f"string_to_array(%s, chr(31), chr(30))::{types[column]}[]"
                for (_, column), as_list in zip(self.columns, listed, strict=True)
            )
            sql = self._texts[key] = self.template.format(arrays=arrays)
            _SENT.add(sql)
        return sql


_SENT: set[str] = set()


def rows_sent(sql: str, params: Sequence[Any]) -> int | None:
    """How many rows a statement sent here stands for (None: not one of these; 0: the
    catalog's), for a count of statements that counts rows (`bench/`)."""
    if sql == _CATALOG:
        return 0
    if sql not in _SENT:
        return None
    first = params[0]
    return len(first) if isinstance(first, list) else first.count(SEPARATOR) + 1


def alias(n: int) -> str:
    """The name of the `n`-th array's column in `unnest(…) AS _v(…)`."""
    return f"_v{n}"


def aliases(n: int) -> str:
    return ", ".join(alias(i) for i in range(n))


_TYPES: dict[tuple[str, str], dict[str, str]] = {}
_CATALOG = (
    "SELECT attname, format_type(atttypid, NULL) FROM pg_attribute "
    "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped"
)


def column_types(db: Db, table: str) -> dict[str, str]:
    """A table's columns and their types, from the catalog (once per database and table
    name: a read model's tables are named by its version, whose schema does not change)."""
    key = (str(getattr(getattr(db, "info", None), "dbname", "")), table)
    types = _TYPES.get(key)
    if types is None:
        rows = db.execute(_CATALOG, [table]).fetchall()
        types = _TYPES[key] = {str(name): str(kind) for name, kind in rows}
    return types


def forget_types() -> None:
    _TYPES.clear()


def texts(values: list[Any]) -> list[str | None]:
    """A column's values as texts (NULL as None), as the server reads a bound value's: what
    `joined` joins, or, where it cannot, what psycopg dumps as a list of one type (it
    refuses mixed types), cast to the column's type."""
    return [None if v is None else v if type(v) is str else str(v) for v in values]


def joined(column: list[str | None]) -> str | None:
    """A column's texts (`texts`) as one text for `string_to_array(…, chr(31), chr(30))`, or
    None when a value would not come back as itself (it holds the separator or is the NULL
    mark)."""
    marked = [NULL if t is None else t for t in column]
    text = SEPARATOR.join(marked)
    if text.count(SEPARATOR) != len(marked) - 1 or marked.count(NULL) != column.count(None):
        return None
    return text


_PLAIN = frozenset({str, int, float, type(None)})
"""The values whose text the server reads back as it reads the bound value (`db_value`
gives these; anything else goes row by row)."""
_ROUNDED_OR_SPELT = frozenset({"smallint", "integer", "bigint", "text", "character varying"})
"""Column types for which a float's text is not the float: a whole number refuses '2.5' (a
bound float is rounded when stored), and a text column would keep Python's spelling of it
('1000000000000000.0', 'inf') where the server's is '1e+15', 'Infinity'."""


def send(db: Db, bulk: Bulk, rows: Sequence[Sequence[Any]]) -> bool:
    """The rows of the row-by-row statement, as one statement over arrays; False (nothing
    sent) where a value's text would not be read as the bound value is: a float for a
    whole-number column (bound, it is compared, added and kept greatest as a float and
    rounded only when stored; an array of the column's type would round it first) or for a
    text column (spelt otherwise), or a value of another kind."""
    types = column_types(db, bulk.table)
    params: list[Any] = []
    listed: list[bool] = []
    for index, column in bulk.columns:
        values = [row[index] for row in rows]
        kinds = set(map(type, values))
        if not kinds <= _PLAIN or (float in kinds and types[column] in _ROUNDED_OR_SPELT):
            return False
        column_texts = texts(values)
        text = joined(column_texts)
        params.append(text if text is not None else column_texts)
        listed.append(text is None)
    db.execute(bulk.statement(types, tuple(listed)), params)
    return True
