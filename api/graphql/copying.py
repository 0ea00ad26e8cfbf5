"""Read-model rows and GraphQL inputs map onto types of the same field names: one copier."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any, TypeVar

T = TypeVar("T")


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def copied(cls: type[T], source: Any, **given: Any) -> T:
    """A `cls` from the same-named attributes of `source`; `given` supplies or overrides the
    rest. Enum members become their codes and tuples become lists (GraphQL's shapes)."""
    values = {
        f.name: _plain(getattr(source, f.name))
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.name not in given and hasattr(source, f.name)
    }
    return cls(**values, **given)
