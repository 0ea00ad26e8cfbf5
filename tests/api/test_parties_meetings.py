"""The party directory and the meetings over GraphQL: public data only, by role, as Nodes."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from api.container import Container
from api.graphql.ids import node_id, parse_global_id
from tests.api.client import GraphQLClient
from tests.api.scenario import (
    CaseStory,
    day,
    hold_meeting,
    received_at_ube,
    shared_at_a_meeting,
)

NODE = "query($id: ID!) { node(id: $id) { __typename id ... on Party { name } "
NODE += "... on Meeting { title } } }"


def register_probono(story: CaseStory) -> str:
    result = story.write(
        "RegisterParty",
        {
            "input": {
                "kind": "PRO_BONO_WORKER",
                "name": "",
                "municipality": "宇部市",
                "contact": {"personName": "山田 花子", "email": "hanako@example.jp"},
                "occurredOn": day(-30),
            }
        },
    )
    assert result["__typename"] == "PartyPayload", result
    party_id: str = result["partyId"]
    return party_id


def directory(api: GraphQLClient, role: str = "facilitator", **variables: Any) -> Any:
    return api.operation("facilitator", "PartyDirectory", variables, role=role)["parties"]


def test_the_directory_shows_public_data_and_case_counts(api: GraphQLClient) -> None:
    story = CaseStory(api)
    register_probono(story)
    story.open()
    story.join("山口食品株式会社", "BUSINESS")
    found = directory(api)
    assert found["totalCount"] == 3
    names = [e["node"]["name"] for e in found["edges"]]
    assert names == ["こどもの未来", "プロボノワーカー（個人）", "山口食品株式会社"]
    business = found["edges"][2]["node"]
    assert (business["casesJoined"], business["casesActive"], business["kind"]) == (
        1,
        1,
        "BUSINESS",
    )
    assert "山田" not in str(found)
    assert "hanako" not in str(found)


def test_the_directory_filters(api: GraphQLClient) -> None:
    story = CaseStory(api)
    register_probono(story)
    story.open()
    consenting = directory(api, filter={"publicationConsent": True, "municipality": "山口市"})
    assert consenting["totalCount"] == 1
    by_kind = directory(api, filter={"kind": "PRO_BONO_WORKER"})
    assert [e["node"]["municipality"] for e in by_kind["edges"]] == ["35202"]
    assert directory(api, filter={"name": "未来"})["totalCount"] == 1


def test_the_directory_is_closed_to_meetings(api: GraphQLClient) -> None:
    body = api.post("{ parties { totalCount } }", role="meeting").json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body.get("data") is None


@pytest.mark.parametrize("query", ["{ parties { totalCount } }", "{ meetings { totalCount } }"])
def test_anonymous_callers_read_nothing(api: GraphQLClient, query: str) -> None:
    response = api.http.post("/graphql", json={"query": query})
    assert response.status_code == 401
    assert "data" not in response.json()


def test_a_meeting_lists_its_presentations_and_follow_ups(
    api: GraphQLClient, container: Container
) -> None:
    story = CaseStory(api)
    story.publish()
    meeting_id = shared_at_a_meeting(api, story, "第3回 情報共有会議", day(170))
    agreed = api.operation(
        "meeting",
        "AgreeFollowUp",
        {
            "input": {
                "meetingId": meeting_id,
                "caseId": story.case_id,
                "municipality": "下関市",
                "ownerCentre": "shimonoseki",
                "action": "下関市で子ども食堂を立ち上げる",
            }
        },
        role="meeting",
    )["agreeFollowUp"]
    assert container.projections.wait_for(agreed["position"], 10)
    found = api.operation("meeting", "Meetings", {"filter": {"fiscalYear": 2024}}, role="auditor")
    (edge,) = found["meetings"]["edges"]
    meeting = edge["node"]
    assert meeting["id"] == meeting_id
    _, case_uuid = parse_global_id(story.case_id)
    assert meeting["presentedCases"] == [
        {
            "caseId": story.case_id,
            "number": story.number,
            "title": "子ども食堂の立ち上げ",
            "storyId": node_id("SuccessCase", case_uuid),  # what SuccessStory opens
        }
    ]
    assert meeting["followUps"][0]["ownerCentre"] == "shimonoseki"
    node = api.run(NODE, {"id": meeting_id}, role="meeting")["node"]
    assert node == {"__typename": "Meeting", "id": meeting_id, "title": "第3回 情報共有会議"}


def test_meetings_filter_by_host_and_year(api: GraphQLClient, container: Container) -> None:
    last = None
    for title, host, on in (("春", "pref", day(10)), ("秋", "ube", day(170))):
        last = hold_meeting(api, title, on, host)
    assert last is not None
    assert container.projections.wait_for(last["position"], 10)
    found = api.operation("meeting", "Meetings", {"filter": {"hostCentre": "ube"}}, role="meeting")
    assert [e["node"]["title"] for e in found["meetings"]["edges"]] == ["秋"]
    assert found["meetings"]["totalCount"] == 1
    other_year = api.operation(
        "meeting", "Meetings", {"filter": {"fiscalYear": 2023}}, role="meeting"
    )
    assert other_year["meetings"]["totalCount"] == 0


def test_a_party_is_a_node_for_its_readers_only(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    party_id = story.parties["こどもの未来"]
    node = api.run(NODE, {"id": party_id}, role="auditor")["node"]
    assert node == {"__typename": "Party", "id": party_id, "name": "こどもの未来"}
    for role in ("meeting", "admin"):  # admins manage accounts and read no case data
        refused = api.post(NODE, {"id": party_id}, role=role).json()
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_partys_cases_are_those_its_reader_may_read(api: GraphQLClient) -> None:
    """A facilitator of another centre reads the party but none of its cases here; the
    auditor, the chief and the case's own centre read them."""
    story = CaseStory(api)
    story.open()
    story.join("山口市社会福祉協議会", kind="SOCIAL_WELFARE_COUNCIL")
    party_id = story.parties["山口市社会福祉協議会"]
    number = story.number
    for role, cases in (
        ("auditor", [number]),
        ("facilitator", [number]),
        ("chief", [number]),
        ("other_facilitator", []),
    ):
        node = api.operation("party", "PartyPage", {"id": party_id}, role=role)["node"]
        assert node["name"] == "山口市社会福祉協議会"
        assert [c["number"] for c in node["cases"]] == cases, role
        if cases:  # the party's own role in the case, among the case's parties
            own = [p for p in node["cases"][0]["parties"] if p["partyId"] == party_id]
            assert [(p["role"], p["active"]) for p in own] == [("PARTNER", True)]


