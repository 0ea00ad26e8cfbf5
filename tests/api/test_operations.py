"""Every named operation in graphql/operations/ is run by a test; the ones the other tests
do not reach are run here."""

from __future__ import annotations

import re
from pathlib import Path

from tests.api.client import OPERATIONS, GraphQLClient
from tests.api.scenario import CaseStory, day, shared_at_a_meeting

TESTS = Path(__file__).resolve().parents[1]


def test_every_named_operation_is_run_by_some_test() -> None:
    sources = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.rglob("test_*.py"))
    sources += (TESTS / "api" / "scenario.py").read_text(encoding="utf-8")
    for document in OPERATIONS.glob("*.graphql"):
        text = document.read_text(encoding="utf-8")
        for name in re.findall(r"^(?:query|mutation|subscription) (\w+)", text, re.M):
            assert f'"{name}"' in sources, f"{document.name}: {name} is never run"


def test_the_form_vocabulary_has_the_prefecture_s_lists(api: GraphQLClient) -> None:
    vocabulary = api.operation("facilitator", "FormVocabulary")["vocabulary"]
    assert len(vocabulary["municipalities"]) == 19
    assert len(vocabulary["fields"]) == 20
    assert len(vocabulary["sdgs"]) == 17
    assert {"code": "proposer", "ja": "提案者", "en": "Proposer"} in vocabulary["partyRoles"]


def test_a_hearing_and_a_roundtable_are_recorded(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    story.step("HoldHearing", {"summary": "課題の聞き取り", "occurredOn": day(1)})
    result = story.step(
        "HoldRoundtable",
        {"agenda": "役割分担", "decisions": "月1回開催", "occurredOn": day(10)},
    )
    assert result["case"]["version"] == 3


def test_where_a_case_stands_is_what_a_step_s_answer_says_of_it(api: GraphQLClient) -> None:
    """CaseStanding: the case as a step of its own answers it, for a step whose answer is a
    party's or a plan's."""
    story = CaseStory(api)
    story.open()
    answered = story.step("HoldHearing", {"summary": "課題の聞き取り", "occurredOn": day(1)})
    standing = api.operation("facilitator", "CaseStanding", {"id": story.case_id})["case"]
    assert standing == answered["case"]
    assert standing["version"] == 2
    assert standing["state"] == "INTAKE"
    assert "CarryOutActivity" in {r["operation"] for r in standing["refusedSteps"]}


def test_an_auditor_lists_every_centre_s_cases(api: GraphQLClient) -> None:
    CaseStory(api).open()
    data = api.operation("auditor", "AuditCases", role="auditor")["cases"]
    assert data["totalCount"] == 1
    assert data["edges"][0]["node"]["centre"] == "yamaguchi"


def test_similar_cases_are_other_published_cases(api: GraphQLClient) -> None:
    first, second = CaseStory(api), CaseStory(api)
    first.publish()
    second.publish()
    found = api.operation("meeting", "SimilarCases", {"id": first.case_id}, role="meeting")
    assert [c["caseId"] for c in found["similarCases"]] == [second.case_id]


def test_library_pages_follow_each_other(api: GraphQLClient) -> None:
    for _ in range(3):
        CaseStory(api).publish()
    first = api.operation("meeting", "SearchLibrary", {"first": 2}, role="meeting")
    page = first["successCases"]
    assert page["totalCount"] == 3
    assert page["pageInfo"]["hasNextPage"] is True
    rest = api.operation(
        "meeting",
        "SearchLibrary",
        {"first": 2, "after": page["pageInfo"]["endCursor"]},
        role="meeting",
    )["successCases"]
    ids = [e["node"]["id"] for e in page["edges"] + rest["edges"]]
    assert len(set(ids)) == 3
    assert rest["pageInfo"]["hasNextPage"] is False


def test_a_booklet_takes_every_story_of_a_search_whole(api: GraphQLClient) -> None:
    """事例集を作る reads the stories a page at a time, each with its whole text and its city's
    code (the booklet's order)."""
    stories = [CaseStory(api) for _ in range(3)]
    for story in stories:
        story.publish()
    first = api.operation("meeting", "LibraryBooklet", {"first": 2}, role="meeting")
    page = first["successCases"]
    assert page["totalCount"] == 3
    assert page["pageInfo"]["hasNextPage"] is True
    rest = api.operation(
        "meeting", "LibraryBooklet", {"after": page["pageInfo"]["endCursor"]}, role="meeting"
    )["successCases"]
    nodes = [e["node"] for e in page["edges"] + rest["edges"]]
    assert sorted(n["caseId"] for n in nodes) == sorted(s.case_id for s in stories)
    assert rest["pageInfo"]["hasNextPage"] is False
    for node in nodes:
        assert node["howStarted"]
        assert node["lessons"]
        assert node["outcomes"]
        assert node["municipality"].isdigit()
        assert node["publishedOn"]


def test_a_meeting_s_handout_names_the_stories_it_shared(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.publish()
    meeting_id = shared_at_a_meeting(api, story, "第5回 情報共有会議", day(190), host="ube")
    handout = api.operation("meeting", "MeetingHandout", {"id": meeting_id}, role="meeting")
    meeting = handout["node"]
    assert (meeting["title"], meeting["hostCentre"], meeting["heldOn"]) == (
        "第5回 情報共有会議",
        "ube",
        day(190),
    )
    (shared,) = meeting["presentedCases"]
    found = api.operation("meeting", "SuccessStory", {"id": shared["storyId"]}, role="meeting")
    assert found["node"]["caseId"] == story.case_id


def test_a_bad_library_cursor_is_bad_user_input(api: GraphQLClient) -> None:
    body = api.operation_response(
        "meeting", "SearchLibrary", {"after": "WyJ4Il0"}, role="meeting"
    ).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_case_s_overview_lists_who_took_part_and_when_each_left(api: GraphQLClient) -> None:
    """The case page's overview (CaseOverview), asked again after a step: the facts of the
    case, and each party that ever took part with its role and dates."""
    story = CaseStory(api)
    story.open()
    story.join("こどもの未来", role="PROPOSER")
    story.join("山口食品株式会社", "BUSINESS", "VENUE_OR_GOODS")
    story.step(
        "WithdrawParty",
        {"partyId": story.parties["山口食品株式会社"], "reason": "繁忙期", "occurredOn": day(9)},
    )
    found = api.operation("facilitator", "CaseOverview", {"id": story.case_id})["case"]
    assert found["id"] == story.case_id
    assert (found["state"], found["municipality"], found["centre"]) == (
        "COORDINATING",
        "35203",
        "yamaguchi",
    )
    assert (found["openedOn"], found["lastStepOn"], found["sdgs"]) == (day(0), day(9), [1, 2])
    assert (found["result"], found["nominated"], found["published"]) == (None, False, False)
    parties = {p["name"]: p for p in found["parties"]}
    assert set(parties) == {"こどもの未来", "山口食品株式会社"}
    left = parties["山口食品株式会社"]
    assert (left["kind"], left["role"], left["contribution"]) == (
        "BUSINESS",
        "VENUE_OR_GOODS",
        "協力",
    )
    assert (left["active"], left["joinedOn"], left["leftOn"]) == (False, day(5), day(9))
    assert (parties["こどもの未来"]["active"], parties["こどもの未来"]["leftOn"]) == (True, None)
