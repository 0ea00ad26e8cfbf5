"""The commands the scenarios do not reach are mutations too, wired to the ledger."""

from __future__ import annotations

from typing import Any

from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory, day

RESULT = "{{ __typename ... on CommandError {{ code message }} ... on {payload} {{ version }} }}"


def mutate(
    api: GraphQLClient,
    field: str,
    input_type: str,
    value: dict[str, Any],
    role: str | None = None,
    payload: str = "CasePayload",
) -> dict[str, Any]:
    selection = RESULT.format(payload=payload)
    query = f"mutation($input: {input_type}!) {{ {field}(input: $input) {selection} }}"
    result: dict[str, Any] = api.run(query, {"input": value}, role=role)[field]
    return result


def test_the_coordination_steps(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    partner = story.party("山口食品株式会社", "BUSINESS")
    case = {"caseId": story.case_id}
    steps = [
        (
            "assignFacilitator",
            "AssignFacilitatorInput",
            {"facilitatorId": "fac-2", "occurredOn": day(1)},
        ),
        ("holdHearing", "HoldHearingInput", {"summary": "聞き取り", "occurredOn": day(2)}),
        (
            "proposePartners",
            "ProposePartnersInput",
            {"partyIds": [partner], "rationale": "食材提供", "occurredOn": day(3)},
        ),
        (
            "joinParty",
            "JoinPartyInput",
            {"partyId": partner, "role": "FUNDER", "contribution": "資金", "occurredOn": day(4)},
        ),
        (
            "holdRoundtable",
            "HoldRoundtableInput",
            {"agenda": "役割分担", "attendeePartyIds": [partner], "occurredOn": day(5)},
        ),
        (
            "withdrawParty",
            "WithdrawPartyInput",
            {"partyId": partner, "reason": "予算", "occurredOn": day(6)},
        ),
    ]
    versions = [mutate(api, f, t, {**case, **v}).get("version") for f, t, v in steps]
    assert versions == [2, 3, 4, 5, 6, 7]


def test_reopening_and_withdrawing_a_publication(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.publish()
    case = {"caseId": story.case_id}
    reopened = mutate(
        api, "reopenCase", "ReopenCaseInput", {**case, "reason": "再開", "occurredOn": day(161)}
    )
    assert reopened["code"] == "reopen_published_case"
    withdrawn = mutate(
        api,
        "withdrawSuccessCase",
        "WithdrawSuccessCaseInput",
        {**case, "reason": "同意の撤回", "occurredOn": day(162)},
        role="chief",
    )
    assert withdrawn["__typename"] == "CasePayload"
    reopened = mutate(
        api, "reopenCase", "ReopenCaseInput", {**case, "reason": "再開", "occurredOn": day(163)}
    )
    assert reopened["__typename"] == "CasePayload"


def test_a_party_s_consent_and_contact_details_change(api: GraphQLClient) -> None:
    party = CaseStory(api).party("こどもの未来")
    consent = mutate(
        api,
        "changePublicationConsent",
        "ChangePublicationConsentInput",
        {"partyId": party, "consent": False},
        payload="PartyPayload",
    )
    assert consent == {"__typename": "PartyPayload", "version": 2}
    contact = mutate(
        api,
        "changeContactDetails",
        "ChangeContactDetailsInput",
        {"partyId": party, "contact": {"personName": "山田花子", "phone": "083-000-0000"}},
        payload="PartyPayload",
    )
    assert contact == {"__typename": "PartyPayload", "version": 3}


def test_the_page_hands_a_case_over_and_withdraws_a_story_by_its_named_operations(
    api: GraphQLClient,
) -> None:
    handed_over = CaseStory(api)
    handed_over.open()
    handed = handed_over.step("AssignFacilitator", {"facilitatorId": "fac-2", "occurredOn": day(1)})
    assert handed["version"] == 2
    story = CaseStory(api)
    story.publish()
    refused = story.write(
        "WithdrawSuccessCase",
        {"input": {"caseId": story.case_id, "reason": "同意の撤回", "occurredOn": day(162)}},
    )
    assert refused["code"] == "forbidden", refused  # a facilitator's: no
    withdrawn = story.step(
        "WithdrawSuccessCase", {"reason": "同意の撤回", "occurredOn": day(162)}, role="chief"
    )
    assert withdrawn["version"] == 10  # after the publication, the ninth step
