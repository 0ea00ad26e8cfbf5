"""Each GraphQL request over HTTP is parsed once: the endpoint's document is the one executed."""

from __future__ import annotations

from typing import Any

import pytest
from graphql.language.parser import Parser

from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The source of every document graphql-core parses from now on, whoever calls it."""
    seen: list[str] = []
    original = Parser.parse_document

    def counted(self: Parser) -> Any:
        seen.append(self._lexer.source.body)
        return original(self)

    monkeypatch.setattr(Parser, "parse_document", counted)
    return seen


def test_a_query_is_parsed_once(api: GraphQLClient, parses: list[str]) -> None:
    query = "{ viewer { userId } cases(first: 2) { edges { node { number } } } }"
    data = api.run(query)
    assert "viewer" in data
    assert parses == [query]


def test_a_mutation_is_parsed_once(api: GraphQLClient, parses: list[str]) -> None:
    story = CaseStory(api)
    story.party("こどもの未来")
    parses.clear()
    story.open()
    assert story.number
    assert len(parses) <= 1  # none when the same operations document was sent already (cached)


def test_a_query_over_get_is_parsed_once(api: GraphQLClient, parses: list[str]) -> None:
    response = api.http.get(
        "/graphql", params={"query": "{ viewer { userId } }"}, headers=api.headers()
    )
    assert response.status_code == 200, response.json()
    assert "errors" not in response.json()
    assert len(parses) == 1


def test_a_document_over_the_token_limit_is_refused_as_before(
    api: GraphQLClient, parses: list[str]
) -> None:
    query = "{ viewer { " + " ".join(["userId"] * 2100) + " } }"
    response = api.post(query)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert error["message"] == (
        "リクエストの内容がスキーマに合いません: "
        "Syntax Error: Document contains more than 2000 tokens. Parsing aborted."
    )
    assert len(parses) == 1


def test_a_syntax_error_is_still_a_parse_failure(api: GraphQLClient, parses: list[str]) -> None:
    response = api.post("{ viewer { userId ")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "GRAPHQL_PARSE_FAILED"}
    assert len(parses) == 1
