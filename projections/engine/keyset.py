"""Keyset pagination in SQL, forwards (`first`/`after`) and backwards (`last`/`before`).

A listing is ordered by a key of columns, all ascending or all descending. A window is
the part of the listing after `after` and before `before` (both optional); `first` takes its
beginning, `last` its end. Backwards, the SQL reverses the order, fetches `last + 1` rows and
the rows are turned back, so pages always come in the listing's order. The extra row tells
whether there is more in the direction of reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from projections.engine.base import Db
from projections.engine.cursors import decode_cursor, encode_cursor


@dataclass(frozen=True)
class Keyset:
    """The sort key of a listing: SQL column expressions, their cursor types, the direction."""

    columns: tuple[str, ...]
    types: tuple[type, ...]
    descending: bool = False

    def cursor(self, *key: Any) -> str:
        return encode_cursor(*key)

    def bound(self, cursor: str, later: bool, p: str) -> tuple[str, list[Any]]:
        """SQL for rows after (`later`) or before the cursor, in the listing's order."""
        key = decode_cursor(cursor, self.types)
        greater = later != self.descending
        op = ">" if greater else "<"
        columns = ", ".join(self.columns)
        marks = ", ".join(p for _ in key)
        return f"({columns}) {op} ({marks})", list(key)

    def order_by(self, reverse: bool) -> str:
        descending = self.descending != reverse
        direction = " DESC" if descending else ""
        return " ORDER BY " + ", ".join(f"{c}{direction}" for c in self.columns)


@dataclass(frozen=True)
class Window:
    """Which page to read: `first` after `after`, or `last` before `before` (not both sizes)."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    @property
    def backwards(self) -> bool:
        return self.last is not None

    def size(self, default: int, maximum: int) -> int:
        asked = self.last if self.last is not None else self.first
        return max(1, min(default if asked is None else asked, maximum))


@dataclass(frozen=True)
class Bounds:
    """The SQL a window adds to a query: WHERE parts with their parameters, ORDER BY, LIMIT."""

    where: list[str]
    params: list[Any]
    order_by: str
    limit: int


def bounds(keyset: Keyset, window: Window, size: int, p: str) -> Bounds:
    where: list[str] = []
    params: list[Any] = []
    for cursor, later in ((window.after, True), (window.before, False)):
        if cursor is not None:
            sql, values = keyset.bound(cursor, later, p)
            where.append(sql)
            params += values
    return Bounds(where, params, keyset.order_by(window.backwards), size + 1)


@dataclass(frozen=True)
class Slice:
    """The rows of a page in the listing's order, and whether more lie on either side."""

    rows: list[Any]
    has_next_page: bool
    has_previous_page: bool


def page_rows(rows: Sequence[Any], window: Window, size: int) -> Slice:
    """Drop the extra row, turn a backwards read around, tell what lies beyond."""
    more = len(rows) > size
    kept = list(rows[:size])
    if window.backwards:
        kept.reverse()
        return Slice(kept, window.before is not None, more)
    return Slice(kept, more, window.after is not None)


class Cursored(Protocol):
    @property
    def cursor(self) -> str: ...


C = TypeVar("C", bound=Cursored)


@dataclass(frozen=True)
class Page(Generic[C]):
    """One page of a keyset listing, its items in the listing's order."""

    items: tuple[C, ...]
    has_next_page: bool
    has_previous_page: bool

    @property
    def start_cursor(self) -> str | None:
        return self.items[0].cursor if self.items else None

    @property
    def end_cursor(self) -> str | None:
        return self.items[-1].cursor if self.items else None


def where_clause(parts: Sequence[str]) -> str:
    """` WHERE a AND b`, or nothing when there is no condition."""
    return f" WHERE {' AND '.join(parts)}" if parts else ""


def read_window(
    db: Db,
    select: str,
    conditions: Sequence[str],
    params: Sequence[Any],
    keyset: Keyset,
    window: Window,
    size: int,
    p: str,
) -> Slice:
    """The rows of one page of `select` (a `SELECT … FROM …` without WHERE) under the
    conditions, in the listing's order."""
    b = bounds(keyset, window, size, p)
    sql = f"{select}{where_clause([*conditions, *b.where])}{b.order_by} LIMIT {b.limit}"
    return page_rows(db.execute(sql, [*params, *b.params]).fetchall(), window, size)


def count_rows(db: Db, table: str, conditions: Sequence[str], params: Sequence[Any]) -> int:
    """How many rows of `table` (a table name, optionally with an alias) meet the conditions."""
    sql = f"SELECT COUNT(*) FROM {table}{where_clause(conditions)}"
    return int(db.execute(sql, params).fetchone()[0])
