"""Plan indicators through GraphQL on both stores: reported and derived, as of a past day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from persistence.settings import Settings
from tests.api.client import GraphQLClient, running_api
from tests.api.scenario import CaseStory

CITY = "第二次山口市協働推進プラン後期推進計画"


@pytest.fixture
def api(settings: Settings) -> Iterator[GraphQLClient]:
    with running_api(settings) as client:
        yield client


def write(api: GraphQLClient, operation: str, role: str = "chief", **given: Any) -> dict[str, Any]:
    data = api.operation("plan", operation, {"input": given}, role=role)
    result: dict[str, Any] = next(iter(data.values()))
    return result


def table(api: GraphQLClient, **variables: Any) -> dict[str, Any]:
    found: dict[str, Any] = api.operation(
        "plan", "PlanIndicators", {"plan": CITY, **variables}, role="meeting"
    )["planIndicators"]
    return found


def test_a_reported_indicator_shows_its_years_and_progress(api: GraphQLClient) -> None:
    defined = write(
        api, "DefineIndicator", plan=CITY, code="KPI-2", name="地域づくりに関する研修会の参加者数",
        unit="人", municipality="山口市",
    )  # fmt: skip
    assert defined["__typename"] == "IndicatorPayload", defined
    reported = write(
        api, "ReportIndicatorActual", plan=CITY, code="KPI-2", fiscalYear=2024, value=247,
        source="研修会の参加者名簿", commentary="91人増加しました",
    )  # fmt: skip
    assert reported["__typename"] == "IndicatorPayload", reported
    (indicator,) = table(api)["indicators"]
    assert (indicator["kind"], indicator["unit"], indicator["progress"]) == ("REPORTED", "人", None)
    assert indicator["years"] == [
        {
            "fiscalYear": 2024,
            "fiscalYearLabel": "令和6年度（2024年度）",
            "actual": 247.0,
            "source": "研修会の参加者名簿",
            "commentary": "91人増加しました",
        }
    ]


def test_a_derived_indicator_counts_the_ledger_and_shows_progress(api: GraphQLClient) -> None:
    CaseStory(api).through_success()
    write(
        api, "DefineIndicator", plan=CITY, code="M", name="協働のマッチング数", unit="団体",
        municipality="山口市", derivedFrom="matchings",
    )  # fmt: skip
    again = write(api, "DefineIndicator", plan=CITY, code="M", name="x", unit="x")
    assert (again["__typename"], again["code"]) == ("RuleViolation", "indicator_already_defined")
    refused = write(api, "ReportIndicatorActual", plan=CITY, code="M", fiscalYear=2024, value=3,
                    source="集計")  # fmt: skip
    assert (refused["__typename"], refused["code"]) == ("RuleViolation", "indicator_derived")
    (indicator,) = table(api)["indicators"]
    assert indicator["kind"] == "DERIVED"
    assert indicator["derivedFrom"] == "マッチング件数（参加団体）"
    assert [(y["fiscalYear"], y["actual"]) for y in indicator["years"]] == [(2024, 2.0)]
    assert indicator["years"][0]["source"] == "協働の台帳（kyodo）"


def test_the_table_as_of_a_day_before_the_indicator_existed_is_empty(api: GraphQLClient) -> None:
    write(api, "DefineIndicator", plan=CITY, code="KPI-1", name="割合", unit="%")
    yesterday = (date.today() - timedelta(days=2)).isoformat()
    assert table(api, asOf=yesterday)["indicators"] == []
    assert len(table(api)["indicators"]) == 1


def test_a_facilitator_records_no_indicator(api: GraphQLClient) -> None:
    refused = write(
        api, "DefineIndicator", role="facilitator", plan=CITY, code="X", name="x", unit="x"
    )
    assert (refused["__typename"], refused["code"]) == ("RuleViolation", "forbidden")


def test_the_plans_with_indicators_are_listed_by_name_once_each(api: GraphQLClient) -> None:
    assert api.operation("plan", "IndicatorPlans", role="meeting")["indicatorPlans"] == []
    prefecture = "山口県県民活動促進基本計画"
    for plan, code in ((CITY, "KPI-1"), (prefecture, "P-1"), (CITY, "KPI-2")):
        defined = write(api, "DefineIndicator", plan=plan, code=code, name="割合", unit="%")
        assert defined["__typename"] == "IndicatorPayload", defined
    found = api.operation("plan", "IndicatorPlans", role="facilitator")["indicatorPlans"]
    assert sorted(found) == sorted([CITY, prefecture])


def test_the_forms_vocabulary_has_the_status_list_s_terms_and_marks(api: GraphQLClient) -> None:
    terms = api.operation("facilitator", "FormVocabulary", role="chief")["vocabulary"]
    statuses = [(t["code"], t["ja"], t["mark"]) for t in terms["implementationStatuses"]]
    assert statuses == [
        ("done", "実施済", "◎"),
        ("ongoing", "継続推進", "○"),
        ("partial", "一部実施", "△"),
        ("considering", "検討中", "×"),
    ]
    handlings = [(t["code"], t["ja"]) for t in terms["futureHandlings"]]
    assert handlings == [
        ("completed", "完了"),
        ("continued", "継続"),
        ("abolished", "廃止"),
        ("merged", "統合"),
    ]


def test_the_plan_officer_sets_a_baseline_and_a_target_and_comments_on_a_counted_year(
    api: GraphQLClient,
) -> None:
    CaseStory(api).through_success()
    write(
        api, "DefineIndicator", plan=CITY, code="M", name="協働のマッチング数", unit="団体",
        municipality="山口市", derivedFrom="matchings",
    )  # fmt: skip
    baseline = write(api, "SetIndicatorBaseline", plan=CITY, code="M", value=1, period="令和5年度")
    assert baseline["__typename"] == "IndicatorPayload", baseline
    target = write(api, "SetIndicatorTarget", plan=CITY, code="M", fiscalYear=2026, value=4)
    assert target["__typename"] == "IndicatorPayload", target
    comment = write(
        api,
        "CommentOnIndicator",
        plan=CITY,
        code="M",
        fiscalYear=2024,
        commentary="企業の参加が増えた",
    )
    assert comment["__typename"] == "IndicatorPayload", comment
    refused = write(
        api, "SetIndicatorTarget", role="facilitator", plan=CITY, code="M", fiscalYear=2026, value=9
    )
    assert refused["code"] == "forbidden", refused
    (indicator,) = table(api)["indicators"]
    assert (indicator["baseline"], indicator["baselinePeriod"]) == (1.0, "令和5年度")
    assert (indicator["target"], indicator["targetFiscalYear"]) == (4.0, 2026)
    assert indicator["progress"] == 50.0  # the ledger's 2 of 4
    assert indicator["years"][0]["commentary"] == "企業の参加が増えた"
