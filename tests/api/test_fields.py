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


@strawberry.type
class Tag:
    name: str


@strawberry.type
class Holder:
    label: str
    tag: Tag | None
    must: Tag
    tags: list[Tag]
    maybe_tags: list[Tag | None] | None
    item: Note | Photo
    items: list[Note | Photo]
    words: list[str]
    maybe_numbers: list[int | None] | None
    count: int
    maybe_count: int | None
    flag: bool
    code: strawberry.ID


@strawberry.type
class HolderQuery:
    holders: list[Holder]


def _holder(**changes: Any) -> Holder:
    fields_of = {
        "label": "ok",
        "tag": Tag(name="a"),
        "must": Tag(name="b"),
        "tags": [Tag(name="c"), Tag(name="d")],
        "maybe_tags": [Tag(name="e"), None],
        "item": Photo(url="/p.png"),
        "items": [Note(text="n"), Photo(url="/q.png")],
        "words": ["一", "二"],
        "maybe_numbers": [1, None, 3],
        "count": 7,
        "maybe_count": 8,
        "flag": False,
        "code": strawberry.ID("c-1"),
    }
    return Holder(**{**fields_of, **changes})


HOLDERS = [
    _holder(),
    _holder(tag=None, maybe_tags=None),
    _holder(must=None),  # null for a non-null object: an error, the holder null
    _holder(tags=Tag(name="not a list")),  # not a list: an error
    _holder(tags=[Tag(name=None)]),  # a non-null leaf null inside a list item
    _holder(maybe_tags=[Tag(name=None), Tag(name="f")]),  # the same in a nullable item
    _holder(item=LaterNote(text="x")),  # a union value of no member's class
    _holder(items=[Note(text="m"), "a string"]),  # a list item of no member's class
    _holder(tags=[Tag(name="g"), None]),  # null in a list of non-null items
    _holder(tag=ValueError("read failed")),  # an error as the value
    _holder(words=["一", None]),  # null in a list of non-null leaves
    _holder(words="一二"),  # a list of leaves that is not a list
    _holder(maybe_numbers=[1, "x"]),  # a leaf the type refuses, in a nullable list
    # Leaves whose values are not the type's usual one, coerced as graphql-core does (a
    # plan reads a text, a bool, a 32-bit int as they are, and coerces anything else):
    _holder(label=5, code=7, count=True, flag=1),  # "5", "7", 1, true
    _holder(label=True, count=3.0, maybe_count=None),  # "true", 3, null
    _holder(count=2**31),  # beyond 32 bits: an error, the holder null
    _holder(maybe_count=-(2**31) - 1),  # the same in a nullable leaf
]
SUCCEEDING = 4
"""The holders above whose answers carry no error."""
HOLDERS_QUERY = """
query Holders { holders {
  label __typename
  tag { name } must { name __typename } tags { name } maybeTags { name }
  item { __typename ... on Note { text shout } ... on Photo { url } }
  items { __typename ... on Note { text } ... on Photo { url } }
  words maybeNumbers count maybeCount flag code
} }
"""


def _answers(query: str, lean: bool, holders: list[Holder] = HOLDERS) -> list[Any]:
    """Per holder, the answer and errors to `query` over [holder, a good holder]."""
    schema = strawberry.Schema(
        query=HolderQuery,
        types=[LaterNote],
        execution_context_class=LeanExecution if lean else None,
        extensions=[ParsedDocument],
    )
    if lean:
        read_attributes(schema)
        union_members_by_class(schema)
    results = []
    for holder in holders:
        document = parse(query)
        result = schema.execute_sync(
            query,
            root_value=HolderQuery(holders=[holder, _holder()]),
            context_value=SimpleNamespace(document=document),
        )
        results.append((result.data, [e.formatted for e in result.errors or []]))
    return results


def test_object_list_and_union_fields_answer_and_fail_as_with_strawberry_s_own_path() -> None:
    plain, lean = _answers(HOLDERS_QUERY, False), _answers(HOLDERS_QUERY, True)

    for holder, expected, got in zip(HOLDERS, plain, lean, strict=True):
        assert got == expected, holder
    assert sum(1 for _, errors in plain if errors) == len(HOLDERS) - SUCCEEDING


PLAIN_QUERY = HOLDERS_QUERY.replace("text shout", "text")
"""Only fields that read their attribute: each holder answers by its plan."""


def test_a_plan_answers_and_fails_as_strawberry_s_own_path() -> None:
    plain, lean = _answers(PLAIN_QUERY, False), _answers(PLAIN_QUERY, True)

    for holder, expected, got in zip(HOLDERS, plain, lean, strict=True):
        assert got == expected, holder
    assert sum(1 for _, errors in plain if errors) == len(HOLDERS) - SUCCEEDING


def test_objects_whose_fields_all_read_their_attribute_run_by_their_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runs: list[str] = []
    execute_fields = LeanExecution.execute_fields

    def counted(self: Any, parent_type: Any, *args: Any, **kwargs: Any) -> Any:
        runs.append(parent_type.name)
        return execute_fields(self, parent_type, *args, **kwargs)

    monkeypatch.setattr(LeanExecution, "execute_fields", counted)

    _answers(PLAIN_QUERY, True, [_holder()])
    by_plan = list(runs)
    runs.clear()
    _answers(HOLDERS_QUERY, True, [_holder(item=Note(text="x"))])  # `shout`: a resolver
    _answers(PLAIN_QUERY, True, [_holder(must=None)])  # a null where the schema says non-null

    assert by_plan == ["HolderQuery"]  # the root's fields only: both holders by their plan
    assert runs.count("Holder") == 2  # the usual way: each first holder, not the good one


def _cast_as_photo(text: str, url: str) -> Note:
    note = Note(text=text)
    note.url = url  # type: ignore[attr-defined]
    return strawberry.cast(Photo, note)  # type: ignore[no-any-return]


def test_a_value_cast_to_another_type_is_that_type_after_its_class_was_planned() -> None:
    """A plan is kept per class of value; a value cast to a type (`strawberry.cast`) still
    answers as that type, not as its class's kept plan."""
    holders = [
        _holder(items=[Note(text="m"), _cast_as_photo("n", "/cast.png"), Note(text="o")]),
        _holder(item=_cast_as_photo("p", "/cast2.png")),
    ]
    plain, lean = _answers(PLAIN_QUERY, False, holders), _answers(PLAIN_QUERY, True, holders)

    assert lean == plain
    first_items = plain[0][0]["holders"][0]["items"]
    assert first_items == [
        {"__typename": "Note", "text": "m"},
        {"__typename": "Photo", "url": "/cast.png"},
        {"__typename": "Note", "text": "o"},
    ]
    assert plain[1][0]["holders"][0]["item"] == {"__typename": "Photo", "url": "/cast2.png"}
