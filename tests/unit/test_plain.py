"""`plain`: the event values a read model stores as JSON, each as it always was."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import IntEnum
from uuid import UUID

from domain.vocabulary import CaseState, PartyKind
from projections.engine.plain import dumps, plain
from projections.engine.writer import db_value


class Level(IntEnum):
    LOW = 1


@dataclass(frozen=True)
class Figure:
    label: str
    amount: int | None
    kind: PartyKind
    on: date


def test_scalars_are_kept_and_enums_become_their_values() -> None:
    for value in ("text", 3, 2.5, True, False, None):
        assert plain(value) is value
    # a StrEnum member is a str and an IntEnum member an int: stored as their values
    assert type(plain(CaseState.AGREED)) is str
    assert plain(CaseState.AGREED) == "agreed"
    assert type(plain(Level.LOW)) is int


def test_values_become_plain_json_all_the_way_down() -> None:
    some = UUID("12345678-1234-5678-1234-567812345678")
    value = {
        some: (Figure("参加者数", None, PartyKind.BUSINESS, date(2024, 5, 1)),),
        "at": datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
        "ids": [some],
        "tags": frozenset({"a"}),
    }
    assert plain(value) == {
        str(some): [{"label": "参加者数", "amount": None, "kind": "business", "on": "2024-05-01"}],
        "at": "2024-05-01T09:30:00+00:00",
        "ids": [str(some)],
        "tags": ["a"],
    }
    assert dumps({"b": True, "a": CaseState.CLOSED}) == '{"a": "closed", "b": true}'


def test_a_column_value_is_kept_as_both_stores_keep_it() -> None:
    assert [db_value(v) for v in (True, False, 7, 1.5, "x", None)] == [1, 0, 7, 1.5, "x", None]
    assert type(db_value(True)) is int
    assert db_value(date(2024, 5, 1)) == "2024-05-01"
    assert db_value(datetime(2024, 5, 1, 9, 0, tzinfo=UTC)) == "2024-05-01T09:00:00+00:00"
    assert db_value(CaseState.AGREED) == "agreed"
