"""Read-model rows and GraphQL inputs map onto types of the same field names: one copier."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, Generic, TypeVar

from projections.engine.plain import AS_IS, field_names

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
    values = {}
    for name in field_names(cls):
        if name not in given:
            value = getattr(source, name, _ABSENT)
            if value is not _ABSENT:
                values[name] = _plain(value)
    return cls(**values, **given)


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
