"""The contract every read model implements, and the plain-data row changes it returns.

A read model is two things (STYLE.md §6):

1. a PURE function `changes(event, position) -> list[Change]` from one domain event (and its
   notification id in the ledger's log) to row changes expressed as plain data — no database,
   no clock, no I/O, so it is unit-tested with `MemoryTables` below;
2. a writer that applies a batch of those changes inside a transaction the runner owns. The
   runner writes the tracking position in the SAME transaction (exactly once, resumable).

Table names are logical in a read model (`"cases"`, `"parties"`); `Tables` turns them into
physical names that carry the store's prefix (the ledger's name, so that tenants never share
tables) and the read model's VERSION: `rm_case_list_v1`, `rm_case_list_parties_v1`. A rebuild
builds version 2 beside version 1; reads switch to it when it has caught up (see `store.py`).

Values are plain: `str`, `int`, `float`, `bool`, `None`, `date`, `datetime`. The writer stores
dates and datetimes as ISO-8601 TEXT and booleans as 0/1 INTEGER on both stores, so queries
see the same values on SQLite and PostgreSQL. Store JSON as TEXT (`json.dumps(...,
ensure_ascii=False, sort_keys=True)`) built by the pure function itself.

Only ever change this module additively: other read models build against it.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, Protocol

# The contract a read model builds against, re-exported by `projections.engine`.
__all__ = [
    "TEMPORAL",
    "Begin",
    "Change",
    "Cursor",
    "Db",
    "Delete",
    "Dialect",
    "MemoryTables",
    "ReadConnections",
    "ReadModel",
    "Retire",
    "Supersede",
    "Tables",
    "Update",
    "Upsert",
    "Value",
    "Writer",
    "replaced",
]

Value = str | int | float | bool | None | date | datetime
Row = dict[str, Value]


class Dialect(enum.Enum):
    """The SQL flavour of a read-model store."""

    SQLITE = "sqlite"
    POSTGRES = "postgres"

    @property
    def param(self) -> str:
        """The positional placeholder of the driver: `?` (sqlite3) or `%s` (psycopg)."""
        return "?" if self is Dialect.SQLITE else "%s"

    @property
    def bigint(self) -> str:
        """The column type of a 64-bit integer (a position in the ledger's log)."""
        return "BIGINT" if self is Dialect.POSTGRES else "INTEGER"

    @property
    def double(self) -> str:
        """The column type of a floating-point number."""
        return "DOUBLE PRECISION" if self is Dialect.POSTGRES else "REAL"

    @property
    def byte_text(self) -> str:
        """The column type of text compared byte by byte (SQLite's default; collation "C" on
        PostgreSQL), so that a listing ordered by it comes in the same order on both."""
        return 'TEXT COLLATE "C"' if self is Dialect.POSTGRES else "TEXT"

    def one_of(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """`column` is one of `values` (at least one), as SQL and its parameters: on
        PostgreSQL one array parameter (`= ANY(%s)`), so that the statement's text is the same
        however many values there are: psycopg converts it once and prepares it at its fifth
        run, and PostgreSQL does not parse a placeholder per value (psycopg converted a
        statement of more than 50 parameters anew at every run: a library search's
        suggestion sent 361). On SQLite a placeholder per value."""
        if self is Dialect.POSTGRES:
            return f"{column} = ANY({self.param})", [list(values)]
        return f"{column} IN ({', '.join(self.param for _ in values)})", list(values)

    def greatest(self, a: str, b: str) -> str:
        """SQL for the larger of two expressions (NULL-safe on the left)."""
        name = "MAX" if self is Dialect.SQLITE else "GREATEST"
        return f"{name}(COALESCE({a}, {b}), {b})"


# --- row changes: plain data ----------------------------------------------------------------


@dataclass(frozen=True)
class Upsert:
    """Insert a row, or on a key conflict overwrite `values` and add `increment` to columns.

    `key` is the table's primary key (all of it); `values` the other columns to set;
    `increment` numeric columns to add to (they start from the given amount on insert).
    """

    table: str
    key: Mapping[str, Value]
    values: Mapping[str, Value] = field(default_factory=dict)
    increment: Mapping[str, int | float] = field(default_factory=dict)


@dataclass(frozen=True)
class Update:
    """Change the rows matching `key` (any subset of columns) — no row, no change.

    `set` overwrites columns; `increment` adds to numeric columns; `greatest` keeps the
    larger of the stored and the given value (NULL counts as absent); `when` restricts the
    update to rows whose column holds one of the listed values (a guard on current state,
    e.g. `when={"state": ("intake",)}` — the pure function cannot read the row itself).
    """

    table: str
    key: Mapping[str, Value]
    set: Mapping[str, Value] = field(default_factory=dict)
    increment: Mapping[str, int | float] = field(default_factory=dict)
    greatest: Mapping[str, Value] = field(default_factory=dict)
    when: Mapping[str, tuple[Value, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Delete:
    """Delete the rows matching `key` (any subset of columns, at least one)."""

    table: str
    key: Mapping[str, Value]


@dataclass(frozen=True)
class Begin:
    """Temporal tables: a row valid from position `at` on (`valid_from = at`, no `valid_to`).

    A temporal table keeps every version of its rows: its primary key is the row's own key
    plus `valid_from`, and `valid_to` (NULL while current) is the position that ended it.
    Reads see the current rows (`valid_to IS NULL`) or the rows as they stood at a position
    (`valid_from <= p AND (valid_to IS NULL OR valid_to > p)`). Beginning a row again at the
    same position overwrites it.
    """

    table: str
    key: Mapping[str, Value]
    values: Mapping[str, Value]
    at: int


@dataclass(frozen=True)
class Supersede:
    """Temporal tables: from position `at` on, the current rows matching `key` hold `set`.
    Each gets a new version (a copy of its `columns` with `set` applied) and the old version
    ends at `at`; a version begun at `at` itself is changed in place."""

    table: str
    key: Mapping[str, Value]
    set: Mapping[str, Value]
    at: int
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Retire:
    """Temporal tables: the current rows matching `key` end at position `at` (a row begun at
    `at` itself stays)."""

    table: str
    key: Mapping[str, Value]
    at: int


Change = Upsert | Update | Delete | Begin | Supersede | Retire
TEMPORAL = ("valid_from", "valid_to")
"""The validity columns of a temporal table (positions in the ledger's log)."""


def replaced(
    table: str, column: str, key: Mapping[str, Value], values: Iterable[Value]
) -> list[Change]:
    """A fact kept one row per value (a party's fields, a case's SDGs …) set to `values`, all
    of them: the rows it had go first, then one row per distinct value."""
    rows = (Upsert(table, {**key, column: v}) for v in dict.fromkeys(values))
    return [Delete(table, key), *rows]


# --- database access, as little as the writer and the queries need ----------------------------


class Cursor(Protocol):
    """What sqlite3 and psycopg cursors both offer."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Db(Protocol):
    """A connection inside a transaction: `sqlite3.Connection` and `psycopg.Connection` fit."""

    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Cursor: ...


class Tables(Mapping[str, str]):
    """Logical → physical table names of one read model at one version.

    `Tables("ledger_", "case_list", 1)["cases"] == "ledger_rm_case_list_cases_v1"`; a logical
    table named like the read model itself gets no suffix: `ledger_rm_case_list_v1`.
    """

    def __init__(self, prefix: str, model: ReadModel | str, version: int) -> None:
        self.name = model if isinstance(model, str) else model.name
        self.logical: tuple[str, ...] = () if isinstance(model, str) else tuple(model.tables)
        self.prefix = prefix
        self.version = version

    def __getitem__(self, table: str) -> str:
        middle = self.name if table == self.name else f"{self.name}_{table}"
        return f"{self.prefix}rm_{middle}_v{self.version}"

    def __iter__(self) -> Iterator[str]:
        return iter(self.logical)

    def __len__(self) -> int:
        return len(self.logical)


# --- the contract ------------------------------------------------------------------------


class Writer(Protocol):
    """Applies a batch of changes with `db` inside the runner's transaction. Must not commit.

    On PostgreSQL the store runs the writer in psycopg pipeline mode (statements are sent
    without waiting for each reply); reading a result still works, it just syncs first.
    """

    def apply(
        self, db: Db, dialect: Dialect, tables: Tables, changes: Sequence[Change]
    ) -> None: ...


class ReadModel(ABC):
    """A read model. Subclasses set the class attributes and implement `changes`; `name` and
    `version` are given as class keywords (`class Timeline(ReadModel, name="timeline",
    version=1):`), the others in the class body (a subclass may also set them there).

    - `name`: stable identifier, `[a-z_]+` (`case_list`); used in table names and the CLI.
    - `label`: what the people who look after kyodo call it (案件一覧), on the page's 運用状況.
    - `version`: the schema/code version. Raise it when `ddl` or `changes` change meaning:
      a running service then rebuilds the read model beside the old tables automatically.
    - `topics`: the stored event topics it needs (e.g. `Case.PartyJoined.TOPIC`); the runner
      reads only those. Every event it is given must be handled or ignored; an exception
      stops this read model only, with a message naming the event.
    - `tables`: the logical table names `ddl` creates (so a rebuild can drop them).
    - `schema`: the CREATE TABLE / CREATE INDEX statements (`IF NOT EXISTS`) of this version
      as templates that `ddl` fills in (`projections.engine.schema`); `tables` are then the
      tables it creates, unless given. Or override `ddl`.
    """

    name: ClassVar[str]
    label: ClassVar[str] = ""
    version: ClassVar[int]
    topics: ClassVar[tuple[str, ...]]
    tables: ClassVar[tuple[str, ...]]
    schema: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(
        cls, *, name: str | None = None, version: int | None = None, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if name is not None:
            cls.name = name
        if version is not None:
            cls.version = version
        if "schema" in cls.__dict__ and "tables" not in cls.__dict__:
            from projections.engine.schema import created

            cls.tables = created(cls.schema)

    def ddl(self, dialect: Dialect, tables: Tables) -> list[str]:
        """CREATE TABLE / CREATE INDEX statements (`IF NOT EXISTS`) for this version: the
        `schema` filled in."""
        from projections.engine.schema import fill

        return fill(self.schema, dialect, tables)

    @abstractmethod
    def changes(self, event: object, position: int) -> list[Change]:
        """PURE: the row changes one domain event causes. `position` is its notification id."""

    def writer(self) -> Writer:
        """The writer of this read model; the generic SQL writer suits plain row changes."""
        from projections.engine.writer import SqlWriter

        return SqlWriter()


# --- a reference applier for unit tests ------------------------------------------------------


class MemoryTables:
    """Applies changes to dictionaries: the semantics of the SQL writer, without a database.

    `primary_keys` names each logical table's key columns; rows are kept per table by key.
    """

    def __init__(self, primary_keys: Mapping[str, tuple[str, ...]]) -> None:
        self.primary_keys = dict(primary_keys)
        self.rows: dict[str, dict[tuple[Value, ...], Row]] = {t: {} for t in primary_keys}

    def apply(self, changes: Iterable[Change]) -> MemoryTables:
        for change in changes:
            if isinstance(change, Upsert):
                self._upsert(change)
            elif isinstance(change, Update):
                for row in self._matching(change.table, change.key):
                    if all(row.get(c) in allowed for c, allowed in change.when.items()):
                        _update_row(row, change)
            elif isinstance(change, Begin):
                row = {**change.key, **change.values, "valid_from": change.at, "valid_to": None}
                self.rows[change.table][self._key(change.table, row)] = row
            elif isinstance(change, Supersede | Retire):
                self._end(change)
            else:
                table = self.rows[change.table]
                for key in [k for k, r in table.items() if _matches(r, change.key)]:
                    del table[key]
        return self

    def table(self, name: str) -> list[Row]:
        """The rows of a table, in key order."""
        return [self.rows[name][k] for k in sorted(self.rows[name], key=repr)]

    def _upsert(self, change: Upsert) -> None:
        key = tuple(change.key[c] for c in self.primary_keys[change.table])
        table = self.rows[change.table]
        row = table.get(key)
        if row is None:
            table[key] = {**change.key, **change.values, **change.increment}
            return
        row.update(change.values)
        for column, amount in change.increment.items():
            row[column] = _number(row.get(column)) + amount

    def _matching(self, table: str, key: Mapping[str, Value]) -> list[Row]:
        return [r for r in self.rows[table].values() if _matches(r, key)]

    def _key(self, table: str, row: Row) -> tuple[Value, ...]:
        return tuple(row[c] for c in self.primary_keys[table])

    def _end(self, change: Supersede | Retire) -> None:
        current = [r for r in self._matching(change.table, change.key) if r["valid_to"] is None]
        for row in current:
            if row["valid_from"] == change.at:
                if isinstance(change, Supersede):
                    row.update(change.set)
                continue
            row["valid_to"] = change.at
            if isinstance(change, Supersede):
                new = {**row, **change.set, "valid_from": change.at, "valid_to": None}
                self.rows[change.table][self._key(change.table, new)] = new


def _matches(row: Row, key: Mapping[str, Value]) -> bool:
    return all(row.get(c) == v for c, v in key.items())


def _number(value: Value) -> int | float:
    return value if isinstance(value, int | float) else 0


def _update_row(row: Row, change: Update) -> None:
    row.update(change.set)
    for column, amount in change.increment.items():
        row[column] = _number(row.get(column)) + amount
    for column, value in change.greatest.items():
        current = row.get(column)
        if current is None or (value is not None and value > current):  # type: ignore[operator]
            row[column] = value


# --- what query modules take -------------------------------------------------------------


class ReadConnections(Protocol):
    """A connection provider for queries (`projections.engine.store.ReadStore` is one).

    `reading()` yields a connection for one consistent snapshot; `tables(model, db)` gives
    the physical tables of the model's ACTIVE version (None before its first build), so
    reads switch to a rebuilt version as soon as it has caught up.
    """

    @property
    def dialect(self) -> Dialect: ...

    def reading(self) -> AbstractContextManager[Db]: ...

    def tables(self, model: ReadModel | str, db: Db | None = None) -> Tables | None: ...
