"""suggestedPartners through GraphQL on SQLite and PostgreSQL; proposing a suggestion
records PartnersProposed with its reasons as the rationale."""

from __future__ import annotations

from uuid import UUID

from api.container import Container
from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory, day


def _register(story: CaseStory, name: str, municipality: str, field: str) -> str:
    given = {"kind": "NPO_CORPORATION", "name": name, "municipality": municipality}
    result = story.write(
        "RegisterParty", {"input": {**given, "fields": [field], "occurredOn": day(-30)}}
    )
    party_id: str = result["partyId"]
    return party_id


def test_a_case_s_suggestions_are_proposed_with_their_reasons(
    api: GraphQLClient, container: Container
) -> None:
    story = CaseStory(api)
    partner = _register(story, "やまぐち子ども食堂ネット", "山口市", "子どもの健全育成")
    _register(story, "しものせき環境の会", "下関市", "環境の保全")
    story.open()

    [found] = api.operation("facilitator", "SuggestedPartners", {"caseId": story.case_id})[
        "suggestedPartners"
    ]
    story.step(
        "ProposePartners",
        {"partyIds": [found["partyId"]], "rationale": found["rationale"], "occurredOn": day(2)},
    )

    assert found["partyId"] == partner
    assert found["reasons"] == ["同じ活動分野（子どもの健全育成）", "同じ市町（山口市）"]
    assert found["rationale"] == (
        "やまぐち子ども食堂ネット: 同じ活動分野（子どもの健全育成）、同じ市町（山口市）"
    )
    case_id = container.ledger.find_case(story.number)
    proposed = container.ledger.get_case(case_id)
    assert proposed.steps[2] == "PartnersProposed"
    event = list(container.ledger.repository.event_store.get(UUID(str(case_id))))[1]
    assert event.rationale == found["rationale"]


def test_another_centre_does_not_see_the_suggestions(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()

    body = api.operation_response(
        "facilitator", "SuggestedPartners", {"caseId": story.case_id}, "other_facilitator"
    ).json()

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_first_is_bounded(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()

    body = api.operation_response(
        "facilitator", "SuggestedPartners", {"caseId": story.case_id, "first": 500}
    ).json()

    assert body["errors"][0]["extensions"]["argument"] == "first"