def party_step(
    api: GraphQLClient, name: str, fields: dict[str, Any], role: str = "facilitator"
) -> Any:
    """A write of the party's page (graphql/operations/party.graphql): its answer."""
    return next(iter(api.operation("party", name, {"input": fields}, role=role).values()))


def test_a_facilitator_changes_a_party_s_contact_details_and_its_consent(
    api: GraphQLClient,
) -> None:
    story = CaseStory(api)
    party_id = story.party("こどもの未来", consent=True)
    contact = {"personName": "山田 花子", "email": "hanako@example.jp", "phone": "083-000-0001"}
    changed = party_step(api, "ChangeContactDetails", {"partyId": party_id, "contact": contact})
    assert changed["__typename"] == "PartyPayload", changed
    read = api.operation(
        "auditor", "ReadPartyContact", {"partyId": party_id, "reason": "確認"}, role="facilitator"
    )["partyContact"]
    assert {k: read[k] for k in contact} == contact
    consent = party_step(api, "ChangePublicationConsent", {"partyId": party_id, "consent": False})
    assert consent["__typename"] == "PartyPayload", consent
    node = api.operation("party", "PartyPage", {"id": party_id}, role="facilitator")
    assert node["node"]["publicationConsent"] is False
    refused = party_step(
        api, "ChangePublicationConsent", {"partyId": party_id, "consent": True}, "other_facilitator"
    )
    assert refused["code"] == "forbidden", refused
    assert "他のセンターが登録した団体です" in refused["message"]


def test_a_party_s_fields_change_and_the_directory_finds_it_by_the_new_ones(
    api: GraphQLClient,
) -> None:
    party_id = CaseStory(api).party("こどもの未来")  # まちづくり
    changed = party_step(
        api,
        "ChangePartyFields",
        {"partyId": party_id, "fields": ["子どもの健全育成", "社会教育"]},
    )
    assert changed["__typename"] == "PartyPayload", changed
    by_new = {"filter": {"field": "子どもの健全育成", "name": "こどもの未来"}}
    found = api.operation("facilitator", "PartyDirectory", by_new)["parties"]
    (node,) = [e["node"] for e in found["edges"]]
    assert len(node["fields"]) == 2
    by_old = {"filter": {"field": "まちづくり", "name": "こどもの未来"}}
    assert api.operation("facilitator", "PartyDirectory", by_old)["parties"]["totalCount"] == 0
    history = api.operation("party", "PartyHistory", {"id": party_id}, role="auditor")
    said = [e["node"]["summary"] for e in history["partyHistory"]["edges"]]
    assert "活動分野を変更しました：子どもの健全育成、社会教育" in said
    same = {"partyId": party_id, "fields": ["社会教育", "子どもの健全育成"]}
    refused = party_step(api, "ChangePartyFields", same)
    assert (refused["__typename"], refused["code"]) == ("RuleViolation", "fields_unchanged")
    elsewhere = party_step(
        api,
        "ChangePartyFields",
        {"partyId": party_id, "fields": ["環境の保全"]},
        "other_facilitator",
    )
    assert elsewhere["code"] == "forbidden", elsewhere


