"""Read-model rows and GraphQL inputs map onto types of the same field names: one copier."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from enum import Enum
from typing import Any, Generic, TypeVar

from projections.engine.plain import AS_IS, field_names
from projections.engine.written import written

T = TypeVar("T")
_ABSENT = object()


def _plain(value: Any) -> Any:
    if type(value) in AS_IS:  # most values: one set lookup, not two class tests
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def copied(cls: type[T], source: Any, **given: Any) -> T:
    """A `cls` from the same-named attributes of `source`; `given` supplies or overrides the
    rest. Enum members become their codes and tuples become lists (GraphQL's shapes)."""
    key = (cls, type(source), *given) if given else (cls, type(source))
    copy = _COPIERS.get(key)
    if copy is None:
        copy = _COPIERS[key] = _copier(cls, type(source), tuple(given))
    return copy(source, given)  # type: ignore[no-any-return]


_COPIERS: dict[tuple[Any, ...], Callable[[Any, dict[str, Any]], Any]] = {}
"""By (type, source type, *names given)."""


def _copier(
    cls: type[Any], source: type[Any], given: tuple[str, ...]
) -> Callable[[Any, dict[str, Any]], Any]:
    """One function per (type, source type, names given) that copies the attributes as
    `copied` says, written out once: a library page copies hundreds of rows, and asking
    each row for each name in a loop was a tenth of a search's CPU in the server. A field
    of a dataclass source is read directly (its instances hold it); any other name — a
    property, an attribute an instance may or may not hold (an aggregate's), anything of
    a source that is not a dataclass — is asked for, and left out when absent."""
    names = [n for n in field_names(cls) if n not in given]
    own = set(field_names(source)) if dataclasses.is_dataclass(source) else set()
    held = ", ".join(f"{n!r}: {_PLAIN.format(f'source.{n}')}" for n in names if n in own)
    lines = [f"values = {{{held}}}"]
    for n in names:
        if n not in own:
            lines.append(f"if (_a := getattr(source, {n!r}, ABSENT)) is not ABSENT:")
            lines.append(f"    values[{n!r}] = {_PLAIN.format('_a')}")
    lines.append("return cls(**values, **given)")
    scope: dict[str, Any] = {"cls": cls, "AS_IS": AS_IS, "_plain": _plain, "ABSENT": _ABSENT}
    return written("copy(source, given)", lines, scope)


_PLAIN = "(_v if type(_v := {}) in AS_IS else _plain(_v))"
"""A value as `_plain` makes it, without the call for the values already plain."""


S = TypeVar("S")


class Converted(Generic[S]):
    """The class attribute `of` of a GraphQL type made from a read-model row: `Type.of(row)`
    copies the row's same-named attributes and computes the others from the row."""

    def __init__(self, derived: dict[str, Callable[[S], Any]]) -> None:
        self.derived = derived
        self._of: Callable[[S], Any] | None = None

    def __set_name__(self, owner: type[Any], name: str) -> None:
        derived = self.derived

        def of(source: S) -> Any:
            return copied(owner, source, **{name: f(source) for name, f in derived.items()})

        self._of = of  # made once for its type, not at every `Type.of`

    def __get__(self, instance: object, owner: type[T]) -> Callable[[S], T]:
        assert self._of is not None, "converted(...) is assigned in a class body"
        return self._of


def converted(source: type[S], /, **derived: Callable[[S], Any]) -> Converted[S]:
    """`of = converted(Row, name=lambda row: …)`: a type's `of(row)` (see `Converted`);
    `source` names the row's type for the computed fields."""
    return Converted(derived)
