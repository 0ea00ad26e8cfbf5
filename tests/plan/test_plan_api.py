"""Plans through GraphQL on both stores: the operations of graphql/operations/plan.graphql."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from persistence.settings import Settings
from tests.api.client import GraphQLClient, running_api
from tests.api.scenario import CaseStory
from tests.plan.support import MEASURE_1, MEASURE_3, MEASURE_IV_2, PLAN, POLICY_I, POLICY_IV


@pytest.fixture
def api(settings: Settings) -> Iterator[GraphQLClient]:
    with running_api(settings) as client:
        yield client


def write(api: GraphQLClient, operation: str, role: str = "chief", **given: Any) -> dict[str, Any]:
    data = api.operation("plan", operation, {"input": given}, role=role)
    result: dict[str, Any] = next(iter(data.values()))
    return result


@pytest.fixture
def plan_id(api: GraphQLClient) -> str:
    registered = write(api, "RegisterPlan", name=PLAN, municipality="山口市")
    assert registered["__typename"] == "PlanPayload", registered
    plan = registered["planId"]
    items = [
        (1, "地域交流センターの設置", POLICY_I, MEASURE_1),
        (11, "各種助成、補助金制度の情報提供", POLICY_I, MEASURE_3),
        (12, "社会貢献活動に関する情報の収集、提供", POLICY_I, MEASURE_3),
        (39, "提案型協働事業の検討、実施", POLICY_IV, MEASURE_IV_2),
    ]
    for number, title, policy, measure in items:
        added = write(
            api,
            "AddPlanItem",
            planId=plan,
            number=number,
            title=title,
            policy=policy,
            measure=measure,
        )
        assert added["__typename"] == "PlanPayload", added
    return plan


def status(api: GraphQLClient, plan_id: str, number: int, **given: Any) -> dict[str, Any]:
    values = {"fiscalYear": 2011, "status": "ONGOING", "handling": "CONTINUED", **given}
    return write(api, "RecordPlanItemStatus", planId=plan_id, number=number, **values)


def test_the_status_list_prints_rows_under_their_policy_and_measure(
    api: GraphQLClient, plan_id: str
) -> None:
    status(api, plan_id, 1, status="DONE", handling="COMPLETED", reviewNote="全ての地区に設置")
    status(api, plan_id, 12, handling="MERGED", mergedInto=11)
    write(api, "RestatePlanItem", planId=plan_id, number=11, policy=POLICY_IV, measure=MEASURE_IV_2)

    found = api.operation("plan", "PlanStatusList", {"planId": plan_id, "fiscalYear": 2011})
    listed = found["planStatusList"]
    assert listed["fiscalYearLabel"] == "平成23年度"
    assert listed["legend"] == "実施状況：◎実施済 ○継続推進 △一部実施 ×検討中"
    assert [p["title"] for p in listed["policies"]] == [POLICY_I, POLICY_IV]
    first, funding = listed["policies"][0]["measures"]
    assert first["rows"][0]["cells"] == [
        "1",
        "地域交流センターの設置",
        "◎",
        "完了",
        "全ての地区に設置",
    ]
    assert funding["rows"][1]["cells"][2:4] == ["○", "統合（No.11へ）"]
    assert funding["rows"][0]["status"] is None
    restated = listed["policies"][1]["measures"][0]["rows"]
    assert [r["cells"] for r in restated] == [
        ["39", "提案型協働事業の検討、実施", "", "", ""],
        ["11", "各種助成、補助金制度の情報提供【再掲】", "-", "-", "-"],
    ]


def test_an_item_s_history_spans_fiscal_years_with_its_cases(
    api: GraphQLClient, plan_id: str
) -> None:
    status(api, plan_id, 39, status="PARTIAL")
    status(api, plan_id, 39, fiscalYear=2012, status="DONE", handling="COMPLETED")
    story = CaseStory(api)
    story.open("地域と市民活動団体の提案型協働")
    linked = write(
        api, "LinkCaseToPlanItem", "facilitator", planId=plan_id, number=39, caseId=story.case_id
    )
    assert linked["__typename"] == "PlanPayload", linked
    write(api, "LinkIndicatorToPlanItem", planId=plan_id, number=39, indicator="協働事業の数")

    item = api.operation("plan", "PlanItemHistory", {"planId": plan_id, "number": 39})["planItem"]
    assert [(s["fiscalYear"], s["mark"]) for s in item["statuses"]] == [(2011, "△"), (2012, "◎")]
    assert item["cases"] == [
        {"caseId": story.case_id, "number": story.number, "title": "地域と市民活動団体の提案型協働"}
    ]
    assert item["indicators"] == ["協働事業の数"]
    plans = api.operation("plan", "Plans", role="meeting")["plans"]
    assert plans == [
        {"id": plan_id, "name": PLAN, "municipality": "35203", "fiscalYears": [2011, 2012]}
    ]


def test_a_refusal_is_a_typed_result(api: GraphQLClient, plan_id: str) -> None:
    refused = status(api, plan_id, 12, handling="MERGED")

    assert refused["__typename"] == "RuleViolation"
    assert refused["code"] == "merge_target_required"


def test_a_facilitator_records_no_status(api: GraphQLClient, plan_id: str) -> None:
    refused = write(
        api,
        "RecordPlanItemStatus",
        "facilitator",
        planId=plan_id,
        number=1,
        fiscalYear=2011,
        status="DONE",
        handling="COMPLETED",
    )

    assert refused["code"] == "forbidden"


def test_an_unknown_plan_has_no_status_list(api: GraphQLClient) -> None:
    found = api.operation(
        "plan",
        "PlanStatusList",
        {"planId": "00000000-0000-0000-0000-000000000000", "fiscalYear": 2011},
    )

    assert found["planStatusList"] is None


def test_an_admin_does_not_read_status_lists(api: GraphQLClient, plan_id: str) -> None:
    body = api.operation_response("plan", "Plans", role="admin").json()

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_case_s_plan_items_are_the_items_it_was_tied_to_in_the_plan_s_order(
    api: GraphQLClient, plan_id: str
) -> None:
    story = CaseStory(api)
    story.open("地域と市民活動団体の提案型協働")
    other = CaseStory(api)
    other.open("情報提供の協働")

    def items(case_id: str) -> list[tuple[str, str, int, str]]:
        found = api.operation("plan", "CasePlanItems", {"caseId": case_id}, role="meeting")
        return [
            (i["planId"], i["planName"], i["number"], i["title"]) for i in found["casePlanItems"]
        ]

    assert items(story.case_id) == []
    for number, case_id in ((39, story.case_id), (1, story.case_id), (11, other.case_id)):
        linked = write(
            api, "LinkCaseToPlanItem", "facilitator", planId=plan_id, number=number, caseId=case_id
        )
        assert linked["__typename"] == "PlanPayload", linked
    assert items(story.case_id) == [
        (plan_id, PLAN, 1, "地域交流センターの設置"),
        (plan_id, PLAN, 39, "提案型協働事業の検討、実施"),
    ]
    assert items(other.case_id) == [(plan_id, PLAN, 11, "各種助成、補助金制度の情報提供")]
