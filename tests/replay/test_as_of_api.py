"""`caseAsOf` and `libraryAsOf` through GraphQL: clear refusals, read rights, paging."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest

from persistence.settings import Settings
from tests.api.client import GraphQLClient, running_api
from tests.api.scenario import CaseStory
from tests.replay.clock import TOKYO

AS_OF = """
query($id: ID, $version: Int, $recordedAt: DateTime, $occurredOn: Date) {
  caseAsOf(id: $id, version: $version, recordedAt: $recordedAt, occurredOn: $occurredOn) {
    axis version versions headVersion state title
  }
}"""

LIBRARY = """
query($date: Date!, $query: String = "", $first: Int, $after: String) {
  libraryAsOf(date: $date, query: $query, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { title } }
  }
}"""


@pytest.fixture
def story(settings: Settings) -> Iterator[CaseStory]:
    with running_api(settings) as client:
        story = CaseStory(client)
        story.open()
        yield story


def error(client: GraphQLClient, query: str, variables: dict[str, Any], role: str) -> Any:
    body = client.post(query, variables, role=role).json()
    assert body["data"] is None or not any(body["data"].values()), body
    return body["errors"][0]


@pytest.mark.parametrize(
    ("when", "reason", "argument"),
    [
        ({}, "as_of_axis", "version"),
        ({"version": 1, "occurredOn": "2024-05-01"}, "as_of_axis", "version"),
        ({"version": 9}, "no_such_version", "version"),
        ({"occurredOn": "2024-04-30"}, "before_opening", "occurredOn"),
        ({"recordedAt": "2020-01-01T00:00:00"}, "not_yet_recorded", "recordedAt"),
    ],
)
def test_a_point_in_time_that_cannot_be_replayed_is_refused_clearly(
    story: CaseStory, when: dict[str, Any], reason: str, argument: str
) -> None:
    found = error(story.api, AS_OF, {"id": story.case_id, **when}, "auditor")
    assert found["extensions"]["code"] == "BAD_USER_INPUT"
    assert found["extensions"]["argument"] == argument
    assert found["extensions"]["reason"] == reason
    assert found["message"]


def test_the_case_as_of_today_is_its_latest_version(story: CaseStory) -> None:
    data = story.api.run(
        AS_OF, {"id": story.case_id, "occurredOn": date.today().isoformat()}, "auditor"
    )
    assert data["caseAsOf"]["versions"] == [1]
    assert data["caseAsOf"]["axis"] == "OCCURRED_ON"


@pytest.mark.parametrize(("role", "allowed"), [("chief", True), ("meeting", False)])
def test_who_replays_a_case(story: CaseStory, role: str, allowed: bool) -> None:
    body = story.api.post(AS_OF, {"id": story.case_id, "version": 1}, role=role).json()
    if allowed:
        assert body["data"]["caseAsOf"]["version"] == 1
    else:
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_the_library_of_a_day_is_for_those_who_read_the_library(story: CaseStory) -> None:
    found = error(story.api, LIBRARY, {"date": "2024-10-31"}, "admin")
    assert found["extensions"]["code"] == "FORBIDDEN"
    data = story.api.run(LIBRARY, {"date": "2024-10-31"}, "meeting")
    assert data["libraryAsOf"]["totalCount"] == 0


def test_the_library_of_a_day_refuses_a_bad_cursor(story: CaseStory) -> None:
    found = error(story.api, LIBRARY, {"date": "2024-10-31", "after": "??"}, "auditor")
    assert found["extensions"]["code"] == "BAD_USER_INPUT"


def test_the_library_of_today_pages_like_the_library(story: CaseStory) -> None:
    story.publish()
    today = datetime.now(TOKYO).date().isoformat()
    first = story.api.run(LIBRARY, {"date": today, "first": 1}, "auditor")["libraryAsOf"]
    assert first["totalCount"] == 1
    assert [e["node"]["title"] for e in first["edges"]] == ["地域ぐるみの子ども食堂"]
    assert first["pageInfo"]["hasNextPage"] is False
