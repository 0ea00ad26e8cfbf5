"""Hostile requests get a clean JSON error: bodies over the size limit (413, before they are
read whole), JSON nested too deep, lone surrogates, poison text in a command, and library
searches over their length or number of words. Never a plain-text or masked server error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from api.limits import SEARCH_MAX_CHARS, Limits
from persistence.settings import Settings, SettingsError
from tests.api.client import SECRET, GraphQLClient
from tests.api.scenario import CaseStory

LIMIT = 64 * 1024


@pytest.fixture
def api(tmp_path: Path) -> Iterator[GraphQLClient]:
    app = create_app(Container(Settings(data_dir=tmp_path)), TokenIssuer(SECRET), Limits(LIMIT))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield GraphQLClient(client, TokenIssuer(SECRET))


def _raw(api: GraphQLClient, body: bytes, **headers: str) -> object:
    return api.http.post(
        "/graphql",
        content=body,
        headers={**api.headers(), "Content-Type": "application/json", **headers},
    )


def _error(response: object, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert "json" in response.headers["content-type"]  # type: ignore[attr-defined]
    (error,) = response.json()["errors"]  # type: ignore[attr-defined]
    return error  # type: ignore[no-any-return]


def test_a_body_over_the_limit_is_refused_with_413(api: GraphQLClient) -> None:
    body = json.dumps({"query": "{ __typename }", "pad": "x" * LIMIT}).encode()

    error = _error(_raw(api, body), 413)

    assert error["extensions"] == {"code": "PAYLOAD_TOO_LARGE"}
    assert "65536" in str(error["message"])


def test_a_body_without_a_length_is_refused_once_it_passes_the_limit(api: GraphQLClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"query": "{ __typename }", "pad": "'
        for _ in range(100):
            yield b"x" * 1024
        yield b'"}'

    response = api.http.post(
        "/graphql",
        content=chunks(),
        headers={**api.headers(), "Content-Type": "application/json"},
    )

    assert _error(response, 413)["extensions"] == {"code": "PAYLOAD_TOO_LARGE"}


def test_any_path_refuses_a_declared_oversized_body(api: GraphQLClient) -> None:
    response = api.http.post("/healthz", content=b"x" * (LIMIT + 1))

    assert _error(response, 413)["extensions"] == {"code": "PAYLOAD_TOO_LARGE"}


def test_the_body_limit_comes_from_the_environment() -> None:
    assert Limits.from_env({}).max_body_bytes == 1_048_576
    assert Limits.from_env({"KYODO_MAX_BODY_BYTES": "2048"}).max_body_bytes == 2048
    with pytest.raises(SettingsError, match="KYODO_MAX_BODY_BYTES"):
        Limits.from_env({"KYODO_MAX_BODY_BYTES": "1MB"})


def test_json_nested_ten_thousand_deep_is_a_clean_400(api: GraphQLClient) -> None:
    body = b'{"query": "{ __typename }", "variables": {"x": ' + b"[" * 2000 + b"]" * 2000 + b"}}"
    deep = api.http.post(
        "/graphql",
        content=b"[" * 10_000 + b"]" * 10_000,
        headers={**api.headers(), "Content-Type": "application/json"},
    )

    assert "入れ子が深すぎます" in str(_error(deep, 400)["message"])
    assert "入れ子が深すぎます" in str(_error(_raw(api, body), 400)["message"])


def test_variables_nested_past_the_depth_limit_are_refused(api: GraphQLClient) -> None:
    nested: object = "x"
    for _ in range(40):
        nested = {"a": nested}

    response = api.post("{ __typename }", {"x": nested})

    assert _error(response, 400)["extensions"] == {"code": "BAD_REQUEST"}


@pytest.mark.parametrize("accept", ["application/json", "application/graphql-response+json"])
def test_a_lone_surrogate_in_the_body_is_a_clean_400(api: GraphQLClient, accept: str) -> None:
    body = b'{"query": "{ __typename }", "variables": {"text": "\\ud800"}}'

    error = _error(_raw(api, body, Accept=accept), 400)

    assert error["extensions"] == {"code": "BAD_REQUEST"}
    assert "body.variables.text" in str(error["message"])


def test_a_lone_surrogate_in_the_query_text_is_a_clean_400(api: GraphQLClient) -> None:
    body = b'{"query": "{ __typename } # \\udc80"}'

    assert _error(_raw(api, body), 400)["extensions"] == {"code": "BAD_REQUEST"}


def test_a_note_with_a_nul_is_a_validation_error_naming_the_field(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()

    result = story.write("AddNote", {"input": {"caseId": story.case_id, "text": "電話\x00確認"}})

    assert result["__typename"] == "ValidationError"
    assert result["field"] == "text"
    assert result["code"] == "invalid_character"
    assert result["message"] == "メモに使えない文字（U+0000）が含まれています（3文字目）"


def test_a_note_over_its_limit_is_a_validation_error(tmp_path: Path) -> None:
    app = create_app(Container(Settings(data_dir=tmp_path)), TokenIssuer(SECRET), Limits())
    with TestClient(app) as client:
        story = CaseStory(GraphQLClient(client, TokenIssuer(SECRET)))
        story.open()

        result = story.write("AddNote", {"input": {"caseId": story.case_id, "text": "あ" * 10_001}})

    assert result["__typename"] == "ValidationError"
    assert (result["field"], result["code"]) == ("text", "too_long")


SEARCH = "query($q: String!) { successCases(query: $q, first: 5) { totalCount } }"


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("あ" * (SEARCH_MAX_CHARS + 1), "200文字以内"),
        (" ".join(f"語{i}" for i in range(11)), "10語以内"),
        ("子ども\x00食堂", "使えない文字"),
    ],
)
def test_a_search_over_its_limits_is_refused_as_bad_input(
    api: GraphQLClient, query: str, says: str
) -> None:
    response = api.post(SEARCH, {"q": query}, role="meeting")

    body = response.json()
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "query"
    assert says in error["message"]


def test_a_search_within_its_limits_runs(api: GraphQLClient) -> None:
    words = " ".join(f"語{i}" for i in range(10))

    data = api.run(SEARCH, {"q": words}, role="meeting")

    assert data["successCases"]["totalCount"] == 0
