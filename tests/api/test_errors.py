"""Mistakes of the caller are clear errors; the server's own failures are masked with a
request id that the log carries."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from api.graphql import extensions
from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory

CASES = "query($after: String, $first: Int) { cases(first: $first, after: $after) { totalCount } }"
CASE = "query($id: ID!) { case(id: $id) { id } }"
NODE = "query($id: ID!) { node(id: $id) { id } }"


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


@pytest.mark.parametrize("cursor", ["not-a-cursor!", "bm90IGpzb24", "WyJ4Il0"])
def test_a_bad_cursor_is_bad_user_input(api: GraphQLClient, cursor: str) -> None:
    body = api.post(CASES, {"after": cursor}).json()
    assert codes(body) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("first", [-1, 101])
def test_first_is_capped_at_100(api: GraphQLClient, first: int) -> None:
    body = api.post(CASES, {"first": first}).json()
    assert codes(body) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("query", [CASE, NODE])
@pytest.mark.parametrize("bad_id", ["???", "UGFydHk6eA", "Q2FzZTpub3QtYS11dWlk"])
def test_a_bad_id_is_bad_user_input(api: GraphQLClient, query: str, bad_id: str) -> None:
    body = api.post(query, {"id": bad_id}).json()
    assert codes(body) == ["BAD_USER_INPUT"]


def test_a_bad_id_in_a_mutation_is_bad_user_input(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.case_id = "garbage"
    response = api.operation_response(
        "facilitator", "AddNote", {"input": {"caseId": "garbage", "text": "メモ"}}
    )
    assert codes(response.json()) == ["BAD_USER_INPUT"]


def test_an_unexpected_error_is_masked_with_the_request_id_in_the_log(
    api: GraphQLClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    story = CaseStory(api)
    story.open()
    ledger = api.http.app.state.container.ledger  # type: ignore[attr-defined]

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("secret database detail")

    monkeypatch.setattr(ledger, "handle", broken)
    with caplog.at_level(logging.ERROR, logger="kyodo.graphql"):
        response = api.operation_response(
            "facilitator", "AddNote", {"input": {"caseId": story.case_id, "text": "メモ"}}
        )
    body = response.json()
    request_id = response.headers["x-request-id"]
    assert codes(body) == ["INTERNAL_SERVER_ERROR"]
    assert request_id in body["errors"][0]["message"]
    assert "secret" not in response.text
    logged = [r for r in caplog.records if getattr(r, "request_id", None) == request_id]
    assert logged
    assert "secret database detail" in str(logged[0].exc_info)


def test_too_deep_a_query_is_refused(api: GraphQLClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extensions, "MAX_DEPTH", 3)
    assert api.post("{ cases { edges { node { id } } } }").status_code == 200
    response = api.post("{ cases { edges { node { parties { name } } } } }")
    assert response.status_code == 400
    assert "exceeds maximum operation depth" in response.json()["errors"][0]["message"]


def test_too_many_aliases_are_refused(api: GraphQLClient) -> None:
    query = "{ " + " ".join(f"a{i}: viewer {{ userId }}" for i in range(31)) + " }"
    response = api.post(query)
    assert response.status_code == 400
    assert "aliases" in response.json()["errors"][0]["message"]


def test_too_many_tokens_are_refused(api: GraphQLClient) -> None:
    query = "{ viewer { " + " ".join(["userId"] * 2100) + " } }"
    response = api.post(query)
    assert response.status_code == 400
    assert "token" in response.json()["errors"][0]["message"].lower()
