"""Fields without a resolver read their attribute, union values resolve by their class: the
same answers as strawberry's own path (api.graphql.fields)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
import strawberry
from strawberry.exceptions import UnallowedReturnTypeForUnion

from api.graphql import fields
from api.graphql.extensions import ParsedDocument
from api.graphql.fields import LeanExecution, read_attributes, union_members_by_class
from graphql import DocumentNode, GraphQLObjectType, GraphQLUnionType, parse


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


def lean_schema() -> strawberry.Schema:
    schema = strawberry.Schema(
        query=Query,
        types=[LaterNote],
        execution_context_class=LeanExecution,
        extensions=[ParsedDocument],
    )
    read_attributes(schema)
    union_members_by_class(schema)
    return schema


def run(
    schema: strawberry.Schema, document: DocumentNode, variables: dict[str, Any] | None = None
) -> Any:
    """The document executed as the HTTP endpoint runs one it parsed (the same nodes)."""
    text = document.loc.source.body if document.loc else ""
    context = SimpleNamespace(document=document)
    return schema.execute_sync(text, variable_values=variables, context_value=context)


SPREAD = """
query Items { items { __typename ...Shown ... on Photo { url } } }
fragment Shown on Note { text shout }
"""


def test_an_operation_s_collected_fields_serve_its_next_requests_with_the_same_answers() -> None:
    document = parse(SPREAD)
    plain = strawberry.Schema(query=Query, types=[LaterNote]).execute_sync(SPREAD)
    schema = lean_schema()

    first = run(schema, document)
    operation = document.definitions[0]
    entry = fields._SHARED.get(id(operation))
    second = run(schema, document)

    assert first.errors is None
    assert first.data == second.data == plain.data
    assert entry is not None
    assert entry[0] is operation
    assert entry[1]  # the union members' and the notes' subfields, kept


INCLUDED = (
    "query Items($shout: Boolean!) { items { ... on Note { text shout @include(if: $shout) } } }"
)


def test_an_operation_with_directives_collects_its_fields_per_request() -> None:
    document = parse(INCLUDED)
    schema = lean_schema()

    loud = run(schema, document, {"shout": True})
    quiet = run(schema, document, {"shout": False})

    assert loud.data is not None
    assert quiet.data is not None
    assert loud.data["items"][0] == {"text": "メモ", "shout": "メモ"}
    assert quiet.data["items"][0] == {"text": "メモ"}
    assert fields._SHARED[id(document.definitions[0])][1] is None


def test_the_operations_kept_are_bounded() -> None:
    schema = lean_schema()
    for n in range(fields.SHARED_OPERATIONS + 5):
        run(schema, parse(f"query Q{n} {{ items {{ __typename }} }}"))

    assert len(fields._SHARED) <= fields.SHARED_OPERATIONS
