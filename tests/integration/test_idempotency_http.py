"""Over HTTP: a mutation sent again with the same `clientMutationId` (or `Idempotency-Key`
header) answers its first result and records nothing new; the same key with another input
is refused with a stable code and a Japanese message. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from persistence.settings import Settings
from tests.api.client import GraphQLClient, running_api
from tests.api.scenario import CaseStory

ADD_NOTE = """
mutation ($input: AddNoteInput!, $key: String) {
  addNote(input: $input, clientMutationId: $key) {
    __typename
    ... on CasePayload { caseId version position }
    ... on CommandError { code message }
    ... on ValidationError { field }
  }
}
"""


@pytest.fixture
def api(settings: Settings) -> Iterator[GraphQLClient]:
    with running_api(settings) as client:
        yield client


def _note(
    api: GraphQLClient, case_id: str, text: str, key: str | None, header: str | None = None
) -> dict[str, Any]:
    headers = {**api.headers(), "Accept": "application/graphql-response+json"}
    if header is not None:
        headers["Idempotency-Key"] = header
    body = {"query": ADD_NOTE, "variables": {"input": {"caseId": case_id, "text": text}}}
    body["variables"]["key"] = key
    response = api.http.post("/graphql", json=body, headers=headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()["data"]["addNote"]
    return result


def _event_count(api: GraphQLClient, case_id: str) -> int:
    from api.graphql.ids import decode_id

    container = api.http.app.state.container  # type: ignore[attr-defined]
    return len(
        list(container.ledger.repository.event_store.get(decode_id(case_id, "Case", "caseId")))
    )


def test_a_mutation_sent_again_with_its_key_answers_the_first_result(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()

    first = _note(api, story.case_id, "電話で確認した", key="retry-1")
    again = _note(api, story.case_id, "電話で確認した", key="retry-1")

    assert first["__typename"] == "CasePayload"
    assert again == first
    assert _event_count(api, story.case_id) == first["version"] == 2


def test_the_idempotency_key_header_does_the_same(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()

    first = _note(api, story.case_id, "ヘッダーで", key=None, header="header-1")
    again = _note(api, story.case_id, "ヘッダーで", key=None, header="header-1")

    assert again == first
    assert _event_count(api, story.case_id) == 2


def test_the_same_key_with_another_input_is_refused(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    _note(api, story.case_id, "一回目", key="reused")

    refused = _note(api, story.case_id, "二回目", key="reused")

    assert refused["__typename"] == "ValidationError"
    assert refused["code"] == "idempotency_key_reused"
    assert refused["field"] == "clientMutationId"
    assert "別の操作" in refused["message"]
    assert _event_count(api, story.case_id) == 2
