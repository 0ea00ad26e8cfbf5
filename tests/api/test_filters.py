"""A listing's filter that names an unknown municipality, centre, field, SDG, party kind or
fiscal year is a clear error naming the argument, not an empty page; codes and Japanese
names both still work."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory

CASES = "query($f: CaseFilterInput) { cases(filter: $f) { totalCount } }"
PARTIES = "query($f: PartyFilterInput) { parties(filter: $f) { totalCount } }"
MEETINGS = "query($f: MeetingFilterInput) { meetings(filter: $f) { totalCount } }"
LIBRARY = "query($f: LibraryFilterInput) { successCases(filter: $f) { totalCount } }"
AS_OF = (
    'query($f: LibraryFilterInput) { libraryAsOf(date: "2024-04-01", filter: $f) { totalCount } }'
)


def refusal(api: GraphQLClient, query: str, value: dict[str, Any], role: str) -> dict[str, Any]:
    body = api.post(query, {"f": value}, role=role).json()
    assert body.get("data") is None, body
    [error] = body["errors"]
    return dict(error)


@pytest.mark.parametrize(
    ("query", "value", "argument", "role"),
    [
        (CASES, {"municipality": "yamaguchi"}, "filter.municipality", "chief"),
        (CASES, {"centre": "yamaguchi-shi"}, "filter.centre", "chief"),
        (CASES, {"field": "福祉"}, "filter.field", "chief"),
        (CASES, {"sdg": 18}, "filter.sdg", "chief"),
        (CASES, {"fiscalYear": 24}, "filter.fiscalYear", "chief"),
        (PARTIES, {"municipality": "35999"}, "filter.municipality", "chief"),
        (PARTIES, {"field": "sports"}, "filter.field", "chief"),
        (MEETINGS, {"hostCentre": "nowhere"}, "filter.hostCentre", "chief"),
        (LIBRARY, {"partyKind": "npo"}, "filter.partyKind", "meeting"),
        (LIBRARY, {"municipality": "山口"}, "filter.municipality", "meeting"),
        (AS_OF, {"sdg": 0}, "filter.sdg", "auditor"),
    ],
)
def test_an_unknown_value_in_a_filter_is_bad_user_input_naming_it(
    api: GraphQLClient, query: str, value: dict[str, Any], argument: str, role: str
) -> None:
    error = refusal(api, query, value, role)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == argument
    shown = str(next(iter(value.values())))
    assert shown in error["message"] or "年度" in error["message"], error
    assert not error["message"].isascii()  # said in Japanese


def test_codes_and_japanese_names_still_filter(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.publish()
    found = [
        api.run(CASES, {"f": f}, role="chief")["cases"]["totalCount"]
        for f in ({"municipality": "35203"}, {"municipality": "山口市"}, {"centre": "山口"})
    ]
    assert found == [1, 1, 1]
    assert api.run(CASES, {"f": {"municipality": "宇部市"}}, role="chief")["cases"] == {
        "totalCount": 0
    }
    kinds = [
        api.run(LIBRARY, {"f": {"partyKind": k}}, role="meeting")["successCases"]["totalCount"]
        for k in ("npo_corporation", "NPO法人")
    ]
    assert kinds == [1, 1]


def test_a_facilitator_finds_their_cases_by_free_text_and_a_long_text_is_refused(
    api: GraphQLClient,
) -> None:
    CaseStory(api).open(title="商店街のコドモ食堂")
    CaseStory(api).open(title="空き家バンク")
    listed = (
        "query($f: CaseFilterInput) { cases(filter: $f) { totalCount edges { node { title } } } }"
    )

    def titles(text: str) -> list[str]:
        found = api.post(listed, {"f": {"text": text}}).json()["data"]["cases"]
        return [edge["node"]["title"] for edge in found["edges"]]

    assert titles("こども食堂") == ["商店街のコドモ食堂"]
    assert titles("孤食　空き家") == ["空き家バンク"]  # the issue statement, and every word
    error = refusal(api, CASES, {"text": "食" * 201}, "facilitator")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "filter.text"
    assert "200文字以内" in error["message"]
    error = refusal(api, CASES, {"text": " ".join("abcdefghijk")}, "facilitator")
    assert "10語以内" in error["message"]
