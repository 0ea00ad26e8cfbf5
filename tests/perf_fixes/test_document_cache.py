"""The GraphQL endpoint keeps parsed and validated documents: the same operation sent again
is neither parsed nor validated again."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry.schema.schema as strawberry_schema
from graphql.language.parser import Parser

from api.graphql.extensions import DocumentCache
from tests.api.client import GraphQLClient

QUERY = "{ viewer { userId } cases(first: 2) { edges { node { number } } } }"


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    counts = {"parse": 0, "validate": 0}
    parse_document, validate_document = Parser.parse_document, strawberry_schema.validate_document

    def parsed(self: Parser) -> Any:
        counts["parse"] += 1
        return parse_document(self)

    def validated(*args: Any) -> Any:
        counts["validate"] += 1
        return validate_document(*args)

    monkeypatch.setattr(Parser, "parse_document", parsed)
    monkeypatch.setattr(strawberry_schema, "validate_document", validated)
    return counts


def test_the_same_query_is_parsed_and_validated_once(
    api: GraphQLClient, work: dict[str, int]
) -> None:
    for _ in range(3):
        assert "viewer" in api.run(QUERY)
    assert work == {"parse": 1, "validate": 1}


def test_an_invalid_query_is_refused_each_time_from_the_cache(
    api: GraphQLClient, work: dict[str, int]
) -> None:
    for _ in range(2):
        response = api.post("{ viewer { noSuchField } }")
        [error] = response.json()["errors"]
        assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert work == {"parse": 1, "validate": 1}


def test_the_cache_is_bounded_least_recently_used_first() -> None:
    cache = DocumentCache(maxsize=2)
    first = cache.parse("{ a }")
    cache.parse("{ b }")
    assert cache.parse("{ a }") is first
    cache.parse("{ c }")
    assert len(cache) == 2
    assert cache.hits == 1
    assert cache.parse("{ a }") is first
    cache.parse("{ b }")
    assert cache.misses == 4
