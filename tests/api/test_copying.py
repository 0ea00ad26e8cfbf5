"""`copied`: a GraphQL type from a row's same-named attributes, through one written-out
function per (type, source type, names given), the same as copying name by name."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import pytest

from api.graphql.copying import _COPIERS, copied
from projections.engine.plain import field_names


class Colour(Enum):
    RED = "red"


@dataclass(frozen=True)
class Row:
    name: str
    count: int
    colour: Colour
    tags: tuple[str, ...]
    note: str | None

    @property
    def shout(self) -> str:
        return self.name.upper()


@dataclass
class Shown:
    name: str
    count: int = 0
    colour: str = ""
    tags: list[str] = field(default_factory=list)
    note: str | None = "none given"
    shout: str = ""
    extra: str = "default"


class Plain:
    """Not a dataclass: its attributes are its instance's, unknown from its type."""

    def __init__(self) -> None:
        self.name = "plain"
        self.count = 3


ROW = Row("kyodo", 2, Colour.RED, ("a", "b"), None)


def by_name(cls: type[Any], source: Any, **given: Any) -> Any:
    """What `copied` answered before it wrote its copiers out: every name asked in turn."""
    values = {}
    for name in field_names(cls):
        if name in given:
            continue
        value = getattr(source, name, by_name)
        if value is not by_name:
            values[name] = list(value) if isinstance(value, tuple) else value
            if isinstance(value, Enum):
                values[name] = value.value
    return cls(**values, **given)


@dataclass
class Aggregate:
    """A dataclass whose instances hold more than its fields (as an event-sourced aggregate
    does: its state is set by its events, not declared)."""

    name: str

    def __post_init__(self) -> None:
        self.count = 5
        self.tags = ("x",)


def test_fields_properties_enums_and_tuples_are_copied() -> None:
    shown = copied(Shown, ROW)
    assert shown == Shown("kyodo", 2, "red", ["a", "b"], None, "KYODO", "default")
    assert type(shown.tags) is list


def test_a_given_value_overrides_the_source_and_fills_what_it_lacks() -> None:
    assert copied(Shown, ROW, count=9, extra="given") == Shown(
        "kyodo", 9, "red", ["a", "b"], None, "KYODO", "given"
    )


@pytest.mark.parametrize(
    ("source", "given"),
    [
        (ROW, {}),
        (ROW, {"name": "x"}),
        (Plain(), {}),
        (Plain(), {"tags": ["t"]}),
        (None, {"name": "n"}),
        (Aggregate("agg"), {}),  # its count and tags are its instance's, not its fields
    ],
)
def test_the_same_as_copying_name_by_name(source: Any, given: dict[str, Any]) -> None:
    if isinstance(source, Aggregate):
        assert (copied(Shown, source).count, copied(Shown, source).tags) == (5, ["x"])
    assert copied(Shown, source, **given) == by_name(Shown, source, **given)
    assert copied(Shown, source, **given) == by_name(Shown, source, **given)  # kept copier


def test_one_copier_per_type_source_and_names_given() -> None:
    copied(Shown, ROW, extra="a")
    first = _COPIERS[(Shown, Row, "extra")]
    copied(Shown, ROW, extra="b")
    copied(Shown, ROW)
    assert _COPIERS[(Shown, Row, "extra")] is first
    assert _COPIERS[(Shown, Row)] is not first


def test_a_missing_required_field_is_refused_as_before() -> None:
    with pytest.raises(TypeError):
        copied(Shown, None)
    with pytest.raises(TypeError):
        by_name(Shown, None)
