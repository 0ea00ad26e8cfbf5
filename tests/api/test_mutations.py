"""Every command is a mutation; a refusal is a typed result, never a server error."""

from __future__ import annotations

from domain import errors
from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory, day


def test_opening_a_case_returns_its_id_number_version_and_position(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    assert story.number.startswith("山口-2024-")
    result = story.step("AddNote", {"text": "電話で相談を受けた"})
    assert result["version"] == 2
    assert result["position"] > 0


def test_a_rule_violation_is_data_with_a_code_and_a_japanese_message(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    story.join("こどもの未来", role="PROPOSER")
    result = story.agree()
    assert result == {
        "__typename": "RuleViolation",
        "code": "agreement_needs_two_parties",
        "message": "合意には二つ以上の参加団体が必要です",
    }


def test_an_unknown_party_is_not_found(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    story.parties["幽霊団体"] = "00000000-0000-4000-8000-000000000000"
    result = story.join("幽霊団体")
    assert result["__typename"] == "NotFound"
    assert result["code"] == "party_not_found"


def test_a_malformed_value_is_a_validation_error_naming_the_field(api: GraphQLClient) -> None:
    story = CaseStory(api)
    result = story.write(
        "RegisterParty",
        {"input": {"kind": "NPO_CORPORATION", "name": "団体", "municipality": "大阪市"}},
    )
    assert result["__typename"] == "ValidationError"
    assert result["field"] == "municipality"
    assert result["code"] == "unknown_value"


def test_the_actor_is_the_token_s_subject(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    case = api.http.app.state.container.ledger.get_case(_uuid(story.case_id))  # type: ignore[attr-defined]
    assert case.facilitator_id == "fac-yamaguchi-01"


def test_a_case_lives_from_consultation_to_publication(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.publish()
    result = story.step("AddNote", {"text": "事例集に掲載", "occurredOn": day(161)})
    assert result["version"] == 10


def _uuid(global_id: str) -> object:
    from api.graphql.ids import decode_id

    return decode_id(global_id, "Case", "caseId")


REFUSED_WITH_ONE_PARTY = [
    {"operation": operation, "code": refusal.code, "message": refusal.message}
    for operation, refusal in [
        ("ReachAgreement", errors.AgreementNeedsTwoPartiesError()),
        ("CarryOutActivity", errors.ActivityNeedsAgreementError()),
        ("ConductReview", errors.ReviewNeedsActivityError()),
        ("ReopenCase", errors.CaseNotClosedError()),
        ("NominateSuccessCase", errors.NominationNeedsSuccessError()),
        ("PublishSuccessCase", errors.PublicationNeedsNominationError()),
        (
            "WithdrawSuccessCase",
            errors.NotAllowedError(
                reason="協働ファシリテーターは成功事例の公開を取り下げられません"
            ),
        ),
        (
            "PresentAtMeeting",
            errors.NotAllowedError(reason="協働ファシリテーターは会議の結果を記録できません"),
        ),
    ]
]
"""What a case with one party refuses to its facilitator, whatever the step's fields
(`Case.refusedSteps`): a withdrawal is a chief's and a presentation the meeting's, whatever
the case's state."""


def test_waiting_for_the_read_models_returns_the_case_as_now_listed(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    result = story.join("こどもの未来", role="PROPOSER")
    assert result["readModelsCurrent"] is True
    assert result["case"] == {
        "state": "COORDINATING",
        "lastStepOn": day(5),
        "version": 2,
        "parties": [{"partyId": story.parties["こどもの未来"], "active": True}],
        "refusedSteps": REFUSED_WITH_ONE_PARTY,
    }
