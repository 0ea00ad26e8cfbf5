"""Fields without a resolver read their attribute, union values resolve by their class: the
same answers as strawberry's own path (api.graphql.fields)."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from strawberry.exceptions import UnallowedReturnTypeForUnion

from api.graphql.fields import LeanExecution, read_attributes, union_members_by_class
from graphql import GraphQLObjectType, GraphQLUnionType


@strawberry.type
class Note:
    text: str

    @strawberry.field
    def shout(self) -> str:
        return self.text.upper()


@strawberry.type
class Photo:
    url: str


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Note | Photo]:
        return [Note(text="メモ"), Photo(url="/a.png"), Note(text="追記")]


@strawberry.type
class LaterNote(Note):
    """A type of its own, not a member: left to strawberry (which refuses it)."""


def built() -> tuple[strawberry.Schema, int, int]:
    schema = strawberry.Schema(query=Query, types=[LaterNote])
    return schema, read_attributes(schema), union_members_by_class(schema)


def test_the_answers_are_those_of_strawberry_s_own_path() -> None:
    query = "{ items { __typename ... on Note { text shout } ... on Photo { url } } }"
    plain = strawberry.Schema(query=Query, types=[LaterNote]).execute_sync(query)
    schema, _, _ = built()

    fast = schema.execute_sync(query)

    assert fast.errors == plain.errors is None
    assert fast.data == plain.data


def test_only_fields_without_a_resolver_read_their_attribute() -> None:
    schema, given, unions = built()
    note = schema._schema.type_map["Note"]
    assert isinstance(note, GraphQLObjectType)
    text, shout = note.fields["text"].resolve, note.fields["shout"].resolve
    assert text is not None
    assert shout is not None

    assert text(Note(text="a"), None) == "a"
    assert shout.__name__ != "resolve"  # strawberry's resolver, left as it was
    assert given >= 3  # text, url, and LaterNote's text
    assert unions == 1


def test_a_union_value_of_another_class_is_left_to_strawberry() -> None:
    schema, _, _ = built()
    union = next(t for t in schema._schema.type_map.values() if isinstance(t, GraphQLUnionType))
    assert union.resolve_type is not None
    info: Any = type("Info", (), {"field_name": "items"})()

    assert union.resolve_type(Photo(url="x"), info, union) == "Photo"
    with pytest.raises(UnallowedReturnTypeForUnion):
        union.resolve_type(LaterNote(text="x"), info, union)


@strawberry.type
class Odd:
    name: str
    count: int


@strawberry.type
class OddQuery:
    @strawberry.field
    def odds(self) -> list[Odd]:
        return [Odd(name=None, count=1), Odd(name="a", count="x")]  # type: ignore[arg-type]


def test_a_field_that_fails_fails_as_with_graphql_core_s_own_path() -> None:
    query = "{ odds { name count } }"
    plain = strawberry.Schema(query=OddQuery).execute_sync(query)
    lean = strawberry.Schema(query=OddQuery, execution_context_class=LeanExecution)
    read_attributes(lean)

    result = lean.execute_sync(query)

    assert result.data == plain.data
    assert [e.formatted for e in result.errors or []] == [e.formatted for e in plain.errors or []]
    assert plain.errors  # null for a non-null String, "x" for an Int
