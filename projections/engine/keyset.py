"""Keyset pagination in SQL, forwards (`first`/`after`) and backwards (`last`/`before`).

A listing is ordered by a key of columns, all ascending or all descending. A window is
the part of the listing after `after` and before `before` (both optional); `first` takes its
beginning, `last` its end. Backwards, the SQL reverses the order, fetches `last + 1` rows and
the rows are turned back, so pages always come in the listing's order. The extra row tells
whether there is more in the direction of reading.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from projections.engine.base import Db, Dialect, ReadConnections, ReadModel, Tables
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
    total: int | None = None
    """How many rows meet the conditions on all pages, when counted with the page."""

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


class Conditions:
    """The WHERE conditions of a read, built up in order, with their parameters."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.parts: list[str] = []
        self.params: list[Any] = []

    @property
    def p(self) -> str:
        """The dialect's placeholder."""
        return self.dialect.param

    def add(self, sql: str, *params: Any) -> Conditions:
        """A condition in SQL, its placeholders filled by `params` in order."""
        self.parts.append(sql)
        self.params += params
        return self

    def equal(self, column: str, value: Any) -> Conditions:
        """`column = value`; no condition when the value is None."""
        return self if value is None else self.add(f"{column} = {self.p}", value)

    def one_of(self, column: str, values: Sequence[Any] | None) -> Conditions:
        """`column IN (values)`; no row at all when there are none; None: no condition."""
        if values is None:
            return self
        if not values:
            return self.add("1 = 0")
        sql, params = self.dialect.one_of(column, values)
        return self.add(sql, *params)


@dataclass(frozen=True)
class Source:
    """What a listing reads: `columns` of `table` (a table name, optionally with an alias)
    and its `joins`, their `{table}` names filled from the read model's tables. A count
    reads `table` alone: the joins must not change which rows there are."""

    columns: str
    table: str
    joins: str = ""

    def filled(self, t: Tables) -> Source:
        return Source(
            self.columns.format_map(t), self.table.format_map(t), self.joins.format_map(t)
        )


Items = Callable[[Db, Tables, Sequence[Any]], tuple[C, ...]]
"""Turns a listing's rows into its items (reading more with `db` where needed)."""

Where = Callable[[Tables, Conditions], Conditions]
"""Adds a read's conditions (the physical tables at hand, for subqueries)."""


class Listing(Generic[C]):
    """Keyset-paginated reading of one read model's rows, in its active version: a page, a
    count, or one item. Before the read model's first build there are no rows."""

    def __init__(
        self,
        connections: ReadConnections,
        model: ReadModel,
        keyset: Keyset,
        sizes: tuple[int, int],
        source: Source,
        items: Items[C],
    ) -> None:
        self.connections = connections
        self.model = model
        self.keyset = keyset
        self.default, self.maximum = sizes
        """A page's size when none is asked for, and the largest."""
        self.source = source
        self.items = items

    def page(self, window: Window, where: Where, counted: bool = False) -> Page[C]:
        """One page in the listing's order: `window.first` rows after `window.after`, or
        `window.last` before `window.before` (at most `maximum`, `default` when not given);
        `counted`: with the number of rows on all pages (`total`), in the same read."""
        size = window.size(self.default, self.maximum)
        p = self.connections.dialect.param
        with self.connections.reading() as db:
            t = self.connections.tables(self.model, db)
            if t is None:
                return Page((), False, False, 0 if counted else None)
            s, c = self.source.filled(t), where(t, Conditions(self.connections.dialect))
            select = f"SELECT {s.columns} FROM {s.table}{s.joins}"
            rows = read_window(db, select, c.parts, c.params, self.keyset, window, size, p)
            total = count_rows(db, s.table, c.parts, c.params) if counted else None
            items = self.items(db, t, rows.rows)
            return Page(items, rows.has_next_page, rows.has_previous_page, total)

    def count(self, where: Where) -> int:
        """How many rows meet the conditions, on all pages: one COUNT(*)."""
        with self.connections.reading() as db:
            t = self.connections.tables(self.model, db)
            if t is None:
                return 0
            c = where(t, Conditions(self.connections.dialect))
            return count_rows(db, self.source.filled(t).table, c.parts, c.params)

    def one(self, where: Where) -> C | None:
        """The item of the one row that meets the conditions (the first, unordered)."""
        with self.connections.reading() as db:
            t = self.connections.tables(self.model, db)
            if t is None:
                return None
            s, c = self.source.filled(t), where(t, Conditions(self.connections.dialect))
            sql = f"SELECT {s.columns} FROM {s.table}{s.joins}{where_clause(c.parts)}"
            found = self.items(db, t, db.execute(sql, c.params).fetchall())
        return found[0] if found else None


F = TypeVar("F")


class Filtered(Generic[C, F]):
    """Queries over a listing narrowed by a filter `F` (its given criteria must all hold; None:
    the blank filter): a page, a count on all pages, one item by its id column. A read
    model's queries class names these for its callers (`list_parties = Filtered.page`)."""

    def __init__(
        self, listing: Listing[C], where: Callable[[F], Where], blank: F, id_column: str
    ) -> None:
        self.listing = listing
        self.where = where
        self.blank = blank
        self.id_column = id_column

    def page(self, where: F | None = None, window: Window | None = None) -> Page[C]:
        return self.listing.page(window or Window(), self.where(where or self.blank))

    def count(self, where: F | None = None) -> int:
        return self.listing.count(self.where(where or self.blank))

    def get(self, item_id: str) -> C | None:
        return self.listing.one(lambda _, c: c.equal(self.id_column, item_id))
