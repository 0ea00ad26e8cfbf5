"""What an information-sharing meeting does: browse the library, read KPIs, record outcomes."""

from __future__ import annotations

import pytest

from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory, day


def hold_meeting(api: GraphQLClient) -> str:
    result = api.operation(
        "meeting",
        "HoldMeeting",
        {"input": {"title": "第3回 情報共有会議", "hostCentre": "pref", "occurredOn": day(170)}},
        role="meeting",
    )["holdMeeting"]
    assert result["__typename"] == "MeetingPayload", result
    meeting_id: str = result["meetingId"]
    return meeting_id


def test_a_meeting_records_a_presentation_and_a_follow_up(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.publish()
    meeting_id = hold_meeting(api)
    presented = api.operation(
        "meeting",
        "PresentAtMeeting",
        {"input": {"meetingId": meeting_id, "caseId": story.case_id}},
        role="meeting",
    )["presentAtMeeting"]
    assert presented["__typename"] == "CasePayload"
    follow_up = api.operation(
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
    assert follow_up["__typename"] == "MeetingPayload"
    assert follow_up["version"] == 3


def test_only_success_cases_can_be_presented(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    meeting_id = hold_meeting(api)
    result = api.operation(
        "meeting",
        "PresentAtMeeting",
        {"input": {"meetingId": meeting_id, "caseId": story.case_id}},
        role="meeting",
    )["presentAtMeeting"]
    assert result["code"] == "presentation_needs_success_case"


def test_a_facilitator_cannot_record_a_meeting(api: GraphQLClient) -> None:
    result = api.operation(
        "meeting",
        "HoldMeeting",
        {"input": {"title": "会議", "hostCentre": "pref", "occurredOn": day(170)}},
    )["holdMeeting"]
    assert result["code"] == "forbidden"


def test_the_library_finds_a_published_case_in_japanese(api: GraphQLClient) -> None:
    CaseStory(api).publish()
    CaseStory(api).open("まだ公開されていない案件")
    data = api.operation("meeting", "SearchLibrary", {"query": "子ども食堂"}, role="meeting")
    found = data["successCases"]
    assert found["totalCount"] == 1
    card = found["edges"][0]["node"]
    assert card["title"] == "地域ぐるみの子ども食堂"
    assert {p["kindLabel"] for p in card["parties"]} == {"NPO法人", "事業者（企業）"}
    assert found["facets"]["municipality"][0]["label"] == "山口市"
    story = api.operation("meeting", "SuccessStory", {"id": card["id"]}, role="meeting")
    assert story["node"]["lessons"] == "食材の提供を事業者と分担した"


def test_the_kpi_table_counts_the_year_s_cases(api: GraphQLClient) -> None:
    CaseStory(api).through_success()
    data = api.operation("meeting", "KpiTable", {"fiscalYear": 2024}, role="meeting")
    rows = {r["indicator"]: r for r in data["kpi"]["rows"]}
    assert rows["cases_opened"]["actual"] == 1
    assert rows["successes"]["actual"] == 1
    assert "四捨五入" in rows["success_rate"]["definition"]
    assert "rounded half up" in data["kpi"]["rounding"]


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"fiscalYear": 2024, "municipality": "存在しない市"}, "municipality"),
        ({"fiscalYear": 99999}, "fiscalYear"),
    ],
)
def test_the_kpi_table_refuses_an_unknown_municipality_or_year(
    api: GraphQLClient, variables: dict[str, object], argument: str
) -> None:
    body = api.operation_response("meeting", "KpiTable", variables, role="meeting").json()
    error = body["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}
    assert body["data"] is None
    assert any("\u3040" <= ch <= "\u9fff" for ch in error["message"])  # Japanese


def test_an_administrator_does_not_read_the_library(api: GraphQLClient) -> None:
    body = api.operation_response("meeting", "SearchLibrary", role="admin").json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_chief_sets_a_target_and_closes_a_finished_year_that_then_shows_as_reported(
    api: GraphQLClient,
) -> None:
    story = CaseStory(api)
    story.through_success()
    target = {"fiscalYear": 2024, "municipality": "山口市", "indicator": "協働成功件数"}
    set_target = api.operation(
        "facilitator",
        "SetKpiTarget",
        {"input": {**target, "target": 3, "baseline": 1}},
        role="chief",
    )["setKpiTarget"]
    assert set_target["__typename"] == "KpiYearPayload", set_target
    closed = api.operation(
        "facilitator",
        "CloseFiscalYear",
        {"input": {"fiscalYear": 2024, "municipality": "山口市"}},
        role="chief",
    )["closeFiscalYear"]
    assert closed["__typename"] == "KpiYearPayload", closed
    again = api.operation(
        "facilitator",
        "CloseFiscalYear",
        {"input": {"fiscalYear": 2024, "municipality": "山口市"}},
        role="chief",
    )["closeFiscalYear"]
    assert (again["__typename"], again["code"]) == ("RuleViolation", "fiscal_year_already_closed")
    story.step("ReopenCase", {"reason": "活動を続ける", "occurredOn": day(200)})

    variables = {"fiscalYear": 2024, "municipality": "山口市"}
    kpi = api.operation("meeting", "KpiTable", variables, role="meeting")["kpi"]
    rows = {r["indicator"]: r for r in kpi["rows"]}
    assert kpi["fiscalYearLabel"] == "令和6年度（2024年度）"
    assert (rows["successes"]["actual"], rows["successes"]["reported"]) == (0, 1)
    assert rows["successes"]["difference"] == -1
    assert (rows["successes"]["baseline"], rows["successes"]["target"]) == (1, 3)
    assert kpi["closing"]["closedBy"] == "chief-01"
    assert [c["step"] for c in kpi["laterChanges"]] == ["再開"]
    assert kpi["laterChanges"][0]["caseId"] == story.case_id


def test_a_facilitator_cannot_close_a_year(api: GraphQLClient) -> None:
    refused = api.operation(
        "facilitator", "CloseFiscalYear", {"input": {"fiscalYear": 2024}}, role="facilitator"
    )["closeFiscalYear"]
    assert (refused["__typename"], refused["code"]) == ("RuleViolation", "forbidden")
    assert "年度の実績を確定できません" in refused["message"]


def test_the_kpi_table_as_of_a_day_before_anything_was_recorded_is_empty(
    api: GraphQLClient,
) -> None:
    CaseStory(api).through_success()
    variables = {"fiscalYear": 2024, "asOf": "2000-01-01"}
    kpi = api.operation("meeting", "KpiTable", variables, role="meeting")["kpi"]
    assert kpi["asOf"] == "2000-01-01"
    assert {r["actual"] for r in kpi["rows"]} <= {0, None}
    today = api.operation("meeting", "KpiTable", {"fiscalYear": 2024}, role="meeting")["kpi"]
    assert {r["indicator"]: r["actual"] for r in today["rows"]}["cases_opened"] == 1
