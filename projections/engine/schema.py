"""A read model's tables declared once, as templates of their DDL (`ReadModel.schema`).

A template names a table by its logical name in braces, `{cases}`, and the column types
that differ between the stores by theirs: `{bigint}` (a position in the ledger's log),
`{double}`, `{byte_text}` (`Dialect`), and `{valid}`, the validity columns of a temporal
table (`base.Begin`). The store fills them in for the version it creates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from projections.engine.base import Dialect, Tables

_CREATED = re.compile(r"CREATE TABLE IF NOT EXISTS \{(\w+)\}")
_TABLE = re.compile(_CREATED.pattern + r" \((.*)\)$", re.DOTALL)  # and its body
_TABLE_KEY = re.compile(r"PRIMARY KEY \(([^)]*)\)")
_COLUMN_KEY = re.compile(r"(\w+) [^,(]*PRIMARY KEY")


class _Names(dict[str, str]):
    """The column types of a dialect; any other name, a table's physical name."""

    def __init__(self, dialect: Dialect, tables: Tables) -> None:
        at = dialect.bigint
        super().__init__(
            bigint=at,
            double=dialect.double,
            byte_text=dialect.byte_text,
            valid=f"valid_from {at} NOT NULL, valid_to {at}",
        )
        self.tables = tables

    def __missing__(self, name: str) -> str:
        return self.tables[name]


def fill(schema: Sequence[str], dialect: Dialect, tables: Tables) -> list[str]:
    """The statements of `schema` for these tables on this dialect."""
    names = _Names(dialect, tables)
    return [statement.format_map(names) for statement in schema]


def created(schema: Sequence[str]) -> tuple[str, ...]:
    """The logical tables `schema` creates, in its order."""
    return tuple(m.group(1) for statement in schema for m in _CREATED.finditer(statement))


def primary_keys(schema: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The key columns of each table `schema` creates with one, in its order: a table's
    `PRIMARY KEY (a, b)`, else its column declared `PRIMARY KEY` (for `MemoryTables`)."""
    keys: dict[str, tuple[str, ...]] = {}
    for statement in schema:
        table = _TABLE.match(statement)
        if table is None:
            continue
        name, body = table.groups()
        if (columns := _TABLE_KEY.search(body)) is not None:
            keys[name] = tuple(c.strip() for c in columns.group(1).split(","))
        elif (column := _COLUMN_KEY.search(body)) is not None:
            keys[name] = (column.group(1),)
    return keys
