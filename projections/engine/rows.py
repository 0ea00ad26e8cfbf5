"""Reading read-model rows back into the dataclasses queries return.

The writer stores dates and datetimes as ISO-8601 TEXT, booleans as 0/1 and JSON as TEXT
(`base.py`); `from_row` turns the columns back by the type of the field they fill.
`children` reads the child rows of many parents in one query, grouped by parent.
"""

from __future__ import annotations

import dataclasses
import json
import types
from collections.abc import Callable, Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from projections.engine.base import Db, Dialect, Tables
from projections.engine.keyset import C, Conditions, Items, where_clause
from projections.engine.written import written

T = TypeVar("T")

_SCALARS: dict[Any, Callable[[Any], Any]] = {
    int: int,
    bool: bool,
    date: date.fromisoformat,
    datetime: datetime.fromisoformat,
}


def _json(kind: Any) -> Callable[[Any], Any]:
    return lambda value: kind(json.loads(value))


def _reader(hint: Any) -> Callable[[Any], Any]:
    """How a column's value becomes a field of this type; NULL stays None where allowed."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        inner = _reader(next(a for a in get_args(hint) if a is not type(None)))
        return lambda value: None if value is None else inner(value)
    if origin in (tuple, list, dict):
        return _json(origin)
    return _SCALARS.get(hint, _as_is)


def _as_is(value: Any) -> Any:
    return value


_Field = tuple[str, Callable[[Any], Any], Any]
_FIELDS: dict[type, tuple[_Field, ...]] = {}


def _fields(cls: type) -> tuple[_Field, ...]:
    """Each field's name, reader and default (worked out once per class)."""
    found = _FIELDS.get(cls)
    if found is None:
        hints = get_type_hints(cls)
        fields = (f for f in dataclasses.fields(cls) if f.init)
        found = _FIELDS[cls] = tuple((f.name, _reader(hints[f.name]), f.default) for f in fields)
    return found


def from_row(cls: type[T], row: Sequence[Any], **given: Any) -> T:
    """An instance of the dataclass `cls`: the fields in `given` as they are, the others from
    the row's columns in the order of the fields, each read by the field's type (`date`,
    `datetime`, `int`, `bool`; a tuple, list or dict from JSON; anything else as it is). A
    NULL column gives the field's default where it has one."""
    key = (cls, tuple(given))
    make = _MAKERS.get(key)
    if make is None:
        make = _MAKERS[key] = _maker(cls, key[1])
    return make(row, given)  # type: ignore[no-any-return]


_MAKERS: dict[tuple[type, tuple[str, ...]], Callable[[Sequence[Any], dict[str, Any]], Any]] = {}


def _maker(cls: type, given: tuple[str, ...]) -> Callable[[Sequence[Any], dict[str, Any]], Any]:
    """`from_row` for one class and one set of names given, written out as one function:
    each field's column read by its reader (a column read as it is, not through a call),
    its default for a NULL where it has one. A page of fifty cases made some four hundred
    fields a request through a loop that asked the same questions of each."""
    scope: dict[str, Any] = {"cls": cls}
    arguments, column = [], 0
    for index, (name, read, default) in enumerate(_fields(cls)):
        if name in given:
            arguments.append(f"{name}=given[{name!r}]")
            continue
        cell, column = f"row[{column}]", column + 1
        scope[f"r{index}"], scope[f"d{index}"] = read, default
        if default is dataclasses.MISSING:
            value = cell if read is _as_is else f"r{index}({cell})"
        elif read is _as_is:
            value = f"(d{index} if {cell} is None else {cell})"
        else:
            value = f"(d{index} if (v := {cell}) is None else r{index}(v))"
        arguments.append(f"{name}={value}")
    return written("make(row, given)", [f"return cls({', '.join(arguments)})"], scope)


def children(
    db: Db, select: str, where: Conditions, order_by: str, make: Callable[[Any], T]
) -> dict[Any, list[T]]:
    """The rows of `select` (`SELECT parent_id, … FROM …`) under the conditions, in order,
    grouped by their first column; `make` turns the rest of each row into an item."""
    sql = f"{select}{where_clause(where.parts)} ORDER BY {order_by}"
    found: dict[Any, list[T]] = {}
    for row in db.execute(sql, where.params).fetchall():
        found.setdefault(row[0], []).append(make(row[1:]))
    return found


@dataclasses.dataclass(frozen=True)
class Children:
    """The child rows that fill one tuple field of a listing's items: `select` (`SELECT
    parent_id, … FROM …`, its `{table}` names filled from the read model's tables) where the
    `parent` column is one of the items' ids, in `order_by`; `make` turns the rest of a row
    into one element."""

    field: str
    select: str
    parent: str
    order_by: str
    make: Callable[[Any], Any] = itemgetter(0)


def with_children(cls: type[C], dialect: Dialect, *of: Children, **given: Any) -> Items[C]:
    """A listing's items of the dataclass `cls`: each row's columns (`from_row`), `given`
    fields and, for each of `of`, the child rows of the item (one query each for all)."""

    def items(db: Db, t: Tables, rows: Sequence[Any]) -> tuple[C, ...]:
        if not rows:
            return ()
        ids = [row[0] for row in rows]
        found = {
            c.field: children(
                db,
                c.select.format_map(t),
                Conditions(dialect).one_of(c.parent, ids),
                c.order_by,
                c.make,
            )
            for c in of
        }
        return tuple(
            from_row(cls, row, **given, **{f: tuple(g.get(row[0], [])) for f, g in found.items()})
            for row in rows
        )

    return items
