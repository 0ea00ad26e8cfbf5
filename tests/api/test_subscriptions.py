"""Live timelines and library updates over graphql-transport-ws, authenticated by the
`connection_init` payload."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.websockets import WebSocketDisconnect

from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory, day

PROTOCOL = ["graphql-transport-ws"]
TIMELINE = """
subscription($caseId: ID!, $after: String) {
  caseTimeline(caseId: $caseId, after: $after) {
    __typename
    ... on TimelineStep { version position label }
  }
}
"""
LIBRARY = (
    "subscription($after: Int) { libraryUpdated(after: $after)"
    " { change position successCase { title } } }"
)


def subscribe(ws: Any, token: str, query: str, variables: dict[str, Any]) -> None:
    ws.send_json({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
    assert ws.receive_json()["type"] == "connection_ack"
    ws.send_json(
        {"id": "1", "type": "subscribe", "payload": {"query": query, "variables": variables}}
    )


def next_item(ws: Any) -> dict[str, Any]:
    message = ws.receive_json()
    assert message["type"] == "next", message
    data: dict[str, Any] = message["payload"]["data"]
    return data


def test_a_timeline_catches_up_then_goes_live_without_gap_or_repeat(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    story.join("こどもの未来", role="PROPOSER")
    with api.http.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws:
        subscribe(ws, api.token(), TIMELINE, {"caseId": story.case_id})
        caught_up = [next_item(ws)["caseTimeline"]["version"] for _ in range(2)]
        story.step("AddNote", {"text": "電話で確認", "occurredOn": day(6)})
        live = next_item(ws)["caseTimeline"]
        ws.send_json({"id": "1", "type": "complete"})
    assert caught_up == [1, 2]
    assert live["__typename"] == "NoteAddedItem"
    assert live["version"] == 3


def test_a_late_logged_step_with_an_earlier_date_still_arrives(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    story.join("こどもの未来", role="PROPOSER")
    with api.http.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws:
        subscribe(ws, api.token(), TIMELINE, {"caseId": story.case_id})
        [next_item(ws) for _ in range(2)]
        story.step("AddNote", {"text": "初日のメモ", "occurredOn": day(0)})
        live = next_item(ws)["caseTimeline"]
        ws.send_json({"id": "1", "type": "complete"})
    assert live["version"] == 3


def test_the_library_streams_a_publication(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.through_success()
    nominated = story.step("NominateSuccessCase", {"occurredOn": day(151)})
    with api.http.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws:
        # From the nomination's position on: the publication below cannot slip in before
        # the subscription has noted where it starts.
        subscribe(ws, api.token("meeting"), LIBRARY, {"after": nominated["position"]})
        story.step(
            "PublishSuccessCase",
            {
                "story": {
                    "title": "地域ぐるみの子ども食堂",
                    "summary": "協働で開いた",
                    "howStarted": "電話",
                    "outcomes": "300人",
                    "lessons": "分担",
                    "partyIds": [],
                },
                "occurredOn": day(160),
            },
            role="chief",
        )
        update = next_item(ws)["libraryUpdated"]
        ws.send_json({"id": "1", "type": "complete"})
    assert update["change"] == "PUBLISHED"
    assert update["successCase"] == {"title": "地域ぐるみの子ども食堂"}


def test_the_library_resumes_after_a_position_without_a_gap(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.publish()  # before the subscription: found again from a position before it
    with api.http.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws:
        subscribe(ws, api.token("meeting"), LIBRARY, {"after": 0})
        update = next_item(ws)["libraryUpdated"]
        ws.send_json({"id": "1", "type": "complete"})
    assert update["change"] == "PUBLISHED"
    assert update["position"] > 0


def test_a_negative_library_position_is_bad_input(api: GraphQLClient) -> None:
    with api.http.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws:
        subscribe(ws, api.token("meeting"), LIBRARY, {"after": -1})
        message = ws.receive_json()
    [error] = message["payload"]["errors"]
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == (
        "BAD_USER_INPUT",
        "after",
    )
    assert error["message"] == "after には0以上の位置を指定してください"


def test_a_connection_without_a_token_is_refused(api: GraphQLClient) -> None:
    with api.http.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 4403


def test_another_centre_cannot_follow_a_case(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    with api.http.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws:
        subscribe(ws, api.token("other_facilitator"), TIMELINE, {"caseId": story.case_id})
        message = ws.receive_json()
    assert message["type"] == "next"
    assert message["payload"]["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_cross_origin_connection_is_refused(api: GraphQLClient) -> None:
    with (
        pytest.raises(WebSocketDisconnect),
        api.http.websocket_connect(
            "/graphql", subprotocols=PROTOCOL, headers={"Origin": "https://evil.example"}
        ) as ws,
    ):
        ws.receive_json()
