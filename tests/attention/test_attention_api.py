"""`attentionList` through GraphQL on SQLite and PostgreSQL: a facilitator's and a chief's
own centre, nobody else's."""

from __future__ import annotations

from datetime import date

from domain.fiscal import japanese_date
from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory, day


def _attention(api: GraphQLClient, role: str, **variables: object) -> list[dict[str, object]]:
    data = api.operation("facilitator", "AttentionList", {"asOf": day(31), **variables}, role)
    found: list[dict[str, object]] = data["attentionList"]
    return found


def test_a_facilitator_sees_a_quiet_case_of_their_centre(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()

    [item] = _attention(api, "facilitator")

    assert item["caseId"] == story.case_id
    assert item["number"] == story.number
    assert item["state"] == "INTAKE"
    assert item["dueOn"] == day(14)
    assert item["reasons"] == [
        {
            "reason": "IDLE",
            "label": "記録が途絶えている",
            "dueOn": day(14),
            "message": "相談受付のまま31日、記録がありません"
            f"（最後の記録 {japanese_date(date.fromisoformat(day(0)))}）",
        }
    ]


def test_the_list_narrows_to_one_facilitator(api: GraphQLClient) -> None:
    CaseStory(api).open()

    assert _attention(api, "facilitator", facilitatorId="fac-yamaguchi-01")
    assert _attention(api, "facilitator", facilitatorId="fac-yamaguchi-02") == []


def test_a_case_that_is_not_yet_quiet_is_not_listed(api: GraphQLClient) -> None:
    CaseStory(api).open()

    assert _attention(api, "facilitator", asOf=day(13)) == []


def test_other_centres_see_nothing_of_it(api: GraphQLClient) -> None:
    CaseStory(api).open()

    assert _attention(api, "other_facilitator") == []
    assert _attention(api, "chief") == []


def test_auditors_and_meetings_may_not_read_the_attention_list(api: GraphQLClient) -> None:
    for role in ("auditor", "meeting", "admin"):
        body = api.operation_response("facilitator", "AttentionList", {}, role).json()

        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert body["errors"][0]["message"] == "要対応リストを閲覧する権限がありません"
