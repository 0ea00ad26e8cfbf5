"""A malformed request is told in Japanese, with a stable English code, whatever part of
the stack refused it (graphql-core's parser, validation, or variable coercion)."""

from __future__ import annotations

import re

from tests.api.client import GraphQLClient

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _only_error(response: object) -> dict:
    body = response.json()  # type: ignore[attr-defined]
    assert "data" not in body
    (error,) = body["errors"]
    return error


def test_a_syntax_error_has_a_code_and_a_japanese_message(api: GraphQLClient) -> None:
    error = _only_error(api.post("{ cases(first: 5 { totalCount } }"))

    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert error["message"].startswith("GraphQL の文法に誤りがあります: ")


def test_an_unknown_field_has_a_code_and_a_japanese_message(api: GraphQLClient) -> None:
    error = _only_error(api.post("{ noSuchField }"))

    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert JAPANESE.search(error["message"])
    assert "noSuchField" in error["message"]


def test_a_malformed_date_variable_has_a_code_and_a_japanese_message(api: GraphQLClient) -> None:
    response = api.post(
        'mutation($on: Date!) { addNote(input: {caseId: "x", text: "メモ", occurredOn: $on})'
        " { __typename } }",
        {"on": "2024-13-01"},
    )

    error = _only_error(response)
    assert response.status_code == 400
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert error["message"].startswith("リクエストの内容がスキーマに合いません: ")


def test_a_request_without_a_chosen_operation_is_coded(api: GraphQLClient) -> None:
    error = _only_error(api.post("query A { __typename } query B { __typename }"))

    assert error["extensions"]["code"] == "OPERATION_NOT_FOUND"
    assert JAPANESE.search(error["message"])


def test_a_request_without_a_token_is_unauthenticated(api: GraphQLClient) -> None:
    response = api.http.post("/graphql", json={"query": "{ __typename }"})

    error = _only_error(response)
    assert response.status_code == 401
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert error["message"] == "認証が必要です"


def test_a_body_that_is_not_json_is_a_bad_request(api: GraphQLClient) -> None:
    response = api.http.post(
        "/graphql",
        content=b"{not json",
        headers={**api.headers("facilitator"), "Content-Type": "application/json"},
    )

    error = _only_error(response)
    assert response.status_code == 400
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert JAPANESE.search(error["message"])
