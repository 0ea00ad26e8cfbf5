"""Connections page in SQL both ways: a cursor per edge, `last`/`before`, counts over all
pages, the timeline's filter with its count."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory, day

CASES = """query($first: Int, $after: String, $last: Int, $before: String,
  $filter: CaseFilterInput) {
  cases(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { title } }
  }
}"""

TIMELINE = """query($number: String!, $first: Int, $after: String, $last: Int,
  $before: String, $filter: TimelineFilter) {
  case(number: $number) {
    timeline(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { __typename ... on TimelineStep { version } } }
    }
  }
}"""


def cases(api: GraphQLClient, role: str = "facilitator", **variables: Any) -> Any:
    return api.run(CASES, variables, role=role)["cases"]


def titles(page: Any) -> list[str]:
    return [edge["node"]["title"] for edge in page["edges"]]


@pytest.fixture
def five_cases(api: GraphQLClient) -> list[str]:
    story = CaseStory(api)
    for i in range(5):
        story.open(f"案件{i}")
    return titles(cases(api, first=10))


def test_each_edge_has_its_own_cursor(api: GraphQLClient, five_cases: list[str]) -> None:
    page = cases(api, first=5)
    second = page["edges"][1]["cursor"]
    assert titles(cases(api, first=2, after=second)) == five_cases[2:4]
    assert len({edge["cursor"] for edge in page["edges"]}) == 5


def test_last_and_before_read_backwards(api: GraphQLClient, five_cases: list[str]) -> None:
    tail = cases(api, last=2)
    assert titles(tail) == five_cases[3:]
    assert tail["pageInfo"]["hasPreviousPage"] is True
    assert tail["pageInfo"]["hasNextPage"] is False
    before = cases(api, last=10, before=tail["pageInfo"]["startCursor"])
    assert titles(before) == five_cases[:3]
    assert before["pageInfo"]["hasPreviousPage"] is False
    assert before["pageInfo"]["hasNextPage"] is True
    assert before["totalCount"] == 5


def test_total_count_is_of_every_page_and_the_callers_centre(
    api: GraphQLClient, five_cases: list[str]
) -> None:
    assert cases(api, first=1)["totalCount"] == 5
    assert cases(api, first=1, filter={"fiscalYear": 2023})["totalCount"] == 0
    assert cases(api, role="chief", first=1)["totalCount"] == 5
    assert cases(api, role="other_facilitator", first=1)["totalCount"] == 0


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"last": 101}, "last"),
        ({"first": 2, "last": 2}, "last"),
        ({"last": 2, "before": "not-a-cursor"}, "before"),
    ],
)
def test_bad_paging_arguments_are_bad_user_input(
    api: GraphQLClient, variables: dict[str, Any], argument: str
) -> None:
    body = api.post(CASES, variables).json()
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == argument


def test_the_timeline_filters_in_sql_and_pages_backwards(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    story.join("山口食品株式会社", "BUSINESS")
    story.step("HoldHearing", {"summary": "聞き取り", "occurredOn": day(7)})
    story.join("こどもの未来")

    def timeline(**variables: Any) -> Any:
        return api.run(TIMELINE, {"number": story.number, **variables})["case"]["timeline"]

    joins = timeline(first=1, filter={"steps": ["PartyJoined"]})
    assert joins["totalCount"] == 2
    assert joins["pageInfo"]["hasNextPage"] is True
    versions = [e["node"]["version"] for e in timeline()["edges"]]
    assert len(versions) == 4
    tail = timeline(last=2)
    assert [e["node"]["version"] for e in tail["edges"]] == versions[2:]
    assert tail["pageInfo"]["hasPreviousPage"] is True
    back = timeline(last=1, before=tail["pageInfo"]["startCursor"])
    assert [e["node"]["version"] for e in back["edges"]] == versions[1:2]
    body = api.post(TIMELINE, {"number": story.number, "last": 101}).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


LIBRARY = """query($first: Int, $after: String, $last: Int, $before: String) {
  successCases(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { number } }
  }
}"""


def library(api: GraphQLClient, **variables: Any) -> Any:
    return api.run(LIBRARY, variables, role="meeting")["successCases"]


def numbers(page: Any) -> list[str]:
    return [edge["node"]["number"] for edge in page["edges"]]


@pytest.fixture
def three_published(api: GraphQLClient) -> list[str]:
    for _ in range(3):
        CaseStory(api).publish()
    ranked = numbers(library(api, first=10))
    assert len(ranked) == 3
    return ranked


def test_the_library_pages_forwards_by_rank(api: GraphQLClient, three_published: list[str]) -> None:
    head = library(api, first=2)
    rest = library(api, first=2, after=head["pageInfo"]["endCursor"])

    assert numbers(head) + numbers(rest) == three_published
    assert head["pageInfo"]["hasNextPage"] is True
    assert rest["pageInfo"] == {**rest["pageInfo"], "hasNextPage": False, "hasPreviousPage": True}


def test_the_library_pages_backwards_by_rank(
    api: GraphQLClient, three_published: list[str]
) -> None:
    tail = library(api, last=2)
    before_tail = library(api, last=2, before=tail["pageInfo"]["startCursor"])

    assert numbers(tail) == three_published[1:]
    assert tail["pageInfo"]["hasPreviousPage"] is True
    assert tail["pageInfo"]["hasNextPage"] is False
    assert numbers(before_tail) == three_published[:1]
    assert before_tail["pageInfo"]["hasPreviousPage"] is False
    assert tail["totalCount"] == before_tail["totalCount"] == 3


def test_the_library_refuses_a_bad_before_cursor(api: GraphQLClient) -> None:
    response = api.post(LIBRARY, {"last": 2, "before": "not-a-cursor"}, role="meeting")

    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "before"