def test_meetings_are_closed_to_admins(api: GraphQLClient) -> None:
    body = api.post("{ meetings { totalCount } }", role="admin").json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_party_s_cases_come_latest_joined_first_and_as_many_as_asked(
    api: GraphQLClient,
) -> None:
    council = CaseStory(api).party("山口市社会福祉協議会", "SOCIAL_WELFARE_COUNCIL")
    numbers = []
    for joined, title in enumerate(("子ども食堂", "学習支援", "防災訓練")):
        story = CaseStory(api)
        story.open(title=title)
        given = {"caseId": story.case_id, "partyId": council, "role": "PARTNER",
                 "contribution": "協力", "occurredOn": day(5 + joined)}  # fmt: skip
        assert story.write("JoinParty", {"input": given})["__typename"] == "CasePayload"
        numbers.append(story.number)
    found = api.operation("party", "PartyPage", {"id": council, "first": 2}, role="auditor")
    assert [c["number"] for c in found["node"]["cases"]] == [numbers[2], numbers[1]]
    assert found["node"]["casesJoined"] == 3
    everything = api.operation("party", "PartyPage", {"id": council}, role="auditor")
    assert [c["number"] for c in everything["node"]["cases"]] == numbers[::-1]
    refused = api.operation_response("party", "PartyPage", {"id": council, "first": 0}).json()
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_follow_up_shows_the_cases_that_take_it_up_to_those_who_may_read_them(
    api: GraphQLClient, container: Container
) -> None:
    """宇部市 agreed to replicate a story; the case 宇部 then received that replicates it shows
    under the follow-up: its day and centre to everyone who reads the meetings, its number and
    title to those who may read the case (its own centre, auditors), not to another centre."""
    story = CaseStory(api)
    story.publish()
    meeting_id = shared_at_a_meeting(api, story, "第4回 情報共有会議", day(180))
    follow_up = {"meetingId": meeting_id, "caseId": story.case_id, "municipality": "宇部市"}
    api.operation(
        "meeting",
        "AgreeFollowUp",
        {"input": {**follow_up, "ownerCentre": "ube", "action": "宇部市で子ども食堂を広げる"}},
        role="meeting",
    )
    opened = received_at_ube(api, story, "宇部版 子ども食堂", "宇部市")
    assert container.projections.wait_for(opened["position"], 10)
    # the case names the story it follows (横展開元); a case that follows none, nothing
    overview = api.operation(
        "facilitator", "CaseOverview", {"id": opened["caseId"]}, role="other_facilitator"
    )["case"]
    assert overview["replicates"]["number"] == story.number
    assert overview["replicates"]["title"] == "地域ぐるみの子ども食堂"  # the story's title
    original = api.operation("facilitator", "CaseOverview", {"id": story.case_id})["case"]
    assert original["replicates"] is None

    def taken_up(role: str) -> Any:
        found = api.operation("meeting", "Meetings", {}, role=role)["meetings"]["edges"]
        (meeting,) = [e["node"] for e in found if e["node"]["id"] == meeting_id]
        (agreed,) = meeting["followUps"]
        return agreed["replications"]

    named = {"openedOn": day(200), "centre": "ube"}
    readable = {**named, "caseId": opened["caseId"], "number": opened["number"]}
    assert taken_up("other_facilitator") == [{**readable, "title": "宇部版 子ども食堂"}]
    assert taken_up("auditor") == [{**readable, "title": "宇部版 子ども食堂"}]
    hidden = {**named, "caseId": None, "number": None, "title": None}
    assert taken_up("meeting") == [hidden]
    assert taken_up("facilitator") == [hidden]
    # the meetings that gave 宇部 a follow-up, by the centre's code or name
    for owner, count in (("宇部市市民活動センター", 1), ("ube", 1), ("hagi", 0)):
        filtered = {"filter": {"followUpOwner": owner}}
        found = api.operation("meeting", "Meetings", filtered, role="meeting")["meetings"]
        assert found["totalCount"] == count
    # the meetings that shared the story; a centre or a case that is none is refused
    for criteria, count in (
        ({"sharedCase": story.case_id}, 1),
        ({"sharedCase": opened["caseId"]}, 0),
    ):
        found = api.operation("meeting", "Meetings", {"filter": criteria}, role="meeting")
        assert found["meetings"]["totalCount"] == count
    for wrong, argument in (
        ({"followUpOwner": "宇部センター"}, "filter.followUpOwner"),
        ({"sharedCase": meeting_id}, "filter.sharedCase"),
    ):
        body = api.operation_response("meeting", "Meetings", {"filter": wrong}, role="meeting")
        (error,) = body.json()["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["extensions"]["argument"] == argument


def test_the_library_narrowed_to_the_stories_no_meeting_has_shared(api: GraphQLClient) -> None:
    """The secretariat prepares a meeting: of two stories, the one never shared is its
    candidate; the other shows among those shared (the library's presentedCount > 0)."""
    shared, waiting = CaseStory(api), CaseStory(api)
    shared.publish()
    waiting.publish()
    shared_at_a_meeting(api, shared, "第6回 情報共有会議", day(200))  # it waits for the read models

    def found(presented: bool | None) -> list[str]:
        criteria = {"filter": {"presented": presented}}
        page = api.operation("meeting", "SearchLibrary", criteria, role="meeting")
        return [e["node"]["caseId"] for e in page["successCases"]["edges"]]

    assert found(False) == [waiting.case_id]
    assert found(True) == [shared.case_id]
    assert sorted(found(None)) == sorted([shared.case_id, waiting.case_id])


def test_the_directory_says_which_centre_registered_a_party_and_filters_by_it(
    api: GraphQLClient,
) -> None:
    CaseStory(api).party("山口の会")
    CaseStory(api, role="other_facilitator").party("宇部の会")
    listed = (
        "query($filter: PartyFilterInput) { parties(filter: $filter) "
        "{ totalCount edges { node { name centre } } } }"
    )

    ube = api.run(listed, {"filter": {"centre": "宇部市市民活動センター"}})["parties"]
    everyone = api.run(listed)["parties"]
    wrong = api.post(listed, {"filter": {"centre": "nowhere"}}).json()

    assert [e["node"] for e in ube["edges"]] == [{"name": "宇部の会", "centre": "ube"}]
    assert {"name": "山口の会", "centre": "yamaguchi"} in [e["node"] for e in everyone["edges"]]
    assert wrong["errors"][0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "argument": "filter.centre",
    }


def test_a_group_that_left_the_register_is_listed_apart_and_named_in_no_new_step(
    api: GraphQLClient,
) -> None:
    story = CaseStory(api)
    story.open()
    left = story.party("解散した会")

    def deregister(reason: str, **given: str) -> Any:
        variables = {"input": {"partyId": left, "reason": reason, **given}}
        return api.operation("party", "DeregisterParty", variables)["deregisterParty"]

    gone = deregister("会員の高齢化により解散", occurredOn=day(-1))
    again = deregister("もう一度")
    joined = story.write(
        "JoinParty",
        {"input": {"caseId": story.case_id, "partyId": left, "role": "PARTNER",
                   "contribution": "会場", "occurredOn": day(0)}},
    )  # fmt: skip
    listed = (
        "query($filter: PartyFilterInput) { parties(filter: $filter) "
        "{ edges { node { name deregisteredOn deregistrationReason } } } }"
    )
    named = {"name": "解散した会"}
    left_ones = api.run(listed, {"filter": {**named, "deregistered": True}})["parties"]["edges"]
    current = api.run(listed, {"filter": {**named, "deregistered": False}})["parties"]["edges"]
    exported = api.http.get("/exports/parties.csv?name=解散した会", headers=api.headers())
    exported_all = api.http.get(
        "/exports/parties.csv?name=解散した会&standing=all", headers=api.headers()
    )

    assert gone["__typename"] == "PartyPayload", gone
    assert (again["__typename"], again["code"]) == ("RuleViolation", "party_already_deregistered")
    assert (joined["__typename"], joined["code"]) == ("RuleViolation", "party_deregistered")
    assert "解散した会" in joined["message"]
    assert [e["node"] for e in left_ones] == [
        {
            "name": "解散した会",
            "deregisteredOn": day(-1),
            "deregistrationReason": "会員の高齢化により解散",
        }
    ]
    assert current == []
    assert "解散した会" not in exported.content.decode("utf-8")
    assert day(-1) in exported_all.content.decode("utf-8")
    back = base64.b64encode("団体名,種別,市町\n解散した会,NPO法人,山口市\n".encode()).decode()
    roster = api.run(
        "mutation($f: String!) { importPartyRoster(file: $f) "
        "{ ... on PartyRoster { toRegister } } }",
        {"f": back},
    )["importPartyRoster"]
    assert roster == {"toRegister": 1}  # a group that comes back is registered anew
